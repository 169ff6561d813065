// Figures render deterministically, place legends off the data, and report user mistakes.

import Foundation
import Testing

@testable import Plots

@Suite struct FigureTests {
  static func sample() -> Figure {
    var ax = Axes(xLabel: "step", yLabel: "loss")
    let x = Array(0..<300)
    ax.line(x, x.map { 1 / (1 + Double($0) / 30) }, label: "train")
    ax.band(x, x.map { 0.9 / (1 + Double($0) / 30) }, x.map { 1.1 / (1 + Double($0) / 30) })
    ax.scatter([50, 150, 250], [0.5, 0.3, 0.2], label: "eval", marker: .square)
    return Figure(ax, title: "Loss")
  }

  @Test func identicalInputsGiveIdenticalBytes() throws {
    let a = try Self.sample().pngData(theme: .light)
    let b = try Self.sample().pngData(theme: .light)
    #expect(a == b)
    let dark = try Self.sample().pngData(theme: .dark)
    #expect(dark == (try Self.sample().pngData(theme: .dark)))
    #expect(dark != a)
  }

  @Test func pngHasTwiceDensityNoTimestampAndTheRightSize() throws {
    let png = try Self.sample().pngData(theme: .light)
    let chunks = pngChunks(png)
    #expect(Array(png.prefix(8)) == [137, 80, 78, 71, 13, 10, 26, 10])
    #expect(!chunks.contains { $0.type == "tIME" })
    let phys = try #require(chunks.first { $0.type == "pHYs" }).data
    // 144 dpi = 5669 pixels per metre, on both axes, unit metre.
    #expect(phys == [0, 0, 0x16, 0x25, 0, 0, 0x16, 0x25, 1])
    let image = try DecodedImage(png: png)
    #expect(image.width == 1280 && image.height == 800)
    #expect(Self.sample().size == (640, 400) as (Double, Double))
  }

  @Test func fewColoursGiveAPaletteImageThatDecodesExactly() throws {
    let canvas = Canvas(width: 30, height: 20, background: RGB(255, 255, 255))
    canvas.fill(x0: 5, y0: 5, x1: 15, y1: 10, color: RGB(0, 114, 178))
    canvas.fill(x0: 10, y0: 8, x1: 25, y1: 18, color: RGB(230, 159, 0))
    let png = PNGEncoder.encode(canvas, scale: 2)
    #expect(pngChunks(png).contains { $0.type == "PLTE" })
    let image = try DecodedImage(png: png)
    for y in 0..<20 {
      for x in 0..<30 {
        let p = image.pixel(x, y)
        let q = canvas.pixel(x, y)
        #expect(p.r == Int(q.r) && p.g == Int(q.g) && p.b == Int(q.b) && p.a == 255)
      }
    }
  }

  /// The automatic legend's box holds no data ink: compared against the same chart without a legend.
  @Test func automaticLegendHidesNoData() throws {
    var ax = Axes()
    ax.grid = false
    let x = (0..<200).map { Double($0) / 20 }
    ax.line(x, x.map { sin($0) }, label: "sine")
    ax.line(x, x.map { cos($0) }, label: "cosine")
    ax.scatter([1, 4, 8], [0.9, -0.8, 0.95], label: "samples")
    let withLegend = try Figure(ax).render(theme: .light)
    let box = try #require(withLegend.legendBoxes[0])
    #expect(withLegend.plotAreas[0].contains(box), "there is room inside the plot")
    ax.legend = .hidden
    let bare = try Figure(ax).render(theme: .light).canvas
    for y in Int(box.y0)..<Int(box.y1) {
      for xp in Int(box.x0)..<Int(box.x1) {
        #expect(bare.pixel(xp, y) == RGB(255, 255, 255), "data under the legend at \(xp), \(y)")
      }
    }
  }

  @Test func legendMovesOutsideWhenDataFillsThePlot() throws {
    var full = Axes()
    full.band([0.0, 1.0], [0.0, 0.0], [1.0, 1.0], label: "everything")
    let crowded = try Figure(full).render(theme: .light)
    #expect(try #require(crowded.legendBoxes[0]).x0 >= crowded.plotAreas[0].x1)
  }

  @Test func mismatchedArraysAreReportedWhenRendering() {
    var ax = Axes()
    ax.line([1, 2, 3], [1.0, 2.0], label: "train")
    #expect(throws: PlotError.self) { try Figure(ax).pngData() }
    do {
      _ = try Figure(ax).pngData()
    } catch {
      #expect(error.description.contains("line \"train\""))
      #expect(error.description.contains("x has 3, y has 2"))
    }
  }

  @Test func farOffValuesAndBadLimitsDoNotCrash() throws {
    var ax = Axes()
    ax.line([0.0, 1.0, 2.0], [0.5, 1e300, -.infinity])
    ax.bar(["a"], [1e300])
    ax.vline(x: -1e308, label: "far")
    ax.annotate("far", at: (1e200, 1e200))
    ax.xLimits = 0...2
    ax.yLimits = 0...1
    #expect(try Figure(ax).pngData().count > 1000)
    var log = Axes(yScale: .log)
    log.line([1, 2], [1.0, 10.0])
    log.yLimits = 0...10
    #expect(throws: PlotError.self) { try Figure(log).pngData() }
  }

  @Test func altTextSummarisesTheChart() {
    let fig = Figure.line(
      x: [1, 2, 3], series: ["train": [0.1, 0.5, 0.9], "test": [0.1, 0.3, 0.6]], xLabel: "step", yLabel: "accuracy",
      title: "Curves", logX: true)
    #expect(fig.altText == "Line chart \"Curves\": accuracy against step (log x); series train, test.")
    var custom = fig
    custom.altText = "Accuracy curves"
    #expect(custom.altText == "Accuracy curves")
  }

  @Test func everyChartTypeRendersInBothThemes() throws {
    var ax = Axes()
    ax.bar(["a", "b"], [1.0, 2.0], errors: [0.1, 0.2], label: "x")
    ax.bar(["a", "b"], [1.5, 1.0], label: "y")
    let figures = [
      Figure(ax), Figure.histogram([1.0, 2, 2, 3, 3, 3], bins: 3), Figure.heatmap([[1, 2], [3, 4]]),
      Figure.scatter(x: [1, 2, 3], y: [3, 1, 2], classes: [0, 1, 1]),
    ]
    for figure in figures {
      for theme in Theme.allCases { #expect(try figure.pngData(theme: theme).count > 1000) }
    }
  }
}
