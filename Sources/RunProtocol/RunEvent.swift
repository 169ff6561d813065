#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One record of the run channel: the program appends these as JSON lines to
/// `RunFiles.events`, and the runner reads them back (while the run goes, for progress and
/// timeouts, and after it ends).
public struct RunEvent: Codable, Sendable, Equatable {
  /// What happened.
  public enum Kind: String, Codable, Sendable {
    case start, cellBegin = "cell-begin", cellEnd = "cell-end", text, table, metric, claim, progress, figure
    case dataFile = "data-file", finish
  }

  /// What happened.
  public var kind: Kind
  /// The cell (0-based) the record belongs to; -1 outside cells.
  public var cell: Int
  /// Seconds since the program started.
  public var time: Double
  /// Free text: shown output for `.text`, the name for `.metric`.
  public var text: String?
  /// A numeric value (`.metric`).
  public var value: Double?
  /// A table's header (`.table`).
  public var columns: [String]?
  /// A table's cells, already formatted (`.table`).
  public var rows: [[String]]?
  /// A checked statement (`.claim`).
  public var claim: ClaimRecord?
  /// Training progress (`.progress`).
  public var progress: ProgressRecord?
  /// A figure's files (`.figure`).
  public var figure: FigureRecord?
  /// A data file the run read (`.dataFile`).
  public var path: String?
  /// How many bytes the cell had written to its output file when this record was made, so the
  /// runner can interleave printed text and rich outputs in the order they happened.
  public var offset: Int?

  /// Creates a record.
  public init(
    _ kind: Kind, cell: Int, time: Double, text: String? = nil, value: Double? = nil, columns: [String]? = nil,
    rows: [[String]]? = nil, claim: ClaimRecord? = nil, progress: ProgressRecord? = nil,
    figure: FigureRecord? = nil, path: String? = nil
  ) {
    self.kind = kind
    self.cell = cell
    self.time = time
    self.text = text
    self.value = value
    self.columns = columns
    self.rows = rows
    self.claim = claim
    self.progress = progress
    self.figure = figure
    self.path = path
  }
}

/// A claim: a statement of a paper's finding, the values measured and whether it held.
public struct ClaimRecord: Codable, Sendable, Equatable {
  /// The statement as written in the notebook.
  public var statement: String
  /// Whether it held.
  public var passed: Bool
  /// The comparison as shown: `0.912 > 0.85`, `0.31 ≈ 0.3 ± 0.05` or `4.2 ∈ [3, 5]`.
  public var check: String?
  /// The measured value, when the claim compares one.
  public var measured: Double?
  /// The bound or reference it was compared against.
  public var bound: Double?
  /// The lower and upper ends of a range check.
  public var lower: Double?, upper: Double?
  /// The tolerance of an approximate-equality check.
  public var tolerance: Double?

  /// Creates a record.
  public init(
    statement: String, passed: Bool, check: String? = nil, measured: Double? = nil, bound: Double? = nil,
    lower: Double? = nil, upper: Double? = nil, tolerance: Double? = nil
  ) {
    self.statement = statement
    self.passed = passed
    self.check = check
    self.measured = measured
    self.bound = bound
    self.lower = lower
    self.upper = upper
    self.tolerance = tolerance
  }
}

/// Where a training loop is: step of total, with named values such as the loss.
public struct ProgressRecord: Codable, Sendable, Equatable {
  /// The current step (1-based when done counting).
  public var step: Int
  /// The number of steps, when known.
  public var total: Int?
  /// Named values at this step, in the order given.
  public var values: [NamedValue]

  /// Creates a record.
  public init(step: Int, total: Int?, values: [NamedValue]) {
    self.step = step
    self.total = total
    self.values = values
  }
}

/// A name and a number, kept in order (JSON objects are unordered).
public struct NamedValue: Codable, Sendable, Equatable {
  /// The name.
  public var name: String
  /// The value.
  public var value: Double

  /// Creates a pair.
  public init(_ name: String, _ value: Double) {
    self.name = name
    self.value = value
  }
}

/// A figure written by a cell: PNG files (light and dark) relative to the run folder.
public struct FigureRecord: Codable, Sendable, Equatable {
  /// The light-theme PNG.
  public var light: String
  /// The dark-theme PNG.
  public var dark: String
  /// The size in points (the PNGs are 2× this in pixels).
  public var width: Int, height: Int
  /// The figure's own title or description, used as alt text without a caption.
  public var title: String?

  /// Creates a record.
  public init(light: String, dark: String, width: Int, height: Int, title: String?) {
    self.light = light
    self.dark = dark
    self.width = width
    self.height = height
    self.title = title
  }
}
