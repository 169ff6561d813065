// Gallery entries: annotations, explicit limits, and panel grids.

import Foundation
import Plots

extension Gallery {
  static let layoutEntries: [GalleryEntry] = [
    GalleryEntry(name: "annotations", title: "Reference lines and notes") {
      // snippet:begin
      let steps = Array(stride(from: 0, through: 10000, by: 50))
      let train = Synthetic.accuracy(steps, riseAt: 400, final: 1, seed: 5)
      let test = Synthetic.accuracy(steps, riseAt: 6000, final: 0.97, seed: 6)
      var ax = Axes(xLabel: "step", yLabel: "accuracy")
      ax.line(steps, train, label: "train")
      ax.line(steps, test, label: "test")
      ax.vline(x: 6000, label: "grokking step")
      ax.hline(y: 0.1, label: "chance", style: .dotted)
      ax.annotate("memorisation", at: (1200, 0.9))
      ax.yLimits = 0...1.05
      let fig = Figure(ax, title: "Grokking on modular addition")
      // snippet:end
      return fig
    },
    GalleryEntry(name: "panels", title: "A 1×3 grid of panels") {
      // snippet:begin
      let steps = Array(stride(from: 0, through: 2000, by: 20))
      var panels: [Axes] = []
      for (i, wd) in [0.0, 0.01, 0.1].enumerated() {
        var ax = Axes(title: "weight decay \(wd)", xLabel: "step", yLabel: i == 0 ? "accuracy" : nil)
        let rise = 1500 - 10000 * wd
        ax.line(steps, Synthetic.accuracy(steps, riseAt: 200, final: 1, seed: UInt64(i)), label: "train")
        ax.line(steps, Synthetic.accuracy(steps, riseAt: rise, seed: UInt64(10 + i)), label: "test")
        ax.yLimits = 0...1.05
        panels.append(ax)
      }
      let fig = Figure(width: 960, height: 320, title: "Weight decay speeds up generalisation", panels: panels)
      // snippet:end
      return fig
    },
  ]
}
