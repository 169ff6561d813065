import CCmark

#if canImport(Glibc)
import Glibc
#endif

/// GitHub-style pipe tables, which plain CommonMark (libcmark) does not have.
///
/// A table is a header row, a delimiter row (`|---|:---:|`) and body rows, each starting with
/// `|`. It is swapped for an inert token before cmark runs, and its HTML (cells rendered as
/// inline Markdown, so code spans and math work) is put back afterwards.
enum PipeTables {
  static func token(_ index: Int) -> String { "LITMUSTABLE\(index)X" }

  /// Replaces tables outside code fences with tokens; returns the text and each table's HTML.
  static func lift(_ markdown: String) -> (String, [String]) {
    let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    var out: [String] = []
    var tables: [String] = []
    var inFence = false
    var i = 0
    while i < lines.count {
      let trimmed = lines[i].trimmingLeadingSpaces()
      if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") { inFence.toggle() }
      if !inFence, trimmed.hasPrefix("|"), i + 1 < lines.count, isDelimiter(lines[i + 1]) {
        var end = i + 2
        while end < lines.count, lines[end].trimmingLeadingSpaces().hasPrefix("|") { end += 1 }
        tables.append(html(header: lines[i], delimiter: lines[i + 1], rows: Array(lines[(i + 2)..<end])))
        out += ["", token(tables.count - 1), ""]
        i = end
        continue
      }
      out.append(lines[i])
      i += 1
    }
    return (out.joined(separator: "\n"), tables)
  }

  static func cells(_ line: String) -> [String] {
    var text = line.trimmingLeadingSpaces()
    if text.hasPrefix("|") { text.removeFirst() }
    while text.hasSuffix(" ") { text.removeLast() }
    if text.hasSuffix("|") && !text.hasSuffix("\\|") { text.removeLast() }
    var cells: [String] = []
    var current = ""
    var escaped = false
    for c in text {
      if escaped {
        current.append(c == "|" ? "|" : "\\\(c)")
        escaped = false
      } else if c == "\\" {
        escaped = true
      } else if c == "|" {
        cells.append(current)
        current = ""
      } else {
        current.append(c)
      }
    }
    cells.append(current)
    return cells.map { $0.trimmingLeadingSpaces().trimmingTrailingSpaces() }
  }

  private static func isDelimiter(_ line: String) -> Bool {
    let parts = cells(line)
    return !parts.isEmpty
      && parts.allSatisfy { part in
        let core = part.trimmingCharacters(":")
        return !core.isEmpty && core.allSatisfy { $0 == "-" }
      }
  }

  private static func html(header: String, delimiter: String, rows: [String]) -> String {
    let alignments = cells(delimiter).map { part -> String in
      switch (part.hasPrefix(":"), part.hasSuffix(":")) {
      case (true, true): " style=\"text-align: center\""
      case (false, true): " style=\"text-align: right\""
      case (true, false): " style=\"text-align: left\""
      default: ""
      }
    }
    func row(_ line: String, tag: String) -> String {
      let values = cells(line)
      let count = max(alignments.count, 1)
      let padded = (0..<count).map { $0 < values.count ? values[$0] : "" }
      let items = padded.enumerated().map { index, value in
        let align = index < alignments.count ? alignments[index] : ""
        return "<\(tag)\(align)>\(inline(value))</\(tag)>"
      }
      return "<tr>" + items.joined() + "</tr>"
    }
    return "<div class=\"table-wrap\"><table><thead>" + row(header, tag: "th") + "</thead><tbody>"
      + rows.map { row($0, tag: "td") }.joined() + "</tbody></table></div>"
  }

  /// A cell's inline Markdown as HTML, without the paragraph cmark wraps it in.
  private static func inline(_ text: String) -> String {
    guard !text.isEmpty, let rendered = cmark_markdown_to_html(text, text.utf8.count, CMARK_OPT_DEFAULT) else {
      return ""
    }
    defer { free(rendered) }
    var html = String(cString: rendered).trimmingTrailingSpaces()
    if html.hasSuffix("\n") { html.removeLast() }
    if html.hasPrefix("<p>") && html.hasSuffix("</p>") { html = String(html.dropFirst(3).dropLast(4)) }
    return html
  }
}

extension String {
  func trimmingLeadingSpaces() -> String { String(drop { $0 == " " || $0 == "\t" }) }
  func trimmingTrailingSpaces() -> String {
    var s = Substring(self)
    while let last = s.last, last == " " || last == "\t" || last == "\n" { s = s.dropLast() }
    return String(s)
  }
  func trimmingCharacters(_ character: Character) -> String {
    var s = Substring(self)
    while s.first == character { s = s.dropFirst() }
    while s.last == character { s = s.dropLast() }
    return String(s)
  }
}
