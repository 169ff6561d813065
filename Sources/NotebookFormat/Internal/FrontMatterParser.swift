import Yams

/// Validates front matter against the schema, keeping YAML line numbers for messages.
struct FrontMatterParser {
  let path: String
  /// The notebook line of the YAML text's first line.
  let firstLine: Int

  func parse(_ yaml: String) throws -> FrontMatter {
    let root: Node?
    do {
      root = try Yams.compose(yaml: yaml)
    } catch let error as YamlError {
      throw yamlError(error)
    }
    guard let root, case .mapping(let mapping) = root else {
      throw NotebookError(
        path: path, line: firstLine - 1, message: "front matter must be a mapping with at least `title:`")
    }
    var title: String?
    var matter = FrontMatter(title: "")
    for (key, value) in mapping {
      let name = key.string ?? ""
      switch name {
      case "title": title = try string(value, "title")
      case "paper": matter.paper = try paper(value)
      case "tags": matter.tags = try strings(value, "tags")
      case "params": matter.params = try params(value)
      case "timeout": matter.timeout = try positiveNumber(value, "timeout")
      case "optimize": matter.optimize = try bool(value, "optimize")
      default:
        throw error(at: key, "unknown front-matter key '\(name)'" + suggestion(for: name, among: FrontMatter.keys))
      }
    }
    guard let title, !title.isEmpty else {
      throw NotebookError(path: path, line: firstLine - 1, message: "front matter needs a `title:`")
    }
    matter.title = title
    addImplicitParams(&matter)
    return matter
  }

  /// Every notebook has `seed` (default 0) and `quick` (default false), so `--quick` and
  /// `-p seed=…` always work.
  private func addImplicitParams(_ matter: inout FrontMatter) {
    if matter.param("seed") == nil { matter.params.insert(Param(name: "seed", value: .int(0), line: 0), at: 0) }
    if matter.param("quick") == nil { matter.params.append(Param(name: "quick", value: .bool(false), line: 0)) }
  }

  private func paper(_ node: Node) throws -> Paper {
    if case .scalar = node { return Paper(title: try string(node, "paper")) }
    guard case .mapping(let mapping) = node else {
      throw error(at: node, "`paper` must be a mapping: { title, authors, year, url }")
    }
    var paper = Paper(title: "")
    for (key, value) in mapping {
      let name = key.string ?? ""
      switch name {
      case "title": paper.title = try string(value, "paper.title")
      case "authors": paper.authors = try string(value, "paper.authors")
      case "year":
        guard let year = value.int else { throw error(at: value, "`paper.year` must be an integer") }
        paper.year = year
      case "url": paper.url = try string(value, "paper.url")
      default:
        throw error(at: key, "unknown key 'paper.\(name)'" + suggestion(for: name, among: FrontMatter.paperKeys))
      }
    }
    guard !paper.title.isEmpty else { throw error(at: node, "`paper` needs a `title`") }
    return paper
  }

  private func params(_ node: Node) throws -> [Param] {
    guard case .mapping(let mapping) = node else {
      throw error(at: node, "`params` must be a mapping of names to default values, e.g. { seed: 0, steps: 1000 }")
    }
    var out: [Param] = []
    for (key, value) in mapping {
      let name = key.string ?? ""
      guard Self.isIdentifier(name) else {
        throw error(at: key, "param name '\(name)' is not a Swift identifier (letters, digits, underscores)")
      }
      guard case .scalar(let scalar) = value else {
        throw error(at: value, "param '\(name)' needs a scalar default (Int, Double, Bool or String)")
      }
      out.append(Param(name: name, value: try paramValue(scalar, value, name), line: line(of: key)))
    }
    return out
  }

  private func paramValue(_ scalar: Node.Scalar, _ node: Node, _ name: String) throws -> ParamValue {
    if scalar.style != .plain { return .string(scalar.string) }
    if let b = node.bool { return .bool(b) }
    if let i = node.int { return .int(i) }
    if let d = node.float { return .double(d) }
    if node.null != nil { throw error(at: node, "param '\(name)' has no default value") }
    return .string(scalar.string)
  }

  private func string(_ node: Node, _ key: String) throws -> String {
    guard case .scalar(let scalar) = node else { throw error(at: node, "`\(key)` must be text") }
    return scalar.string
  }

  private func strings(_ node: Node, _ key: String) throws -> [String] {
    if case .scalar = node { return [try string(node, key)] }
    guard case .sequence(let sequence) = node else { throw error(at: node, "`\(key)` must be a list, e.g. [a, b]") }
    return try sequence.map { try string($0, key) }
  }

  private func positiveNumber(_ node: Node, _ key: String) throws -> Double {
    guard let value = node.float ?? node.int.map(Double.init), value > 0 else {
      throw error(at: node, "`\(key)` must be a positive number of seconds")
    }
    return value
  }

  private func bool(_ node: Node, _ key: String) throws -> Bool {
    guard let value = node.bool else { throw error(at: node, "`\(key)` must be true or false") }
    return value
  }

  private func line(of node: Node) -> Int { (node.mark?.line ?? 1) + firstLine - 1 }

  private func error(at node: Node, _ message: String) -> NotebookError {
    NotebookError(path: path, line: line(of: node), column: node.mark?.column ?? 1, message: message)
  }

  private func yamlError(_ error: YamlError) -> NotebookError {
    switch error {
    case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _):
      return NotebookError(
        path: path, line: mark.line + firstLine - 1, column: mark.column, message: "invalid YAML: \(problem)")
    case .composer(_, let problem, let mark, _):
      return NotebookError(
        path: path, line: mark.line + firstLine - 1, column: mark.column, message: "invalid YAML: \(problem)")
    default:
      return NotebookError(path: path, line: firstLine, message: "invalid YAML: \(error)")
    }
  }

  static func isIdentifier(_ name: String) -> Bool {
    guard let first = name.unicodeScalars.first, first == "_" || first.properties.isAlphabetic else { return false }
    return name.unicodeScalars.allSatisfy { $0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0) }
  }
}
