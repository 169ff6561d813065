// The concrete colours of each theme.

/// Every colour a figure uses besides the data's own, for one theme.
struct ThemeColors: Sendable {
  var background: RGB
  /// Titles, axis labels, legend text.
  var text: RGB
  /// Tick labels: a step softer than `text` so the data stays in front.
  var tickText: RGB
  /// Axis lines and tick marks.
  var spine: RGB
  var grid: RGB
  var legendBorder: RGB
  /// Series colours in cycle order.
  var palette: [RGB]
}

extension Theme {
  var colors: ThemeColors {
    switch self {
    case .light:
      ThemeColors(
        background: RGB(hex: 0xFFFFFF), text: RGB(hex: 0x1A1A1A), tickText: RGB(hex: 0x3C3C3C),
        spine: RGB(hex: 0x5C5C5C), grid: RGB(hex: 0xE6E6E6), legendBorder: RGB(hex: 0xCCCCCC),
        // Okabe–Ito, reordered so the first three are the most distinct; yellow darkened for white.
        palette: [
          0x0072B2, 0xE69F00, 0x009E73, 0xD55E00, 0xCC79A7, 0x56B4E9, 0x666666, 0xC9B400,
        ].map(RGB.init(hex:)))
    case .dark:
      ThemeColors(
        background: RGB(hex: 0x16181D), text: RGB(hex: 0xE8E8EA), tickText: RGB(hex: 0xC4C6CC),
        spine: RGB(hex: 0x8C9099), grid: RGB(hex: 0x2D3038), legendBorder: RGB(hex: 0x474B55),
        // The same hues, lightened so each keeps its contrast against the dark background.
        palette: [
          0x3D9BE0, 0xF0AC2A, 0x1FBF8F, 0xF07A33, 0xE092C0, 0x8FD0F5, 0xB0B0B0, 0xF0E442,
        ].map(RGB.init(hex:)))
    }
  }
}
