// The data ranges and fixed ticks an axes implies, before any pixel is known.

extension Axes {
  /// Bar categories in order of first appearance.
  var categories: [String] {
    var seen: [String] = []
    for case .bars(let bar) in marks {
      for c in bar.categories where !seen.contains(c) { seen.append(c) }
    }
    return seen
  }

  var heatmap: HeatmapMark? {
    for case .heatmap(let h) in marks { return h }
    return nil
  }

  /// The x and y axes with limits chosen (ticks are chosen later, once lengths are known).
  func axisModels() -> (x: AxisModel, y: AxisModel) {
    var x = Extent()
    var y = Extent()
    let categories = self.categories
    for mark in marks {
      switch mark {
      case .line(let m):
        x.include(m.x, scale: xScale)
        y.include(m.y, scale: yScale)
      case .band(let m):
        x.include(m.x, scale: xScale)
        y.include(m.lower, scale: yScale)
        y.include(m.upper, scale: yScale)
      case .scatter(let m):
        x.include(m.x, scale: xScale)
        y.include(m.y, scale: yScale)
      case .bars(let m):
        x.include([-0.5, Double(categories.count) - 0.5], scale: .linear)
        x.tight = true
        y.baselineZero = true
        y.include(0, scale: yScale)
        for (i, v) in m.values.enumerated() {
          let e = m.errors?[i] ?? 0
          y.include([v - e, v + e], scale: yScale)
        }
      case .histogram(let m):
        x.include(m.edges, scale: xScale)
        y.baselineZero = true
        y.include(0, scale: yScale)
        y.include(m.counts, scale: yScale)
      case .heatmap(let m):
        x.include([0, Double(m.columns)], scale: .linear)
        y.include([0, Double(m.rows)], scale: .linear)
        x.tight = true
        y.tight = true
      case .rule(let m):
        if m.orientation == .vertical { x.include(m.value, scale: xScale) } else { y.include(m.value, scale: yScale) }
      case .text(let m):
        x.include(m.x, scale: xScale)
        y.include(m.y, scale: yScale)
      }
    }
    let heatmap = self.heatmap
    var xModel = AxisModel(extent: x, limits: xLimits, scale: heatmap == nil ? xScale : .linear, margin: 0.03)
    var yModel = AxisModel(extent: y, limits: yLimits, scale: heatmap == nil ? yScale : .linear, margin: 0.05)
    if !categories.isEmpty {
      xModel.fixedTicks = TickSet(
        major: categories.enumerated().map { Tick(value: Double($0.offset), label: $0.element) })
    }
    if let heatmap {
      yModel.inverted = true
      xModel.fixedTicks = Self.cellTicks(heatmap.columns, labels: heatmap.xLabels)
      yModel.fixedTicks = Self.cellTicks(heatmap.rows, labels: heatmap.yLabels)
    }
    return (xModel, yModel)
  }

  /// Ticks at cell centres: every named cell, else nice whole indices.
  private static func cellTicks(_ count: Int, labels: [String]?) -> TickSet {
    if let labels, labels.count == count {
      return TickSet(major: labels.enumerated().map { Tick(value: Double($0.offset) + 0.5, label: $0.element) })
    }
    guard count > 1 else { return TickSet(major: [Tick(value: 0.5, label: "0")]) }
    let nice = LinearTicks.ticks(0, Double(count - 1), target: min(count, 6))
      .filter { $0.value == $0.value.rounded() }
    return TickSet(major: nice.map { Tick(value: $0.value + 0.5, label: NumberFormat.fixed($0.value, decimals: 0)) })
  }
}
