// The rows of a legend: a sample of each labelled mark and its label.

/// One legend row: what the series looks like, and its name.
struct LegendEntry {
  struct LineSample {
    var color: Color
    var style: LineStyle
    var width: Double
    var marker: Marker?
  }

  var label: String
  var line: LineSample?
  /// An area sample: bands, bars, histograms.
  var fill: (color: Color, opacity: Double)?
  /// A point sample: scatter plots.
  var point: (marker: Marker, color: Color, opacity: Double)?

  /// Entries in order of first appearance; a line and a band with the same label share a row.
  static func entries(for axes: Axes) -> [LegendEntry] {
    var entries: [LegendEntry] = []
    func update(_ label: String?, _ change: (inout LegendEntry) -> Void) {
      guard let label, !label.isEmpty else { return }
      if let i = entries.firstIndex(where: { $0.label == label }) {
        change(&entries[i])
      } else {
        var entry = LegendEntry(label: label)
        change(&entry)
        entries.append(entry)
      }
    }
    let histograms = axes.marks.filter { if case .histogram = $0 { true } else { false } }.count
    for mark in axes.marks {
      switch mark {
      case .line(let m):
        update(m.label) { $0.line = LineSample(color: m.color, style: m.style, width: m.width, marker: m.marker) }
      case .band(let m): update(m.label) { $0.fill = (m.color, m.opacity) }
      case .bars(let m): update(m.label) { $0.fill = (m.color, 1) }
      case .histogram(let m): update(m.label) { $0.fill = (m.color, histogramOpacity(count: histograms)) }
      case .scatter(let m):
        switch m.coloring {
        case .single(let color): update(m.label) { $0.point = (m.marker, color, m.opacity) }
        case .classes(let classes, let names):
          for k in Set(classes).sorted() {
            let name = names.flatMap { k >= 0 && k < $0.count ? $0[k] : nil } ?? "class \(k)"
            update(name) { $0.point = (m.marker, .palette(k), m.opacity) }
          }
        case .values: break
        }
      case .heatmap, .rule, .text: break
      }
    }
    return entries
  }

  /// Overlaid histograms are translucent so each stays visible.
  static func histogramOpacity(count: Int) -> Double { count > 1 ? 0.55 : 0.9 }

  /// The legend box's size for these entries.
  static func size(of entries: [LegendEntry], metrics m: Metrics, painter: TextPainter) -> (Double, Double) {
    let runs = entries.map { painter.measure($0.label, size: m.legendFont) }
    let textWidth = runs.map(\.width).max() ?? 0
    let rowHeight = runs.first?.height ?? 0
    let width = 2 * m.legendPad + m.legendSwatch + m.legendSwatchGap + textWidth
    let height =
      2 * m.legendPad + Double(entries.count) * rowHeight + Double(max(entries.count - 1, 0)) * m.legendRowGap
    return (width.rounded(.up), height.rounded(.up))
  }
}
