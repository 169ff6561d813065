/// A small Swift tokenizer that colours the site's code blocks.
///
/// It wraps keywords, types, literals, comments and attributes in `<span>`s. It only colours; it never reorders or drops text, so
/// the escaped output always reads exactly as the source.
enum SwiftHighlighter {
  static let keywords: Set<String> = [
    "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init", "inout",
    "internal", "let", "open", "operator", "private", "protocol", "public", "rethrows", "static", "struct",
    "subscript", "typealias", "var", "break", "case", "continue", "default", "defer", "do", "else", "fallthrough",
    "for", "guard", "if", "in", "repeat", "return", "switch", "where", "while", "as", "catch", "false", "is", "nil",
    "self", "Self", "super", "throw", "throws", "true", "try", "await", "async", "some", "any", "mutating", "final",
    "override", "lazy", "weak", "unowned", "convenience", "required", "indirect", "nonisolated",
  ]

  static func html(_ code: String) -> String {
    let chars = Array(code.unicodeScalars)
    var out = ""
    var i = 0
    func emit(_ kind: String?, _ range: Range<Int>) {
      let text = HTML.escape(String(String.UnicodeScalarView(chars[range])))
      out += kind.map { "<span class=\"\($0)\">\(text)</span>" } ?? text
    }
    while i < chars.count {
      let c = chars[i]
      let next = i + 1 < chars.count ? chars[i + 1] : " "
      if c == "/" && next == "/" {
        let end = chars[i...].firstIndex(of: "\n") ?? chars.count
        emit("com", i..<end)
        i = end
      } else if c == "/" && next == "*" {
        var j = i + 2
        while j + 1 < chars.count, !(chars[j] == "*" && chars[j + 1] == "/") { j += 1 }
        let end = min(j + 2, chars.count)
        emit("com", i..<end)
        i = end
      } else if c == "\"" {
        let end = stringEnd(chars, from: i)
        emit("str", i..<end)
        i = end
      } else if c.properties.isAlphabetic || c == "_" {
        var j = i
        while j < chars.count, chars[j].properties.isAlphabetic || chars[j] == "_" || ("0"..."9").contains(chars[j]) {
          j += 1
        }
        let word = String(String.UnicodeScalarView(chars[i..<j]))
        let kind: String? =
          keywords.contains(word) ? "kw" : (word.first!.isUppercase ? "ty" : nil)
        emit(kind, i..<j)
        i = j
      } else if ("0"..."9").contains(c) {
        var j = i
        while j < chars.count,
          chars[j].properties.isAlphabetic || ("0"..."9").contains(chars[j]) || chars[j] == "."
            || chars[j] == "_"
        {
          if chars[j] == ".", j + 1 < chars.count, !("0"..."9").contains(chars[j + 1]) { break }
          j += 1
        }
        emit("num", i..<j)
        i = j
      } else if c == "@" || c == "#" {
        var j = i + 1
        while j < chars.count, chars[j].properties.isAlphabetic || chars[j] == "_" { j += 1 }
        emit(j > i + 1 ? "attr" : nil, i..<j)
        i = j
      } else {
        emit(nil, i..<(i + 1))
        i += 1
      }
    }
    return out
  }

  /// The index after a string literal starting at `start` (single-line or `"""` multi-line).
  private static func stringEnd(_ chars: [Unicode.Scalar], from start: Int) -> Int {
    let triple = start + 2 < chars.count && chars[start + 1] == "\"" && chars[start + 2] == "\""
    var j = start + (triple ? 3 : 1)
    while j < chars.count {
      if chars[j] == "\\" {
        j += 2
        continue
      }
      if triple {
        if chars[j] == "\"", j + 2 < chars.count, chars[j + 1] == "\"", chars[j + 2] == "\"" { return j + 3 }
      } else if chars[j] == "\"" {
        return j + 1
      } else if chars[j] == "\n" {
        return j
      }
      j += 1
    }
    return chars.count
  }
}
