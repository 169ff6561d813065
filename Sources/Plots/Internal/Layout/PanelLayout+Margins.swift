// Fitting ticks to the plot's size and measuring the margins their labels need.

extension PanelLayout {
  /// Sets the plot area from margins (snapped to whole pixels) and chooses ticks that fit it.
  mutating func place(_ margins: Margins, painter: TextPainter) {
    plot = Rect(
      x0: (cell.x0 + margins.left).rounded(), y0: (cell.y0 + margins.top).rounded(),
      x1: (cell.x1 - margins.right).rounded(), y1: (cell.y1 - margins.bottom).rounded())
    if plot.width < 10 || plot.height < 10 {
      plot = Rect(x0: plot.x0, y0: plot.y0, x1: max(plot.x1, plot.x0 + 10), y1: max(plot.y1, plot.y0 + 10))
    }
    chooseXTicks(painter)
    let yTarget = AxisModel.tickTarget(length: plot.height / metrics.scale, horizontal: false)
    y.chooseTicks(target: yTarget)
    colorbar?.axis.chooseTicks(target: yTarget)
    placeLegend(painter: painter)
  }

  /// X ticks as dense as their labels allow: fewer when neighbours would touch.
  private mutating func chooseXTicks(_ painter: TextPainter) {
    let gap = metrics.tickFont * 0.8
    var target = AxisModel.tickTarget(length: plot.width / metrics.scale, horizontal: true)
    verticalCategoryLabels = false
    while true {
      x.chooseTicks(target: target)
      if !overlaps(x.ticks.major, painter, gap: gap) || target <= 2 { return }
      if x.fixedTicks != nil {
        verticalCategoryLabels = true
        return
      }
      target -= 1
    }
  }

  private func overlaps(_ ticks: [Tick], _ painter: TextPainter, gap: Double) -> Bool {
    var previousEnd = -Double.infinity
    for tick in ticks.sorted(by: { px($0.value) < px($1.value) }) {
      let half = painter.measure(tick.label, size: metrics.tickFont).width / 2
      let center = px(tick.value)
      if center - half < previousEnd + gap { return true }
      previousEnd = center + half
    }
    return false
  }

  /// The margins this panel needs around its plot with the current ticks.
  func neededMargins(painter: TextPainter) -> Margins {
    let m = metrics
    let tickRun = painter.measure("0", size: m.tickFont)
    let labelHeight = painter.measure("Xg", size: m.labelFont).height
    let yTickWidth = y.ticks.major.map { painter.measure($0.label, size: m.tickFont).width }.max() ?? 0
    var left = m.outerPad + yTickWidth + m.tickPad + m.tickLength
    if axes.yLabel != nil { left += labelHeight + m.labelPad }

    var xTickExtent = tickRun.height
    if verticalCategoryLabels {
      xTickExtent = x.ticks.major.map { painter.measure($0.label, size: m.tickFont).width }.max() ?? 0
    }
    var bottom = m.outerPad + xTickExtent + m.tickPad + m.tickLength
    if axes.xLabel != nil { bottom += labelHeight + m.labelPad }

    var top = m.outerPad + tickRun.height / 2
    if let title = axes.title {
      top = m.outerPad + painter.measure(title, size: m.titleFont).height + m.titlePad
    }

    var right = m.outerPad
    if !verticalCategoryLabels, let last = x.ticks.major.max(by: { px($0.value) < px($1.value) }) {
      let half = painter.measure(last.label, size: m.tickFont).width / 2
      right = max(right, m.outerPad / 2 + half - (plot.x1 - px(last.value)))
    }
    if let colorbar {
      let labels = colorbar.axis.ticks.major.map { painter.measure($0.label, size: m.tickFont).width }.max() ?? 0
      right += m.colorbarGap + m.colorbarWidth + m.tickLength + m.tickPad + labels
    }
    if legendOutside { right += m.legendInset + legendSize.width }
    return Margins(left: left, top: top, right: right, bottom: bottom)
  }
}
