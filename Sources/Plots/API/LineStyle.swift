// Dash patterns for lines and reference lines.

/// The dash pattern of a line.
public enum LineStyle: Sendable, Hashable {
  /// A continuous line.
  case solid
  /// Long dashes.
  case dashed
  /// Round dots.
  case dotted
  /// Alternating dashes and dots.
  case dashDot

  /// On/off lengths in multiples of the line width (matplotlib's proportions); empty when solid.
  var pattern: [Double] {
    switch self {
    case .solid: []
    case .dashed: [3.7, 1.6]
    case .dotted: [0.0, 2.0]
    case .dashDot: [6.4, 1.6, 0.0, 1.6]
    }
  }
}
