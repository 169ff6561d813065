import Foundation
import NotebookFormat
import RunProtocol

/// How to run a notebook.
public struct RunOptions: Sendable {
  /// `-p name=value` overrides, in order.
  public var overrides: [(String, String)] = []
  /// Sets the `quick` param (a smoke run).
  public var quick = false
  /// Whether cached results may be reused (`--no-cache` turns it off; results are still stored).
  public var useCache = true
  /// BLAS threads for the program.
  public var threads = 2
  /// Called from the runner's thread for each event the program records (progress, cells).
  public var onEvent: (@Sendable (RunEvent) -> Void)?
  /// Polled while the program runs; true stops it and leaves the cache untouched.
  public var isInterrupted: @Sendable () -> Bool = { false }

  /// Default options.
  public init() {}
}

/// The result of `NotebookRunner.run`: the run, whether it came from the cache and why not.
public struct RunReport: Sendable {
  /// The run (fresh or cached).
  public var run: NotebookRun
  /// Whether the run was reused from the cache.
  public var cached: Bool
  /// Why it re-ran (empty on a cache hit or for a first run).
  public var reasons: [String]
  /// The folder holding the run's files (cell outputs, figures).
  public var directory: String
  /// Wall seconds this call took.
  public var seconds: Double

  /// Creates a report.
  public init(run: NotebookRun, cached: Bool, reasons: [String], directory: String, seconds: Double) {
    self.run = run
    self.cached = cached
    self.reasons = reasons
    self.directory = directory
    self.seconds = seconds
  }
}

/// Runs notebooks: generates the program, compiles it against the engine, runs it in its own
/// process group and collects per-cell results, reusing cached results whenever nothing that
/// could change them changed.
public final class NotebookRunner: @unchecked Sendable {
  private let engine: EngineBuild
  private let cache: Cache
  private let lock = NSLock()

  /// Locates (and if needed rebuilds) the engine; results go to `cacheDirectory`, by default
  /// `$LITMUS_CACHE_DIR` or `.litmus-cache` in the package root.
  public init(cacheDirectory: String? = nil, buildEngine: Bool = true, log: (String) -> Void = { _ in }) throws {
    engine = try EngineBuild.locate(build: buildEngine, log: log)
    let configured = cacheDirectory ?? ProcessInfo.processInfo.environment["LITMUS_CACHE_DIR"]
    cache = Cache(root: configured ?? engine.root + "/.litmus-cache")
    try cache.prepare()
  }

  /// Runs `notebook` (or reuses its cached result).
  /// - Throws: `ParamOverrideError` for bad `-p` values, `ExecutionError` when the
  ///   environment fails or the run is interrupted. Notebook failures are results, not throws.
  public func run(_ notebook: Notebook, options: RunOptions = RunOptions()) throws -> RunReport {
    let started = Date()
    var memo = lock.withLock { Memo.load(cache) }
    let plan = try makePlan(notebook, options: options, memo: &memo)
    if options.useCache, let cached = cache.run(plan.resultKey), dataFilesUnchanged(cached, &memo) {
      lock.withLock { memo.save(cache) }
      try? cache.setLatest(plan.latest)
      return RunReport(
        run: cached, cached: true, reasons: [], directory: cache.runDirectory(plan.resultKey),
        seconds: Date().timeIntervalSince(started))
    }
    let previous = cache.latest(for: notebook.path)
    var reasons = previous.map { $0.reasons(comparedWith: plan.latest) } ?? ["first run"]
    if reasons.isEmpty { reasons = [options.useCache ? "data file changed or cached result missing" : "--no-cache"] }

    let directory = try cache.temporaryDirectory()
    var run: NotebookRun
    do {
      run = try execute(notebook, plan: plan, directory: directory, options: options)
    } catch {
      try? FileManager.default.removeItem(atPath: directory)
      throw error
    }
    run.seconds = Date().timeIntervalSince(started)
    run.provenance = provenance(
      notebook, params: plan.params, toolchain: plan.toolchain, engine: plan.engineIdentity, flags: plan.compiler.flags,
      threads: options.threads, dataFiles: dataFiles(in: directory, &memo))
    try cache.writeAtomically(try Cache.encoder.encode(run), to: directory + "/run.json")
    try cache.commitRun(directory, key: plan.resultKey)
    try? cache.setLatest(plan.latest)
    lock.withLock { memo.save(cache) }
    return RunReport(
      run: run, cached: false, reasons: reasons, directory: cache.runDirectory(plan.resultKey), seconds: run.seconds)
  }

