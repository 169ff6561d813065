// Every label is drawn with ink inside its box, inside the figure, without overlapping another.

import Testing

@testable import Plots

@Suite struct TextTests {
  /// A figure with every kind of text: titles, axis labels, ticks, legend, notes, colour bar.
  static func busyFigure() -> Figure {
    var lines = Axes(title: "Curves", xLabel: "step", yLabel: "accuracy")
    let x = Array(0..<200)
    lines.line(x, x.map { 1 - 1 / (1 + Double($0) / 20) }, label: "train")
    lines.line(x, x.map { 0.8 - 0.8 / (1 + Double($0) / 40) }, label: "test", style: .dashed)
    lines.vline(x: 120, label: "grokking step")
    lines.annotate("plateau", at: (150, 0.5))
    var heat = Axes(title: "Confusion", xLabel: "predicted", yLabel: "true")
    heat.heatmap(
      [[9, 1, 0], [2, 7, 1], [0, 1, 9]], xLabels: ["cat", "dog", "eel"], yLabels: ["cat", "dog", "eel"],
      showValues: true)
    var logs = Axes(xLabel: "learning rate", yLabel: "loss", xScale: .log, yScale: .log)
    logs.line([1e-4, 1e-3, 1e-2, 1e-1], [2.0, 0.9, 0.3, 0.5], label: "Adam", marker: .circle)
    return Figure(width: 960, height: 340, title: "Every kind of label", panels: [lines, heat, logs])
  }

  @Test func eachLabelHasInkInsideItsBoxAndStaysInsideTheFigure() throws {
    let rendered = try Self.busyFigure().render(theme: .light)
    let canvas = rendered.canvas
    let image = try DecodedImage(png: PNGEncoder.encode(canvas, scale: 2))
    #expect(rendered.textBoxes.count > 20)
    for (text, box) in rendered.textBoxes {
      #expect(box.x0 >= 0 && box.y0 >= 0, "\(text) sticks out at the top or left: \(box)")
      #expect(box.x1 <= Double(canvas.width) && box.y1 <= Double(canvas.height), "\(text) sticks out: \(box)")
      var ink = 0
      for y in Int(box.y0)..<min(Int(box.y1.rounded(.up)), canvas.height) {
        for x in Int(box.x0)..<min(Int(box.x1.rounded(.up)), canvas.width) {
          let p = image.pixel(x, y)
          // Text is dark on light, or light on dark heatmap cells: count pixels far from both neighbours.
          if p.r + p.g + p.b < 3 * 140 || p.r + p.g + p.b > 3 * 230 { ink += 1 }
        }
      }
      #expect(ink > 0, "no ink in the box of \(text)")
    }
  }

  @Test func labelsDoNotOverlap() throws {
    let boxes = try Self.busyFigure().render(theme: .light).textBoxes
    for i in boxes.indices {
      for j in boxes.indices where j > i {
        let (a, b) = (boxes[i].box.insetBy(0.5), boxes[j].box.insetBy(0.5))
        #expect(!a.intersects(b), "\(boxes[i].text) overlaps \(boxes[j].text)")
      }
    }
  }

  @Test func overlongTextIsShortenedToFitTheFigure() throws {
    let long = String(repeating: "a very long label ", count: 12)
    var ax = Axes(title: long, xLabel: long, yLabel: long)
    ax.bar([long, "b", long + "!"], [1.0, 2.0, 3.0], label: long)
    ax.annotate(long, at: (1, 1.5))
    let rendered = try Figure(ax, width: 400, height: 300, title: long).render(theme: .light)
    let (w, h) = (Double(rendered.canvas.width), Double(rendered.canvas.height))
    for (text, box) in rendered.textBoxes {
      #expect(box.x0 >= 0 && box.y0 >= 0 && box.x1 <= w && box.y1 <= h, "\(text) sticks out: \(box)")
    }
    #expect(rendered.textBoxes.contains { $0.text.hasSuffix("…") })
    #expect(rendered.plotAreas[0].width > 100 && rendered.plotAreas[0].height > 100)
  }

  @Test func kerningTightensPairsLikeAV() throws {
    let font = try FontFace.shared.get()
    let pair = font.layout("AV", size: 40).width
    let apart = font.layout("A", size: 40).width + font.layout("V", size: 40).width
    #expect(pair < apart - 1)
  }

  @Test func missingFontNamesThePackageToInstall() {
    #expect(throws: PlotError.self) { try FontFace(path: "/nonexistent/font.ttf") }
    do {
      _ = try FontFace(path: "/nonexistent/font.ttf")
    } catch {
      #expect(error.description.contains("apt-get install fonts-dejavu-core"))
      #expect(error.description.contains("/nonexistent/font.ttf"))
    }
  }
}
