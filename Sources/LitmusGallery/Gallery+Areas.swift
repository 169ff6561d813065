// Gallery entries: bars with error bars, histograms, heatmaps.

import Foundation
import Plots

extension Gallery {
  static let areaEntries: [GalleryEntry] = [
    GalleryEntry(name: "bars", title: "Grouped bars with error bars") {
      // snippet:begin
      let datasets = ["MNIST", "Fashion-MNIST", "CIFAR-10"]
      var ax = Axes(yLabel: "test accuracy")
      ax.bar(datasets, [0.98, 0.89, 0.62], errors: [0.002, 0.006, 0.015], label: "MLP")
      ax.bar(datasets, [0.99, 0.92, 0.81], errors: [0.001, 0.004, 0.011], label: "CNN")
      ax.bar(datasets, [0.99, 0.93, 0.86], errors: [0.001, 0.003, 0.009], label: "ResNet-8")
      ax.yLimits = 0...1
      let fig = Figure(ax, title: "Accuracy by architecture (mean ± std, 3 seeds)")
      // snippet:end
      return fig
    },
    GalleryEntry(name: "histogram", title: "Overlaid histograms") {
      // snippet:begin
      let before = Synthetic.normal(count: 4000, mean: 0, std: 0.5, seed: 1)
      let after = Synthetic.normal(count: 4000, mean: 0.4, std: 0.9, seed: 2)
      var ax = Axes(xLabel: "weight value", yLabel: "count")
      ax.histogram(before, bins: 40, range: -3...3, label: "at initialisation")
      ax.histogram(after, bins: 40, range: -3...3, label: "after training")
      let fig = Figure(ax, title: "Weight distribution of layer 2")
      // snippet:end
      return fig
    },
    GalleryEntry(name: "confusion", title: "Heatmap: a confusion matrix") {
      // snippet:begin
      let matrix = Synthetic.confusion(seed: 3)
      let classes = ["T-shirt", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Boot"]
      let fig = Figure.heatmap(
        matrix, xLabels: classes, yLabels: classes, showValues: true,
        xLabel: "predicted", yLabel: "true", title: "Fashion-MNIST confusion matrix")
      // snippet:end
      return fig
    },
    GalleryEntry(name: "image", title: "Heatmap: a signed matrix") {
      // snippet:begin
      let weights: [[Double]] = (0..<16).map { i in
        (0..<24).map { j in
          let (a, b) = (Double(i), Double(j))
          return sin(a / 2.5) * cos(b / 3.5) + 0.2 * sin(a * b / 7)
        }
      }
      var ax = Axes(title: "Layer 1 weights", xLabel: "input unit", yLabel: "hidden unit")
      ax.heatmap(weights, colormap: .diverging)
      let fig = Figure(ax, width: 560, height: 400)
      // snippet:end
      return fig
    },
  ]
}
