// Tick-label text for numbers, without Foundation.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Formats tick values the way a typesetter would: a true minus sign, no trailing zeros beyond
/// what the step needs, `k`/`M` for large step counts, `×10ⁿ` for very small values.
enum NumberFormat {
  static let minus = "\u{2212}"

  /// The number of decimals that shows every multiple of `step` exactly (0–12).
  static func decimals(forStep step: Double) -> Int {
    var scaled = abs(step)
    for d in 0...12 {
      if abs(scaled - scaled.rounded()) <= 1e-6 * max(scaled, 1) { return d }
      scaled *= 10
    }
    return 12
  }

  /// `value` with exactly `decimals` digits after the point.
  static func fixed(_ value: Double, decimals: Int) -> String {
    let scale = pow(10, Double(decimals))
    let scaled = (abs(value) * scale).rounded()
    guard scaled < 9e17 else { return scientific(value, digits: 3) }
    let units = UInt64(scaled)
    let divisor = UInt64(scale)
    var text = String(units / divisor)
    if decimals > 0 {
      var fraction = String(units % divisor)
      while fraction.count < decimals { fraction = "0" + fraction }
      text += "." + fraction
    }
    return units == 0 || value >= 0 ? text : minus + text
  }

  /// Labels for evenly spaced linear ticks, sharing one style so the axis reads consistently.
  static func labels(_ values: [Double], step: Double) -> [String] {
    let largest = values.map(abs).max() ?? 0
    if largest >= 1e5 && largest < 1e10 {
      let (divisor, suffix) = largest >= 1e7 ? (1e6, "M") : (1e3, "k")
      let d = decimals(forStep: step / divisor)
      return values.map { $0 == 0 ? "0" : fixed($0 / divisor, decimals: d) + suffix }
    }
    if largest >= 1e10 || (largest > 0 && largest < 1e-3) {
      return values.map { $0 == 0 ? "0" : scientific($0, digits: 3) }
    }
    let d = decimals(forStep: step)
    return values.map { fixed($0, decimals: d) }
  }

  /// `m×10ⁿ` with up to `digits` significant digits in the mantissa, and `10ⁿ` when m is 1.
  static func scientific(_ value: Double, digits: Int) -> String {
    guard value != 0, value.isFinite else { return value == 0 ? "0" : "\(value)" }
    var exponent = Int(floor(log10(abs(value))))
    var mantissa = value / pow(10, Double(exponent))
    let rounding = pow(10, Double(digits - 1))
    mantissa = (mantissa * rounding).rounded() / rounding
    if abs(mantissa) >= 10 {
      mantissa /= 10
      exponent += 1
    }
    let power = "10" + superscript(exponent)
    if abs(mantissa) == 1 { return (mantissa < 0 ? minus : "") + power }
    return fixed(mantissa, decimals: decimals(forStep: mantissa)) + "×" + power
  }

  /// An integer in Unicode superscript digits, with a superscript minus.
  static func superscript(_ n: Int) -> String {
    let digits: [Character] = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
    return (n < 0 ? "⁻" : "") + String(String(abs(n)).map { digits[Int(String($0))!] })
  }
}
