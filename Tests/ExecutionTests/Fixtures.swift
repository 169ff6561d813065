import Foundation
import NotebookFormat

/// Paths and helpers shared by the runner tests.
enum Fixtures {
  /// `Tests/Fixtures/notebooks`.
  static let notebooks = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures/notebooks").path

  /// A fresh temporary folder, removed by the caller.
  static func temporaryDirectory() -> String {
    let path = NSTemporaryDirectory() + "litmus-tests-" + UUID().uuidString
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  /// Copies fixture `name` into `directory` and returns the copy's path.
  static func copy(_ name: String, to directory: String) -> String {
    let destination = directory + "/" + name
    try? FileManager.default.removeItem(atPath: destination)
    try! FileManager.default.copyItem(atPath: notebooks + "/" + name, toPath: destination)
    return destination
  }

  /// Parses fixture `name` copied into `directory`.
  static func notebook(_ name: String, in directory: String) throws -> Notebook {
    try NotebookParser().parse(path: copy(name, to: directory))
  }

  /// The `litmus` executable built next to the test bundle.
  static var litmus: String {
    let products = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
    for candidate in [
      products.appendingPathComponent("litmus").path,
      products.deletingLastPathComponent().appendingPathComponent("litmus").path,
    ] {
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return products.appendingPathComponent("litmus").path
  }

  /// Runs `litmus` with `arguments`, returning the exit status, stdout and stderr.
  ///
  /// `passNoBuild: false` is for commands that take no `--no-build` flag.
  static func runLitmus(
    _ arguments: [String], cache: String, passNoBuild: Bool = true
  ) throws -> (status: Int32, stdout: String, stderr: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: litmus)
    // The engine is built before the tests (`make test`); a nested build would wait forever on
    // the `.build` lock that `swift test` holds.
    process.arguments = arguments + (passNoBuild ? ["--no-build"] : [])
    var environment = ProcessInfo.processInfo.environment
    environment["LITMUS_CACHE_DIR"] = cache
    environment["CI"] = "1"
    process.environment = environment
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
  }
}
