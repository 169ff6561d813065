// The light and dark variants of every figure.

/// The colour scheme a figure renders in; the site shows `.dark` in dark mode.
public enum Theme: Sendable, Hashable, CaseIterable {
  /// Dark text on a white background.
  case light
  /// Light text on a near-black background.
  case dark

  /// The figure's opaque background as `#rrggbb`, for pages that frame figures in the same colour.
  public var backgroundHex: String { colors.background.hex }
}
