// Where one panel's plot area, ticks, labels, colour bar and legend go.

/// The geometry of one panel, in pixels.
///
/// Margins depend on tick labels, and tick labels on the plot's size, so the figure lays out in
/// passes: place the plot inside margins, choose ticks for its size, measure the margins they
/// need, align margins across the grid, and place again.
struct PanelLayout {
  let axes: Axes
  let cell: Rect
  let metrics: Metrics
  var x: AxisModel
  var y: AxisModel
  var plot: Rect
  /// Bar categories that do not fit side by side are written vertically.
  var verticalCategoryLabels = false
  var legendEntries: [LegendEntry]
  var legendSize: (width: Double, height: Double) = (0, 0)
  var legendOutside = false
  var legendBox: Rect?
  var colorbar: Colorbar?

  /// A colour scale shown beside the plot.
  struct Colorbar {
    var colormap: Colormap
    var axis: AxisModel
  }

  struct Margins {
    var left: Double
    var top: Double
    var right: Double
    var bottom: Double
  }

  init(axes: Axes, cell: Rect, metrics: Metrics, painter: TextPainter) {
    self.axes = axes
    self.cell = cell
    self.metrics = metrics
    (x, y) = axes.axisModels()
    plot = cell.insetBy(metrics.points(40))
    legendEntries = axes.legend == .hidden ? [] : LegendEntry.entries(for: axes)
    // Overlong names are shortened: a legend or a category axis must never push the plot away.
    for i in legendEntries.indices {
      legendEntries[i].label = painter.truncated(
        legendEntries[i].label, size: metrics.legendFont, maxWidth: cell.width * 0.35)
    }
    for (axis, limit) in [(\Self.x, cell.height * 0.3), (\Self.y, cell.width * 0.3)] {
      guard let fixed = self[keyPath: axis].fixedTicks else { continue }
      self[keyPath: axis].fixedTicks = TickSet(
        major: fixed.major.map {
          Tick(value: $0.value, label: painter.truncated($0.label, size: metrics.tickFont, maxWidth: limit))
        })
    }
    colorbar = Self.colorbar(for: axes)
    if !legendEntries.isEmpty {
      legendSize = LegendEntry.size(of: legendEntries, metrics: metrics, painter: painter)
      legendOutside = axes.legend == .outside
    }
  }

  /// The pixel column of data value `v`.
  @inline(__always)
  func px(_ v: Double) -> Double { plot.x0 + x.fraction(v) * plot.width }

  /// The pixel row of data value `v`.
  @inline(__always)
  func py(_ v: Double) -> Double {
    let f = y.fraction(v)
    return y.inverted ? plot.y0 + f * plot.height : plot.y1 - f * plot.height
  }

  func point(_ vx: Double, _ vy: Double) -> Point { Point(px(vx), py(vy)) }

  private static func colorbar(for axes: Axes) -> Colorbar? {
    if let h = axes.heatmap, h.colorbar {
      return Colorbar(
        colormap: h.colormap,
        axis: AxisModel(extent: Extent(), limits: h.range, scale: .linear, margin: 0))
    }
    for case .scatter(let s) in axes.marks {
      if case .values(let values, let colormap, true) = s.coloring {
        var e = Extent()
        e.include(values, scale: .linear)
        e.tight = true
        return Colorbar(colormap: colormap, axis: AxisModel(extent: e, limits: nil, scale: .linear, margin: 0))
      }
    }
    return nil
  }
}
