import Foundation

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// A small HTTP server for previewing the site.
///
/// It answers GET and HEAD for files under one folder, on 127.0.0.1 only. Paths that resolve outside the folder are refused.
public final class StaticServer: @unchecked Sendable {
  /// The folder served.
  public let root: String
  /// The port it listens on (chosen by the system when 0 was asked for).
  public private(set) var port: UInt16 = 0
  private var socketFD: Int32 = -1

  /// Binds to 127.0.0.1:`port` (0: any free port).
  public init(root: String, port: UInt16 = 0) throws {
    self.root = URL(fileURLWithPath: root).standardizedFileURL.resolvingSymlinksInPath().path
    socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard socketFD >= 0 else { throw PreviewError("cannot create a socket: \(String(cString: strerror(errno)))") }
    var yes: Int32 = 1
    setsockopt(socketFD, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(socketFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard bound == 0, listen(socketFD, 16) == 0 else {
      close(socketFD)
      throw PreviewError("cannot listen on 127.0.0.1:\(port): \(String(cString: strerror(errno)))")
    }
    var actual = sockaddr_in()
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &actual) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socketFD, $0, &length) }
    }
    self.port = UInt16(bigEndian: actual.sin_port)
  }

  deinit { if socketFD >= 0 { close(socketFD) } }

  /// Serves connections on a background thread until the process ends.
  public func start() {
    let thread = Thread { [self] in
      while true {
        let client = accept(socketFD, nil, nil)
        if client < 0 {
          if errno == EINTR { continue }
          return
        }
        handle(client)
        close(client)
      }
    }
    thread.start()
  }

  private func handle(_ client: Int32) {
    var buffer = [UInt8](repeating: 0, count: 8192)
    let count = recv(client, &buffer, buffer.count, 0)
    guard count > 0 else { return }
    let request = String(decoding: buffer[0..<count], as: UTF8.self)
    let parts = request.split(separator: "\r\n").first?.split(separator: " ") ?? []
    guard parts.count >= 2, ["GET", "HEAD"].contains(String(parts[0])) else {
      respond(
        client, status: "405 Method Not Allowed", type: "text/plain", body: Data("only GET and HEAD\n".utf8),
        head: false)
      return
    }
    let head = parts[0] == "HEAD"
    guard let file = resolve(String(parts[1])), let data = FileManager.default.contents(atPath: file) else {
      respond(client, status: "404 Not Found", type: "text/plain", body: Data("not found\n".utf8), head: head)
      return
    }
    respond(client, status: "200 OK", type: Self.mimeType(file), body: data, head: head)
  }

  /// The file a request path names, or nil when it is missing or outside the root.
  func resolve(_ target: String) -> String? {
    let pathPart = String(target.split(separator: "?", maxSplits: 1).first ?? "")
    guard let decoded = pathPart.removingPercentEncoding, !decoded.contains("\0") else { return nil }
    var url = URL(fileURLWithPath: root + "/" + decoded).standardizedFileURL.resolvingSymlinksInPath()
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
      url = url.appendingPathComponent("index.html")
    }
    let path = url.path
    guard path == root || path.hasPrefix(root + "/") else { return nil }
    return FileManager.default.fileExists(atPath: path) ? path : nil
  }

  private func respond(_ client: Int32, status: String, type: String, body: Data, head: Bool) {
    let header =
      "HTTP/1.1 \(status)\r\nContent-Type: \(type)\r\nContent-Length: \(body.count)\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n"
    var bytes = Data(header.utf8)
    if !head { bytes.append(body) }
    bytes.withUnsafeBytes { raw in
      var sent = 0
      while sent < raw.count {
        let n = send(client, raw.baseAddress! + sent, raw.count - sent, Int32(MSG_NOSIGNAL))
        if n <= 0 { return }
        sent += n
      }
    }
  }

  static func mimeType(_ path: String) -> String {
    switch (path as NSString).pathExtension.lowercased() {
    case "html": "text/html; charset=utf-8"
    case "css": "text/css; charset=utf-8"
    case "js": "text/javascript; charset=utf-8"
    case "png": "image/png"
    case "svg": "image/svg+xml"
    case "woff2": "font/woff2"
    case "md", "txt": "text/plain; charset=utf-8"
    case "json": "application/json"
    default: "application/octet-stream"
    }
  }
}

/// A preview failure (socket, file system).
public struct PreviewError: Error, CustomStringConvertible, Sendable {
  /// What went wrong.
  public var description: String
  init(_ description: String) { self.description = description }
}
