// The generated alternative text of a figure.

extension Figure {
  /// The generated description, listing chart kind, title, axis labels, log scales and series.
  ///
  /// For example: `Line chart "Title": accuracy against step (log x); series train, test.`
  var summary: String {
    var parts: [String] = []
    if panels.count > 1 { parts.append("Figure with \(panels.count) panels") }
    for (i, axes) in panels.enumerated() {
      var text = axes.kindDescription
      if let t = axes.title ?? (panels.count == 1 ? title : nil) { text += " \"\(t)\"" }
      if let y = axes.yLabel, let x = axes.xLabel {
        text += ": \(y) against \(x)"
      }
      let scales = [axes.xScale == .log ? "log x" : nil, axes.yScale == .log ? "log y" : nil].compactMap { $0 }
      if !scales.isEmpty { text += " (\(scales.joined(separator: ", ")))" }
      let names = axes.seriesNames
      if !names.isEmpty { text += "; series \(names.joined(separator: ", "))" }
      parts.append(panels.count > 1 ? "panel \(i + 1): \(text)" : text)
    }
    if panels.count > 1, let title { parts[0] += " \"\(title)\"" }
    return parts.isEmpty ? (title ?? "Empty figure") : parts.joined(separator: "; ") + "."
  }
}

extension Axes {
  /// "Line chart", "Bar chart", … after the first mark, or "Chart" when mixed.
  var kindDescription: String {
    let kinds = marks.compactMap { mark -> String? in
      switch mark {
      case .line, .band: "Line chart"
      case .scatter: "Scatter plot"
      case .bars: "Bar chart"
      case .histogram: "Histogram"
      case .heatmap: "Heatmap"
      case .rule, .text: nil
      }
    }
    guard let first = kinds.first else { return "Empty chart" }
    return kinds.allSatisfy { $0 == first } ? first : "Chart"
  }

  /// Labels of the labelled marks, each once, in order.
  var seriesNames: [String] {
    var names: [String] = []
    for mark in marks {
      let label: String? =
        switch mark {
        case .line(let m): m.label
        case .scatter(let m): m.label
        case .band(let m): m.label
        case .bars(let m): m.label
        case .histogram(let m): m.label
        default: nil
        }
      if let label, !names.contains(label) { names.append(label) }
    }
    return names
  }
}
