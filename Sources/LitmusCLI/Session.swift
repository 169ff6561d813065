import ArgumentParser
import Execution
import Foundation
import NotebookFormat

/// Set by the SIGINT handler; polled by running notebooks.
nonisolated(unsafe) private var interruptRequested: sig_atomic_t = 0

/// One invocation's work: parse the notebooks, run them (in parallel with `--jobs`), report.
struct Session: Sendable {
  let files: [String]
  let overrides: [(String, String)]
  let quick: Bool
  let useCache: Bool
  let jobs: Int
  let buildEngine: Bool
  let quiet: Bool

  init(options: NotebookOptions, quiet: Bool = false) {
    files = options.files
    overrides = options.overrides
    quick = options.quick
    useCache = !options.noCache
    jobs = options.jobs
    buildEngine = !options.noBuild
    self.quiet = quiet
  }

  func runAll() throws -> CheckReport {
    signal(SIGINT) { _ in interruptRequested = 1 }
    // A parent may start us with SIGINT blocked (some process launchers do); unblock it so
    // Ctrl-C always reaches the handler above.
    var interrupt = sigset_t()
    sigemptyset(&interrupt)
    sigaddset(&interrupt, SIGINT)
    sigprocmask(SIG_UNBLOCK, &interrupt, nil)
    let reporter = Reporter(quiet: quiet)
    let runner: NotebookRunner
    do {
      runner = try NotebookRunner(buildEngine: buildEngine, log: { reporter.note($0) })
    } catch {
      reporter.note("litmus: \(error)")
      throw ExitCode(70)
    }
    let cores = ProcessInfo.processInfo.activeProcessorCount
    let jobs = min(self.jobs, max(files.count, 1))
    let threads = max(1, cores / jobs)
    let entries = Entries(count: files.count)
    let work: @Sendable (Int) -> Void = { index in
      entries.set(index, runOne(files[index], runner: runner, threads: threads, reporter: reporter))
    }
    if jobs == 1 {
      for index in files.indices { work(index) }
    } else {
      let queue = OperationQueue()
      queue.maxConcurrentOperationCount = jobs
      for index in files.indices { queue.addOperation { work(index) } }
      queue.waitUntilAllOperationsAreFinished()
    }
    if interruptRequested != 0 {
      reporter.note("litmus: interrupted; the cache was left as it was")
      throw ExitCode(130)
    }
    let report = CheckReport(entries: entries.all, quick: quick)
    reporter.summary(report)
    return report
  }

  private func runOne(_ path: String, runner: NotebookRunner, threads: Int, reporter: Reporter) -> CheckReport.Entry {
    let notebook: Notebook
    do {
      notebook = try NotebookParser().parse(path: path)
    } catch {
      reporter.invalid(path, "\(error)")
      return CheckReport.Entry(notebook: path, report: nil, invalid: "\(error)")
    }
    var runOptions = RunOptions()
    runOptions.overrides = overrides
    runOptions.quick = quick
    runOptions.useCache = useCache
    runOptions.threads = threads
    runOptions.isInterrupted = { interruptRequested != 0 }
    runOptions.onEvent = { reporter.event($0, notebook: notebook) }
    reporter.started(notebook)
    do {
      let report = try runner.run(notebook, options: runOptions)
      reporter.finished(notebook, report, quick: quick)
      return CheckReport.Entry(notebook: path, report: report, invalid: nil)
    } catch let error as ParamOverrideError {
      let message = "\(path): error: \(error)"
      reporter.invalid(path, message)
      return CheckReport.Entry(notebook: path, report: nil, invalid: message)
    } catch {
      reporter.invalid(path, "\(path): error: \(error)")
      return CheckReport.Entry(notebook: path, report: nil, invalid: "\(error)")
    }
  }
}

/// Results filled in by parallel jobs, one slot per notebook.
private final class Entries: @unchecked Sendable {
  private var slots: [CheckReport.Entry?]
  private let lock = NSLock()

  init(count: Int) { slots = Array(repeating: nil, count: count) }

  func set(_ index: Int, _ entry: CheckReport.Entry) { lock.withLock { slots[index] = entry } }

  var all: [CheckReport.Entry] { lock.withLock { slots.compactMap { $0 } } }
}
