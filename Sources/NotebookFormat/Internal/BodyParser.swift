import CCmark
import Foundation

/// Splits the body (after the front matter) into prose and Swift cells using libcmark's block
/// structure, then reads each cell's code from the raw lines so columns stay exact.
struct BodyParser {
  let path: String
  let lines: [String]
  /// The number of notebook lines before the body's first line.
  let lineOffset: Int

  func parse() throws -> [Notebook.Block] {
    let text = lines.joined(separator: "\n")
    guard let document = cmark_parse_document(text, text.utf8.count, CMARK_OPT_DEFAULT) else {
      throw NotebookError(path: path, line: lineOffset + 1, message: "libcmark could not parse the body")
    }
    defer { cmark_node_free(document) }
    var fences: [(open: Int, close: Int?, info: String)] = []  // 0-based body lines
    var node = cmark_node_first_child(document)
    while let current = node {
      if cmark_node_get_type(current) == CMARK_NODE_CODE_BLOCK, let info = cmark_node_get_fence_info(current) {
        let infoText = String(cString: info).trimmingCharacters(in: .whitespaces)
        let language = infoText.split(separator: " ").first.map(String.init) ?? ""
        let open = Int(cmark_node_get_start_line(current)) - 1
        if language == "swift", isFence(lines[open]) {
          fences.append((open, closingFence(after: open, end: Int(cmark_node_get_end_line(current)) - 1), infoText))
        }
      }
      node = cmark_node_next(current)
    }
    return try assemble(fences)
  }

  private func assemble(_ fences: [(open: Int, close: Int?, info: String)]) throws -> [Notebook.Block] {
    var blocks: [Notebook.Block] = []
    var proseStart = 0
    for (index, fence) in fences.enumerated() {
      appendProse(from: proseStart, to: fence.open, into: &blocks)
      let codeEnd = fence.close ?? lines.count
      let code = lines[(fence.open + 1)..<codeEnd].joined(separator: "\n")
      let firstLine = fence.open + 2 + lineOffset
      let options = try CellOptionsParser(path: path).parse(code, firstLine: firstLine)
      blocks.append(
        .cell(Cell(index: index, code: code, line: firstLine, fenceLine: fence.open + 1 + lineOffset, options: options))
      )
      proseStart = codeEnd + 1
    }
    appendProse(from: proseStart, to: lines.count, into: &blocks)
    return blocks
  }

  private func appendProse(from start: Int, to end: Int, into blocks: inout [Notebook.Block]) {
    guard start < end else { return }
    var first = start, last = end
    while first < last, lines[first].trimmingCharacters(in: .whitespaces).isEmpty { first += 1 }
    while last > first, lines[last - 1].trimmingCharacters(in: .whitespaces).isEmpty { last -= 1 }
    guard first < last else { return }
    blocks.append(.prose(markdown: lines[first..<last].joined(separator: "\n"), line: first + 1 + lineOffset))
  }

  private func isFence(_ line: String) -> Bool {
    let trimmed = line.drop { $0 == " " }
    return trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~")
  }

  /// The closing fence line of the block opened at `open`, or nil when the block runs to the
  /// end of the document unclosed.
  private func closingFence(after open: Int, end: Int) -> Int? {
    let opening = lines[open].drop { $0 == " " }
    guard let marker = opening.first else { return nil }
    let length = opening.prefix { $0 == marker }.count
    let last = min(end, lines.count - 1)
    guard last > open else { return nil }
    for i in (open + 1)...last {
      let candidate = lines[i].drop { $0 == " " }
      let run = candidate.prefix { $0 == marker }.count
      if run >= length, candidate.dropFirst(run).allSatisfy({ $0 == " " || $0 == "\t" }),
        lines[i].count - candidate.count <= 3
      {
        return i
      }
    }
    return nil
  }
}
