import Foundation

/// Reads a cell's leading `//| key: value` lines.
struct CellOptionsParser {
  let path: String

  func parse(_ code: String, firstLine: Int) throws -> CellOptions {
    var options = CellOptions()
    for (offset, raw) in code.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let line = raw.drop { $0 == " " || $0 == "\t" }
      guard line.hasPrefix("//|") else { break }
      let lineNumber = firstLine + offset
      let column = raw.count - line.count + 1
      let body = line.dropFirst(3)
      guard let colon = body.firstIndex(of: ":") else {
        throw NotebookError(
          path: path, line: lineNumber, column: column, message: "cell option must read `//| key: value`")
      }
      let key = body[..<colon].trimmingCharacters(in: .whitespaces)
      let value = String(body[body.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
      try apply(key, value, to: &options, line: lineNumber, column: column)
    }
    return options
  }

  private func apply(_ key: String, _ value: String, to options: inout CellOptions, line: Int, column: Int) throws {
    func fail(_ message: String) -> NotebookError {
      NotebookError(path: path, line: line, column: column, message: message)
    }
    func flag() throws -> Bool {
      switch value {
      case "true": return true
      case "false": return false
      default: throw fail("cell option `\(key)` must be true or false, got '\(value)'")
      }
    }
    switch key {
    case "label": options.label = unquoted(value)
    case "caption": options.caption = unquoted(value)
    case "echo": options.echo = try flag()
    case "output": options.output = try flag()
    case "eval": options.eval = try flag()
    case "timeout":
      guard let seconds = Double(value), seconds > 0 else {
        throw fail("cell option `timeout` must be a positive number of seconds, got '\(value)'")
      }
      options.timeout = seconds
    default:
      throw fail(
        "unknown cell option '\(key)'" + suggestion(for: key, among: CellOptions.names, listing: "valid options"))
    }
  }

  private func unquoted(_ value: String) -> String {
    if value.count >= 2, let f = value.first, f == value.last, f == "\"" || f == "'" {
      return String(value.dropFirst().dropLast())
    }
    return value
  }
}