  /// The result a `run` would reuse, without running anything: the exact cached result when
  /// it exists, else the newest stored run of this notebook with the same params (made with
  /// another engine build or toolchain, which its provenance shows); nil when there is none.
  public func cachedReport(_ notebook: Notebook, options: RunOptions = RunOptions()) throws -> RunReport? {
    var memo = lock.withLock { Memo.load(cache) }
    let plan = try makePlan(notebook, options: options, memo: &memo)
    if let run = cache.run(plan.resultKey) {
      return RunReport(run: run, cached: true, reasons: [], directory: cache.runDirectory(plan.resultKey), seconds: 0)
    }
    guard let (key, run) = cache.newestRun(of: notebook.path, params: plan.latest.params) else { return nil }
    var reasons: [String] = []
    if run.provenance.engine != plan.engineIdentity { reasons.append("engine changed") }
    if run.provenance.toolchain != plan.toolchain { reasons.append("toolchain changed") }
    return RunReport(
      run: run, cached: true, reasons: reasons.isEmpty ? ["notebook changed"] : reasons,
      directory: cache.runDirectory(key), seconds: 0)
  }

  /// Everything that identifies a run, computed without compiling or running.
  private struct Plan {
    var program: String
    var programKey: String
    var resultKey: String
    var compiler: Compiler
    var params: [Param]
    var paramsText: String
    var toolchain: String
    var engineIdentity: String
    var latest: LatestRun
  }

  private func makePlan(_ notebook: Notebook, options: RunOptions, memo: inout Memo) throws -> Plan {
    var overrides = options.overrides
    if options.quick { overrides.append(("quick", "true")) }
    let params = try notebook.params(overriding: overrides)
    let compiler = Compiler(engine: engine, optimize: notebook.frontMatter.optimize)
    let toolchain = try compiler.toolchainVersion(memo: &memo.versions)
    let engineIdentity = identity(&memo)
    let program = ProgramGenerator(notebook: notebook).generate()
    let programKey = key([program, toolchain, engineIdentity] + compiler.flags + engine.clangArguments)
    let paramsText = RunFiles.encodeParams(params.map { ($0.name, $0.value.description) })
    let limits =
      [notebook.frontMatter.timeout.map { "notebook \($0)" }]
      + notebook.cells.map { c in c.options.timeout.map { "cell \(c.index) \($0)" } }
    let resultKey = key([programKey, paramsText] + limits.compactMap { $0 })
    let latest = LatestRun(
      notebook: notebook.path, resultKey: resultKey,
      cellHashes: notebook.cells.map { SHA256Hasher.hex(ProgramGenerator.runnableCode($0)) },
      params: params.map { "\($0.name)=\($0.value)" }, engine: engineIdentity, toolchain: toolchain,
      flags: compiler.flags)
    return Plan(
      program: program, programKey: programKey, resultKey: resultKey, compiler: compiler, params: params,
      paramsText: paramsText, toolchain: toolchain, engineIdentity: engineIdentity, latest: latest)
  }

