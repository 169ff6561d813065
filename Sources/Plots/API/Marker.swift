// Point shapes for scatter plots and line markers.

/// The shape drawn at each data point.
public enum Marker: Sendable, Hashable, CaseIterable {
  /// A filled disc.
  case circle
  /// A filled square.
  case square
  /// A filled triangle pointing up.
  case triangle
  /// A filled diamond.
  case diamond
  /// A diagonal cross (×).
  case cross
}
