import Foundation
import RunProtocol

/// The machine-readable outcome of checking notebooks: exit codes, `--json` lines and JUnit XML.
public struct CheckReport: Sendable {
  /// One notebook's outcome: a run, or the reason it could not run.
  public struct Entry: Sendable {
    /// The notebook path.
    public var notebook: String
    /// The run's report, or nil when the notebook was invalid.
    public var report: RunReport?
    /// The error that made the notebook invalid.
    public var invalid: String?

    /// Creates an entry.
    public init(notebook: String, report: RunReport?, invalid: String?) {
      self.notebook = notebook
      self.report = report
      self.invalid = invalid
    }
  }

  /// The entries, in the order given on the command line.
  public var entries: [Entry]
  /// Whether failed claims are shown but not enforced (`--quick`).
  public var quick: Bool

  /// Creates a report.
  public init(entries: [Entry], quick: Bool) {
    self.entries = entries
    self.quick = quick
  }

  /// 64 if a notebook is invalid, else 2 if a cell failed, else 1 if a claim failed (not in
  /// quick mode), else 0.
  public var exitCode: Int32 {
    if entries.contains(where: { $0.invalid != nil }) { return 64 }
    let statuses = entries.compactMap { $0.report?.run.status }
    if statuses.contains(.error) { return 2 }
    if !quick && statuses.contains(.claimFailed) { return 1 }
    return 0
  }

  /// One JSON object per notebook, one per line.
  public func jsonLines() -> String {
    entries.map { entry in
      let object = JSONEntry(entry, quick: quick)
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
      encoder.nonConformingFloatEncodingStrategy = JSONLines.nonConformingFloats
      let data = (try? encoder.encode(object)) ?? Data()
      return String(decoding: data, as: UTF8.self)
    }.joined(separator: "\n") + "\n"
  }

  /// JUnit XML: a test suite per notebook, a test case per claim, and an error case per failed cell.
  public func junitXML() -> String {
    var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"litmus\">\n"
    for entry in entries {
      let name = escapeXML(entry.notebook)
      guard let run = entry.report?.run else {
        xml += "  <testsuite name=\"\(name)\" tests=\"1\" failures=\"0\" errors=\"1\">\n"
        xml += "    <testcase classname=\"\(name)\" name=\"notebook is valid\">"
        xml += "<error message=\"\(escapeXML(entry.invalid ?? "invalid"))\"/></testcase>\n  </testsuite>\n"
        continue
      }
      let claims = run.claims
      let failedCells = run.cells.filter { $0.status == .error || $0.status == .timeout }
      let failures = quick ? 0 : claims.filter { !$0.passed }.count
      xml +=
        "  <testsuite name=\"\(name)\" tests=\"\(claims.count + failedCells.count)\" failures=\"\(failures)\" errors=\"\(failedCells.count)\" time=\"\(String(format: "%.3f", run.seconds))\">\n"
      for claim in claims {
        xml += "    <testcase classname=\"\(name)\" name=\"\(escapeXML(claim.statement))\">"
        if !claim.passed {
          let message = escapeXML(claim.check ?? "claim does not hold")
          xml +=
            quick
            ? "<skipped message=\"not enforced in quick mode: \(message)\"/>" : "<failure message=\"\(message)\"/>"
        }
        xml += "</testcase>\n"
      }
      for cell in failedCells {
        xml += "    <testcase classname=\"\(name)\" name=\"cell \(cell.index + 1) (line \(cell.line))\">"
        xml += "<error message=\"\(escapeXML(cell.failure?.message ?? cell.status.rawValue))\"/></testcase>\n"
      }
      xml += "  </testsuite>\n"
    }
    return xml + "</testsuites>\n"
  }
}

/// The `--json` shape of one notebook.
private struct JSONEntry: Encodable {
  struct Claim: Encodable {
    var text: String
    var passed: Bool
    var enforced: Bool
    var check: String?
    var measured: Double?, bound: Double?, lower: Double?, upper: Double?, tolerance: Double?
  }
  struct Cell: Encodable {
    var index: Int
    var line: Int
    var status: String
    var seconds: Double
    var error: String?
  }
  var notebook: String
  var status: String
  var claims: [Claim]
  var cells: [Cell]
  var cached: Bool
  var seconds: Double
  var reasons: [String]?
  var error: String?

  init(_ entry: CheckReport.Entry, quick: Bool) {
    notebook = entry.notebook
    guard let report = entry.report else {
      status = NotebookRun.Status.invalid.rawValue
      claims = []
      cells = []
      cached = false
      seconds = 0
      error = entry.invalid
      return
    }
    let run = report.run
    status = run.status.rawValue
    claims = run.claims.map {
      Claim(
        text: $0.statement, passed: $0.passed, enforced: !quick, check: $0.check, measured: $0.measured,
        bound: $0.bound,
        lower: $0.lower, upper: $0.upper, tolerance: $0.tolerance)
    }
    cells = run.cells.map {
      Cell(index: $0.index, line: $0.line, status: $0.status.rawValue, seconds: $0.seconds, error: $0.failure?.message)
    }
    cached = report.cached
    seconds = report.seconds
    reasons = report.reasons.isEmpty ? nil : report.reasons
  }
}

func escapeXML(_ text: String) -> String {
  var out = ""
  for c in text {
    switch c {
    case "&": out += "&amp;"
    case "<": out += "&lt;"
    case ">": out += "&gt;"
    case "\"": out += "&quot;"
    case "'": out += "&apos;"
    default: out.append(c)
    }
  }
  return out
}
