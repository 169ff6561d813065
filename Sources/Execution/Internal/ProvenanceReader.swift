import Foundation
import NotebookFormat

extension NotebookRunner {
  /// Collects where and with what a run happened.
  func provenance(
    _ notebook: Notebook, params: [Param], toolchain: String, engine: String, flags: [String], threads: Int,
    dataFiles: [DataFile]
  ) -> Provenance {
    let directory = URL(fileURLWithPath: notebook.path).deletingLastPathComponent().path
    let commit = try? ChildProcess.capture(["/usr/bin/git", "-C", directory, "rev-parse", "HEAD"])
    let status = try? ChildProcess.capture(["/usr/bin/git", "-C", directory, "status", "--porcelain"])
    let formatter = ISO8601DateFormatter()
    return Provenance(
      date: formatter.string(from: Date()),
      commit: commit?.status == 0 ? commit?.output.trimmingCharacters(in: .whitespacesAndNewlines) : nil,
      dirty: status?.status == 0 ? !(status?.output.isEmpty ?? true) : nil,
      toolchain: toolchain, engine: engine, params: params.map { "\($0.name)=\($0.value)" },
      cpu: Self.cpuDescription(), threads: threads, flags: flags, dataFiles: dataFiles)
  }

  static func cpuDescription() -> String {
    let info = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
    let model =
      info.split(separator: "\n").first { $0.hasPrefix("model name") }
      .map { $0.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "" }
      ?? "unknown CPU"
    return "\(model ?? "unknown CPU"), \(ProcessInfo.processInfo.activeProcessorCount) cores"
  }
}
