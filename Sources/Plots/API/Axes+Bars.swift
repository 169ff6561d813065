// Bars, grouped bars with error bars, and histograms.

extension Axes {
  /// Adds one bar per category; calling `bar` again with the same categories groups the bars.
  ///
  /// - Parameters:
  ///   - errors: Half-lengths of error bars (such as one std over seeds), one per bar.
  ///   - label: The legend entry for this group member.
  public mutating func bar<Y: PlotValue>(
    _ categories: [String], _ values: [Y], errors: [Y]? = nil, label: String? = nil, color: Color? = nil
  ) {
    var lengths = [("categories", categories.count), ("values", values.count)]
    if let errors { lengths.append(("errors", errors.count)) }
    guard check("bar", label: label, lengths) else { return }
    let mark = BarMark(
      categories: categories, values: values.plotValues, errors: errors?.plotValues, label: label,
      color: takeColor(color))
    marks.append(.bars(mark))
  }

  /// Adds a histogram of `values` with equal-width bins; non-finite values are left out.
  ///
  /// - Parameters:
  ///   - bins: The number of bins.
  ///   - range: The binned range; by default the data's minimum to maximum.
  ///   - density: Scale counts so the histogram's area is 1.
  public mutating func histogram<V: PlotValue>(
    _ values: [V], bins: Int = 30, range: ClosedRange<Double>? = nil, density: Bool = false,
    label: String? = nil, color: Color? = nil
  ) {
    let data = values.plotValues.filter(\.isFinite)
    guard bins > 0 else {
      problems.append("histogram: bins must be at least 1, got \(bins)")
      return
    }
    var lo = range?.lowerBound ?? data.min() ?? 0
    var hi = range?.upperBound ?? data.max() ?? 1
    if hi <= lo {
      lo -= 0.5
      hi += 0.5
    }
    let width = (hi - lo) / Double(bins)
    var counts = [Double](repeating: 0, count: bins)
    for v in data where v >= lo && v <= hi {
      counts[min(Int((v - lo) / width), bins - 1)] += 1
    }
    if density, !data.isEmpty {
      let total = counts.reduce(0, +) * width
      counts = counts.map { $0 / total }
    }
    let edges = (0...bins).map { lo + Double($0) * width }
    marks.append(.histogram(HistogramMark(edges: edges, counts: counts, label: label, color: takeColor(color))))
  }
}
