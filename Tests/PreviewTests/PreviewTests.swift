import Foundation
import Testing

@testable import Preview

#if canImport(Glibc)
import Glibc
#endif

@Suite struct PreviewTests {
  let root: String = {
    let path = NSTemporaryDirectory() + "litmus-preview-" + UUID().uuidString
    try! FileManager.default.createDirectory(atPath: path + "/site/page", withIntermediateDirectories: true)
    try! "<h1>home</h1>".write(toFile: path + "/site/index.html", atomically: true, encoding: .utf8)
    try! "<h1>page</h1>".write(toFile: path + "/site/page/index.html", atomically: true, encoding: .utf8)
    try! "secret".write(toFile: path + "/secret.txt", atomically: true, encoding: .utf8)
    return path
  }()

  @Test func resolvesFilesAndDirectoriesInsideTheRootOnly() throws {
    let server = try StaticServer(root: root + "/site")
    #expect(server.resolve("/")?.hasSuffix("/site/index.html") == true)
    #expect(server.resolve("/page/")?.hasSuffix("/site/page/index.html") == true)
    #expect(server.resolve("/page/index.html?x=1")?.hasSuffix("/site/page/index.html") == true)
    #expect(server.resolve("/../secret.txt") == nil)
    #expect(server.resolve("/%2e%2e/secret.txt") == nil)
    #expect(server.resolve("/page/../../secret.txt") == nil)
    #expect(server.resolve("/missing.html") == nil)
  }

  @Test func servesOverHTTPOnLoopback() throws {
    let server = try StaticServer(root: root + "/site", port: 0)
    server.start()
    #expect(try get("/page/", port: server.port).hasPrefix("HTTP/1.1 200 OK"))
    #expect(try get("/page/", port: server.port).hasSuffix("<h1>page</h1>"))
    #expect(try get("/../secret.txt", port: server.port).hasPrefix("HTTP/1.1 404"))
  }

  @Test func watcherReportsSavedFiles() throws {
    var watcher = FileWatcher(paths: [root + "/site"])
    #expect(watcher.changes().isEmpty)
    try "<h1>edited page</h1>".write(toFile: root + "/site/page/index.html", atomically: true, encoding: .utf8)
    try "new".write(toFile: root + "/site/new.txt", atomically: true, encoding: .utf8)
    #expect(watcher.changes() == [root + "/site/new.txt", root + "/site/page/index.html"])
    #expect(watcher.changes().isEmpty)
  }

  /// A minimal HTTP/1.1 GET over a socket.
  private func get(_ path: String, port: UInt16) throws -> String {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    #expect(connected == 0)
    let request = Array("GET \(path) HTTP/1.1\r\nHost: localhost\r\n\r\n".utf8)
    _ = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
    var response: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
      let n = recv(fd, &buffer, buffer.count, 0)
      if n <= 0 { break }
      response += buffer[0..<n]
    }
    return String(decoding: response, as: UTF8.self)
  }
}
