import Foundation

/// Reads notebook files: front matter through `FrontMatterParser`, the body through libcmark.
///
/// ```swift
/// let notebook = try NotebookParser().parse(path: "notebooks/grokking.md")
/// ```
public struct NotebookParser: Sendable {
  /// Creates a parser.
  public init() {}

  /// Parses the file at `path`.
  /// - Throws: `NotebookError` naming the file and line of the first problem.
  public func parse(path: String) throws -> Notebook {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw NotebookError(path: path, line: 0, message: "cannot read the file")
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw NotebookError(path: path, line: 0, message: "the file is not valid UTF-8")
    }
    return try parse(source: text, path: path)
  }

  /// Parses notebook text; `path` is used in messages and in the generated program.
  public func parse(source: String, path: String) throws -> Notebook {
    let text = source.replacingOccurrences(of: "\r\n", with: "\n")
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    guard lines.first?.trimmingCharacters(in: .whitespaces) == "---" else {
      throw NotebookError(
        path: path, line: 1,
        message: "a notebook starts with YAML front matter between '---' lines (at least `title:`)")
    }
    guard
      let close = lines.indices.dropFirst().first(where: {
        ["---", "..."].contains(lines[$0].trimmingCharacters(in: .whitespaces))
      })
    else {
      throw NotebookError(path: path, line: 1, message: "the front matter is not closed by a '---' line")
    }
    let yaml = lines[1..<close].joined(separator: "\n")
    let frontMatter = try FrontMatterParser(path: path, firstLine: 2).parse(yaml)
    let bodyLines = Array(lines[(close + 1)...])
    let blocks = try BodyParser(path: path, lines: bodyLines, lineOffset: close + 1).parse()
    return Notebook(path: path, source: text, frontMatter: frontMatter, blocks: blocks)
  }
}
