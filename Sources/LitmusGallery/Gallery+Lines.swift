// Gallery entries: line charts, bands over seeds, log axes, dashes and markers.

import Foundation
import Plots

extension Gallery {
  static let lineEntries: [GalleryEntry] = [
    GalleryEntry(name: "line", title: "Line chart from one line of code") {
      // snippet:begin
      let steps = Array(stride(from: 0, through: 3000, by: 25))
      let trainAcc = Synthetic.accuracy(steps, riseAt: 300, seed: 1)
      let testAcc = Synthetic.accuracy(steps, riseAt: 1400, final: 0.93, seed: 2)
      let fig = Figure.line(
        x: steps, series: ["train": trainAcc, "test": testAcc],
        xLabel: "step", yLabel: "accuracy", title: "Test accuracy jumps long after train accuracy saturates")
      // snippet:end
      return fig
    },
    GalleryEntry(name: "mean-band", title: "Mean ± std over seeds, several arms") {
      // snippet:begin
      let steps = Array(stride(from: 0, through: 2000, by: 20))
      func seeds(_ rise: Double, _ base: UInt64) -> [[Double]] {
        (0..<5).map { Synthetic.accuracy(steps, riseAt: rise * (1 + 0.1 * Double($0)), seed: base + UInt64($0)) }
      }
      let adam = seeds(250, 10)
      let sgd = seeds(600, 20)
      let sgdMomentum = seeds(400, 30)
      let fig = Figure.meanLines(
        x: steps, runs: ["Adam": adam, "SGD": sgd, "SGD + momentum": sgdMomentum],
        xLabel: "step", yLabel: "test accuracy", title: "Five seeds per optimiser (mean ± 1 std)")
      // snippet:end
      return fig
    },
    GalleryEntry(name: "log-axes", title: "Log–log axes") {
      // snippet:begin
      let steps = Array(1...5000)
      var ax = Axes(xLabel: "step", yLabel: "training loss", xScale: .log, yScale: .log)
      for (i, lr) in [1e-2, 3e-3, 1e-3].enumerated() {
        let loss = Synthetic.loss(steps, exponent: 0.3 + 100 * lr, seed: UInt64(i))
        ax.line(steps, loss, label: "lr = \(lr)")
      }
      let fig = Figure(ax, title: "Power-law decay of the loss")
      // snippet:end
      return fig
    },
    GalleryEntry(name: "styles", title: "Dashes and markers") {
      // snippet:begin
      let x = Array(stride(from: 0.0, through: 10, by: 0.5))
      var ax = Axes(xLabel: "x", yLabel: "f(x)")
      ax.line(x, x.map { sin($0) }, label: "solid")
      ax.line(x, x.map { sin($0) + 1 }, label: "dashed", style: .dashed)
      ax.line(x, x.map { sin($0) + 2 }, label: "dotted", style: .dotted)
      ax.line(x, x.map { sin($0) + 3 }, label: "dash-dot", style: .dashDot)
      ax.line(x, x.map { sin($0) + 4.5 }, label: "markers", marker: .circle)
      ax.legend = .outside
      let fig = Figure(ax, title: "Line styles")
      // snippet:end
      return fig
    },
  ]
}
