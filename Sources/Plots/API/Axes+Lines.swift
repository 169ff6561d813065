// Lines, bands and scatter points.

extension Axes {
  /// Adds a line through the points `(x[i], y[i])`; NaN values leave gaps.
  ///
  /// - Parameters:
  ///   - label: The legend entry; unlabelled lines have none.
  ///   - color: Defaults to the next palette colour.
  ///   - style: The dash pattern.
  ///   - width: The stroke width in points.
  ///   - marker: A shape drawn at every point.
  public mutating func line<X: PlotValue, Y: PlotValue>(
    _ x: [X], _ y: [Y], label: String? = nil, color: Color? = nil, style: LineStyle = .solid,
    width: Double = 2, marker: Marker? = nil
  ) {
    guard check("line", label: label, [("x", x.count), ("y", y.count)]) else { return }
    let color = takeColor(color)
    marks.append(
      .line(
        LineMark(
          x: x.plotValues, y: y.plotValues, label: label, color: color, style: style, width: width,
          marker: marker)))
  }

  /// Adds a line through `y` against its indices 0, 1, 2, ….
  public mutating func line<Y: PlotValue>(
    _ y: [Y], label: String? = nil, color: Color? = nil, style: LineStyle = .solid, width: Double = 2,
    marker: Marker? = nil
  ) {
    line(Array(0..<y.count), y, label: label, color: color, style: style, width: width, marker: marker)
  }

  /// Shades the area between `lower` and `upper`, such as mean ± std over seeds.
  ///
  /// Without a colour, the band takes the colour of the series added just before it, so
  /// `line` followed by `band` reads as one series.
  public mutating func band<X: PlotValue, Y: PlotValue>(
    _ x: [X], _ lower: [Y], _ upper: [Y], label: String? = nil, color: Color? = nil, opacity: Double = 0.2
  ) {
    guard check("band", label: label, [("x", x.count), ("lower", lower.count), ("upper", upper.count)]) else {
      return
    }
    let color = companionColor(color)
    marks.append(
      .band(
        BandMark(
          x: x.plotValues, lower: lower.plotValues, upper: upper.plotValues, label: label, color: color,
          opacity: opacity)))
  }

  /// Adds the mean of several runs (one array per seed) as a line, with a ±1 standard deviation band.
  ///
  /// The standard deviation is the sample one (n − 1), as NumPy's `std(ddof=1)`.
  public mutating func meanLine<X: PlotValue, Y: PlotValue>(
    _ x: [X], runs: [[Y]], label: String? = nil, color: Color? = nil, style: LineStyle = .solid
  ) {
    let lengths = [("x", x.count)] + runs.enumerated().map { ("run \($0.offset)", $0.element.count) }
    guard !runs.isEmpty, check("meanLine", label: label, lengths) else {
      if runs.isEmpty { problems.append("meanLine \(label ?? ""): no runs given") }
      return
    }
    let values = runs.map(\.plotValues)
    var mean = [Double](repeating: 0, count: x.count)
    var std = [Double](repeating: 0, count: x.count)
    for i in 0..<x.count {
      let column = values.map { $0[i] }
      let m = column.reduce(0, +) / Double(column.count)
      mean[i] = m
      let squares = column.reduce(0) { $0 + ($1 - m) * ($1 - m) }
      std[i] = column.count > 1 ? (squares / Double(column.count - 1)).squareRoot() : 0
    }
    line(x, mean, label: label, color: color, style: style)
    band(x, zip(mean, std).map { $0 - $1 }, zip(mean, std).map { $0 + $1 }, label: label)
  }

  /// Adds points `(x[i], y[i])` in one colour.
  public mutating func scatter<X: PlotValue, Y: PlotValue>(
    _ x: [X], _ y: [Y], label: String? = nil, color: Color? = nil, marker: Marker = .circle, size: Double = 7,
    opacity: Double = 0.8
  ) {
    guard check("scatter", label: label, [("x", x.count), ("y", y.count)]) else { return }
    let mark = ScatterMark(
      x: x.plotValues, y: y.plotValues, label: label, coloring: .single(takeColor(color)), marker: marker,
      size: size, opacity: opacity)
    marks.append(.scatter(mark))
  }

  /// Adds points coloured by class: class `k` gets palette colour `k`; `classNames` label the legend.
  public mutating func scatter<X: PlotValue, Y: PlotValue>(
    _ x: [X], _ y: [Y], classes: [Int], classNames: [String]? = nil, marker: Marker = .circle,
    size: Double = 7, opacity: Double = 0.8
  ) {
    guard check("scatter", label: nil, [("x", x.count), ("y", y.count), ("classes", classes.count)]) else {
      return
    }
    let mark = ScatterMark(
      x: x.plotValues, y: y.plotValues, label: nil, coloring: .classes(classes, names: classNames),
      marker: marker, size: size, opacity: opacity)
    marks.append(.scatter(mark))
  }

  /// Adds points coloured by a value through a colour map, with a colour bar.
  public mutating func scatter<X: PlotValue, Y: PlotValue, V: PlotValue>(
    _ x: [X], _ y: [Y], values: [V], colormap: Colormap = .viridis, colorbar: Bool = true,
    marker: Marker = .circle, size: Double = 7, opacity: Double = 0.9
  ) {
    guard check("scatter", label: nil, [("x", x.count), ("y", y.count), ("values", values.count)]) else {
      return
    }
    let mark = ScatterMark(
      x: x.plotValues, y: y.plotValues, label: nil,
      coloring: .values(values.plotValues, colormap, colorbar: colorbar), marker: marker, size: size,
      opacity: opacity)
    marks.append(.scatter(mark))
  }
}
