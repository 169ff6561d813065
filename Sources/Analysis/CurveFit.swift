import Tensors

#if canImport(Glibc)
import Glibc
#endif

// Least-squares curve fits for learning curves and scaling laws: straight lines, power laws
// (in log-log space) and power laws with an offset (an irreducible error).

/// A least-squares line `y = intercept + slope · x`, with its coefficient of determination.
public struct LinearFit: Sendable, Equatable {
  /// The slope.
  public var slope: Double
  /// The value at x = 0.
  public var intercept: Double
  /// R² = 1 − SS_res / SS_tot on the fitted points (1 for a perfect fit).
  public var rSquared: Double

  /// The fitted value at `x`.
  public func callAsFunction(_ x: Double) -> Double { intercept + slope * x }
}

/// A power law `y = a · x^b + c` (c = 0 unless fitted with an offset).
public struct PowerLawFit: Sendable, Equatable {
  /// The scale a.
  public var a: Double
  /// The exponent b (negative for a falling learning curve).
  public var b: Double
  /// The offset c (the asymptote as x → ∞ when b < 0); 0 for a pure power law.
  public var c: Double
  /// R² of the fit: in log-log space for `fitPowerLaw`, in linear space for `fitPowerLawWithOffset`.
  public var rSquared: Double

  /// The fitted value at `x`.
  public func callAsFunction(_ x: Double) -> Double { a * pow(x, b) + c }
}

private func checkPoints(_ x: [Double], _ y: [Double], _ op: String, minimum: Int) {
  if x.count != y.count { engineFailure(op, "\(x.count) x values but \(y.count) y values") }
  if x.count < minimum { engineFailure(op, "needs at least \(minimum) points, got \(x.count)") }
}

/// 1 − SS_res / SS_tot; 1 when the data are constant and fitted exactly.
private func rSquared(_ y: [Double], _ fitted: [Double]) -> Double {
  let mean = y.reduce(0, +) / Double(y.count)
  let total = y.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
  let residual = zip(y, fitted).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
  if total == 0 { return residual == 0 ? 1 : 0 }
  return 1 - residual / total
}

/// The ordinary least-squares line through `(x[i], y[i])` (at least 2 points, x not all equal).
public func fitLine(x: [Double], y: [Double]) -> LinearFit {
  checkPoints(x, y, "fitLine", minimum: 2)
  let n = Double(x.count)
  let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
  var sxx = 0.0, sxy = 0.0
  for (xi, yi) in zip(x, y) {
    sxx += (xi - mx) * (xi - mx)
    sxy += (xi - mx) * (yi - my)
  }
  if sxx == 0 { engineFailure("fitLine", "all x values are equal (\(mx))") }
  let slope = sxy / sxx
  let intercept = my - slope * mx
  return LinearFit(slope: slope, intercept: intercept, rSquared: rSquared(y, x.map { intercept + slope * $0 }))
}

/// A power law `y = a · x^b` fitted as a line in log-log space: `log y = log a + b log x`.
///
/// This is how scaling-law papers report exponents; `rSquared` is the R² of the log-log line.
/// All x and y must be positive.
public func fitPowerLaw(x: [Double], y: [Double]) -> PowerLawFit {
  checkPoints(x, y, "fitPowerLaw", minimum: 2)
  if let bad = x.indices.first(where: { !(x[$0] > 0 && y[$0] > 0) }) {
    engineFailure("fitPowerLaw", "x and y must be positive, point \(bad) is (\(x[bad]), \(y[bad]))")
  }
  let line = fitLine(x: x.map { log($0) }, y: y.map { log($0) })
  return PowerLawFit(a: exp(line.intercept), b: line.slope, c: 0, rSquared: line.rSquared)
}

/// A power law with an offset, `y = a · x^b + c`, by least squares in linear space.
///
/// For a fixed exponent the model is linear in (a, c), so those are solved exactly and the
/// exponent is searched (a 400-point grid over `exponentRange`, then golden-section refinement):
/// the global least-squares optimum within the range, without starting values. `rSquared` is in
/// linear space. Needs at least 3 points with positive x.
public func fitPowerLawWithOffset(
  x: [Double], y: [Double], exponentRange: ClosedRange<Double> = -3...(-0.01)
) -> PowerLawFit {
  checkPoints(x, y, "fitPowerLawWithOffset", minimum: 3)
  if let bad = x.firstIndex(where: { !($0 > 0) }) {
    engineFailure("fitPowerLawWithOffset", "x[\(bad)] = \(x[bad]) is not positive")
  }
  let n = Double(x.count)
  // For exponent b: regress y on z = x^b with an intercept.
  func solve(_ b: Double) -> (a: Double, c: Double, sse: Double) {
    let z = x.map { pow($0, b) }
    let mz = z.reduce(0, +) / n, my = y.reduce(0, +) / n
    var szz = 0.0, szy = 0.0
    for (zi, yi) in zip(z, y) {
      szz += (zi - mz) * (zi - mz)
      szy += (zi - mz) * (yi - my)
    }
    let a = szz > 0 ? szy / szz : 0
    let c = my - a * mz
    let sse = zip(z, y).reduce(0) { $0 + ($1.1 - a * $1.0 - c) * ($1.1 - a * $1.0 - c) }
    return (a, c, sse)
  }
  let (lo, hi) = (exponentRange.lowerBound, exponentRange.upperBound)
  let gridCount = 400
  var bestIndex = 0
  var bestSSE = Double.infinity
  for i in 0...gridCount {
    let b = lo + (hi - lo) * Double(i) / Double(gridCount)
    let sse = solve(b).sse
    if sse < bestSSE { (bestSSE, bestIndex) = (sse, i) }
  }
  // Golden-section search in the grid cells around the best point.
  let step = (hi - lo) / Double(gridCount)
  var left = max(lo, lo + step * Double(bestIndex - 1))
  var right = min(hi, lo + step * Double(bestIndex + 1))
  let ratio = (5.0.squareRoot() - 1) / 2
  var p = right - ratio * (right - left), q = left + ratio * (right - left)
  var fp = solve(p).sse, fq = solve(q).sse
  for _ in 0..<80 {
    if fp < fq {
      right = q
      (q, fq) = (p, fp)
      p = right - ratio * (right - left)
      fp = solve(p).sse
    } else {
      left = p
      (p, fp) = (q, fq)
      q = left + ratio * (right - left)
      fq = solve(q).sse
    }
  }
  let b = (left + right) / 2
  let best = solve(b)
  let fitted = x.map { best.a * pow($0, b) + best.c }
  return PowerLawFit(a: best.a, b: b, c: best.c, rSquared: rSquared(y, fitted))
}

/// A logarithmic curve `y = intercept + slope · ln x` (x positive), e.g. accuracy against data size.
public func fitLogarithmic(x: [Double], y: [Double]) -> LinearFit {
  checkPoints(x, y, "fitLogarithmic", minimum: 2)
  if let bad = x.firstIndex(where: { !($0 > 0) }) {
    engineFailure("fitLogarithmic", "x[\(bad)] = \(x[bad]) is not positive")
  }
  return fitLine(x: x.map { log($0) }, y: y)
}

/// `count` values spaced evenly in log10 from 10^`from` to 10^`to` (NumPy's `logspace`).
public func logspace(from: Double, to: Double, count: Int) -> [Double] {
  if count < 1 { return [] }
  if count == 1 { return [pow(10, from)] }
  return (0..<count).map { pow(10, from + (to - from) * Double($0) / Double(count - 1)) }
}
