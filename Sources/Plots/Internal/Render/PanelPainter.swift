// Paints one panel: grid, marks, frame, ticks, labels, colour bar, legend — in that order.

/// Paints one laid-out panel onto the figure's canvas.
final class PanelPainter {
  var layout: PanelLayout
  let colors: ThemeColors
  let canvas: Canvas
  let rasterizer: Rasterizer
  let text: TextPainter
  var m: Metrics { layout.metrics }
  var plot: Rect { layout.plot }

  init(layout: PanelLayout, colors: ThemeColors, canvas: Canvas, rasterizer: Rasterizer, text: TextPainter) {
    self.layout = layout
    self.colors = colors
    self.canvas = canvas
    self.rasterizer = rasterizer
    self.text = text
  }

  func paint() {
    let isHeatmap = layout.axes.heatmap != nil
    if layout.axes.grid && !isHeatmap { paintGrid() }
    rasterizer.setClip(plot)
    let ordered = layout.axes.marks.indices.sorted {
      (layout.axes.marks[$0].layer, $0) < (layout.axes.marks[$1].layer, $1)
    }
    for i in ordered { paintMark(at: i) }
    rasterizer.setClip(nil)
    paintFrame(spines: !isHeatmap)
    paintLabels()
    if layout.colorbar != nil { paintColorbar() }
    if layout.legendBox != nil { paintLegend() }
  }

  private func paintGrid() {
    let w = m.hairline
    for tick in layout.x.ticks.major {
      let x = crisp(layout.px(tick.value), w)
      guard x >= plot.x0 - 0.5, x <= plot.x1 + 0.5 else { continue }
      fillRect(Rect(x0: x - w / 2, y0: plot.y0, x1: x + w / 2, y1: plot.y1), colors.grid)
    }
    for tick in layout.y.ticks.major {
      let y = crisp(layout.py(tick.value), w)
      guard y >= plot.y0 - 0.5, y <= plot.y1 + 0.5 else { continue }
      fillRect(Rect(x0: plot.x0, y0: y - w / 2, x1: plot.x1, y1: y + w / 2), colors.grid)
    }
  }

  /// Left and bottom axis lines with outward ticks; the top and right stay open.
  private func paintFrame(spines: Bool) {
    let w = m.hairline
    if spines {
      fillRect(Rect(x0: plot.x0 - w, y0: plot.y0, x1: plot.x0, y1: plot.y1 + w), colors.spine)
      fillRect(Rect(x0: plot.x0 - w, y0: plot.y1, x1: plot.x1, y1: plot.y1 + w), colors.spine)
    }
    let base = spines ? w : 0
    for tick in layout.x.ticks.major { xTick(tick.value, length: m.tickLength, below: plot.y1 + base) }
    for v in layout.x.ticks.minor { xTick(v, length: m.minorTickLength, below: plot.y1 + base) }
    for tick in layout.y.ticks.major { yTick(tick.value, length: m.tickLength, left: plot.x0 - base) }
    for v in layout.y.ticks.minor { yTick(v, length: m.minorTickLength, left: plot.x0 - base) }
  }

  private func xTick(_ v: Double, length: Double, below y: Double) {
    let x = crisp(layout.px(v), m.hairline)
    guard x >= plot.x0 - 1, x <= plot.x1 + 1 else { return }
    fillRect(Rect(x0: x - m.hairline / 2, y0: y, x1: x + m.hairline / 2, y1: y + length), colors.spine)
  }

  private func yTick(_ v: Double, length: Double, left x: Double) {
    let y = crisp(layout.py(v), m.hairline)
    guard y >= plot.y0 - 1, y <= plot.y1 + 1 else { return }
    fillRect(Rect(x0: x - length, y0: y - m.hairline / 2, x1: x, y1: y + m.hairline / 2), colors.spine)
  }

  /// Tick labels, axis labels and the panel title.
  private func paintLabels() {
    let tickTop = plot.y1 + m.hairline + m.tickLength + m.tickPad
    var lowest = tickTop + text.measure("0", size: m.tickFont).height
    for tick in layout.x.ticks.major where visible(layout.px(tick.value), plot.x0, plot.x1) {
      let p = Point(layout.px(tick.value), tickTop)
      if layout.verticalCategoryLabels {
        let box = text.draw(
          tick.label, size: m.tickFont, at: p, h: .right, v: .center, color: colors.tickText, rotated: true,
          on: canvas)
        lowest = max(lowest, box.y1)
      } else {
        text.draw(tick.label, size: m.tickFont, at: p, h: .center, v: .top, color: colors.tickText, on: canvas)
      }
    }
    let tickRight = plot.x0 - m.hairline - m.tickLength - m.tickPad
    var leftmost = tickRight
    for tick in layout.y.ticks.major where visible(layout.py(tick.value), plot.y0, plot.y1) {
      let box = text.draw(
        tick.label, size: m.tickFont, at: Point(tickRight, layout.py(tick.value)), h: .right, v: .capCenter,
        color: colors.tickText, on: canvas)
      leftmost = min(leftmost, box.x0)
    }
    // Long labels are centred on the plot but may use the panel's whole cell, and no more.
    let cell = layout.cell
    let across = 2 * min(plot.center.x - cell.x0, cell.x1 - plot.center.x)
    if let label = layout.axes.xLabel {
      text.draw(
        label, size: m.labelFont, at: Point(plot.center.x, lowest + m.labelPad), h: .center, v: .top,
        color: colors.text, maxWidth: across, on: canvas)
    }
    if let label = layout.axes.yLabel {
      let height = text.measure(label, size: m.labelFont).height
      text.draw(
        label, size: m.labelFont, at: Point(leftmost - m.labelPad - height, plot.center.y), h: .center, v: .top,
        color: colors.text, rotated: true, maxWidth: 2 * min(plot.center.y - cell.y0, cell.y1 - plot.center.y),
        on: canvas)
    }
    if let title = layout.axes.title {
      text.draw(
        title, size: m.titleFont, at: Point(plot.center.x, plot.y0 - m.titlePad), h: .center, v: .bottom,
        color: colors.text, maxWidth: across, on: canvas)
    }
  }

  private func visible(_ v: Double, _ lo: Double, _ hi: Double) -> Bool { v >= lo - 1 && v <= hi + 1 }

  /// Centres a line of width `w` so its edges fall on pixel boundaries.
  func crisp(_ v: Double, _ w: Double) -> Double {
    let whole = w.rounded()
    return Int(whole) % 2 == 0 ? v.rounded() : v.rounded(.down) + 0.5
  }

  /// A pixel-aligned rectangle, painted without anti-aliasing.
  func fillRect(_ r: Rect, _ color: RGB, opacity: Double = 1) {
    canvas.fill(
      x0: Canvas.index(r.x0), y0: Canvas.index(r.y0), x1: Canvas.index(r.x1), y1: Canvas.index(r.y1), color: color,
      alpha: opacity)
  }
}
