import ArgumentParser
import Execution
import NotebookFormat

/// Options shared by the commands that run notebooks.
struct NotebookOptions: ParsableArguments {
  @Argument(help: "Notebook files (Markdown).")
  var files: [String]

  @Option(
    name: .customShort("p"),
    help: ArgumentHelp("Override a param: -p name=value (repeatable).", valueName: "name=value"))
  var params: [String] = []

  @Flag(help: "Smoke run: sets the `quick` param; failed claims are shown as not enforced.")
  var quick = false

  @Flag(help: "Re-run even when a cached result exists (the new result is cached).")
  var noCache = false

  @Option(help: "Notebooks to run in parallel; BLAS threads are divided among them.")
  var jobs = 1

  @Flag(help: "Use the engine as last built, even if its sources changed since.")
  var noBuild = false

  func validate() throws {
    guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
    for p in params where !p.contains("=") {
      throw ValidationError("-p expects name=value, got '\(p)'")
    }
  }

  /// The `-p` overrides as (name, value) pairs.
  var overrides: [(String, String)] {
    params.map { p in
      let eq = p.firstIndex(of: "=")!
      return (String(p[..<eq]), String(p[p.index(after: eq)...]))
    }
  }
}
