// Pixel rectangles of bars (grouped side by side) and histogram bins.

extension PanelLayout {
  /// The bars of the mark at `index`, snapped to whole pixels so edges are crisp.
  func barRects(at index: Int) -> [Rect] {
    switch axes.marks[index] {
    case .bars(let bar):
      let groups = axes.marks.filter { if case .bars = $0 { true } else { false } }.count
      let group = axes.marks[..<index].filter { if case .bars = $0 { true } else { false } }.count
      let categories = axes.categories
      let width = 0.8 / Double(groups)
      return bar.categories.enumerated().map { j, category in
        let c = Double(categories.firstIndex(of: category) ?? 0)
        let left = c - 0.4 + Double(group) * width
        return snapped(left, left + width, baseline, bar.values[j])
      }
    case .histogram(let h):
      let gap = plot.width / Double(max(h.counts.count, 1)) >= metrics.points(3) ? metrics.points(0.5) : 0
      return h.counts.indices.map { i in
        var r = snapped(h.edges[i], h.edges[i + 1], baseline, h.counts[i])
        r.x1 = max(r.x0, r.x1 - gap)
        return r
      }
    default:
      return []
    }
  }

  /// Where bars start: zero, or the bottom of a log axis.
  var baseline: Double { y.scale == .log ? y.lo : 0 }

  private func snapped(_ x0: Double, _ x1: Double, _ y0: Double, _ y1: Double) -> Rect {
    let (a, b) = (py(y0), py(y1))
    let top = (min(a, b)).rounded()
    let bottom = (max(a, b)).rounded()
    return Rect(
      x0: px(x0).rounded(), y0: top.isFinite ? top : plot.y1, x1: px(x1).rounded(),
      y1: bottom.isFinite ? bottom : plot.y1)
  }
}
