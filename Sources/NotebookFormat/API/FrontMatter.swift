/// The YAML front matter, validated against the schema.
public struct FrontMatter: Sendable, Equatable {
  /// The notebook's title.
  public var title: String
  /// The paper the notebook reproduces, if any.
  public var paper: Paper?
  /// Free-form tags for the site's filter.
  public var tags: [String] = []
  /// Typed parameters in declaration order; `seed` and `quick` are always present.
  public var params: [Param] = []
  /// A time limit for the whole run, in seconds.
  public var timeout: Double?
  /// Whether cells compile with `-O` instead of `-Onone`.
  public var optimize = false

  /// The keys the schema allows.
  public static let keys = ["title", "paper", "tags", "params", "timeout", "optimize"]
  /// The keys `paper` allows.
  public static let paperKeys = ["title", "authors", "year", "url"]

  /// Creates front matter with a title and defaults.
  public init(title: String) { self.title = title }

  /// The param named `name`.
  public func param(_ name: String) -> Param? { params.first { $0.name == name } }
}

/// The paper a notebook reproduces.
public struct Paper: Sendable, Equatable, Codable {
  /// The paper's exact title.
  public var title: String
  /// The authors, as one string.
  public var authors: String?
  /// The publication year.
  public var year: Int?
  /// A link, usually to arXiv.
  public var url: String?

  /// Creates a reference.
  public init(title: String, authors: String? = nil, year: Int? = nil, url: String? = nil) {
    self.title = title
    self.authors = authors
    self.year = year
    self.url = url
  }
}

/// A typed notebook parameter; cells read it as `params.name`.
public struct Param: Sendable, Equatable {
  /// The name, a Swift identifier.
  public var name: String
  /// The value (the default, or an override).
  public var value: ParamValue
  /// The front-matter line that declared it (0 when implicit).
  public var line: Int

  /// Creates a param.
  public init(name: String, value: ParamValue, line: Int) {
    self.name = name
    self.value = value
    self.line = line
  }
}

/// A param's value; its case is the param's type.
public enum ParamValue: Sendable, Equatable, CustomStringConvertible {
  case int(Int), double(Double), bool(Bool), string(String)

  /// The Swift type cells see.
  public var typeName: String {
    switch self {
    case .int: "Int"
    case .double: "Double"
    case .bool: "Bool"
    case .string: "String"
    }
  }

  /// The type name with its article, for messages: "an Int", "a Double".
  public var typeNameWithArticle: String {
    if case .int = self { return "an Int" }
    return "a \(typeName)"
  }

  /// The value as the program reads it back (`LosslessStringConvertible` text).
  public var description: String {
    switch self {
    case .int(let v): String(v)
    case .double(let v): String(v)
    case .bool(let v): String(v)
    case .string(let v): v
    }
  }

  /// Parses `text` as a value of the same type as `self`, or nil when it is not one.
  ///
  /// An Int literal is accepted for a Double param.
  public func parsing(_ text: String) -> ParamValue? {
    switch self {
    case .int: Int(text).map(ParamValue.int)
    case .double: Double(text).map(ParamValue.double)
    case .bool:
      switch text.lowercased() {
      case "true", "yes", "1": .bool(true)
      case "false", "no", "0": .bool(false)
      default: nil
      }
    case .string: .string(text)
    }
  }
}
