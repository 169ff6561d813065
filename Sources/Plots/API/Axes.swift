// One plot area with its axes, marks and legend; a figure shows one or more of them.

/// A plot: marks drawn against an x and a y axis, with labels, ticks, grid and legend.
///
/// Add marks with mutating calls, then put the axes into a ``Figure``:
///
/// ```swift
/// var ax = Axes(xLabel: "step", yLabel: "loss")
/// ax.line(steps, train, label: "train")
/// ax.line(steps, test, label: "test", style: .dashed)
/// ax.yScale = .log
/// let fig = Figure(ax, title: "Training curves")
/// ```
///
/// Marks without a colour take the next entry of the colour-blind-safe palette, in order.
public struct Axes: Sendable {
  /// The title above this plot (in a grid, each panel has its own).
  public var title: String?
  /// The label under the x axis.
  public var xLabel: String?
  /// The label left of the y axis, drawn rotated.
  public var yLabel: String?
  /// The x axis scale; `.log` leaves out values ≤ 0.
  public var xScale: Scale
  /// The y axis scale; `.log` leaves out values ≤ 0.
  public var yScale: Scale
  /// Fixed x limits; by default the data range plus a small margin.
  public var xLimits: ClosedRange<Double>?
  /// Fixed y limits; by default the data range plus a small margin.
  public var yLimits: ClosedRange<Double>?
  /// Whether to draw light grid lines at the major ticks.
  public var grid = true
  /// Where the legend goes; it appears only when some mark has a label.
  public var legend = LegendPosition.automatic

  var marks: [Mark] = []
  /// Mistakes found while adding marks, reported when the figure renders.
  var problems: [String] = []
  private var colorsUsed = 0
  private var lastSeriesColor: Color?

  /// Creates empty axes.
  public init(
    title: String? = nil, xLabel: String? = nil, yLabel: String? = nil, xScale: Scale = .linear,
    yScale: Scale = .linear
  ) {
    self.title = title
    self.xLabel = xLabel
    self.yLabel = yLabel
    self.xScale = xScale
    self.yScale = yScale
  }

  /// The given colour, or the next palette colour.
  mutating func takeColor(_ color: Color?) -> Color {
    let chosen = color ?? .palette(colorsUsed)
    if color == nil { colorsUsed += 1 }
    lastSeriesColor = chosen
    return chosen
  }

  /// The colour of the series drawn just before, so that a band follows its line.
  mutating func companionColor(_ color: Color?) -> Color {
    color ?? lastSeriesColor ?? takeColor(nil)
  }

  /// Records a problem unless `lengths` all agree.
  mutating func check(_ what: String, label: String?, _ lengths: [(String, Int)]) -> Bool {
    guard let first = lengths.first, lengths.contains(where: { $0.1 != first.1 }) else { return true }
    let name = label.map { "\(what) \"\($0)\"" } ?? what
    let counts = lengths.map { "\($0.0) has \($0.1)" }.joined(separator: ", ")
    problems.append("\(name): the arrays must have the same length, but \(counts) values")
    return false
  }
}
