import Execution
import Foundation
import NotebookFormat
import RunProtocol

/// Prints what happens while notebooks run.
///
/// On a terminal it keeps a live line per run (cell, step, loss, elapsed), in CI it prints plain
/// lines; then each notebook's failed cells and claims. Safe to call from several jobs.
final class Reporter: @unchecked Sendable {
  private let lock = NSLock()
  private let live = isatty(2) != 0 && ProcessInfo.processInfo.environment["CI"] == nil
  private let quiet: Bool
  private var lastPlainProgress: [String: Date] = [:]
  private var cellCounts: [String: Int] = [:]
  /// The live status line of each running notebook, in start order, and how many are on screen.
  private var liveLines: [(notebook: String, text: String)] = []
  private var drawnLines = 0

  init(quiet: Bool) { self.quiet = quiet }

  /// A message from the runner itself.
  func note(_ text: String) { write(text) }

  func started(_ notebook: Notebook) {
    lock.withLock { cellCounts[notebook.path] = notebook.cells.filter(\.options.eval).count }
    if !live { write("▶ \(notebook.path)") }
  }

  func invalid(_ path: String, _ message: String) {
    write("✗ \(path): invalid\n  \(message)")
  }

  /// A record from a running program: updates the live line (or prints occasional plain lines).
  func event(_ event: RunEvent, notebook: Notebook) {
    let total = lock.withLock { cellCounts[notebook.path] ?? 0 }
    var text = "\(notebook.path)  cell \(event.cell + 1)/\(total)"
    switch event.kind {
    case .cellBegin:
      guard live else { return }
    case .progress:
      guard let p = event.progress else { return }
      text += "  step \(p.step)" + (p.total.map { "/\($0)" } ?? "")
      text += p.values.map { "  \($0.name) \(formatted($0.value))" }.joined()
    default:
      return
    }
    text += "  \(Int(event.time)) s"
    if live {
      lock.withLock {
        if let i = liveLines.firstIndex(where: { $0.notebook == notebook.path }) {
          liveLines[i].text = text
        } else {
          liveLines.append((notebook.path, text))
        }
        FileHandle.standardError.write(Data((eraseLiveLines() + drawLiveLines()).utf8))
      }
    } else if event.kind == .progress {
      let due = lock.withLock { () -> Bool in
        let last = lastPlainProgress[notebook.path] ?? .distantPast
        guard Date().timeIntervalSince(last) >= 10 else { return false }
        lastPlainProgress[notebook.path] = Date()
        return true
      }
      if due { write("  " + text) }
    }
  }

  /// A finished notebook: status line, failed cells, claims.
  func finished(_ notebook: Notebook, _ report: RunReport, quick: Bool) {
    let run = report.run
    let claims = run.claims
    let held = claims.filter(\.passed).count
    let mark: String
    switch run.status {
    case .passed: mark = "✓"
    case .claimFailed: mark = quick ? "~" : "✗"
    case .error, .invalid: mark = "✗"
    }
    var lines = [
      "\(mark) \(notebook.path)  \(run.status.rawValue)  claims \(held)/\(claims.count)  "
        + (report.cached ? "cached (ran in \(seconds(run.seconds)))" : seconds(report.seconds))
    ]
    if !report.cached && !report.reasons.isEmpty { lines.append("  re-ran: " + report.reasons.joined(separator: "; ")) }
    for cell in run.cells where cell.status == .error || cell.status == .timeout {
      lines.append(
        "  cell \(cell.index + 1) (line \(cell.line)) \(cell.status.rawValue): \(cell.failure?.message ?? "")")
      if let details = cell.failure?.details, !details.isEmpty {
        lines.append(details.split(separator: "\n").prefix(12).map { "    " + $0 }.joined(separator: "\n"))
      }
    }
    for claim in claims {
      let symbol = claim.passed ? "✓" : (quick ? "~" : "✗")
      let suffix = !claim.passed && quick ? "  (not enforced in quick mode)" : ""
      lines.append("  \(symbol) \(claim.statement)" + (claim.check.map { "  [\($0)]" } ?? "") + suffix)
    }
    write(lines.joined(separator: "\n"), finishing: notebook.path)
  }

  /// The closing line when several notebooks ran.
  func summary(_ report: CheckReport) {
    guard report.entries.count > 1 else { return }
    let passed = report.entries.filter { $0.report?.run.status == .passed }.count
    write("\(passed) of \(report.entries.count) notebooks passed")
  }

  private func write(_ text: String, finishing notebook: String? = nil) {
    guard !quiet || text.hasPrefix("✗") || text.hasPrefix("litmus") else { return }
    lock.withLock {
      if let notebook { liveLines.removeAll { $0.notebook == notebook } }
      // Finished output goes above the live lines, which are then drawn again below it.
      let out = eraseLiveLines() + text + "\n" + drawLiveLines()
      FileHandle.standardError.write(Data(out.utf8))
    }
  }

  /// Moves the cursor up over the live lines and clears them (call with the lock held).
  private func eraseLiveLines() -> String {
    defer { drawnLines = 0 }
    guard drawnLines > 0 else { return "" }
    return "\r" + String(repeating: "\u{1B}[1A", count: drawnLines - 1) + "\u{1B}[J"
  }

  /// One line per running notebook, cut to the terminal width (call with the lock held).
  private func drawLiveLines() -> String {
    guard live, !liveLines.isEmpty else { return "" }
    drawnLines = liveLines.count
    let width = terminalWidth()
    return liveLines.map { String($0.text.prefix(width)) }.joined(separator: "\n")
  }

  private func seconds(_ value: Double) -> String { String(format: "%.1f s", value) }

  private func formatted(_ value: Double) -> String {
    abs(value) >= 1000 || value == value.rounded() ? String(format: "%.0f", value) : String(format: "%.4g", value)
  }

  private func terminalWidth() -> Int {
    var size = winsize()
    return ioctl(2, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 ? Int(size.ws_col) - 1 : 120
  }
}
