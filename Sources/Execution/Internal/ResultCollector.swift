import Foundation
import NotebookFormat
import RunProtocol

/// Turns what a program left behind (events, per-cell output files, how it ended) into cell
/// results: ok cells, the failed cell with its location, and cells that never ran.
struct ResultCollector {
  let notebook: Notebook
  let runDirectory: String
  /// Cell output beyond this many bytes is cut, with a note (a runaway print loop must not
  /// produce a 1 GB page).
  static let outputLimit = 1 << 20

  func collect(_ outcome: ProgramExecution.Outcome) -> (cells: [CellResult], programOutput: String?) {
    var begins: [Int: Double] = [:], ends: [Int: Double] = [:]
    var rich: [Int: [(Int, CellOutput)]] = [:]
    for event in outcome.events {
      switch event.kind {
      case .cellBegin: begins[event.cell] = event.time
      case .cellEnd: ends[event.cell] = event.time
      default:
        if let output = Self.output(of: event) {
          rich[event.cell, default: []].append((event.offset ?? Int.max, output))
        }
      }
    }
    let programOutput = readText(runDirectory + "/program.out")
    var results: [CellResult] = []
    var failed = false
    for cell in notebook.cells {
      guard cell.options.eval else {
        results.append(
          CellResult(index: cell.index, line: cell.line, status: .skipped, seconds: 0, outputs: [], failure: nil))
        continue
      }
      let text = readText(runDirectory + "/" + RunFiles.cellOutput(cell.index)) ?? ""
      let outputs = Self.interleave(text: text, rich: rich[cell.index] ?? [])
      guard let began = begins[cell.index] else {
        var result = CellResult(
          index: cell.index, line: cell.line, status: .notRun, seconds: 0, outputs: [], failure: nil)
        if !failed, begins.isEmpty, ends.isEmpty, outcome.ending != .exited(0) {
          // The program died before its first cell: blame the start-up, shown on the first cell.
          result.status = .error
          result.failure = CellFailure(
            message: "the program failed before its first cell: \(describe(outcome.ending))", line: nil, column: nil,
            signal: signal(outcome.ending), details: programOutput)
          failed = true
        }
        results.append(result)
        continue
      }
      if let end = ends[cell.index] {
        results.append(
          CellResult(
            index: cell.index, line: cell.line, status: .ok, seconds: end - began, outputs: outputs, failure: nil))
        continue
      }
      failed = true
      let elapsed = (outcome.events.last?.time ?? began) - began
      if let timeout = outcome.timedOut, timeout.cell == cell.index {
        let failure = CellFailure(
          message:
            "timed out after \(Self.seconds(timeout.limit)) (\(cell.options.timeout == timeout.limit ? "cell" : "notebook") timeout); the process group was killed",
          line: cell.line, column: nil, signal: "SIGKILL", details: nil)
        results.append(
          CellResult(
            index: cell.index, line: cell.line, status: .timeout, seconds: max(elapsed, timeout.limit),
            outputs: outputs, failure: failure))
      } else {
        results.append(
          CellResult(
            index: cell.index, line: cell.line, status: .error, seconds: elapsed, outputs: outputs,
            failure: crash(text, outcome.ending, cell)))
      }
    }
    let extra = programOutput.flatMap { $0.isEmpty ? nil : $0 }
    return (results, extra)
  }

  /// The failure of a cell whose program ended inside it, located from the backtrace.
  private func crash(_ text: String, _ ending: ChildProcess.Ending, _ cell: Cell) -> CellFailure {
    let location = Self.backtraceLocation(text, path: notebook.path)
    let reason =
      text.split(separator: "\n").first { $0.hasPrefix("error: ") || $0.contains("Fatal error:") }
      .map { String($0) }
    var message = describe(ending)
    if let location { message += " at \(notebook.path):\(location.line):\(location.column)" }
    if let reason { message += ": " + reason.replacingOccurrences(of: "error: ", with: "") }
    return CellFailure(
      message: message, line: location?.line ?? cell.line, column: location?.column, signal: signal(ending),
      details: nil)
  }

  private func describe(_ ending: ChildProcess.Ending) -> String {
    switch ending {
    case .exited(let code): "the program exited with status \(code) inside this cell"
    case .signalled(let s): "trapped (\(signalName(s)))"
    }
  }

  private func signal(_ ending: ChildProcess.Ending) -> String? {
    if case .signalled(let s) = ending { return signalName(s) }
    return nil
  }

  /// The first backtrace frame that points into the notebook: `… at notebooks/x.md:12:5`.
  static func backtraceLocation(_ text: String, path: String) -> (line: Int, column: Int)? {
    let marker = " at " + path + ":"
    for line in text.split(separator: "\n") {
      guard let range = line.range(of: marker) else { continue }
      let numbers = line[range.upperBound...].split(separator: ":").prefix(2).map { Int($0.prefix { $0.isNumber }) }
      if let l = numbers.first ?? nil {
        return (l, numbers.count > 1 ? (numbers[1] ?? 1) : 1)
      }
    }
    return nil
  }

  /// Splits printed text at the offsets where rich outputs were recorded.
  static func interleave(text: String, rich: [(Int, CellOutput)]) -> [CellOutput] {
    let bytes = Array(text.utf8)
    var outputs: [CellOutput] = []
    var position = 0
    for (offset, output) in rich.sorted(by: { $0.0 < $1.0 }) {
      let cut = min(max(offset, position), bytes.count)
      if cut > position { outputs.append(.text(String(decoding: bytes[position..<cut], as: UTF8.self))) }
      position = cut
      outputs.append(output)
    }
    if position < bytes.count { outputs.append(.text(String(decoding: bytes[position...], as: UTF8.self))) }
    return outputs
  }

  private static func output(of event: RunEvent) -> CellOutput? {
    switch event.kind {
    case .table: .table(columns: event.columns ?? [], rows: event.rows ?? [])
    case .metric: .metric(name: event.text ?? "", value: event.value ?? .nan)
    case .claim: event.claim.map(CellOutput.claim)
    case .figure: event.figure.map(CellOutput.figure)
    default: nil
    }
  }

  private func readText(_ path: String) -> String? {
    guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
    defer { try? handle.close() }
    let data = (try? handle.read(upToCount: Self.outputLimit + 1)) ?? Data()
    var text = String(decoding: data.prefix(Self.outputLimit), as: UTF8.self)
    if data.count > Self.outputLimit { text += "\n… output cut at \(Self.outputLimit / 1024) KiB\n" }
    return text
  }

  static func seconds(_ value: Double) -> String {
    value == value.rounded() ? "\(Int(value)) s" : String(format: "%.1f s", value)
  }
}
