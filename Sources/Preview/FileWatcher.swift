import Foundation

/// Notices saved files by polling modification times and sizes: simple, portable and
/// deterministic in tests (inotify would save a few milliseconds of latency).
public struct FileWatcher {
  /// Files and folders (searched recursively) to watch.
  public let paths: [String]
  private var stamps: [String: String] = [:]

  /// Watches `paths`, starting from their current state.
  public init(paths: [String]) {
    self.paths = paths
    stamps = snapshot()
  }

  /// The files that changed, appeared or disappeared since the last call.
  public mutating func changes() -> [String] {
    let now = snapshot()
    let changed = Set(now.keys).union(stamps.keys).filter { now[$0] != stamps[$0] }.sorted()
    stamps = now
    return changed
  }

  private func snapshot() -> [String: String] {
    var out: [String: String] = [:]
    for path in paths {
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
      let files =
        isDirectory.boolValue
        ? (FileManager.default.enumerator(atPath: path)?.compactMap { $0 as? String }.map { path + "/" + $0 } ?? [])
        : [path]
      for file in files {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: file),
          (attributes[.type] as? FileAttributeType) == .typeRegular
        else { continue }
        let date = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        out[file] = "\(date)|\(attributes[.size] as? Int ?? 0)"
      }
    }
    return out
  }
}
