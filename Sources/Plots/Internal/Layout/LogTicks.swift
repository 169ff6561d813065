// Tick values for base-10 log axes: decades, thinned or subdivided to suit the range.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Chooses ticks for a log axis.
///
/// Two or more decades inside the range: labelled decades `10ⁿ` (every k-th one when there
/// are too many), with unlabelled minor ticks at 2…9 × 10ⁿ. Less than that: labelled
/// 1-2-5 multiples, or plain linear ticks when even those are too few.
enum LogTicks {
  static func ticks(_ lo: Double, _ hi: Double, target: Int) -> TickSet {
    guard lo > 0, hi > lo, lo.isFinite, hi.isFinite else {
      return TickSet(major: LinearTicks.ticks(lo, hi, target: target))
    }
    let eps = 1e-9
    let firstDecade = Int(ceil(log10(lo) - eps))
    let lastDecade = Int(floor(log10(hi) + eps))
    let decades = lastDecade - firstDecade + 1
    if decades >= 2 {
      let stride = max(1, Int((Double(decades) / Double(max(target, 2))).rounded(.up)))
      let startDecade = Int((Double(firstDecade) / Double(stride)).rounded(.up)) * stride
      let major = Swift.stride(from: startDecade, through: lastDecade, by: stride).map {
        Tick(value: pow(10, Double($0)), label: NumberFormat.scientific(pow(10, Double($0)), digits: 1))
      }
      return TickSet(major: major, minor: minorTicks(lo, hi, decadeStride: stride, majorDecades: major))
    }
    for mantissas in [[1.0, 2, 5], [1.0, 2, 3, 4, 5, 6, 7, 8, 9]] {
      let values = multiples(of: mantissas, lo, hi)
      if values.count >= 3 { return TickSet(major: values.map { Tick(value: $0, label: label($0)) }) }
    }
    return TickSet(major: LinearTicks.ticks(lo, hi, target: target))
  }

  /// `m × 10ⁿ` for every mantissa `m` that lands inside the range.
  private static func multiples(of mantissas: [Double], _ lo: Double, _ hi: Double) -> [Double] {
    var values: [Double] = []
    for decade in Int(floor(log10(lo)))...Int(ceil(log10(hi))) {
      for m in mantissas {
        let v = m * pow(10, Double(decade))
        if v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9) { values.append(v) }
      }
    }
    return values
  }

  /// Minor ticks: 2…9 × 10ⁿ when every decade is labelled, else the unlabelled decades.
  private static func minorTicks(_ lo: Double, _ hi: Double, decadeStride: Int, majorDecades: [Tick]) -> [Double] {
    if decadeStride == 1 { return multiples(of: [2, 3, 4, 5, 6, 7, 8, 9], lo, hi) }
    let majors = Set(majorDecades.map(\.value))
    return multiples(of: [1], lo, hi).filter { !majors.contains($0) }
  }

  /// A 1-2-5 value as plain decimals where short, else as `m×10ⁿ`.
  private static func label(_ v: Double) -> String {
    if v >= 1e-3 && v < 1e5 {
      let d = NumberFormat.decimals(forStep: v)
      return NumberFormat.fixed(v, decimals: d)
    }
    return NumberFormat.scientific(v, digits: 2)
  }
}
