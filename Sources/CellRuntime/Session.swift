@preconcurrency import Glibc
import RunProtocol

/// The state of a notebook run inside the generated program.
///
/// The generated `main.swift` calls `_LitmusRun.start`, `beginCell`, `endCell` and `finish`
/// around the cells; everything else in this module records through it. When the program runs
/// outside the runner (no run folder in the environment), records are dropped and output goes
/// to the terminal as usual.
public enum _LitmusRun {
  nonisolated(unsafe) static var directory: String?
  nonisolated(unsafe) static var eventsFD: Int32 = -1
  nonisolated(unsafe) static var savedStdout: Int32 = -1
  nonisolated(unsafe) static var savedStderr: Int32 = -1
  nonisolated(unsafe) public private(set) static var currentCell = -1
  nonisolated(unsafe) static var startTime: Double = 0
  nonisolated(unsafe) static var params: [String: String] = [:]
  nonisolated(unsafe) static var figureCount = 0

  /// Opens the run channel and makes stdout line-buffered, so a crash loses no printed line.
  public static func start() {
    setvbuf(stdout, nil, _IOLBF, 0)
    startTime = monotonicSeconds()
    if let dir = getenv(RunFiles.directoryVariable) {
      directory = String(cString: dir)
      eventsFD = open(path(RunFiles.events), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
      savedStdout = dup(1)
      savedStderr = dup(2)
    }
    if let file = getenv(RunFiles.paramsVariable), let text = readWholeFile(String(cString: file)) {
      params = RunFiles.decodeParams(text)
    }
    emit(RunEvent(.start, cell: -1, time: 0))
  }

  /// Starts capturing cell `index`'s output into its own file.
  public static func beginCell(_ index: Int) {
    flushStandardStreams()
    currentCell = index
    if directory != nil {
      let fd = open(path(RunFiles.cellOutput(index)), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
      if fd >= 0 {
        // Both streams share one file offset, so their interleaving is preserved.
        dup2(fd, 1)
        dup2(fd, 2)
        close(fd)
      }
    }
    emit(RunEvent(.cellBegin, cell: index, time: elapsed()))
  }

  /// Marks cell `index` as completed.
  public static func endCell(_ index: Int) {
    flushStandardStreams()
    emit(RunEvent(.cellEnd, cell: index, time: elapsed()))
    currentCell = -1
  }

  /// Restores the standard streams and closes the channel.
  public static func finish() {
    flushStandardStreams()
    emit(RunEvent(.finish, cell: -1, time: elapsed()))
    if savedStdout >= 0 {
      dup2(savedStdout, 1)
      dup2(savedStderr, 2)
    }
    if eventsFD >= 0 { close(eventsFD) }
    eventsFD = -1
  }

  /// Records that the run read the data file at `path`, so the runner can invalidate cached
  /// results when the file changes.
  public static func dataFile(_ path: String) {
    emit(RunEvent(.dataFile, cell: -1, time: elapsed(), path: path))
  }

  /// The raw value of param `name` as the runner passed it.
  public static func param<T: LosslessStringConvertible>(_ name: String, as type: T.Type) -> T {
    guard let raw = params[name] else {
      fatalError("litmus: param '\(name)' was not passed to the program (run it through `litmus run`)")
    }
    guard let value = T(raw) else { fatalError("litmus: param '\(name)' = '\(raw)' is not a \(T.self)") }
    return value
  }

  /// Appends one record to the channel with a single write, so a reader never sees half of it.
  static func emit(_ event: RunEvent) {
    guard eventsFD >= 0 else { return }
    var event = event
    if event.cell >= 0 {
      fflush(stdout)
      event.offset = Int(lseek(1, 0, SEEK_CUR))
    }
    var bytes = JSONLines.encode(event)
    _ = bytes.withUnsafeMutableBytes { write(eventsFD, $0.baseAddress, $0.count) }
  }

  /// Seconds since `start()`.
  static func elapsed() -> Double { monotonicSeconds() - startTime }

  /// The path of `name` inside the run folder.
  static func path(_ name: String) -> String { (directory ?? ".") + "/" + name }

  static func flushStandardStreams() {
    fflush(stdout)
    fflush(stderr)
  }

  static func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
  }

  static func readWholeFile(_ path: String) -> String? {
    guard let file = fopen(path, "rb") else { return nil }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
      let n = fread(&chunk, 1, chunk.count, file)
      if n <= 0 { break }
      bytes.append(contentsOf: chunk[0..<n])
    }
    return String(decoding: bytes, as: UTF8.self)
  }
}
