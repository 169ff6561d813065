// Renders a figure to a canvas: validate, lay out the panel grid, then paint each panel.

/// The pixels of a rendered figure and where its text went.
struct RenderedFigure {
  var canvas: Canvas
  /// Every text label drawn, with its box in pixels.
  var textBoxes: [(text: String, box: Rect)]
  /// Each panel's plot area in pixels.
  var plotAreas: [Rect]
  /// Each panel's legend box in pixels, if it has one.
  var legendBoxes: [Rect?]
}

extension Figure {
  /// Lays out and paints the figure.
  func render(theme: Theme) throws(PlotError) -> RenderedFigure {
    try validate()
    let font = try FontFace.shared.get()
    let colors = theme.colors
    let metrics = Metrics(scale: scale)
    let canvas = Canvas(
      width: Int((width * Double(scale)).rounded()), height: Int((height * Double(scale)).rounded()),
      background: colors.background)
    let painter = TextPainter(font: font)
    let rasterizer = Rasterizer(width: canvas.width, height: canvas.height)

    var top = 0.0
    if let title {
      let run = painter.measure(title, size: metrics.figureTitleFont)
      let box = painter.draw(
        title, size: metrics.figureTitleFont, at: Point(Double(canvas.width) / 2, metrics.outerPad + run.ascent),
        h: .center, v: .baseline, color: colors.text, maxWidth: Double(canvas.width) - 2 * metrics.outerPad,
        on: canvas)
      top = box.y1 + metrics.points(2)
    }
    var layouts = layoutPanels(top: top, canvas: canvas, metrics: metrics, painter: painter)
    for i in layouts.indices {
      let painterForPanel = PanelPainter(
        layout: layouts[i], colors: colors, canvas: canvas, rasterizer: rasterizer, text: painter)
      painterForPanel.paint()
      layouts[i] = painterForPanel.layout
    }
    return RenderedFigure(
      canvas: canvas, textBoxes: painter.boxes, plotAreas: layouts.map(\.plot), legendBoxes: layouts.map(\.legendBox))
  }

  /// Cells of the grid, then margins aligned across rows and columns so plot edges line up.
  private func layoutPanels(top: Double, canvas: Canvas, metrics: Metrics, painter: TextPainter) -> [PanelLayout] {
    let (rows, columns) = grid
    let gap = metrics.panelGap
    let cellWidth = (Double(canvas.width) - gap * Double(columns - 1)) / Double(columns)
    let cellHeight = (Double(canvas.height) - top - gap * Double(rows - 1)) / Double(rows)
    var layouts = panels.enumerated().map { i, axes in
      let (r, c) = (i / columns, i % columns)
      let cell = Rect(
        x: Double(c) * (cellWidth + gap), y: top + Double(r) * (cellHeight + gap), width: cellWidth, height: cellHeight)
      return PanelLayout(axes: axes, cell: cell, metrics: metrics, painter: painter)
    }
    var margins = layouts.map { $0.neededMargins(painter: painter) }
    for _ in 0..<3 {
      margins = aligned(margins, rows: rows, columns: columns)
      for i in layouts.indices { layouts[i].place(margins[i], painter: painter) }
      margins = layouts.map { $0.neededMargins(painter: painter) }
    }
    return layouts
  }

  /// Each column takes its widest left and right margins, each row its tallest top and bottom.
  private func aligned(_ margins: [PanelLayout.Margins], rows: Int, columns: Int) -> [PanelLayout.Margins] {
    margins.indices.map { i in
      let sameColumn = margins.indices.filter { $0 % columns == i % columns }.map { margins[$0] }
      let sameRow = margins.indices.filter { $0 / columns == i / columns }.map { margins[$0] }
      return PanelLayout.Margins(
        left: sameColumn.map(\.left).max()!, top: sameRow.map(\.top).max()!, right: sameColumn.map(\.right).max()!,
        bottom: sameRow.map(\.bottom).max()!)
    }
  }

  /// Rejects sizes that cannot render and reports mistakes recorded while adding marks.
  private func validate() throws(PlotError) {
    guard width >= 50, height >= 50, width <= 8000, height <= 8000, scale >= 1, scale <= 4 else {
      throw PlotError(
        "a figure must be 50–8000 points on each side at scale 1–4, got \(width)×\(height) at \(scale)×")
    }
    var problems = panels.flatMap(\.problems)
    for axes in panels {
      if axes.xScale == .log, let limits = axes.xLimits, limits.lowerBound <= 0 {
        problems.append("xLimits \(limits) must be positive on a log axis")
      }
      if axes.yScale == .log, let limits = axes.yLimits, limits.lowerBound <= 0 {
        problems.append("yLimits \(limits) must be positive on a log axis")
      }
    }
    if !problems.isEmpty {
      throw PlotError(
        problems.joined(separator: "; "), hint: "fix the chart calls or settings named above")
    }
  }
}
