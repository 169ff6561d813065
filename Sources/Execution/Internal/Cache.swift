import Foundation
import RunProtocol

/// The content-addressed store of compiled programs and run results.
///
/// ```
/// .litmus-cache/
///   bin/<program key>             compiled notebook programs
///   runs/<result key>/run.json    a NotebookRun, with its cell outputs and figures beside it
///   latest/<notebook hash>.json   the last run of each notebook (for "why did it re-run" and renders)
///   memo.json                     toolchain versions and object hashes, keyed by file stamps
/// ```
/// Every write goes to a temporary name first and is renamed into place, so an interrupted run
/// leaves either the old entry or the new one, never half of one; an entry that does not decode
/// is treated as missing and rebuilt.
struct Cache {
  let root: String

  var binaries: String { root + "/bin" }
  var runs: String { root + "/runs" }

  func binary(_ key: String) -> String { binaries + "/" + key }
  func runDirectory(_ key: String) -> String { runs + "/" + key }

  /// Creates the folders.
  func prepare() throws {
    for folder in [binaries, runs, root + "/latest", root + "/tmp"] {
      do {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
      } catch {
        throw ExecutionError.cache("cannot create \(folder): \(error.localizedDescription)")
      }
    }
  }

  /// A fresh temporary folder inside the cache (same file system, so rename is atomic).
  func temporaryDirectory() throws -> String {
    let path = root + "/tmp/" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  /// The cached run for `key`, if it exists and decodes with the current format.
  func run(_ key: String) -> NotebookRun? {
    guard let data = FileManager.default.contents(atPath: runDirectory(key) + "/run.json"),
      let run = try? Self.decoder.decode(NotebookRun.self, from: data), run.version == NotebookRun.formatVersion
    else { return nil }
    return run
  }

  /// The newest stored run of `notebook` made with exactly `params`, with its key.
  func newestRun(of notebook: String, params: [String]) -> (String, NotebookRun)? {
    let keys = (try? FileManager.default.contentsOfDirectory(atPath: runs)) ?? []
    var best: (String, NotebookRun)?
    for key in keys {
      guard let run = run(key), run.notebook == notebook, run.provenance.params == params else { continue }
      if best == nil || run.provenance.date > best!.1.provenance.date { best = (key, run) }
    }
    return best
  }

  /// Moves a finished run folder into place under `key`, replacing any older entry.
  func commitRun(_ temporary: String, key: String) throws {
    let destination = runDirectory(key)
    let manager = FileManager.default
    if manager.fileExists(atPath: destination) {
      let trash = try temporaryDirectory()
      try? manager.removeItem(atPath: trash)
      try manager.moveItem(atPath: destination, toPath: trash)
      try? manager.removeItem(atPath: trash)
    }
    try manager.moveItem(atPath: temporary, toPath: destination)
  }

  /// Moves a compiled binary into place under `key`.
  func commitBinary(_ temporary: String, key: String) throws {
    if rename(temporary, binary(key)) != 0 {
      throw ExecutionError.cache("cannot store the compiled program: \(String(cString: strerror(errno)))")
    }
  }

  /// The record of the last run of `notebook`.
  func latest(for notebook: String) -> LatestRun? {
    guard let data = FileManager.default.contents(atPath: latestPath(notebook)) else { return nil }
    return try? JSONDecoder().decode(LatestRun.self, from: data)
  }

  /// Records the last run of a notebook.
  func setLatest(_ record: LatestRun) throws {
    try writeAtomically(try Self.encoder.encode(record), to: latestPath(record.notebook))
  }

  private func latestPath(_ notebook: String) -> String {
    root + "/latest/" + SHA256Hasher.hex(URL(fileURLWithPath: notebook).standardizedFileURL.path) + ".json"
  }

  /// Writes `data` to a temporary file next to `path`, then renames it over `path`.
  func writeAtomically(_ data: Data, to path: String) throws {
    let temporary = path + ".tmp-" + UUID().uuidString
    guard FileManager.default.createFile(atPath: temporary, contents: data) else {
      throw ExecutionError.cache("cannot write \(temporary)")
    }
    if rename(temporary, path) != 0 {
      try? FileManager.default.removeItem(atPath: temporary)
      throw ExecutionError.cache("cannot write \(path): \(String(cString: strerror(errno)))")
    }
  }

  /// A byte-stable JSON encoder (sorted keys), so identical results give identical files.
  static let encoder: JSONEncoder = {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    encoder.nonConformingFloatEncodingStrategy = JSONLines.nonConformingFloats
    return encoder
  }()

  /// The decoder matching `encoder`.
  static let decoder: JSONDecoder = {
    let decoder = JSONDecoder()
    decoder.nonConformingFloatDecodingStrategy = JSONLines.nonConformingFloatsDecoding
    return decoder
  }()
}

/// What the runner remembers about a notebook's last run, to explain the next re-run.
struct LatestRun: Codable {
  var notebook: String
  var resultKey: String
  var cellHashes: [String]
  var params: [String]
  var engine: String
  var toolchain: String
  var flags: [String]

  /// Why a run with `current` state is not a cache hit, compared with this record.
  func reasons(comparedWith current: LatestRun) -> [String] {
    var reasons: [String] = []
    if toolchain != current.toolchain { reasons.append("toolchain changed") }
    if engine != current.engine { reasons.append("engine changed") }
    if flags != current.flags { reasons.append("compiler flags changed") }
    if params != current.params {
      let changed = zip(params, current.params).filter { $0 != $1 }.map { "\($0.0) → \($0.1)" }
      reasons.append("params changed" + (changed.isEmpty ? "" : " (" + changed.joined(separator: ", ") + ")"))
    }
    if cellHashes.count != current.cellHashes.count {
      reasons.append("cells added or removed (\(cellHashes.count) → \(current.cellHashes.count))")
    } else {
      let changed = zip(cellHashes, current.cellHashes).enumerated().filter { $0.element.0 != $0.element.1 }.map(
        \.offset)
      if !changed.isEmpty {
        reasons.append(
          (changed.count == 1 ? "cell " : "cells ") + changed.map { String($0 + 1) }.joined(separator: ", ")
            + " changed")
      }
    }
    return reasons
  }
}

/// Memoised facts that are slow to recompute: toolchain versions and file hashes, keyed by
/// path, size and modification time.
struct Memo: Codable {
  var versions: [String: String] = [:]
  var fileHashes: [String: String] = [:]

  static func load(_ cache: Cache) -> Memo {
    guard let data = FileManager.default.contents(atPath: cache.root + "/memo.json"),
      let memo = try? JSONDecoder().decode(Memo.self, from: data)
    else { return Memo() }
    return memo
  }

  func save(_ cache: Cache) {
    if let data = try? Cache.encoder.encode(self) { try? cache.writeAtomically(data, to: cache.root + "/memo.json") }
  }

  /// The SHA-256 of a file, reusing the memo while its size and mtime are unchanged.
  mutating func hash(fileAt path: String) -> String? {
    guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
      let size = attributes[.size] as? Int, let date = attributes[.modificationDate] as? Date
    else { return nil }
    let stamp = "\(path)|\(size)|\(date.timeIntervalSince1970)"
    if let known = fileHashes[stamp] { return known }
    guard let hash = SHA256Hasher.hex(fileAt: path) else { return nil }
    fileHashes = fileHashes.filter { !$0.key.hasPrefix(path + "|") }
    fileHashes[stamp] = hash
    return hash
  }
}
