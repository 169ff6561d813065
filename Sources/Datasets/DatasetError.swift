/// A dataset that could not be loaded: a missing, unreadable or malformed file.
///
/// Loading is the one place where the cause of a failure lies outside the program (a package not
/// installed, a download cut short), so it throws instead of trapping, and every message names
/// the file and what to do about it.
public enum DatasetError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The file does not exist; `hint` says how to get it (e.g. the Debian package to install).
  case missingFile(path: String, hint: String?)
  /// The file exists but could not be opened or read.
  case unreadableFile(path: String, reason: String)
  /// The file was read but its contents are not what its format requires.
  case malformedFile(path: String, reason: String)

  /// The path of the file involved.
  public var path: String {
    switch self {
    case .missingFile(let path, _), .unreadableFile(let path, _), .malformedFile(let path, _):
      return path
    }
  }

  /// A one-line message naming the file, the problem and, when known, the fix.
  public var description: String {
    switch self {
    case .missingFile(let path, let hint):
      return "dataset file not found: \(path)" + (hint.map { "; \($0)" } ?? "")
    case .unreadableFile(let path, let reason):
      return "cannot read dataset file \(path): \(reason)"
    case .malformedFile(let path, let reason):
      return "malformed dataset file \(path): \(reason)"
    }
  }
}
