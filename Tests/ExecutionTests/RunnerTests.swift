import Datasets
import Execution
import Foundation
import NotebookFormat
import RunProtocol
import Testing

/// End-to-end runs of the fixture notebooks through the real compiler and engine.
///
/// Serialized: each compiles a program, and the timeout test needs the CPU it asks for.
@Suite(.serialized) struct RunnerTests {
  let directory = Fixtures.temporaryDirectory()
  let runner: NotebookRunner

  init() throws {
    runner = try NotebookRunner(cacheDirectory: directory + "/cache", buildEngine: false)
  }

  @Test func stateIsSharedAcrossCellsAndOutputsAreAttributed() throws {
    let report = try runner.run(try Fixtures.notebook("shared-state.md", in: directory))
    let run = report.run
    #expect(run.status == .passed)
    #expect(run.cells.map(\.status) == [.ok, .ok, .ok])
    #expect(run.cells[0].outputs == [.text("setup run\n")])
    #expect(
      run.cells[1].outputs == [
        .text("total 6\n"), .metric(name: "total", value: 6),
        .table(columns: ["name", "value"], rows: [["rate", "0.5"], ["steps", "3"]]), .text("after table\n"),
      ])
    #expect(run.claims.map(\.passed) == [true, true])
    #expect(run.claims[1].check == "0.5 > 0")
    #expect(!report.cached)
  }

  @Test func proseEditsAndCaptionsReuseTheCache() throws {
    let path = Fixtures.copy("shared-state.md", to: directory)
    let first = try runner.run(try NotebookParser().parse(path: path))
    #expect(!first.cached)
    var text = try String(contentsOfFile: path, encoding: .utf8)
    text = text.replacingOccurrences(of: "Prose between cells.", with: "Edited prose, longer than before.")
    text = text.replacingOccurrences(of: "//| caption: Setting up", with: "//| caption: A new caption")
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    let started = Date()
    let second = try runner.run(try NotebookParser().parse(path: path))
    #expect(second.cached)
    #expect(Date().timeIntervalSince(started) < 1)
    #expect(second.run == first.run)
  }

  @Test func codeAndParamChangesSayWhyTheyReran() throws {
    let path = Fixtures.copy("shared-state.md", to: directory)
    _ = try runner.run(try NotebookParser().parse(path: path))
    var options = RunOptions()
    options.overrides = [("steps", "4")]
    let withParam = try runner.run(try NotebookParser().parse(path: path), options: options)
    #expect(withParam.reasons == ["params changed (steps=3 → steps=4)"])
    // The first claim is about 3 steps, so it now fails, honestly.
    #expect(withParam.run.status == .claimFailed)
    #expect(withParam.run.claims.first?.passed == false)
    var text = try String(contentsOfFile: path, encoding: .utf8)
    text = text.replacingOccurrences(of: "print(\"total\", total)", with: "print(\"sum\", total)")
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    let edited = try runner.run(try NotebookParser().parse(path: path), options: options)
    #expect(edited.reasons == ["cell 2 changed"])
  }

  @Test func compileErrorIsReportedAtItsMarkdownLine() throws {
    let notebook = try Fixtures.notebook("compile-error.md", in: directory)
    let run = try runner.run(notebook).run
    #expect(run.status == .error)
    #expect(run.cells.map(\.status) == [.notRun, .error])
    let failure = try #require(run.cells[1].failure)
    #expect(failure.line == 10 && failure.column == 22)
    #expect(failure.message.hasPrefix("compile error at \(notebook.path):10:22: cannot convert value of type 'Int'"))
  }

  @Test func trapKeepsEarlierOutputAndMarksLaterCellsNotRun() throws {
    let notebook = try Fixtures.notebook("trap.md", in: directory)
    let run = try runner.run(notebook).run
    #expect(run.status == .error)
    #expect(run.cells.map(\.status) == [.ok, .error, .notRun])
    #expect(run.cells[0].outputs == [.text("cell one ran\n")])
    guard case .text(let text) = run.cells[1].outputs.first else {
      Issue.record("the failed cell kept no output")
      return
    }
    #expect(text.hasPrefix("before the crash\n"))
    let failure = try #require(run.cells[1].failure)
    #expect(failure.signal == "SIGILL")
    #expect(failure.line == 13)
    #expect(failure.message.contains("trapped (SIGILL) at \(notebook.path):13:"))
  }

  @Test func engineErrorsNameTheOpAndShapes() throws {
    let run = try runner.run(try Fixtures.notebook("engine-error.md", in: directory)).run
    let failure = try #require(run.cells[0].failure)
    #expect(failure.message.contains("matmul: inner dimensions differ: [2, 3] · [4, 5]"))
    #expect(failure.line == 9)
  }

  @Test func endlessLoopStopsAtTheCellTimeout() throws {
    let started = Date()
    let run = try runner.run(try Fixtures.notebook("timeout.md", in: directory)).run
    #expect(Date().timeIntervalSince(started) < 20)
    #expect(run.cells.map(\.status) == [.ok, .timeout, .notRun])
    #expect(run.cells[1].failure?.message.hasPrefix("timed out after 1 s (cell timeout)") == true)
  }

  @Test func failingClaimGivesClaimFailed() throws {
    let run = try runner.run(try Fixtures.notebook("failing-claim.md", in: directory)).run
    #expect(run.status == .claimFailed)
    #expect(run.claims.map(\.passed) == [false, true])
    #expect(run.claims[0].check == "0.8 > 0.9" && run.claims[0].measured == 0.8 && run.claims[0].bound == 0.9)
    #expect(run.claims[1].check == "0.8 ∈ [0, 1]")
  }

  @Test func corruptCacheEntryIsIgnoredAndRebuilt() throws {
    let notebook = try Fixtures.notebook("failing-claim.md", in: directory)
    _ = try runner.run(notebook)
    let runs = directory + "/cache/runs"
    for entry in try FileManager.default.contentsOfDirectory(atPath: runs) {
      try "{ not json".write(toFile: runs + "/" + entry + "/run.json", atomically: true, encoding: .utf8)
    }
    let again = try runner.run(notebook)
    #expect(!again.cached)
    #expect(again.run.status == .claimFailed)
  }
}

extension RunnerTests {
  @Test func changedDataFileInvalidatesTheCachedResult() throws {
    let data = directory + "/data.idx.gz"
    try IDX.write(IDXArray(dimensions: [3], bytes: [7, 8, 9]), to: data)
    var options = RunOptions()
    options.overrides = [("path", data)]
    let notebook = try Fixtures.notebook("data-file.md", in: directory)
    let first = try runner.run(notebook, options: options)
    #expect(first.run.cells.first?.outputs == [.text("first byte 7\n")])
    #expect(first.run.provenance.dataFiles.map(\.path) == [data])
    #expect(try runner.run(notebook, options: options).cached)
    try IDX.write(IDXArray(dimensions: [3], bytes: [1, 8, 9]), to: data)
    let after = try runner.run(notebook, options: options)
    #expect(!after.cached)
    #expect(after.run.cells.first?.outputs == [.text("first byte 1\n")])
  }
}

extension RunnerTests {
  @Test func nanClaimsAreRecordedAndFail() throws {
    let run = try runner.run(try Fixtures.notebook("nan-claim.md", in: directory)).run
    #expect(run.status == .claimFailed)
    #expect(run.claims.count == 1)
    #expect(run.claims.first?.passed == false && run.claims.first?.check == "nan > 0")
    #expect(run.cells[0].outputs.contains(.metric(name: "infinite", value: .infinity)))
  }
}
