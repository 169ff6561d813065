/// A `-p name=value` that does not fit the notebook's params: a usage error.
public struct ParamOverrideError: Error, Sendable, Equatable, CustomStringConvertible {
  /// What is wrong, naming the param and its type.
  public var message: String

  /// Creates an error.
  public init(message: String) { self.message = message }

  public var description: String { message }
}

extension Notebook {
  /// The params with `overrides` (`name`, `value` text) applied, type-checked.
  /// - Throws: `ParamOverrideError` for an unknown name or a value of the wrong type.
  public func params(overriding overrides: [(String, String)]) throws -> [Param] {
    var params = frontMatter.params
    for (name, text) in overrides {
      guard let index = params.firstIndex(where: { $0.name == name }) else {
        throw ParamOverrideError(
          message: "unknown param '\(name)'"
            + suggestion(for: name, among: params.map(\.name), listing: "this notebook's params are"))
      }
      guard let value = params[index].value.parsing(text) else {
        throw ParamOverrideError(
          message:
            "param '\(name)' is \(params[index].value.typeNameWithArticle); '\(text)' is not a valid \(params[index].value.typeName)"
        )
      }
      params[index].value = value
    }
    return params
  }
}
