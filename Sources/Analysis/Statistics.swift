import Tensors

#if canImport(Glibc)
import Glibc
#endif

// Summary statistics for results over seeds: means with confidence intervals, rank and
// linear correlations.

/// The arithmetic mean (NaN for an empty array).
public func mean(_ x: [Double]) -> Double { x.isEmpty ? .nan : x.reduce(0, +) / Double(x.count) }

/// The sample standard deviation (n − 1 in the denominator, as NumPy's `std(ddof=1)`); 0 for one value.
public func standardDeviation(_ x: [Double]) -> Double {
  guard x.count > 1 else { return x.isEmpty ? .nan : 0 }
  let m = mean(x)
  return (x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(x.count - 1)).squareRoot()
}

/// The median (the mean of the two middle values for an even count).
public func median(_ x: [Double]) -> Double {
  if x.isEmpty { return .nan }
  let s = x.sorted()
  let mid = s.count / 2
  return s.count % 2 == 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2
}

/// The `q`-quantile (0...1) with linear interpolation between order statistics (NumPy's default).
public func quantile(_ x: [Double], _ q: Double) -> Double {
  if x.isEmpty { return .nan }
  let s = x.sorted()
  let position = min(max(q, 0), 1) * Double(s.count - 1)
  let i = Int(position)
  let fraction = position - Double(i)
  return i + 1 < s.count ? s[i] + fraction * (s[i + 1] - s[i]) : s[i]
}

/// The two-sided 97.5% quantile of Student's t with `df` degrees of freedom (table to 30, then
/// a 1/df expansion that is within 0.001 of the exact value).
public func studentT975(degreesOfFreedom df: Int) -> Double {
  let table: [Double] = [
    12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281,
    2.2010, 2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860,
    2.0796, 2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423,
  ]
  if df < 1 { return .nan }
  if df <= table.count { return table[df - 1] }
  let z = 1.959964, d = Double(df)
  return z + (z * z * z + z) / (4 * d) + (5 * pow(z, 5) + 16 * z * z * z + 3 * z) / (96 * d * d)
}

/// A mean with its 95% confidence interval from Student's t (half-width `t · s / √n`).
public struct MeanEstimate: Sendable, Equatable, CustomStringConvertible {
  /// The sample mean.
  public var mean: Double
  /// The half-width of the 95% interval (NaN with fewer than 2 values).
  public var halfWidth: Double
  /// The number of values.
  public var count: Int

  /// The interval `mean ± halfWidth`.
  public var interval: ClosedRange<Double> { (mean - halfWidth)...(mean + halfWidth) }

  public var description: String { "\(mean) ± \(halfWidth) (95% CI, n = \(count))" }
}

/// The mean of `x` with a 95% t-interval, for an effect measured over seeds.
public func meanWithConfidence(_ x: [Double]) -> MeanEstimate {
  let n = x.count
  let half = n > 1 ? studentT975(degreesOfFreedom: n - 1) * standardDeviation(x) / Double(n).squareRoot() : .nan
  return MeanEstimate(mean: mean(x), halfWidth: half, count: n)
}

/// The ranks of `x` starting at 1, ties sharing their average rank (SciPy's `rankdata`).
public func ranks(_ x: [Double]) -> [Double] {
  let order = x.indices.sorted { x[$0] < x[$1] }
  var result = [Double](repeating: 0, count: x.count)
  var i = 0
  while i < order.count {
    var j = i
    while j + 1 < order.count && x[order[j + 1]] == x[order[i]] { j += 1 }
    let rank = Double(i + j) / 2 + 1
    for k in i...j { result[order[k]] = rank }
    i = j + 1
  }
  return result
}

/// Pearson's linear correlation coefficient (NaN when either side is constant).
public func pearsonCorrelation(_ x: [Double], _ y: [Double]) -> Double {
  if x.count != y.count { engineFailure("pearsonCorrelation", "\(x.count) and \(y.count) values") }
  let mx = mean(x), my = mean(y)
  var sxy = 0.0, sxx = 0.0, syy = 0.0
  for (a, b) in zip(x, y) {
    sxy += (a - mx) * (b - my)
    sxx += (a - mx) * (a - mx)
    syy += (b - my) * (b - my)
  }
  return sxx > 0 && syy > 0 ? sxy / (sxx * syy).squareRoot() : .nan
}

/// Spearman's rank correlation: Pearson's correlation of the (tie-averaged) ranks, as SciPy's
/// `spearmanr`. +1 for a strictly increasing relation, −1 for a strictly decreasing one.
public func spearmanCorrelation(_ x: [Double], _ y: [Double]) -> Double {
  if x.count != y.count { engineFailure("spearmanCorrelation", "\(x.count) and \(y.count) values") }
  return pearsonCorrelation(ranks(x), ranks(y))
}
