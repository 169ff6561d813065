import Foundation
import NotebookFormat
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The `litmus` executable's contract: exit codes, `--json`, `--junit`, usage errors, SIGINT.
@Suite(.serialized) struct CommandLineTests {
  let directory = Fixtures.temporaryDirectory()
  var cache: String { directory + "/cache" }

  @Test func checkExitCodes() throws {
    let passing = Fixtures.copy("shared-state.md", to: directory)
    let failing = Fixtures.copy("failing-claim.md", to: directory)
    let broken = Fixtures.copy("trap.md", to: directory)
    #expect(try Fixtures.runLitmus(["check", passing], cache: cache).status == 0)
    #expect(try Fixtures.runLitmus(["check", failing], cache: cache).status == 1)
    #expect(try Fixtures.runLitmus(["check", broken], cache: cache).status == 2)
    #expect(try Fixtures.runLitmus(["check", "--quick", failing], cache: cache).status == 0)
    // `run` reports claims without failing on them.
    #expect(try Fixtures.runLitmus(["run", failing], cache: cache).status == 0)
  }

  @Test func invalidNotebooksExit64WithTheirLine() throws {
    let badKey = Fixtures.copy("invalid-key.md", to: directory)
    let result = try Fixtures.runLitmus(["check", badKey], cache: cache)
    #expect(result.status == 64)
    #expect(result.stderr.contains("\(badKey):3:1: error: unknown front-matter key 'tgas'; did you mean 'tags'?"))
    let badOption = Fixtures.copy("invalid-option.md", to: directory)
    let option = try Fixtures.runLitmus(["check", badOption], cache: cache)
    #expect(option.status == 64)
    #expect(option.stderr.contains("\(badOption):6:1: error: unknown cell option 'capton'; did you mean 'caption'?"))
  }

  @Test func mistypedParamIsAUsageError() throws {
    let path = Fixtures.copy("shared-state.md", to: directory)
    let wrongType = try Fixtures.runLitmus(["check", path, "-p", "steps=three"], cache: cache)
    #expect(wrongType.status == 64)
    #expect(wrongType.stderr.contains("param 'steps' is an Int; 'three' is not a valid Int"))
    let unknown = try Fixtures.runLitmus(["check", path, "-p", "stpes=3"], cache: cache)
    #expect(unknown.status == 64 && unknown.stderr.contains("did you mean 'steps'?"))
  }

  @Test func jsonAndJUnitReports() throws {
    let a = Fixtures.copy("shared-state.md", to: directory)
    let b = Fixtures.copy("failing-claim.md", to: directory)
    let junit = directory + "/report.xml"
    let result = try Fixtures.runLitmus(["check", "--jobs", "2", "--json", "--junit", junit, a, b], cache: cache)
    #expect(result.status == 1)
    let lines = result.stdout.split(separator: "\n")
    #expect(lines.count == 2)
    let objects = try lines.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
    #expect(objects.map { $0["notebook"] as? String } == [a, b])
    #expect(objects.map { $0["status"] as? String } == ["passed", "claim-failed"])
    let claims = objects[1]["claims"] as! [[String: Any]]
    #expect(claims.first?["text"] as? String == "accuracy beats the target")
    #expect(claims.first?["passed"] as? Bool == false)
    let cells = objects[0]["cells"] as! [[String: Any]]
    #expect(cells.map { $0["status"] as? String } == ["ok", "ok", "ok"])
    #expect(cells.map { $0["line"] as? Int } == [9, 19, 27])
    #expect(objects[0]["cached"] is Bool && objects[0]["seconds"] is Double)
    let xml = try String(contentsOfFile: junit, encoding: .utf8)
    #expect(
      xml.contains(
        "<testcase classname=\"\(b)\" name=\"accuracy beats the target\"><failure message=\"0.8 &gt; 0.9\"/></testcase>"
      ))
    #expect(xml.contains("tests=\"2\" failures=\"1\" errors=\"0\""))
  }

  @Test func interruptLeavesTheCacheValid() throws {
    let path = Fixtures.copy("timeout.md", to: directory)
    var text = try String(contentsOfFile: path, encoding: .utf8)
    text = text.replacingOccurrences(of: "//| timeout: 1", with: "//| timeout: 60")
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Fixtures.litmus)
    process.arguments = ["run", path, "--no-build"]
    var environment = ProcessInfo.processInfo.environment
    environment["LITMUS_CACHE_DIR"] = cache
    process.environment = environment
    process.standardError = FileHandle.nullDevice
    try process.run()
    // Wait until the program is inside the endless cell, then interrupt the runner.
    let deadline = Date().addingTimeInterval(30)
    while Date() < deadline, !FileManager.default.fileExists(atPath: cache + "/tmp"), process.isRunning {
      usleep(50_000)
    }
    var started = false
    while Date() < deadline, !started, process.isRunning {
      let runs = (try? FileManager.default.contentsOfDirectory(atPath: cache + "/tmp")) ?? []
      started = runs.contains { FileManager.default.fileExists(atPath: cache + "/tmp/" + $0 + "/cell-1.out") }
      usleep(50_000)
    }
    #expect(started)
    kill(process.processIdentifier, SIGINT)
    process.waitUntilExit()
    #expect(process.terminationStatus == 130)
    #expect(((try? FileManager.default.contentsOfDirectory(atPath: cache + "/runs")) ?? []).isEmpty)
    #expect(((try? FileManager.default.contentsOfDirectory(atPath: cache + "/tmp")) ?? []).isEmpty)
  }

  @Test func newScaffoldsARunnableNotebook() throws {
    let templates = URL(fileURLWithPath: Fixtures.notebooks).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("templates/new-notebook.md").path
    let path = directory + "/scaffold.md"
    let created = try Fixtures.runLitmus(
      ["new", "A \"quoted\" paper", "--output", path, "--template", templates], cache: cache, passNoBuild: false)
    #expect(created.status == 0)
    let notebook = try NotebookParser().parse(path: path)
    #expect(notebook.frontMatter.title == "A \"quoted\" paper")
    #expect(try Fixtures.runLitmus(["check", path], cache: cache).status == 0)
    #expect(
      try Fixtures.runLitmus(
        ["new", "Again", "--output", path, "--template", templates], cache: cache, passNoBuild: false
      ).status == 64)
  }
}
