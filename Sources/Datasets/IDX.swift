import CZlib

#if canImport(Glibc)
import Glibc
#endif

/// An array of unsigned bytes read from an IDX file: the format of the MNIST family.
public struct IDXArray: Equatable, Sendable {
  /// The size of each dimension, outermost first (e.g. `[60000, 28, 28]` for images).
  public var dimensions: [Int]
  /// The elements in row-major order.
  public var bytes: [UInt8]

  /// An array from its dimensions and row-major bytes.
  public init(dimensions: [Int], bytes: [UInt8]) {
    self.dimensions = dimensions
    self.bytes = bytes
  }
}

/// Reading and writing IDX files, gzipped or not.
///
/// An IDX file is a 4-byte magic number (two zero bytes, an element type, the rank), the rank's
/// dimensions as big-endian 32-bit integers, then the elements. Only unsigned bytes (type 0x08)
/// are supported: that is what every MNIST-family file holds. zlib reads plain files
/// transparently, so an already unpacked file works too.
public enum IDX {
  /// The element type code of unsigned bytes.
  static let unsignedByte: UInt8 = 0x08
  /// More than this many elements means a corrupt header rather than a real data set.
  static let maximumElements = 1 << 34

  /// Reads the IDX file at `path`, validating its header against its contents.
  /// - Throws: `DatasetError` naming the file: missing, unreadable, a bad magic number, an
  ///   unsupported element type, or fewer or more data bytes than the header declares.
  public static func read(path: String) throws -> IDXArray {
    var array = IDXArray(dimensions: [], bytes: [])
    try stream(path: path) { dimensions in
      array.dimensions = dimensions
      array.bytes.reserveCapacity(Swift.min(dimensions.reduce(1, *), 1 << 27))
    } chunk: { bytes, _ in
      array.bytes.append(contentsOf: bytes)
    }
    return array
  }

  /// Reads the IDX file at `path` in pieces: `header` gets the dimensions (and may throw to
  /// reject them), then `chunk` gets the data bytes in order with the offset of their first byte.
  ///
  /// Large files are converted piece by piece this way without holding all their bytes at once.
  /// Errors are those of `read(path:)`; a truncation is found only after earlier chunks were
  /// delivered.
  public static func stream(
    path: String, header: ([Int]) throws -> Void, chunk: (UnsafeBufferPointer<UInt8>, Int) throws -> Void
  ) throws {
    if !fileExists(path) { throw DatasetError.missingFile(path: path, hint: nil) }
    DataAccessLog.record(path)
    errno = 0
    guard let file = gzopen(path, "rb") else {
      let reason = errno != 0 ? String(cString: strerror(errno)) : "gzopen failed"
      throw DatasetError.unreadableFile(path: path, reason: reason)
    }
    defer { gzclose(file) }
    // A larger buffer than zlib's 8 KiB default saves time in small reads.
    gzbuffer(file, 1 << 18)
    var reader = GzipReader(file: file, path: path)

    let magic = try reader.readExactly(4, what: "the 4-byte magic number")
    guard magic[0] == 0, magic[1] == 0 else {
      let value = magic.reduce(0) { $0 << 8 | UInt32($1) }
      throw DatasetError.malformedFile(
        path: path, reason: "not an IDX file: magic number \(hex(value, digits: 8)) does not start with two zero bytes")
    }
    guard magic[2] == unsignedByte else {
      throw DatasetError.malformedFile(
        path: path,
        reason: "element type \(hex(UInt32(magic[2]), digits: 2)) is not supported (only unsigned bytes, 0x08)")
    }
    let rank = Int(magic[3])
    guard rank >= 1 else {
      throw DatasetError.malformedFile(path: path, reason: "the header declares rank 0")
    }
    let sizes = try reader.readExactly(4 * rank, what: "the \(rank) dimensions the magic number declares")
    var dimensions: [Int] = []
    var count = 1
    for d in 0..<rank {
      let size = (0..<4).reduce(0) { $0 << 8 | Int(sizes[4 * d + $1]) }
      dimensions.append(size)
      count = count.multipliedReportingOverflow(by: size).overflow ? Int.max : count * size
    }
    guard count <= maximumElements else {
      throw DatasetError.malformedFile(
        path: path, reason: "implausible dimensions \(dimensions) (corrupt header?)")
    }
    try header(dimensions)

    let bufferSize = Swift.min(count, 1 << 20)
    let buffer = UnsafeMutableRawPointer.allocate(byteCount: Swift.max(bufferSize, 1), alignment: 64)
    defer { buffer.deallocate() }
    var offset = 0
    while offset < count {
      let step = Swift.min(count - offset, bufferSize)
      let got = try reader.read(into: buffer, count: step)
      if got > 0 {
        try chunk(UnsafeBufferPointer(start: buffer.assumingMemoryBound(to: UInt8.self), count: got), offset)
      }
      if got < step {
        throw DatasetError.malformedFile(
          path: path,
          reason:
            "truncated: dimensions \(dimensions) declare \(count) data bytes but the file holds only \(offset + got)")
      }
      offset += got
    }
    // Trailing bytes mean the header and the data disagree; a silent partial read would hide it.
    var extra: UInt8 = 0
    if try reader.read(into: &extra, count: 1) != 0 {
      throw DatasetError.malformedFile(
        path: path, reason: "more data than the \(count) bytes the dimensions \(dimensions) declare")
    }
  }