  private func execute(_ notebook: Notebook, plan: Plan, directory: String, options: RunOptions) throws -> NotebookRun {
    let binary = cache.binary(plan.programKey)
    if !FileManager.default.isExecutableFile(atPath: binary) {
      let output = directory + "/notebook"
      if let diagnostics = try plan.compiler.compile(source: plan.program, in: directory, output: output) {
        return compileFailure(notebook, diagnostics)
      }
      try cache.commitBinary(output, key: plan.programKey)
    }
    let paramsPath = directory + "/params.txt"
    try plan.paramsText.write(toFile: paramsPath, atomically: true, encoding: .utf8)
    var environment = ProcessInfo.processInfo.environment
    environment[RunFiles.directoryVariable] = directory
    environment[RunFiles.paramsVariable] = paramsPath
    environment["OPENBLAS_NUM_THREADS"] = String(options.threads)
    environment["SWIFT_BACKTRACE"] = "enable=yes,interactive=no,color=no,threads=crashed,registers=none,images=none"
    let execution = ProgramExecution(
      binary: binary, runDirectory: directory, notebook: notebook, environment: environment,
      notebookTimeout: notebook.frontMatter.timeout, onEvent: { options.onEvent?($0) },
      isInterrupted: options.isInterrupted)
    let outcome = try execution.run()
    if outcome.interrupted { throw ExecutionError.interrupted }
    let (cells, programOutput) = ResultCollector(notebook: notebook, runDirectory: directory).collect(outcome)
    return NotebookRun(
      notebook: notebook.path, status: NotebookRun.status(of: cells), cells: cells, compilerOutput: nil,
      programOutput: programOutput, seconds: 0, provenance: .placeholder)
  }

  private func compileFailure(_ notebook: Notebook, _ output: String) -> NotebookRun {
    let diagnostics = Diagnostic.parse(output, path: notebook.path).filter { $0.severity == "error" }
    let cells = notebook.cells.map { cell -> CellResult in
      let mine = diagnostics.filter { $0.line >= cell.line && $0.line <= cell.lastLine }
      guard let first = mine.first else {
        return CellResult(
          index: cell.index, line: cell.line, status: cell.options.eval ? .notRun : .skipped, seconds: 0, outputs: [],
          failure: nil)
      }
      let failure = CellFailure(
        message: "compile error at \(notebook.path):\(first.line):\(first.column): \(first.message)", line: first.line,
        column: first.column, signal: nil, details: mine.map(\.text).joined(separator: "\n"))
      return CellResult(index: cell.index, line: cell.line, status: .error, seconds: 0, outputs: [], failure: failure)
    }
    var run = NotebookRun(
      notebook: notebook.path, status: .error, cells: cells, compilerOutput: output, programOutput: nil, seconds: 0,
      provenance: .placeholder)
    if !cells.contains(where: { $0.status == .error }), let index = cells.firstIndex(where: { $0.status == .notRun }) {
      // An error outside any cell (should not happen): show it on the first cell.
      run.cells[index].status = .error
      run.cells[index].failure = CellFailure(
        message: "compile error", line: nil, column: nil, signal: nil, details: output)
    }
    return run
  }

  /// A hash of the engine's objects and compiled modules: the engine's build identity.
  private func identity(_ memo: inout Memo) -> String {
    let hasher = SHA256Hasher()
    for path in engine.objects.sorted() {
      hasher.update(field: path)
      hasher.update(field: memo.hash(fileAt: path) ?? "missing")
    }
    return String(hasher.finalize().prefix(16))
  }

  private func dataFiles(in directory: String, _ memo: inout Memo) -> [DataFile] {
    guard let bytes = FileManager.default.contents(atPath: directory + "/" + RunFiles.events) else { return [] }
    let paths = Set(JSONLines.decode(Array(bytes)).events.filter { $0.kind == .dataFile }.compactMap(\.path))
    return paths.sorted().compactMap { path in
      guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
        let size = attributes[.size] as? Int, let date = attributes[.modificationDate] as? Date,
        let hash = memo.hash(fileAt: path)
      else { return nil }
      return DataFile(path: path, size: size, modified: date.timeIntervalSince1970, sha256: hash)
    }
  }

  /// Whether every data file the cached run read still has the same content.
  private func dataFilesUnchanged(_ run: NotebookRun, _ memo: inout Memo) -> Bool {
    run.provenance.dataFiles.allSatisfy { memo.hash(fileAt: $0.path) == $0.sha256 }
  }

  private func key(_ parts: [String]) -> String {
    let hasher = SHA256Hasher()
    for part in parts { hasher.update(field: part) }
    return String(hasher.finalize().prefix(40))
  }
}

extension Provenance {
  static let placeholder = Provenance(
    date: "", commit: nil, dirty: nil, toolchain: "", engine: "", params: [], cpu: "", threads: 0, flags: [],
    dataFiles: [])
}
