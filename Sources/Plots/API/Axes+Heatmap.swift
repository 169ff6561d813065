// Heatmaps and images.

extension Axes {
  /// Shows a matrix as coloured cells, row 0 at the top, with a colour bar.
  ///
  /// - Parameters:
  ///   - matrix: Rows of equal length.
  ///   - colormap: `.viridis` for magnitudes, `.diverging` for signed values, `.gray` for images.
  ///   - range: The values mapped to the ends of the colour map; by default the data's extent
  ///     (symmetric around zero for `.diverging`).
  ///   - xLabels: Names for the columns, such as class names of a confusion matrix.
  ///   - yLabels: Names for the rows.
  ///   - showValues: Writes each cell's value inside it, when the numbers fit the cells.
  public mutating func heatmap<V: PlotValue>(
    _ matrix: [[V]], colormap: Colormap = .viridis, range: ClosedRange<Double>? = nil, colorbar: Bool = true,
    xLabels: [String]? = nil, yLabels: [String]? = nil, showValues: Bool = false
  ) {
    let columns = matrix.first?.count ?? 0
    guard !matrix.isEmpty, columns > 0, matrix.allSatisfy({ $0.count == columns }) else {
      problems.append("heatmap: the matrix needs at least one row, and every row the same length")
      return
    }
    if let xLabels, xLabels.count != columns {
      problems.append("heatmap: \(xLabels.count) xLabels for \(columns) columns")
    }
    if let yLabels, yLabels.count != matrix.count {
      problems.append("heatmap: \(yLabels.count) yLabels for \(matrix.count) rows")
    }
    let values = matrix.flatMap(\.plotValues)
    let finite = values.filter(\.isFinite)
    var lo = finite.min() ?? 0
    var hi = finite.max() ?? 1
    if colormap == .diverging {
      let m = max(abs(lo), abs(hi))
      (lo, hi) = (-m, m)
    }
    if hi <= lo { (lo, hi) = (lo - 0.5, hi + 0.5) }
    let mark = HeatmapMark(
      rows: matrix.count, columns: columns, values: values, colormap: colormap, range: range ?? lo...hi,
      colorbar: colorbar, xLabels: xLabels, yLabels: yLabels, showValues: showValues)
    marks.append(.heatmap(mark))
  }
}