  /// Writes `array` as an IDX file at `path`, gzipped unless `compressed` is false.
  /// - Throws: `DatasetError.unreadableFile` when the file cannot be created or written.
  public static func write(_ array: IDXArray, to path: String, compressed: Bool = true) throws {
    let expected = array.dimensions.reduce(1, *)
    guard (1...255).contains(array.dimensions.count),
      array.dimensions.allSatisfy({ (0...Int(UInt32.max)).contains($0) }),
      expected == array.bytes.count
    else {
      throw DatasetError.malformedFile(
        path: path, reason: "dimensions \(array.dimensions) do not describe \(array.bytes.count) bytes")
    }
    errno = 0
    // "T" asks zlib for a transparent (uncompressed) write.
    guard let file = gzopen(path, compressed ? "wb" : "wbT") else {
      let reason = errno != 0 ? String(cString: strerror(errno)) : "gzopen failed"
      throw DatasetError.unreadableFile(path: path, reason: reason)
    }
    var header: [UInt8] = [0, 0, unsignedByte, UInt8(array.dimensions.count)]
    for size in array.dimensions {
      header += [UInt8(size >> 24 & 0xFF), UInt8(size >> 16 & 0xFF), UInt8(size >> 8 & 0xFF), UInt8(size & 0xFF)]
    }
    var ok = true
    for part in [header, array.bytes] {
      var offset = 0
      while ok && offset < part.count {
        let step = min(part.count - offset, 1 << 30)
        let written = part.withUnsafeBytes { gzwrite(file, $0.baseAddress! + offset, UInt32(step)) }
        ok = written == Int32(step)
        offset += step
      }
    }
    if gzclose(file) != Z_OK || !ok {
      throw DatasetError.unreadableFile(path: path, reason: "write failed")
    }
  }

  /// Whether `path` names an existing file; a file behind a folder we may not enter counts as
  /// existing, so that the read reports the real problem (permission denied) instead.
  static func fileExists(_ path: String) -> Bool {
    access(path, F_OK) == 0 || (errno != ENOENT && errno != ENOTDIR)
  }

  static func hex(_ value: UInt32, digits: Int) -> String {
    let text = String(value, radix: 16, uppercase: true)
    return "0x" + String(repeating: "0", count: max(0, digits - text.count)) + text
  }
}

/// Exact-size reads from a gzip stream that turn zlib's failures into `DatasetError`s.
private struct GzipReader {
  let file: gzFile
  let path: String
  var position = 0

  init(file: gzFile, path: String) {
    self.file = file
    self.path = path
  }

  /// Reads up to `count` bytes into `buffer`; returns how many were read (fewer only at the end).
  mutating func read(into buffer: UnsafeMutableRawPointer, count: Int) throws -> Int {
    var done = 0
    while done < count {
      // gzread takes a 32-bit length.
      let step = UInt32(min(count - done, 1 << 30))
      let got = gzread(file, buffer + done, step)
      if got < 0 { throw error() }
      if got == 0 {
        // zlib reports a cut-off compressed stream only on the call after the short read.
        var code: Int32 = 0
        _ = gzerror(file, &code)
        if code != Z_OK { throw error() }
        break
      }
      done += Int(got)
    }
    position += done
    return done
  }

  mutating func readExactly(_ count: Int, what: String) throws -> [UInt8] {
    var bytes = [UInt8](repeating: 0, count: count)
    let got = try bytes.withUnsafeMutableBytes { try read(into: $0.baseAddress!, count: count) }
    guard got == count else {
      throw DatasetError.malformedFile(
        path: path, reason: "truncated: the file ends after \(position) bytes, before \(what)")
    }
    return bytes
  }

  func error() -> DatasetError {
    var code: Int32 = 0
    var message = gzerror(file, &code).map { String(cString: $0) } ?? "unknown zlib error"
    // zlib prefixes its messages with the path, which our message already names.
    if message.hasPrefix(path + ": ") { message.removeFirst(path.count + 2) }
    if code == Z_ERRNO {
      return .unreadableFile(path: path, reason: String(cString: strerror(errno)))
    }
    if code == Z_BUF_ERROR {
      return .malformedFile(
        path: path, reason: "truncated: the compressed stream ends early (\(message)); was the download cut short?")
    }
    return .malformedFile(path: path, reason: "corrupt compressed data (\(message))")
  }
}
