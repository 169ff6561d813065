// Where an axes puts its legend.

/// Where the legend of an ``Axes`` goes.
public enum LegendPosition: Sendable, Hashable {
  /// The inside corner or edge that hides no data, else outside to the right of the plot.
  case automatic
  /// No legend, even when marks have labels.
  case hidden
  /// Inside, top left.
  case upperLeft
  /// Inside, top right.
  case upperRight
  /// Inside, bottom left.
  case lowerLeft
  /// Inside, bottom right.
  case lowerRight
  /// Outside the plot, to its right.
  case outside
}
