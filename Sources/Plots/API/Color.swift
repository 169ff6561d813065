// Colours that follow the theme: palette entries and the text colour change in dark mode.

/// A colour for marks, either a palette entry (adapted to the theme) or a fixed RGB value.
///
/// The palette is Okabe–Ito, which stays distinguishable under the common colour-vision
/// deficiencies. Series without an explicit colour take the next palette entry.
public struct Color: Sendable, Hashable {
  enum Kind: Sendable, Hashable {
    case palette(Int)
    case rgb(RGB)
    case foreground
  }

  let kind: Kind

  init(kind: Kind) { self.kind = kind }

  /// A fixed colour from 0–1 components, the same in both themes.
  public init(red: Double, green: Double, blue: Double) {
    func byte(_ v: Double) -> UInt8 { UInt8((min(max(v, 0), 1) * 255).rounded()) }
    kind = .rgb(RGB(byte(red), byte(green), byte(blue)))
  }

  /// A fixed colour from a hex literal such as `0x0072B2`, the same in both themes.
  public init(hex: UInt32) {
    kind = .rgb(RGB(UInt8(hex >> 16 & 0xFF), UInt8(hex >> 8 & 0xFF), UInt8(hex & 0xFF)))
  }

  /// The palette entry at `index` (wrapping), lightened in the dark theme.
  public static func palette(_ index: Int) -> Color { Color(kind: .palette(index)) }

  /// The theme's text colour: near-black when light, near-white when dark.
  public static let foreground = Color(kind: .foreground)
  /// Palette blue (Okabe–Ito #0072B2).
  public static let blue = palette(0)
  /// Palette orange (Okabe–Ito #E69F00).
  public static let orange = palette(1)
  /// Palette bluish green (Okabe–Ito #009E73).
  public static let green = palette(2)
  /// Palette vermillion (Okabe–Ito #D55E00).
  public static let vermillion = palette(3)
  /// Palette reddish purple (Okabe–Ito #CC79A7).
  public static let purple = palette(4)
  /// Palette sky blue (Okabe–Ito #56B4E9).
  public static let sky = palette(5)
  /// Palette grey.
  public static let gray = palette(6)
  /// Palette yellow (Okabe–Ito #F0E442; darkened on white for contrast).
  public static let yellow = palette(7)

  /// Resolves the colour against a theme.
  func rgb(_ colors: ThemeColors) -> RGB {
    switch kind {
    case .palette(let i): colors.palette[((i % colors.palette.count) + colors.palette.count) % colors.palette.count]
    case .rgb(let c): c
    case .foreground: colors.text
    }
  }
}
