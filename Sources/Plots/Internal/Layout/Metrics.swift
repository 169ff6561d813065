// Sizes of text, ticks and gaps, in points, scaled to pixels once per figure.

/// Every fixed size of a figure's furniture, in pixels for the figure's scale.
///
/// Text is a little smaller relative to the figure than matplotlib's defaults (which are sized for a
/// 6.4-inch figure), as large as it can be without crowding a 640-point one; shown at its point
/// size, tick labels are 12.5 px, as big as a page's small print.
struct Metrics {
  let scale: Double

  init(scale: Int) { self.scale = Double(scale) }

  private func pt(_ v: Double) -> Double { v * scale }

  var tickFont: Double { pt(12.5) }
  var labelFont: Double { pt(13.5) }
  var titleFont: Double { pt(14) }
  var figureTitleFont: Double { pt(15) }
  var legendFont: Double { pt(12.5) }
  var annotationFont: Double { pt(12) }

  var tickLength: Double { pt(4) }
  var minorTickLength: Double { pt(2.5) }
  /// Frame, tick and grid line width.
  var hairline: Double { pt(1) }
  var tickPad: Double { pt(3.5) }
  var labelPad: Double { pt(5) }
  var titlePad: Double { pt(7) }
  /// Between the figure's edge (or the next panel) and anything drawn.
  var outerPad: Double { pt(8) }
  var panelGap: Double { pt(10) }

  var legendPad: Double { pt(6) }
  var legendRowGap: Double { pt(3) }
  var legendSwatch: Double { pt(22) }
  var legendSwatchGap: Double { pt(6) }
  /// Between the legend and the plot's edge.
  var legendInset: Double { pt(6) }

  var colorbarGap: Double { pt(12) }
  var colorbarWidth: Double { pt(12) }

  /// Markers drawn on lines.
  var lineMarkerSize: Double { pt(6.5) }
  func points(_ v: Double) -> Double { pt(v) }
}
