// Painting the legend: a translucent box, then a sample and a label per row.

extension PanelPainter {
  func paintLegend() {
    guard let box = layout.legendBox else { return }
    let outline = Shapes.roundedRect(box, radius: m.points(3))
    rasterizer.addPolygon(outline)
    rasterizer.fill(canvas, color: colors.background, opacity: 0.88)
    Stroker.stroke(outline + [outline[0]], Stroke(width: m.points(0.8)), into: rasterizer)
    rasterizer.fill(canvas, color: colors.legendBorder)

    let rowHeight = text.measure("Xg", size: m.legendFont).height
    var top = box.y0 + m.legendPad
    for entry in layout.legendEntries {
      let swatch = Rect(x: box.x0 + m.legendPad, y: top, width: m.legendSwatch, height: rowHeight)
      paintSwatch(entry, in: swatch)
      text.draw(
        entry.label, size: m.legendFont, at: Point(swatch.x1 + m.legendSwatchGap, top), h: .left, v: .top,
        color: colors.text, on: canvas)
      top += rowHeight + m.legendRowGap
    }
  }

  private func paintSwatch(_ entry: LegendEntry, in r: Rect) {
    let midY = r.center.y
    if let fill = entry.fill {
      let height = entry.line == nil ? r.height * 0.7 : r.height * 0.8
      let area = Rect(x0: r.x0, y0: midY - height / 2, x1: r.x1, y1: midY + height / 2)
      rasterizer.addPolygon(Shapes.roundedRect(area, radius: m.points(1.5)))
      rasterizer.fill(canvas, color: fill.color.rgb(colors), opacity: fill.opacity)
    }
    if let line = entry.line {
      let color = line.color.rgb(colors)
      let pen = Stroke.line(width: m.points(line.width), style: line.style)
      Stroker.stroke([Point(r.x0, midY), Point(r.x1, midY)], pen, into: rasterizer)
      rasterizer.fill(canvas, color: color)
      if let marker = line.marker {
        for polygon in Shapes.marker(marker, at: r.center, size: m.lineMarkerSize) { rasterizer.addPolygon(polygon) }
        rasterizer.fill(canvas, color: color)
      }
    }
    if let point = entry.point {
      for polygon in Shapes.marker(point.marker, at: r.center, size: m.points(7)) { rasterizer.addPolygon(polygon) }
      rasterizer.fill(canvas, color: point.color.rgb(colors), opacity: point.opacity)
    }
  }
}
