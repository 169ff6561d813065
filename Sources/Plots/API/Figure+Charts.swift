// One-line charts for notebook cells: each builds an Axes and wraps it in a Figure.

extension Figure {
  /// A line chart of several series over shared x values, in the order written.
  ///
  /// ```swift
  /// Figure.line(x: steps, series: ["train": trainAcc, "test": testAcc], xLabel: "step", yLabel: "accuracy")
  /// ```
  public static func line<X: PlotValue, Y: PlotValue>(
    x: [X], series: KeyValuePairs<String, [Y]>, xLabel: String? = nil, yLabel: String? = nil, title: String? = nil,
    logX: Bool = false, logY: Bool = false
  ) -> Figure {
    var axes = Axes(xLabel: xLabel, yLabel: yLabel, xScale: logX ? .log : .linear, yScale: logY ? .log : .linear)
    for (label, y) in series { axes.line(x, y, label: label) }
    return Figure(axes, title: title)
  }

  /// A line chart of one series.
  public static func line<X: PlotValue, Y: PlotValue>(
    x: [X], y: [Y], xLabel: String? = nil, yLabel: String? = nil, title: String? = nil, logX: Bool = false,
    logY: Bool = false
  ) -> Figure {
    var axes = Axes(xLabel: xLabel, yLabel: yLabel, xScale: logX ? .log : .linear, yScale: logY ? .log : .linear)
    axes.line(x, y)
    return Figure(axes, title: title)
  }

  /// Mean ± std over seeds for several arms: each arm maps to one array per seed.
  public static func meanLines<X: PlotValue, Y: PlotValue>(
    x: [X], runs: KeyValuePairs<String, [[Y]]>, xLabel: String? = nil, yLabel: String? = nil, title: String? = nil,
    logX: Bool = false, logY: Bool = false
  ) -> Figure {
    var axes = Axes(xLabel: xLabel, yLabel: yLabel, xScale: logX ? .log : .linear, yScale: logY ? .log : .linear)
    for (label, arm) in runs { axes.meanLine(x, runs: arm, label: label) }
    return Figure(axes, title: title)
  }

  /// A scatter plot, coloured by class when `classes` is given.
  public static func scatter<X: PlotValue, Y: PlotValue>(
    x: [X], y: [Y], classes: [Int]? = nil, classNames: [String]? = nil, xLabel: String? = nil,
    yLabel: String? = nil, title: String? = nil
  ) -> Figure {
    var axes = Axes(xLabel: xLabel, yLabel: yLabel)
    if let classes { axes.scatter(x, y, classes: classes, classNames: classNames) } else { axes.scatter(x, y) }
    return Figure(axes, title: title)
  }

  /// A bar chart with optional error bars.
  public static func bar<Y: PlotValue>(
    _ categories: [String], _ values: [Y], errors: [Y]? = nil, xLabel: String? = nil, yLabel: String? = nil,
    title: String? = nil
  ) -> Figure {
    var axes = Axes(xLabel: xLabel, yLabel: yLabel)
    axes.bar(categories, values, errors: errors)
    return Figure(axes, title: title)
  }

  /// A histogram with equal-width bins.
  public static func histogram<V: PlotValue>(
    _ values: [V], bins: Int = 30, xLabel: String? = nil, yLabel: String? = "count", title: String? = nil
  ) -> Figure {
    var axes = Axes(xLabel: xLabel, yLabel: yLabel)
    axes.histogram(values, bins: bins)
    return Figure(axes, title: title)
  }

  /// A heatmap with a colour bar; square by default.
  public static func heatmap<V: PlotValue>(
    _ matrix: [[V]], colormap: Colormap = .viridis, xLabels: [String]? = nil, yLabels: [String]? = nil,
    showValues: Bool = false, xLabel: String? = nil, yLabel: String? = nil, title: String? = nil
  ) -> Figure {
    var axes = Axes(xLabel: xLabel, yLabel: yLabel)
    axes.heatmap(matrix, colormap: colormap, xLabels: xLabels, yLabels: yLabels, showValues: showValues)
    return Figure(axes, width: 520, height: 440, title: title)
  }
}
