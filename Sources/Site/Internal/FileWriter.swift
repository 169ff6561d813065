import Foundation

/// Writes files atomically and only when their content changes.
struct FileWriter {
  private(set) var written = 0
  private(set) var unchanged = 0

  mutating func write(_ text: String, to path: String) throws {
    try write(Data(text.utf8), to: path)
  }

  mutating func copy(_ source: String, to path: String) throws {
    guard let data = FileManager.default.contents(atPath: source) else { throw SiteError("cannot read \(source)") }
    try write(data, to: path)
  }

  mutating func write(_ data: Data, to path: String) throws {
    if FileManager.default.contents(atPath: path) == data {
      unchanged += 1
      return
    }
    let folder = (path as NSString).deletingLastPathComponent
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let temporary = folder + "/.tmp-" + UUID().uuidString
    guard FileManager.default.createFile(atPath: temporary, contents: data) else {
      throw SiteError("cannot write \(temporary)")
    }
    guard rename(temporary, path) == 0 else {
      try? FileManager.default.removeItem(atPath: temporary)
      throw SiteError("cannot write \(path)")
    }
    written += 1
  }
}
