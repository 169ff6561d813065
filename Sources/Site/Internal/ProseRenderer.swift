import CCmark

#if canImport(Glibc)
import Glibc
#endif

/// CommonMark prose → HTML through libcmark, with TeX math protected from Markdown.
///
/// cmark would turn `$a*b*c$` into emphasis and eat TeX's backslash escapes, so math spans are
/// lifted out first (outside code spans and fences), replaced by inert tokens, and put back as
/// `<span class="math …">` elements holding the escaped TeX, which KaTeX renders in the
/// browser. Raw HTML in prose is not passed through (cmark's safe default).
enum ProseRenderer {
  static func html(_ markdown: String) -> String {
    let (withoutMath, spans) = liftMath(markdown)
    let (text, tables) = PipeTables.lift(withoutMath)
    guard let rendered = cmark_markdown_to_html(text, text.utf8.count, CMARK_OPT_DEFAULT) else { return "" }
    defer { free(rendered) }
    var html = String(cString: rendered)
    for (index, table) in tables.enumerated().reversed() {
      html = html.replacingOccurrences("<p>" + PipeTables.token(index) + "</p>", with: table)
    }
    for (index, span) in spans.enumerated().reversed() {
      let element =
        span.display
        ? "<span class=\"math display\">\\[\(HTML.escape(span.tex))\\]</span>"
        : "<span class=\"math inline\">\\(\(HTML.escape(span.tex))\\)</span>"
      html = html.replacingOccurrences(token(index), with: element)
    }
    return html
  }

  struct MathSpan: Equatable {
    var tex: String
    var display: Bool
  }

  static func token(_ index: Int) -> String { "LITMUSMATH\(index)X" }

  /// Replaces `$…$` and `$$…$$` outside code with tokens; returns the text and the spans.
  static func liftMath(_ markdown: String) -> (String, [MathSpan]) {
    var spans: [MathSpan] = []
    var out = ""
    var inFence = false
    var fenceMarker = ""
    var pendingDisplay: (tex: String, startLine: String)?
    for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
      let trimmed = line.drop { $0 == " " }
      if pendingDisplay == nil, trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
        let marker = String(trimmed.prefix { $0 == trimmed.first })
        if !inFence {
          inFence = true
          fenceMarker = marker
        } else if marker.count >= fenceMarker.count && marker.first == fenceMarker.first {
          inFence = false
        }
        out += line + "\n"
        continue
      }
      if inFence {
        out += line + "\n"
        continue
      }
      out += liftLine(String(line), &spans, &pendingDisplay) + "\n"
    }
    if let pending = pendingDisplay { out += "$$" + pending.tex }  // unclosed: keep as text
    return (String(out.dropLast()), spans)
  }

  /// Lifts math from one line; a `$$` block may continue over several lines.
  private static func liftLine(
    _ line: String, _ spans: inout [MathSpan], _ pending: inout (tex: String, startLine: String)?
  ) -> String {
    let chars = Array(line)
    var out = ""
    var i = 0
    while i < chars.count {
      if var block = pending {
        if chars[i] == "$", i + 1 < chars.count, chars[i + 1] == "$" {
          spans.append(MathSpan(tex: block.tex, display: true))
          out += token(spans.count - 1)
          pending = nil
          i += 2
        } else {
          block.tex.append(chars[i])
          pending = block
          i += 1
        }
        continue
      }
      let c = chars[i]
      if c == "\\", i + 1 < chars.count, chars[i + 1] == "$" {
        out += "\\$"
        i += 2
      } else if c == "`" {
        // Copy a code span verbatim: a run of n backticks up to the next run of n.
        let run = chars[i...].prefix { $0 == "`" }.count
        var j = i + run
        var closed = false
        while j < chars.count {
          if chars[j] == "`" {
            let other = chars[j...].prefix { $0 == "`" }.count
            if other == run {
              j += other
              closed = true
              break
            }
            j += other
          } else {
            j += 1
          }
        }
        let end = closed ? j : i + run
        out += String(chars[i..<end])
        i = end
      } else if c == "$", i + 1 < chars.count, chars[i + 1] == "$" {
        pending = ("", line)
        i += 2
      } else if c == "$", let close = closingDollar(chars, from: i + 1) {
        spans.append(MathSpan(tex: String(chars[(i + 1)..<close]), display: false))
        out += token(spans.count - 1)
        i = close + 1
      } else {
        out.append(c)
        i += 1
      }
    }
    if var block = pending {
      block.tex.append("\n")
      pending = block
    }
    return out
  }

  /// Pandoc's rule for inline math: no space after the opening `$`, no space before the
  /// closing one, and no digit right after it (so "$5 and $10" stays text).
  private static func closingDollar(_ chars: [Character], from start: Int) -> Int? {
    guard start < chars.count, chars[start] != " " else { return nil }
    var j = start
    while j < chars.count {
      if chars[j] == "\\" {
        j += 2
        continue
      }
      if chars[j] == "$" {
        guard chars[j - 1] != " " else { return nil }
        if j + 1 < chars.count, chars[j + 1].isNumber { return nil }
        return j
      }
      j += 1
    }
    return nil
  }
}

extension String {
  func replacingOccurrences(_ target: String, with replacement: String) -> String {
    guard !target.isEmpty else { return self }
    return split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
  }
}
