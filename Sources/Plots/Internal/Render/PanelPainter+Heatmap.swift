// Painting heatmap cells (with optional values) and the colour bar beside the plot.

extension PanelPainter {
  func paintHeatmap(_ mark: HeatmapMark) {
    let lo = mark.range.lowerBound
    let span = mark.range.upperBound - lo
    // Cell edges on whole pixels: neighbouring cells meet without seams.
    let xs = (0...mark.columns).map { layout.px(Double($0)).rounded() }
    let ys = (0...mark.rows).map { layout.py(Double($0)).rounded() }
    for r in 0..<mark.rows {
      for c in 0..<mark.columns {
        let v = mark.values[r * mark.columns + c]
        let color = v.isFinite ? mark.colormap.color(at: (v - lo) / span) : colors.grid
        fillRect(Rect(x0: xs[c], y0: ys[r], x1: xs[c + 1], y1: ys[r + 1]), color)
      }
    }
    guard mark.showValues else { return }
    let labels = mark.values.map { formatCell($0, mark) }
    let widest = labels.map { text.measure($0, size: m.annotationFont).width }.max() ?? 0
    guard widest < (xs[1] - xs[0]) - m.points(2) else { return }
    for r in 0..<mark.rows {
      for c in 0..<mark.columns {
        let v = mark.values[r * mark.columns + c]
        let cell = mark.colormap.color(at: (v - lo) / span)
        let ink = cell.luminance > 0.4 ? RGB(hex: 0x111111) : RGB(hex: 0xF5F5F5)
        let center = Point((xs[c] + xs[c + 1]) / 2, (ys[r] + ys[r + 1]) / 2)
        text.draw(
          labels[r * mark.columns + c], size: m.annotationFont, at: center, h: .center, v: .capCenter, color: ink,
          on: canvas)
      }
    }
  }

  /// Integers as integers, other values with two significant decimals.
  private func formatCell(_ v: Double, _ mark: HeatmapMark) -> String {
    guard v.isFinite else { return "" }
    if mark.values.allSatisfy({ !$0.isFinite || $0 == $0.rounded() }) { return NumberFormat.fixed(v, decimals: 0) }
    return NumberFormat.fixed(v, decimals: 2)
  }

  func paintColorbar() {
    guard let colorbar = layout.colorbar else { return }
    let x0 = (plot.x1 + m.colorbarGap).rounded()
    let x1 = x0 + m.colorbarWidth.rounded()
    let top = Int(plot.y0)
    let bottom = Int(plot.y1)
    for y in top..<bottom {
      let t = (Double(bottom - y) - 0.5) / Double(bottom - top)
      canvas.fill(x0: Int(x0), y0: y, x1: Int(x1), y1: y + 1, color: colorbar.colormap.color(at: t))
    }
    let axis = colorbar.axis
    for tick in axis.ticks.major {
      let f = axis.fraction(tick.value)
      guard f >= -0.001, f <= 1.001 else { continue }
      let y = crisp(plot.y1 - f * plot.height, m.hairline)
      fillRect(Rect(x0: x1, y0: y - m.hairline / 2, x1: x1 + m.tickLength, y1: y + m.hairline / 2), colors.spine)
      text.draw(
        tick.label, size: m.tickFont, at: Point(x1 + m.tickLength + m.tickPad, y), h: .left, v: .capCenter,
        color: colors.tickText, on: canvas)
    }
  }
}
