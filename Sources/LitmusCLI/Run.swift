import ArgumentParser
import Execution

extension Litmus {
  /// `litmus run`: runs notebooks (or reuses cached results) and prints cells and claims.
  struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Run notebooks, printing progress, failed cells and claims.",
      discussion: "Exit status: 0 when every cell ran, 2 when a cell failed, 64 for an invalid notebook or usage.")

    @OptionGroup var options: NotebookOptions

    func run() throws {
      let report = try Session(options: options).runAll()
      let code = report.exitCode
      // `run` reports claims but does not fail on them; `check` does.
      throw ExitCode(code == 1 ? 0 : code)
    }
  }

  /// `litmus check`: like `run`, with an exit status for CI and machine-readable reports.
  struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Run notebooks and fail when a claim fails or a cell errors (for CI).",
      discussion: """
        Exit status: 0 every claim holds; 1 a claim failed; 2 a cell failed (compile error, trap, \
        timeout); 64 an invalid notebook or usage. With --quick, failed claims are reported as not \
        enforced and do not fail the check.
        """)

    @OptionGroup var options: NotebookOptions

    @Option(help: "Write a JUnit XML report (one test case per claim) to this path.")
    var junit: String?

    @Flag(help: "Print one JSON object per notebook on standard output.")
    var json = false

    func run() throws {
      let report = try Session(options: options, quiet: json).runAll()
      if let junit { try report.junitXML().write(toFile: junit, atomically: true, encoding: .utf8) }
      if json { print(report.jsonLines(), terminator: "") }
      throw ExitCode(report.exitCode)
    }
  }
}
