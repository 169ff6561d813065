/// A problem with a notebook file that the user can fix, located at a line of that file.
///
/// Prints as the compilers do: `notebooks/x.md:4:1: error: unknown front-matter key 'tittle'`.
public struct NotebookError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The notebook path.
  public var path: String
  /// The 1-based line, or 0 when the problem is the whole file.
  public var line: Int
  /// The 1-based column.
  public var column: Int
  /// What is wrong and, where possible, how to fix it.
  public var message: String

  /// Creates an error.
  public init(path: String, line: Int, column: Int = 1, message: String) {
    self.path = path
    self.line = line
    self.column = column
    self.message = message
  }

  public var description: String {
    line > 0 ? "\(path):\(line):\(column): error: \(message)" : "\(path): error: \(message)"
  }
}
