/// A parsed notebook: front matter, and the body as prose and cells in reading order.
///
/// Other fenced blocks (and Swift fences nested in lists or quotes) stay in the prose: they are
/// shown, not run.
public struct Notebook: Sendable, Equatable {
  /// The path as the user gave it; compile errors and traps name it.
  public var path: String
  /// The whole file's text.
  public var source: String
  /// The validated front matter.
  public var frontMatter: FrontMatter
  /// The body in reading order.
  public var blocks: [Block]

  /// The Swift cells, in order.
  public var cells: [Cell] {
    blocks.compactMap { if case .cell(let cell) = $0 { cell } else { nil } }
  }

  /// A part of the body.
  public enum Block: Sendable, Equatable {
    /// CommonMark prose starting at `line`.
    case prose(markdown: String, line: Int)
    /// A ```` ```swift ```` cell at the top level of the document.
    case cell(Cell)
  }
}

/// A Swift cell: the code exactly as written, its options and where it sits in the file.
public struct Cell: Sendable, Equatable {
  /// The position among the notebook's cells, from 0.
  public var index: Int
  /// The code, byte for byte as in the file (option lines included: they are comments).
  public var code: String
  /// The 1-based line of the code's first line in the notebook file.
  public var line: Int
  /// The line of the opening fence.
  public var fenceLine: Int
  /// The options from the leading `//| key: value` lines.
  public var options: CellOptions

  /// The code without the leading option lines, for display.
  public var displayCode: String {
    let lines = code.split(separator: "\n", omittingEmptySubsequences: false)
    let body = lines.drop { $0.trimmingLeadingSpaces().hasPrefix("//|") }
    return body.joined(separator: "\n")
  }

  /// The 1-based last line of the code in the notebook file.
  public var lastLine: Int { line + max(code.split(separator: "\n", omittingEmptySubsequences: false).count - 1, 0) }
}

/// Per-cell options (Quarto's `//| key: value` convention in Swift comments).
public struct CellOptions: Sendable, Equatable {
  /// A name for cross-references and anchors.
  public var label: String?
  /// The caption of the cell's figure(s).
  public var caption: String?
  /// Whether the site shows the code.
  public var echo = true
  /// Whether the site shows the outputs.
  public var output = true
  /// Whether the cell runs at all.
  public var eval = true
  /// A time limit for this cell, in seconds.
  public var timeout: Double?

  /// The option names, for messages and suggestions.
  public static let names = ["label", "caption", "echo", "output", "eval", "timeout"]

  /// The options with every default.
  public init() {}
}

extension Substring {
  func trimmingLeadingSpaces() -> Substring { drop { $0 == " " || $0 == "\t" } }
}
