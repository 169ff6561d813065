// Painting data marks: lines, bands, points, bars, reference lines and notes.

extension PanelPainter {
  func paintMark(at index: Int) {
    switch layout.axes.marks[index] {
    case .line(let mark): paintLine(mark)
    case .band(let mark): paintBand(mark)
    case .scatter(let mark): paintScatter(mark)
    case .bars(let mark): paintBars(mark, index: index)
    case .histogram(let mark): paintHistogram(mark, index: index)
    case .heatmap(let mark): paintHeatmap(mark)
    case .rule(let mark): paintRule(mark)
    case .text(let mark): paintNote(mark)
    }
  }

  /// Data points in pixels; points a log axis cannot show become gaps.
  private func pixels(_ xs: [Double], _ ys: [Double]) -> [Point] {
    zip(xs, ys).map { layout.point($0, $1) }
  }

  private func paintLine(_ mark: LineMark) {
    let color = mark.color.rgb(colors)
    let pen = Stroke.line(width: m.points(mark.width), style: mark.style)
    let points = pixels(mark.x, mark.y)
    for run in visibleRuns(points, margin: pen.width * 2) { Stroker.stroke(run, pen, into: rasterizer) }
    rasterizer.fill(canvas, color: color)
    if let marker = mark.marker {
      for p in points where p.x.isFinite && p.y.isFinite && plot.insetBy(-m.lineMarkerSize).contains(p) {
        for polygon in Shapes.marker(marker, at: p, size: m.lineMarkerSize) { rasterizer.addPolygon(polygon) }
      }
      rasterizer.fill(canvas, color: color)
    }
  }

  /// The parts of a polyline near the plot, so far-off points never reach the rasterizer.
  private func visibleRuns(_ points: [Point], margin: Double) -> [[Point]] {
    let bounds = plot.insetBy(-margin)
    var runs: [[Point]] = []
    var current: [Point] = []
    func finish() {
      if !current.isEmpty { runs.append(current) }
      current = []
    }
    for i in points.indices {
      let p = points[i]
      guard p.x.isFinite, p.y.isFinite else {
        finish()
        continue
      }
      if i == 0 || !points[i - 1].x.isFinite || !points[i - 1].y.isFinite {
        if bounds.contains(p) { current = [p] }
        continue
      }
      let previous = points[i - 1]
      if bounds.contains(previous) && bounds.contains(p) {
        if current.isEmpty { current = [previous] }
        current.append(p)
      } else if let (a, b) = bounds.clip(previous, p) {
        if current.isEmpty || current.last! != a {
          finish()
          current = [a]
        }
        current.append(b)
        if b != p { finish() }
      } else {
        finish()
      }
    }
    finish()
    return runs
  }

  private func paintBand(_ mark: BandMark) {
    // One polygon per run of finite points: along the upper edge, back along the lower.
    var upper: [Point] = []
    var lower: [Point] = []
    func flush() {
      if upper.count > 1 { rasterizer.addPolygon(upper + lower.reversed()) }
      upper = []
      lower = []
    }
    for i in mark.x.indices {
      let a = layout.point(mark.x[i], mark.upper[i])
      let b = layout.point(mark.x[i], mark.lower[i])
      guard a.x.isFinite, a.y.isFinite, b.y.isFinite else {
        flush()
        continue
      }
      upper.append(clamped(a))
      lower.append(clamped(b))
    }
    flush()
    rasterizer.fill(canvas, color: mark.color.rgb(colors), opacity: mark.opacity)
  }

  /// Keeps far-off coordinates finite and near the plot; the rasterizer clips the rest exactly.
  private func clamped(_ p: Point) -> Point {
    let pad = max(plot.width, plot.height)
    return Point(min(max(p.x, plot.x0 - pad), plot.x1 + pad), min(max(p.y, plot.y0 - pad), plot.y1 + pad))
  }

  private func paintScatter(_ mark: ScatterMark) {
    let size = m.points(mark.size)
    var colorOf: (Int) -> RGB
    switch mark.coloring {
    case .single(let color):
      let rgb = color.rgb(colors)
      colorOf = { _ in rgb }
    case .classes(let classes, _):
      colorOf = { Color.palette(classes[$0]).rgb(self.colors) }
    case .values(let values, let colormap, _):
      let axis = layout.colorbar?.axis
      colorOf = { i in colormap.color(at: axis.map { $0.fraction(values[i]) } ?? 0.5) }
    }
    let bounds = plot.insetBy(-size)
    for i in mark.x.indices {
      let p = layout.point(mark.x[i], mark.y[i])
      guard p.x.isFinite, p.y.isFinite, bounds.contains(p) else { continue }
      for polygon in Shapes.marker(mark.marker, at: p, size: size) { rasterizer.addPolygon(polygon) }
      // Each point is filled on its own so that overlapping translucent points build up density.
      rasterizer.fill(canvas, color: colorOf(i), opacity: mark.opacity)
    }
  }

