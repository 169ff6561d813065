import Foundation

/// The release-built engine that notebook programs link against, found at run time.
///
/// The package root is found by walking up from the runner's own executable (so it works under
/// `swift run`, from any working directory, or from a copied binary with `LITMUS_PACKAGE_ROOT`),
/// and the build products are read from SwiftPM's `description.json`, which lists the exact
/// objects of each target (globbing `*.o` would pick up stale objects of renamed files).
struct EngineBuild {
  /// The package root (holds `Package.swift`).
  let root: String
  /// The canonical release build folder; the module cache must use this exact spelling.
  let buildDirectory: String
  /// The compiler SwiftPM used.
  let swiftc: String
  /// The folder of `.swiftmodule` files.
  let modulesPath: String
  /// Object files of the umbrella module and everything it depends on.
  let objects: [String]
  /// Arguments that make the C system modules importable (`-Xcc -fmodule-map-file=…`, `-I…`).
  let clangArguments: [String]
  /// The source files of those modules, to decide whether the engine is stale.
  let sources: [String]

  /// The module cells import.
  static let umbrella = "Litmus"

  /// Locates the engine, building it first when it is missing or older than its sources.
  static func locate(build: Bool = true, log: (String) -> Void = { _ in }) throws -> EngineBuild {
    let root = try packageRoot()
    let release = root + "/.build/release"
    if build, (try? load(root: root, release: release))?.isStale ?? true {
      log("building the engine (swift build -c release --target \(umbrella))…")
      try buildEngine(root: root)
    }
    do {
      return try load(root: root, release: release)
    } catch let error as ExecutionError {
      throw error
    } catch {
      throw ExecutionError.engine("cannot read the engine build in \(release): \(error)")
    }
  }

  /// Whether any source is newer than the objects, or a source file was added.
  var isStale: Bool {
    let dates = objects.map(Self.modificationDate)
    if dates.contains(where: { $0 == nil }) { return true }
    let oldestObject = dates.compactMap { $0 }.min() ?? .distantPast
    return sources.contains { (Self.modificationDate($0) ?? .distantFuture) > oldestObject }
  }

  private static func load(root: String, release: String) throws -> EngineBuild {
    let canonical = URL(fileURLWithPath: release).resolvingSymlinksInPath().path
    let descriptionPath = canonical + "/description.json"
    guard let data = FileManager.default.contents(atPath: descriptionPath) else {
      throw ExecutionError.engine("no release build at \(release); run `swift build -c release` in \(root)")
    }
    let description = try JSONDecoder().decode(BuildDescription.self, from: data)
    guard let dependencies = description.targetDependencyMap[umbrella] else {
      throw ExecutionError.engine("the release build has no \(umbrella) module; run `swift build -c release`")
    }
    let modules = Set([umbrella] + dependencies)
    let commands = description.swiftCommands.values.filter { modules.contains($0.moduleName) && $0.isLibrary }
    guard let umbrellaCommand = commands.first(where: { $0.moduleName == umbrella }) else {
      throw ExecutionError.engine("the release build does not compile \(umbrella)")
    }
    var clang: [String] = []
    var seen = Set<String>()
    for command in commands.sorted(by: { $0.moduleName < $1.moduleName }) {
      for argument in command.otherArguments where argument.hasPrefix("-fmodule-map-file=") || argument.hasPrefix("-I")
      {
        guard seen.insert(argument).inserted else { continue }
        clang += argument.hasPrefix("-I") ? [argument] : ["-Xcc", argument]
      }
    }
    let sorted = commands.sorted { $0.moduleName < $1.moduleName }
    return EngineBuild(
      root: root, buildDirectory: canonical, swiftc: umbrellaCommand.executable,
      modulesPath: umbrellaCommand.importPath,
      objects: sorted.flatMap(\.objects), clangArguments: clang,
      sources: sorted.flatMap(\.sources) + newSources(root, sorted))
  }

  /// Swift files present in a module's folder that the build description does not know yet.
  private static func newSources(_ root: String, _ commands: [BuildDescription.SwiftCommand]) -> [String] {
    var extra: [String] = []
    for command in commands {
      let known = Set(command.sources)
      let folder = root + "/Sources/" + command.moduleName
      guard let files = FileManager.default.enumerator(atPath: folder) else { continue }
      for case let file as String in files where file.hasSuffix(".swift") {
        let full = folder + "/" + file
        if !known.contains(full) { extra.append(full) }
      }
    }
    return extra
  }

  private static func buildEngine(root: String) throws {
    let swift = ProcessInfo.processInfo.environment["LITMUS_SWIFT"] ?? toolchainSwift() ?? "swift"
    let result = try ChildProcess.capture([swift, "build", "-c", "release", "--target", umbrella], directory: root)
    guard result.status == 0 else {
      throw ExecutionError.engine("building the engine failed:\n\(result.output)")
    }
  }

  /// `swift` next to the `swiftc` of a previous build, or on PATH.
  private static func toolchainSwift() -> String? {
    for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
      let candidate = String(dir) + "/swift"
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    let fallback = "/opt/swift/usr/bin/swift"
    return FileManager.default.isExecutableFile(atPath: fallback) ? fallback : nil
  }

  /// The folder holding `Package.swift`, found from the environment, the executable or the cwd.
  static func packageRoot() throws -> String {
    if let root = ProcessInfo.processInfo.environment["LITMUS_PACKAGE_ROOT"] { return root }
    let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
    for start in [executable, URL(fileURLWithPath: FileManager.default.currentDirectoryPath)] {
      var dir = start
      while dir.path != "/" {
        let manifest = dir.appendingPathComponent("Package.swift").path
        if let text = try? String(contentsOfFile: manifest, encoding: .utf8), text.contains("\"\(umbrella)\"") {
          return dir.path
        }
        dir.deleteLastPathComponent()
      }
    }
    throw ExecutionError.engine("cannot find the Litmus package (set LITMUS_PACKAGE_ROOT)")
  }

  static func modificationDate(_ path: String) -> Date? {
    (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
  }
}

/// The parts of SwiftPM's `description.json` the runner reads.
struct BuildDescription: Decodable {
  struct SwiftCommand: Decodable {
    var executable: String
    var moduleName: String
    var importPath: String
    var objects: [String]
    var otherArguments: [String]
    var sources: [String]
    var isLibrary: Bool
  }
  var swiftCommands: [String: SwiftCommand]
  var targetDependencyMap: [String: [String]]
}
