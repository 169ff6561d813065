// Gallery entries: scatter plots coloured by class and by value.

import Foundation
import Plots

extension Gallery {
  static let pointEntries: [GalleryEntry] = [
    GalleryEntry(name: "scatter-classes", title: "Scatter coloured by class") {
      // snippet:begin
      let (x, y, classes) = Synthetic.clusters(perClass: 150, seed: 7)
      let fig = Figure.scatter(
        x: x, y: y, classes: classes, classNames: ["T-shirt", "trouser", "sneaker"],
        xLabel: "component 1", yLabel: "component 2", title: "Embeddings of three classes")
      // snippet:end
      return fig
    },
    GalleryEntry(name: "scatter-values", title: "Scatter coloured by value, with a colour bar") {
      // snippet:begin
      let lrs = (0..<120).map { pow(10, -4 + 3 * Double($0) / 119) }
      let wd = Synthetic.normal(count: 120, mean: -3, std: 1, seed: 4).map { pow(10, $0) }
      let loss = zip(lrs, wd).map { abs(log10($0) + 2.5) * 0.4 + abs(log10($1) + 3) * 0.2 + 0.3 }
      var ax = Axes(xLabel: "learning rate", yLabel: "weight decay", xScale: .log, yScale: .log)
      ax.scatter(lrs, wd, values: loss, colormap: .viridis)
      let fig = Figure(ax, title: "Random search: final loss by hyperparameters")
      // snippet:end
      return fig
    },
  ]
}
