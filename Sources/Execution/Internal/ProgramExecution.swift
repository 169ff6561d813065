import Foundation
import NotebookFormat
import RunProtocol

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Runs a compiled notebook program and watches its run channel: forwards events as they
/// arrive (progress), enforces the notebook and per-cell time limits, and stops on interrupt.
struct ProgramExecution {
  let binary: String
  let runDirectory: String
  let notebook: Notebook
  let environment: [String: String]
  let notebookTimeout: Double?
  let onEvent: (RunEvent) -> Void
  let isInterrupted: () -> Bool

  /// What the watch saw.
  struct Outcome {
    var events: [RunEvent]
    var ending: ChildProcess.Ending
    /// The cell that ran out of time (-1: the notebook limit hit outside any cell).
    var timedOut: (cell: Int, limit: Double)?
    var interrupted: Bool
  }

  func run() throws -> Outcome {
    let process = try ChildProcess.spawn(
      [binary], environment: environment,
      outputPath: runDirectory + "/program.out")
    let start = Date()
    var reader = EventReader(path: runDirectory + "/" + RunFiles.events)
    var events: [RunEvent] = []
    var current: (cell: Int, began: Date)?
    var timedOut: (cell: Int, limit: Double)?
    var interrupted = false
    let cellLimits = Dictionary(
      uniqueKeysWithValues: notebook.cells.compactMap { c in c.options.timeout.map { (c.index, $0) } })
    var ending: ChildProcess.Ending?
    while ending == nil {
      ending = process.poll()
      for event in reader.readNew() {
        events.append(event)
        switch event.kind {
        case .cellBegin: current = (event.cell, Date())
        case .cellEnd: current = nil
        default: break
        }
        onEvent(event)
      }
      if ending != nil { break }
      if let limit = notebookTimeout, Date().timeIntervalSince(start) > limit {
        timedOut = (current?.cell ?? -1, limit)
      } else if let current, let limit = cellLimits[current.cell], Date().timeIntervalSince(current.began) > limit {
        timedOut = (current.cell, limit)
      }
      if isInterrupted() { interrupted = true }
      if timedOut != nil || interrupted {
        process.killGroup()
        ending = process.wait()
        break
      }
      usleep(5_000)
    }
    for event in reader.readNew() {
      events.append(event)
      onEvent(event)
    }
    return Outcome(events: events, ending: ending!, timedOut: timedOut, interrupted: interrupted)
  }
}

/// Reads the complete JSON lines appended to a file since the last read.
struct EventReader {
  let path: String
  private var offset: UInt64 = 0
  private var pending: [UInt8] = []

  init(path: String) { self.path = path }

  mutating func readNew() -> [RunEvent] {
    guard let handle = FileHandle(forReadingAtPath: path) else { return [] }
    defer { try? handle.close() }
    try? handle.seek(toOffset: offset)
    guard let data = try? handle.readToEnd(), !data.isEmpty else { return [] }
    offset += UInt64(data.count)
    pending += data
    guard let lastNewline = pending.lastIndex(of: UInt8(ascii: "\n")) else { return [] }
    let complete = Array(pending[...lastNewline])
    pending = Array(pending[(lastNewline + 1)...])
    return JSONLines.decode(complete).events
  }
}
