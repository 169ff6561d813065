// Placing the legend where it hides no data.

extension PanelLayout {
  /// Picks the legend's box: a requested corner, the best free spot inside, or outside right.
  mutating func placeLegend(painter: TextPainter) {
    guard !legendEntries.isEmpty else {
      legendBox = nil
      return
    }
    let (w, h) = legendSize
    let inset = metrics.legendInset
    let p = plot
    let corners: [LegendPosition: Rect] = [
      .upperRight: Rect(x: p.x1 - inset - w, y: p.y0 + inset, width: w, height: h),
      .upperLeft: Rect(x: p.x0 + inset, y: p.y0 + inset, width: w, height: h),
      .lowerRight: Rect(x: p.x1 - inset - w, y: p.y1 - inset - h, width: w, height: h),
      .lowerLeft: Rect(x: p.x0 + inset, y: p.y1 - inset - h, width: w, height: h),
    ]
    if !legendOutside, let fixed = corners[axes.legend] {
      legendBox = fixed
      return
    }
    if !legendOutside {
      // matplotlib's "best" order, then the middles of the edges.
      let candidates = [
        corners[.upperRight]!, corners[.upperLeft]!, corners[.lowerLeft]!, corners[.lowerRight]!,
        Rect(x: p.x1 - inset - w, y: p.center.y - h / 2, width: w, height: h),
        Rect(x: p.x0 + inset, y: p.center.y - h / 2, width: w, height: h),
        Rect(x: p.center.x - w / 2, y: p.y0 + inset, width: w, height: h),
        Rect(x: p.center.x - w / 2, y: p.y1 - inset - h, width: w, height: h),
      ]
      let fits = w <= p.width - 2 * inset && h <= p.height - 2 * inset
      if fits, let best = candidates.first(where: { hiddenData(under: $0) == 0 }) {
        legendBox = best
        return
      }
      legendOutside = true
    }
    var x0 = p.x1 + inset
    if let colorbar {
      let labels = colorbar.axis.ticks.major.map { painter.measure($0.label, size: metrics.tickFont).width }.max() ?? 0
      x0 += metrics.colorbarGap + metrics.colorbarWidth + metrics.tickLength + metrics.tickPad + labels
    }
    legendBox = Rect(x: x0, y: p.y0, width: w, height: h)
  }

  /// How many marks (segments, points, bars) a legend at `box` would cover.
  func hiddenData(under box: Rect) -> Int {
    let r = box.insetBy(-metrics.points(3))
    var hits = 0
    func segment(_ a: Point, _ b: Point) {
      if Self.segment(a, b, hits: r) { hits += 1 }
    }
    for (index, mark) in axes.marks.enumerated() {
      switch mark {
      case .line(let m):
        forEachSegment(m.x, m.y) { segment($0, $1) }
      case .band(let m):
        forEachSegment(m.x, m.lower) { segment($0, $1) }
        forEachSegment(m.x, m.upper) { segment($0, $1) }
        for i in m.x.indices { segment(point(m.x[i], m.lower[i]), point(m.x[i], m.upper[i])) }
      case .scatter(let m):
        let pad = metrics.points(m.size / 2)
        for i in m.x.indices where r.insetBy(-pad).contains(point(m.x[i], m.y[i])) { hits += 1 }
      case .bars, .histogram:
        for bar in barRects(at: index) where bar.intersects(r) { hits += 1 }
      case .heatmap:
        hits += 1
      case .rule(let m):
        let a = m.orientation == .vertical ? Point(px(m.value), plot.y0) : Point(plot.x0, py(m.value))
        let b = m.orientation == .vertical ? Point(px(m.value), plot.y1) : Point(plot.x1, py(m.value))
        segment(a, b)
      case .text(let m):
        if r.insetBy(-metrics.points(12)).contains(point(m.x, m.y)) { hits += 1 }
      }
    }
    return hits
  }

  private func forEachSegment(_ xs: [Double], _ ys: [Double], _ body: (Point, Point) -> Void) {
    guard xs.count > 1 else { return }
    var previous = point(xs[0], ys[0])
    for i in 1..<xs.count {
      let p = point(xs[i], ys[i])
      if previous.x.isFinite && previous.y.isFinite && p.x.isFinite && p.y.isFinite { body(previous, p) }
      previous = p
    }
  }

  /// Segment–rectangle intersection without allocation: bounding boxes, then the line's side test.
  static func segment(_ a: Point, _ b: Point, hits r: Rect) -> Bool {
    if max(a.x, b.x) < r.x0 || min(a.x, b.x) > r.x1 || max(a.y, b.y) < r.y0 || min(a.y, b.y) > r.y1 { return false }
    if r.contains(a) || r.contains(b) { return true }
    // The segment crosses the box iff the box's corners are not all on one side of its line.
    let dx = b.x - a.x
    let dy = b.y - a.y
    func side(_ x: Double, _ y: Double) -> Int {
      let s = dx * (y - a.y) - dy * (x - a.x)
      return s > 0 ? 1 : (s < 0 ? 2 : 3)
    }
    return side(r.x0, r.y0) | side(r.x1, r.y0) | side(r.x0, r.y1) | side(r.x1, r.y1) == 3
  }
}
