/// " (did you mean 'x'?)" when a known name is close to `name`, else a list of the valid names.
func suggestion(for name: String, among candidates: [String], listing: String = "valid keys") -> String {
  let scored = candidates.map { ($0, editDistance(name.lowercased(), $0.lowercased())) }
  if let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(2, name.count / 3) {
    return "; did you mean '\(best.0)'?"
  }
  return "; \(listing): " + candidates.joined(separator: ", ")
}

/// The Levenshtein distance between two strings.
func editDistance(_ a: String, _ b: String) -> Int {
  let a = Array(a), b = Array(b)
  if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
  var previous = Array(0...b.count)
  for i in 1...a.count {
    var current = [i] + Array(repeating: 0, count: b.count)
    for j in 1...b.count {
      current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
    }
    previous = current
  }
  return previous[b.count]
}
