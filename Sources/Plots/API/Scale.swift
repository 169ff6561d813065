// How data values map to positions along an axis.

/// The mapping from data values to positions along an axis.
public enum Scale: Sendable, Hashable {
  /// Equal distances for equal differences.
  case linear
  /// Equal distances for equal ratios (base 10); values ≤ 0 are left out.
  case log
}
