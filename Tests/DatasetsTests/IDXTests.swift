import Datasets
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite struct IDXTests {
  @Test func roundTripsGzippedAndPlainFiles() throws {
    let dir = TemporaryDirectory()
    defer { dir.remove() }
    let array = IDXArray(dimensions: [2, 3, 4], bytes: (0..<24).map { UInt8($0 * 7 % 256) })
    for compressed in [true, false] {
      let path = dir.file(compressed ? "a.gz" : "a")
      try IDX.write(array, to: path, compressed: compressed)
      #expect(try IDX.read(path: path) == array)
    }
    // Gzip files start with 1f 8b; a plain IDX file with the zero bytes of its magic number.
    #expect(Array(readRaw(dir.file("a.gz")).prefix(2)) == [0x1F, 0x8B])
    #expect(Array(readRaw(dir.file("a")).prefix(4)) == [0, 0, 8, 3])
  }

  @Test func missingFileIsReported() {
    let error = #expect(throws: DatasetError.self) { try IDX.read(path: "/nonexistent/litmus/x.gz") }
    #expect(error == .missingFile(path: "/nonexistent/litmus/x.gz", hint: nil))
  }

  @Test func wrongMagicNumberIsReported() {
    let dir = TemporaryDirectory()
    defer { dir.remove() }
    let path = dir.file("html.gz")
    writeRaw(Array("<html>not a dataset</html>".utf8), to: path)
    let message = datasetErrorMessage { try IDX.read(path: path) }
    #expect(message?.contains("not an IDX file") == true)
    #expect(message?.contains("0x3C68746D") == true)
    #expect(message?.contains(path) == true)
  }

  @Test func unsupportedElementTypeIsReported() {
    let dir = TemporaryDirectory()
    defer { dir.remove() }
    let path = dir.file("floats")
    writeRaw([0, 0, 0x0D, 1, 0, 0, 0, 1, 0, 0, 0, 0], to: path)
    let message = datasetErrorMessage { try IDX.read(path: path) }
    #expect(message?.contains("element type 0x0D is not supported") == true)
  }

  @Test func truncatedDataIsReported() throws {
    let dir = TemporaryDirectory()
    defer { dir.remove() }
    // A header that declares 10×10 bytes followed by only 50 of them.
    let path = dir.file("short.gz")
    let full = IDXArray(dimensions: [50], bytes: Array(repeating: 1, count: 50))
    try IDX.write(full, to: path)
    var raw = readRaw(path)
    writeRaw([0, 0, 8, 2, 0, 0, 0, 10, 0, 0, 0, 10] + Array(repeating: 1, count: 50), to: path)
    var message = datasetErrorMessage { try IDX.read(path: path) }
    #expect(message?.contains("truncated") == true)
    #expect(message?.contains("declare 100 data bytes but the file holds only 50") == true)

    // A header cut inside its dimensions.
    writeRaw([0, 0, 8, 3, 0, 0], to: path)
    message = datasetErrorMessage { try IDX.read(path: path) }
    #expect(message?.contains("before the 3 dimensions") == true)

    // A gzip stream cut in the middle (as by an interrupted download).
    var generator = SplitMix(state: 7)
    let noisy = IDXArray(
      dimensions: [100, 100], bytes: (0..<10_000).map { _ in UInt8(truncatingIfNeeded: generator.next()) })
    try IDX.write(noisy, to: path)
    raw = readRaw(path)
    writeRaw(Array(raw.prefix(raw.count / 2)), to: path)
    message = datasetErrorMessage { try IDX.read(path: path) }
    #expect(message?.contains("truncated") == true)
  }

  @Test func corruptCompressedDataIsReported() throws {
    let dir = TemporaryDirectory()
    defer { dir.remove() }
    let path = dir.file("corrupt.gz")
    try IDX.write(IDXArray(dimensions: [4096], bytes: (0..<4096).map { UInt8($0 % 13) }), to: path)
    var raw = readRaw(path)
    for i in 12..<raw.count - 8 { raw[i] ^= 0x5A }
    writeRaw(raw, to: path)
    let message = datasetErrorMessage { try IDX.read(path: path) }
    #expect(message != nil)
    #expect(message?.contains(path) == true)
  }

  @Test func trailingDataIsReported() {
    let dir = TemporaryDirectory()
    defer { dir.remove() }
    let path = dir.file("long")
    writeRaw([0, 0, 8, 1, 0, 0, 0, 2, 5, 6, 7], to: path)
    let message = datasetErrorMessage { try IDX.read(path: path) }
    #expect(message?.contains("more data than the 2 bytes") == true)
  }
}

/// A tiny generator for test bytes, independent of the engine's.
struct SplitMix {
  var state: UInt64
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
