import RunProtocol

/// Everything a run of one notebook produced: per-cell status and outputs, claims, provenance.
///
/// This is what the cache stores and what the site renders; it holds no presentation options
/// (captions, echo), which come from the notebook at render time.
public struct NotebookRun: Codable, Sendable, Equatable {
  /// The outcome of the whole notebook.
  public enum Status: String, Codable, Sendable {
    /// Every cell ran and every claim held.
    case passed
    /// Every cell ran and a claim failed.
    case claimFailed = "claim-failed"
    /// A cell failed to compile, trapped or timed out.
    case error
    /// The notebook itself is invalid (front matter, options, params).
    case invalid
  }

  /// The format version of this record; a different version in the cache is ignored.
  public static let formatVersion = 1
  /// The format version this record was written with.
  public var version = NotebookRun.formatVersion
  /// The notebook path as given.
  public var notebook: String
  /// The outcome.
  public var status: Status
  /// One entry per cell, in order.
  public var cells: [CellResult]
  /// The compiler's full output when compilation failed.
  public var compilerOutput: String?
  /// Output of the program outside any cell, such as a crash while starting.
  public var programOutput: String?
  /// Wall seconds of the original run (compile + execute).
  public var seconds: Double
  /// When, where and with what it ran.
  public var provenance: Provenance

  /// Creates a run record.
  public init(
    notebook: String, status: Status, cells: [CellResult], compilerOutput: String?, programOutput: String?,
    seconds: Double, provenance: Provenance
  ) {
    self.notebook = notebook
    self.status = status
    self.cells = cells
    self.compilerOutput = compilerOutput
    self.programOutput = programOutput
    self.seconds = seconds
    self.provenance = provenance
  }

  /// Every claim of the run, in order.
  public var claims: [ClaimRecord] {
    cells.flatMap { $0.outputs.compactMap { if case .claim(let c) = $0 { c } else { nil } } }
  }

  /// The status computed from cells and claims.
  static func status(of cells: [CellResult]) -> Status {
    if cells.contains(where: { $0.status == .error || $0.status == .timeout }) { return .error }
    let claims = cells.flatMap { $0.outputs.compactMap { if case .claim(let c) = $0 { c } else { nil } } }
    return claims.allSatisfy(\.passed) ? .passed : .claimFailed
  }
}

/// One cell's result.
public struct CellResult: Codable, Sendable, Equatable {
  /// How a cell ended.
  public enum Status: String, Codable, Sendable {
    case ok, error, timeout
    /// An earlier cell failed, so this one never started.
    case notRun = "not-run"
    /// The cell has `eval: false`.
    case skipped
  }

  /// The cell's index.
  public var index: Int
  /// The notebook line of its first code line.
  public var line: Int
  /// How it ended.
  public var status: Status
  /// Wall seconds it ran.
  public var seconds: Double
  /// Its outputs in the order they were produced.
  public var outputs: [CellOutput]
  /// What went wrong, for `error` and `timeout`.
  public var failure: CellFailure?

  /// Creates a cell result.
  public init(index: Int, line: Int, status: Status, seconds: Double, outputs: [CellOutput], failure: CellFailure?) {
    self.index = index
    self.line = line
    self.status = status
    self.seconds = seconds
    self.outputs = outputs
    self.failure = failure
  }
}

/// One output of a cell.
public enum CellOutput: Codable, Sendable, Equatable {
  /// Text written to stdout or stderr.
  case text(String)
  /// A table with formatted cells.
  case table(columns: [String], rows: [[String]])
  /// A named number.
  case metric(name: String, value: Double)
  /// A checked claim.
  case claim(ClaimRecord)
  /// A figure; its files are relative to the run folder.
  case figure(FigureRecord)
}

/// Why a cell failed.
public struct CellFailure: Codable, Sendable, Equatable {
  /// A one-line summary, such as `trapped (SIGILL) at notebooks/x.md:12:5`.
  public var message: String
  /// The notebook line the failure points at, when known.
  public var line: Int?
  /// The column, when known.
  public var column: Int?
  /// The signal that ended the program, if one did.
  public var signal: String?
  /// Compiler diagnostics or the crash text.
  public var details: String?

  /// Creates a failure.
  public init(message: String, line: Int?, column: Int?, signal: String?, details: String?) {
    self.message = message
    self.line = line
    self.column = column
    self.signal = signal
    self.details = details
  }
}

/// Where and with what a run happened.
public struct Provenance: Codable, Sendable, Equatable {
  /// ISO 8601 date and time of the run.
  public var date: String
  /// The git commit of the notebook's repository, if any.
  public var commit: String?
  /// Whether the working tree had uncommitted changes.
  public var dirty: Bool?
  /// The compiler's version line.
  public var toolchain: String
  /// The engine's build identity (a hash of its objects).
  public var engine: String
  /// The params the run used, `name=value`.
  public var params: [String]
  /// The CPU model and core count.
  public var cpu: String
  /// BLAS threads given to the run.
  public var threads: Int
  /// Compiler flags.
  public var flags: [String]
  /// Data files the run read, with their SHA-256.
  public var dataFiles: [DataFile]

  /// Creates a provenance record.
  public init(
    date: String, commit: String?, dirty: Bool?, toolchain: String, engine: String, params: [String], cpu: String,
    threads: Int, flags: [String], dataFiles: [DataFile]
  ) {
    self.date = date
    self.commit = commit
    self.dirty = dirty
    self.toolchain = toolchain
    self.engine = engine
    self.params = params
    self.cpu = cpu
    self.threads = threads
    self.flags = flags
    self.dataFiles = dataFiles
  }
}

/// A data file a run read.
public struct DataFile: Codable, Sendable, Equatable {
  /// Its path.
  public var path: String
  /// Its size in bytes when read.
  public var size: Int
  /// Its modification time (seconds since 1970) when read.
  public var modified: Double
  /// The SHA-256 of its bytes.
  public var sha256: String
}
