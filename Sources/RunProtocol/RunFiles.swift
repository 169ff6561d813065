/// Names shared by the program and the runner: environment variables and files in the run
/// folder.
public enum RunFiles {
  /// The environment variable holding the run folder, where the program writes everything.
  public static let directoryVariable = "LITMUS_RUN_DIR"
  /// The environment variable holding the path of the params file.
  public static let paramsVariable = "LITMUS_PARAMS"
  /// The JSON-lines channel in the run folder.
  public static let events = "events.jsonl"

  /// The file that captures everything cell `index` writes to stdout and stderr.
  public static func cellOutput(_ index: Int) -> String { "cell-\(index).out" }

  /// Encodes params for the params file: one `name=value` line each (values never contain
  /// newlines: strings are escaped by `escape`).
  public static func encodeParams(_ values: [(String, String)]) -> String {
    values.map { "\($0.0)=\(escape($0.1))\n" }.joined()
  }

  /// Decodes the params file.
  public static func decodeParams(_ text: String) -> [String: String] {
    var out: [String: String] = [:]
    for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
      guard let eq = line.firstIndex(of: "=") else { continue }
      out[String(line[..<eq])] = unescape(String(line[line.index(after: eq)...]))
    }
    return out
  }

  static func escape(_ s: String) -> String {
    s.replacingOccurrences("\\", "\\\\").replacingOccurrences("\n", "\\n")
  }

  static func unescape(_ s: String) -> String {
    var out = ""
    var escaping = false
    for c in s {
      if escaping {
        out.append(c == "n" ? "\n" : c)
        escaping = false
      } else if c == "\\" {
        escaping = true
      } else {
        out.append(c)
      }
    }
    return out
  }
}

extension String {
  fileprivate func replacingOccurrences(_ target: String, _ replacement: String) -> String {
    split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
  }
}
