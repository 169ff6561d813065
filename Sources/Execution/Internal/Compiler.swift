import Foundation
import NotebookFormat

/// Compiles a generated program with `swiftc` directly against the engine's objects.
struct Compiler {
  let engine: EngineBuild
  let optimize: Bool

  /// The flags that, with the program text, the toolchain and the engine, determine the binary.
  var flags: [String] {
    // -gline-tables-only lets the runtime backtracer name the Markdown line of a trap.
    [optimize ? "-O" : "-Onone", "-gline-tables-only", "-swift-version", "5", "-diagnostic-style", "llvm"]
  }

  /// The compiler's version line, memoised per compiler binary (running it costs ~50 ms).
  func toolchainVersion(memo: inout [String: String]) throws -> String {
    let stamp = "\(engine.swiftc)@\(EngineBuild.modificationDate(engine.swiftc)?.timeIntervalSince1970 ?? 0)"
    if let version = memo[stamp] { return version }
    let result = try ChildProcess.capture([engine.swiftc, "--version"])
    let version = result.output.split(separator: "\n").first.map(String.init) ?? "unknown"
    memo[stamp] = version
    return version
  }

  /// Compiles `source` into `output`; returns the compiler's diagnostics when it fails.
  func compile(source: String, in directory: String, output: String) throws -> String? {
    let mainPath = directory + "/main.swift"
    try source.write(toFile: mainPath, atomically: true, encoding: .utf8)
    let arguments =
      [engine.swiftc] + flags + ["-I", engine.modulesPath] + engine.clangArguments
      + ["-module-cache-path", engine.buildDirectory + "/ModuleCache", "-module-name", "main", mainPath]
      + engine.objects + ["-o", output]
    let result = try ChildProcess.capture(arguments)
    return result.status == 0 ? nil : result.output
  }
}

/// One compiler diagnostic located in the notebook.
struct Diagnostic: Equatable {
  var line: Int
  var column: Int
  var severity: String
  var message: String
  /// The diagnostic's full text (header, excerpt and caret lines).
  var text: String

  /// The errors in `output` that point into `path`, each with the lines that follow its header.
  static func parse(_ output: String, path: String) -> [Diagnostic] {
    var diagnostics: [Diagnostic] = []
    let prefix = path + ":"
    for line in output.split(separator: "\n", omittingEmptySubsequences: false) {
      if line.hasPrefix(prefix), let d = header(line.dropFirst(prefix.count)) {
        diagnostics.append(Diagnostic(line: d.0, column: d.1, severity: d.2, message: d.3, text: String(line)))
      } else if !diagnostics.isEmpty, !line.contains(": error: "), !line.contains(": warning: ") {
        diagnostics[diagnostics.count - 1].text += "\n" + line
      }
    }
    return diagnostics
  }

  /// Parses `LINE:COL: severity: message`.
  private static func header(_ rest: Substring) -> (Int, Int, String, String)? {
    let parts = rest.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false)
    guard parts.count == 4, let line = Int(parts[0]), let column = Int(parts[1]) else { return nil }
    let severity = parts[2].trimmingCharacters(in: .whitespaces)
    guard ["error", "warning", "note"].contains(severity) else { return nil }
    return (line, column, severity, parts[3].trimmingCharacters(in: .whitespaces))
  }
}