  private func paintBars(_ mark: BarMark, index: Int) {
    let rects = layout.barRects(at: index)
    for r in rects { rasterizer.addRect(r) }
    rasterizer.fill(canvas, color: mark.color.rgb(colors))
    guard let errors = mark.errors else { return }
    let pen = Stroke(width: m.points(1.25), join: .miter, cap: .butt)
    for (j, r) in rects.enumerated() where errors[j].isFinite && errors[j] > 0 {
      let x = (r.x0 + r.x1) / 2
      let top = layout.py(mark.values[j] + errors[j])
      let bottom = layout.py(mark.values[j] - errors[j])
      let cap = min(r.width * 0.3, m.points(5))
      Stroker.stroke(
        [Point(x, clamped(Point(x, top)).y), Point(x, clamped(Point(x, bottom)).y)], pen, into: rasterizer)
      for y in [top, bottom] where y.isFinite {
        Stroker.stroke([Point(x - cap, y), Point(x + cap, y)], pen, into: rasterizer)
      }
    }
    rasterizer.fill(canvas, color: colors.text, opacity: 0.85)
  }

  private func paintHistogram(_ mark: HistogramMark, index: Int) {
    for r in layout.barRects(at: index) where r.height > 0 { rasterizer.addRect(r) }
    let count = layout.axes.marks.filter { if case .histogram = $0 { true } else { false } }.count
    rasterizer.fill(canvas, color: mark.color.rgb(colors), opacity: LegendEntry.histogramOpacity(count: count))
  }

  private func paintRule(_ mark: RuleMark) {
    let color = mark.color.rgb(colors)
    let pen = Stroke.line(width: m.points(1.5), style: mark.style)
    let vertical = mark.orientation == .vertical
    let position = vertical ? layout.px(mark.value) : layout.py(mark.value)
    guard position.isFinite else { return }
    let line =
      vertical
      ? [Point(position, plot.y0), Point(position, plot.y1)] : [Point(plot.x0, position), Point(plot.x1, position)]
    Stroker.stroke(line, pen, into: rasterizer)
    rasterizer.fill(canvas, color: color, opacity: 0.8)
    guard let label = mark.label else { return }
    let run = text.measure(label, size: m.annotationFont)
    let gap = m.points(4)
    var anchor: Point
    if vertical {
      let fitsRight = position + gap + run.width <= plot.x1 - gap
      anchor = Point(fitsRight ? position + gap : position - gap - run.width, plot.y0 + gap)
    } else {
      anchor = Point(plot.x1 - gap - run.width, position - gap - run.height)
    }
    paintNoteText(label, run: run, at: anchor, color: color)
  }

  private func paintNote(_ mark: TextMark) {
    let p = layout.point(mark.x, mark.y)
    guard p.x.isFinite, p.y.isFinite else { return }
    let run = text.measure(mark.text, size: m.annotationFont)
    let anchor = Point(p.x + m.points(4), p.y - run.height / 2)
    paintNoteText(mark.text, run: run, at: anchor, color: mark.color.rgb(colors))
  }

  /// Text over data, on a translucent backing so it stays readable; kept inside the plot.
  private func paintNoteText(_ label: String, run: TextRun, at topLeft: Point, color: RGB) {
    let pad = m.points(2)
    let label = text.truncated(label, size: m.annotationFont, maxWidth: plot.width - 2 * pad)
    let run = text.measure(label, size: m.annotationFont)
    let x = min(max(topLeft.x, plot.x0 + pad), plot.x1 - pad - run.width)
    let y = min(max(topLeft.y, plot.y0 + pad), plot.y1 - pad - run.height)
    let box = Rect(x: x, y: y, width: run.width, height: run.height)
    rasterizer.addPolygon(Shapes.roundedRect(box.insetBy(-pad), radius: pad))
    rasterizer.fill(canvas, color: colors.background, opacity: 0.75)
    text.draw(label, size: m.annotationFont, at: Point(x, y), h: .left, v: .top, color: color, on: canvas)
  }
}
