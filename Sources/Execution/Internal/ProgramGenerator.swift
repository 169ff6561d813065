import NotebookFormat

/// Turns a notebook into one Swift program: its cells in order, each behind a
/// `#sourceLocation` so compile errors and traps name the Markdown file and line.
///
/// The program depends only on what can change a result: the code and the param *types*.
/// Param values are read at run time (so `-p` does not recompile) and option lines are blanked
/// (so a caption edit does not recompile); blank lines keep every line number in place.
struct ProgramGenerator {
  let notebook: Notebook

  func generate() -> String {
    var out =
      "import Foundation\nimport Litmus\n\n_LitmusRun.start()\nDataAccessLog.observer = { _LitmusRun.dataFile($0) }\n\n"
    out += paramsDeclaration()
    for cell in notebook.cells where cell.options.eval {
      out += "\n_LitmusRun.beginCell(\(cell.index))\n"
      out += "#sourceLocation(file: \(swiftStringLiteral(notebook.path)), line: \(cell.line))\n"
      out += Self.runnableCode(cell) + "\n"
      out += "#sourceLocation()\n"
      out += "_LitmusRun.endCell(\(cell.index))\n"
    }
    out += "\n_LitmusRun.finish()\n"
    return out
  }

  private func paramsDeclaration() -> String {
    let params = notebook.frontMatter.params
    var out = "/// The notebook's params, typed from the front matter.\nstruct LitmusParams {\n"
    for p in params { out += "  let \(p.name): \(p.value.typeName)\n" }
    out += "}\n\nlet params = LitmusParams(\n"
    out += params.map { "  \($0.name): _LitmusRun.param(\"\($0.name)\", as: \($0.value.typeName).self)" }
      .joined(separator: ",\n")
    out += ")\n"
    return out
  }

  /// The cell's code with its leading option lines blanked.
  static func runnableCode(_ cell: Cell) -> String {
    var inOptions = true
    return cell.code.split(separator: "\n", omittingEmptySubsequences: false).map { line -> Substring in
      if inOptions, line.drop(while: { $0 == " " || $0 == "\t" }).hasPrefix("//|") { return "" }
      inOptions = false
      return line
    }.joined(separator: "\n")
  }
}

/// `text` as a Swift string literal.
func swiftStringLiteral(_ text: String) -> String {
  var out = "\""
  for c in text.unicodeScalars {
    switch c {
    case "\"": out += "\\\""
    case "\\": out += "\\\\"
    case "\n": out += "\\n"
    default: out.unicodeScalars.append(c)
    }
  }
  return out + "\""
}
