// Continuous colour scales for heatmaps and scatter colour-by-value.

/// A continuous map from a value in 0...1 to a colour.
public enum Colormap: Sendable, Hashable {
  /// Perceptually uniform dark blue → green → yellow (matplotlib's default); colour-blind safe.
  case viridis
  /// Black → white; for images such as dataset samples.
  case gray
  /// Purple → white → orange (PuOr), for signed values centred on zero; colour-blind safe.
  case diverging

  /// The colour at `t`, clamped to 0...1; NaN maps to the low end.
  func color(at t: Double) -> RGB {
    let t = t.isNaN ? 0 : min(max(t, 0), 1)
    switch self {
    case .gray:
      let v = UInt8((t * 255).rounded())
      return RGB(v, v, v)
    case .viridis: return Self.interpolate(Self.viridisStops, t)
    case .diverging: return Self.interpolate(Self.divergingStops, t)
    }
  }

  /// Piecewise-linear interpolation between evenly spaced stops.
  private static func interpolate(_ stops: [RGB], _ t: Double) -> RGB {
    let position = t * Double(stops.count - 1)
    let i = min(Int(position), stops.count - 2)
    return stops[i].mixed(with: stops[i + 1], position - Double(i))
  }

  /// matplotlib's viridis sampled at 33 points; linear interpolation stays within 1/255 of the table.
  private static let viridisStops: [RGB] = [
    0x440154, 0x470D60, 0x48186A, 0x482374, 0x472D7B, 0x453781, 0x424086, 0x3E4989,
    0x3B528B, 0x375B8D, 0x33638D, 0x2F6B8E, 0x2C728E, 0x297A8E, 0x26828E, 0x23898E,
    0x21918C, 0x1F988B, 0x1FA088, 0x22A785, 0x28AE80, 0x32B67A, 0x3FBC73, 0x4EC36B,
    0x5EC962, 0x70CF57, 0x84D44B, 0x98D83E, 0xADDC30, 0xC2DF23, 0xD8E219, 0xECE51B,
    0xFDE725,
  ].map(RGB.init(hex:))

  /// ColorBrewer PuOr, reversed so that negative is purple, sampled at 17 points.
  private static let divergingStops: [RGB] = [
    0x2D004B, 0x451871, 0x5F3A91, 0x7B6AA8, 0x9990BF, 0xB7B1D5, 0xCFCFE5, 0xE4E5F0, 0xF7F7F6,
    0xFCE8CD, 0xFED59F, 0xFDBC6B, 0xEE9B39, 0xD97B12, 0xBD6109, 0x9E4C07, 0x7F3B08,
  ].map(RGB.init(hex:))
}
