import ArgumentParser
import Execution
import Foundation
import NotebookFormat
import Site

extension Litmus {
  /// `litmus render`: runs what is stale (through the cache) and writes the static site.
  struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Run stale notebooks and write the static site (site/).",
      discussion: """
        Without paths, renders every notebook in notebooks/. The index always lists every notebook \
        there, using cached results for those not run now. --shard i/n runs only the i-th of n \
        shards (assigned by path) and writes no site: render once with --from-cache after all \
        shards ran into the same cache.
        """)

    @Argument(help: "Notebooks to run (default: every notebooks/*.md).")
    var files: [String] = []

    @Option(help: "Notebooks to run in parallel; BLAS threads are divided among them.")
    var jobs = 1

    @Flag(help: "Render the results that exist; run nothing.")
    var fromCache = false

    @Option(help: ArgumentHelp("Run only shard i of n (1-based), e.g. 2/4; writes no site.", valueName: "i/n"))
    var shard: String?

    @Option(help: "Output folder.")
    var output = "site"

    @Option(help: "Templates folder.")
    var templates = "templates"

    @Flag(help: "Use the engine as last built, even if its sources changed since.")
    var noBuild = false

    @Flag(help: "Re-run the notebooks even when cached results exist.")
    var noCache = false

    func run() throws {
      let all = try allNotebooks()
      var toRun = files.isEmpty ? all : files
      if let shard {
        let (index, count) = try Self.parseShard(shard)
        toRun = toRun.filter { Self.shard(of: $0, count: count) == index - 1 }
      }
      var fresh: [String: RunReport] = [:]
      if !fromCache && !toRun.isEmpty {
        let flags = (noBuild ? ["--no-build"] : []) + (noCache ? ["--no-cache"] : [])
        let options = try NotebookOptions.parse(toRun + ["--jobs", String(jobs)] + flags)
        let report = try Session(options: options).runAll()
        for entry in report.entries { if let r = entry.report { fresh[entry.notebook] = r } }
        if report.entries.contains(where: { $0.invalid != nil }) && shard == nil {
          FileHandle.standardError.write(
            Data("litmus: some notebooks are invalid; their pages show them as not run\n".utf8))
        }
      }
      if let shard {
        FileHandle.standardError.write(
          Data("shard \(shard): ran \(toRun.count) notebooks; render the site with `litmus render --from-cache`\n".utf8)
        )
        return
      }
      let runner = try NotebookRunner(buildEngine: false)
      var entries: [SiteEntry] = []
      for path in all + files.filter({ !all.contains($0) }) {
        guard let notebook = try? NotebookParser().parse(path: path) else { continue }
        let report = fresh[path] ?? (try? runner.cachedReport(notebook))
        entries.append(SiteEntry(notebook: notebook, report: report ?? nil))
      }
      let started = Date()
      let summary = try SiteBuilder(templates: templates, output: output).build(entries)
      let seconds = String(format: "%.2f", Date().timeIntervalSince(started))
      print(
        "\(output)/index.html: \(entries.count) notebooks, \(summary.written) files written, \(summary.unchanged) unchanged (\(seconds) s)"
      )
    }

    private func allNotebooks() throws -> [String] {
      let folder = "notebooks"
      let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
      return names.filter { $0.hasSuffix(".md") }.sorted().map { folder + "/" + $0 }
    }

    static func parseShard(_ text: String) throws -> (Int, Int) {
      let parts = text.split(separator: "/").compactMap { Int($0) }
      guard parts.count == 2, parts[1] >= 1, (1...parts[1]).contains(parts[0]) else {
        throw ValidationError("--shard expects i/n with 1 ≤ i ≤ n, got '\(text)'")
      }
      return (parts[0], parts[1])
    }

    /// A stable shard for `path` (FNV-1a of its bytes), the same on every machine.
    static func shard(of path: String, count: Int) -> Int {
      var hash: UInt64 = 0xcbf2_9ce4_8422_2325
      for byte in path.utf8 {
        hash ^= UInt64(byte)
        hash &*= 0x100_0000_01b3
      }
      return Int(hash % UInt64(count))
    }
  }
}
