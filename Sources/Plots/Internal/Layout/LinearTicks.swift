// Nice tick values for linear axes: the extended Wilkinson algorithm of Talbot, Lin and Hanrahan.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Chooses evenly spaced, round tick values inside an axis range.
///
/// Candidates are every multiple of `q × 10ᶻ` inside `[lo, hi]` for `q` in ``steps``; each is
/// scored as in Talbot, Lin & Hanrahan (2010), "An Extension of Wilkinson's Algorithm for
/// Positioning Tick Labels on Axes": simplicity (earlier `q`, zero included), coverage of the
/// range, and closeness to the wanted density. Ticks never fall outside the range, so labels
/// never stick out past the axis. Labels use one format per axis (see ``NumberFormat``).
enum LinearTicks {
  /// Nice step mantissas, most preferred first.
  static let steps: [Double] = [1, 5, 2, 2.5]
  private static let weights = (simplicity: 0.25, coverage: 0.2, density: 0.5, legibility: 0.05)

  /// About `target` ticks (at least two) for the range `lo...hi`.
  static func ticks(_ lo: Double, _ hi: Double, target: Int) -> [Tick] {
    guard lo.isFinite, hi.isFinite, hi > lo else { return [Tick(value: lo, label: label(lo))] }
    let (start, step, count) = best(lo, hi, target: max(target, 2))
    let values = (0..<count).map { cleaned((start + Double($0)) * step, step: step) }
    return zip(values, NumberFormat.labels(values, step: step)).map { Tick(value: $0, label: $1) }
  }

  /// The winning candidate as (first multiple, step, count).
  private static func best(_ lo: Double, _ hi: Double, target m: Int) -> (Double, Double, Int) {
    let range = hi - lo
    let slack = 1e-9 * range
    var best: (score: Double, start: Double, step: Double, count: Int)?
    let zLow = Int(floor(log10(range / Double(4 * m + 4)))) - 1
    let zHigh = Int(ceil(log10(range))) + 1
    for z in zLow...zHigh {
      for (i, q) in steps.enumerated() {
        let step = q * pow(10, Double(z))
        let first = ceil((lo - slack) / step)
        let last = floor((hi + slack) / step)
        let count = Int(last - first) + 1
        guard count >= 2, count <= 4 * m + 4 else { continue }
        let lmin = first * step
        let lmax = last * step
        let simplicity = 1 - Double(i) / Double(steps.count - 1) + (lmin <= 0 && lmax >= 0 ? 1 : 0) - 1
        let coverage = 1 - 0.5 * (pow(hi - lmax, 2) + pow(lo - lmin, 2)) / pow(0.1 * range, 2)
        let r = Double(count - 1) / (lmax - lmin)
        let rt = Double(m - 1) / (max(lmax, hi) - min(lo, lmin))
        let density = 2 - max(r / rt, rt / r)
        let score =
          weights.simplicity * simplicity + weights.coverage * coverage + weights.density * density
          + weights.legibility
        if best == nil || score > best!.score { best = (score, first, step, count) }
      }
    }
    guard let best else { return (lo, hi - lo, 2) }
    return (best.start, best.step, best.count)
  }

  /// Snaps float noise such as 0.30000000000000004 or -0.0 to the value the label shows.
  private static func cleaned(_ v: Double, step: Double) -> Double {
    abs(v) < step * 1e-9 ? 0 : v
  }

  private static func label(_ v: Double) -> String {
    NumberFormat.fixed(v, decimals: NumberFormat.decimals(forStep: abs(v) > 0 ? abs(v) : 1))
  }
}
