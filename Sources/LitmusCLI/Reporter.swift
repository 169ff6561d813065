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
  private var liveLineShown = false

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
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + String(text.prefix(terminalWidth()))).utf8))
        liveLineShown = true
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
    write(lines.joined(separator: "\n"))
  }

  /// The closing line when several notebooks ran.
  func summary(_ report: CheckReport) {
    guard report.entries.count > 1 else { return }
    let passed = report.entries.filter { $0.report?.run.status == .passed }.count
    write("\(passed) of \(report.entries.count) notebooks passed")
  }

  private func write(_ text: String) {
    guard !quiet || text.hasPrefix("✗") || text.hasPrefix("litmus") else { return }
    lock.withLock {
      var out = text + "\n"
      if liveLineShown {
        out = "\r\u{1B}[K" + out
        liveLineShown = false
      }
      FileHandle.standardError.write(Data(out.utf8))
    }
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
