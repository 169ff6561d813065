// Anti-aliased strokes land where they should, through PNG encoding and libpng decoding.

import Testing

@testable import Plots

@Suite struct RasterTests {
  /// A 3 px horizontal line centred at y = 10.25 covers rows 8.75…11.75: rows 9 and 10 fully,
  /// a quarter of row 8 and three quarters of row 11.
  @Test func horizontalLineLandsOnExpectedRowsWithAntialiasedEdges() throws {
    let canvas = Canvas(width: 40, height: 20, background: RGB(255, 255, 255))
    let rasterizer = Rasterizer(width: 40, height: 20)
    Stroker.stroke([Point(5, 10.25), Point(35, 10.25)], Stroke(width: 3, cap: .butt), into: rasterizer)
    rasterizer.fill(canvas, color: RGB(0, 0, 0))
    let image = try DecodedImage(png: PNGEncoder.encode(canvas, scale: 1))
    for x in 6..<34 {
      #expect(image.pixel(x, 7).r == 255)
      #expect(abs(image.pixel(x, 8).r - 191) <= 2)  // 25 % ink
      #expect(image.pixel(x, 9).r == 0)
      #expect(image.pixel(x, 10).r == 0)
      #expect(abs(image.pixel(x, 11).r - 64) <= 2)  // 75 % ink
      #expect(image.pixel(x, 12).r == 255)
    }
    // Butt caps: the line starts and ends exactly at x = 5 and x = 35.
    #expect(image.pixel(4, 10).r == 255)
    #expect(image.pixel(5, 10).r == 0)
    #expect(image.pixel(34, 10).r == 0)
    #expect(image.pixel(35, 10).r == 255)
  }

  /// In a figure, y = 0.5 on a 0…1 axis falls on the middle row of the plot area, with the
  /// line's 4 px (2 pt at 2×) spread over the rows it covers in proportion.
  @Test func lineInAFigureLandsOnItsDataRow() throws {
    var ax = Axes()
    ax.grid = false
    ax.line([0.0, 1.0], [0.5, 0.5], color: .foreground, width: 2)
    ax.xLimits = 0...1
    ax.yLimits = 0...1
    let rendered = try Figure(ax, width: 200, height: 151).render(theme: .light)
    let plot = rendered.plotAreas[0]
    let center = (plot.y0 + plot.y1) / 2
    let image = try DecodedImage(png: PNGEncoder.encode(rendered.canvas, scale: 2))
    let x = Int(plot.center.x)
    let ink = Double(255 - 0x1A)  // the light theme's foreground is #1a1a1a
    for row in Int(plot.y0)..<Int(plot.y1) {
      let expected = max(0, min(Double(row + 1), center + 2) - max(Double(row), center - 2))
      let measured = Double(255 - image.pixel(x, row).r) / ink
      #expect(abs(measured - expected) <= 1.0 / 16 + 0.01, "row \(row): \(measured) vs \(expected)")
    }
  }

  /// Clipping: a line running past the plot's right edge stops at it.
  @Test func marksAreClippedToThePlotArea() throws {
    var ax = Axes()
    ax.grid = false
    ax.line([0.0, 2.0], [0.5, 0.5], width: 2)
    ax.xLimits = 0...1
    ax.yLimits = 0...1
    let rendered = try Figure(ax, width: 200, height: 150).render(theme: .light)
    let plot = rendered.plotAreas[0]
    let y = Int((plot.y0 + plot.y1) / 2)
    #expect(rendered.canvas.pixel(Int(plot.x1) - 1, y) != RGB(255, 255, 255))
    #expect(rendered.canvas.pixel(Int(plot.x1) + 2, y) == RGB(255, 255, 255))
  }

  @Test func dashesLeaveGaps() throws {
    let canvas = Canvas(width: 100, height: 10, background: RGB(255, 255, 255))
    let rasterizer = Rasterizer(width: 100, height: 10)
    let pen = Stroke.line(width: 2, style: .dashed)
    Stroker.stroke([Point(0, 5), Point(100, 5)], pen, into: rasterizer)
    rasterizer.fill(canvas, color: RGB(0, 0, 0))
    let row = (0..<100).map { canvas.pixel($0, 5).r < 128 }
    // Dashes of 7.4 px with gaps of 3.2 px: about 70 % ink, and several separate runs.
    let ink = row.filter { $0 }.count
    let runs = zip(row, row.dropFirst()).filter { !$0 && $1 }.count + (row[0] ? 1 : 0)
    #expect(ink > 60 && ink < 80)
    #expect(runs >= 9)
  }
}
