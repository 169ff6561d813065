// Reference lines and text notes in data coordinates.

extension Axes {
  /// Draws a vertical reference line across the plot, such as the step where grokking happens.
  ///
  /// The label is written beside the top of the line.
  public mutating func vline<V: PlotValue>(
    x: V, label: String? = nil, color: Color = .foreground, style: LineStyle = .dashed
  ) {
    let mark = RuleMark(orientation: .vertical, value: x.plotValue, label: label, color: color, style: style)
    marks.append(.rule(mark))
  }

  /// Draws a horizontal reference line across the plot, such as chance accuracy.
  ///
  /// The label is written above the right end of the line.
  public mutating func hline<V: PlotValue>(
    y: V, label: String? = nil, color: Color = .foreground, style: LineStyle = .dashed
  ) {
    let mark = RuleMark(orientation: .horizontal, value: y.plotValue, label: label, color: color, style: style)
    marks.append(.rule(mark))
  }

  /// Writes `text` with its left end just right of the data point `at`, vertically centred.
  public mutating func annotate<X: PlotValue, Y: PlotValue>(
    _ text: String, at point: (x: X, y: Y), color: Color = .foreground
  ) {
    marks.append(.text(TextMark(text: text, x: point.x.plotValue, y: point.y.plotValue, color: color)))
  }
}
