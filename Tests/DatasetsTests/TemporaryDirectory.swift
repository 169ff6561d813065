import Datasets

#if canImport(Glibc)
import Glibc
#endif

/// A fresh directory under /tmp for one test's files, removed by `remove()`.
final class TemporaryDirectory {
  let path: String
  private var names: Set<String> = []

  init() {
    var template = Array("/tmp/litmus-datasets-XXXXXX".utf8CString)
    let created = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
    path = String(cString: created!)
  }

  /// The path of `name` inside the directory, remembered for removal.
  func file(_ name: String) -> String {
    names.insert(name)
    return path + "/" + name
  }

  func remove() {
    for name in names { unlink(path + "/" + name) }
    rmdir(path)
  }
}

/// Writes `bytes` to `path` as they are (no compression).
func writeRaw(_ bytes: [UInt8], to path: String) {
  let file = fopen(path, "wb")!
  _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
  fclose(file)
}

/// The bytes of the file at `path`.
func readRaw(_ path: String) -> [UInt8] {
  let file = fopen(path, "rb")!
  defer { fclose(file) }
  var bytes: [UInt8] = []
  var buffer = [UInt8](repeating: 0, count: 1 << 16)
  while true {
    let got = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
    if got == 0 { break }
    bytes += buffer[0..<got]
  }
  return bytes
}

/// The message of the `DatasetError` that `body` throws, or `nil` when it does not throw one.
func datasetErrorMessage<T>(_ body: () throws -> T) -> String? {
  do {
    _ = try body()
    return nil
  } catch let error as DatasetError {
    return error.description
  } catch {
    return nil
  }
}
