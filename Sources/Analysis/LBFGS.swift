import Tensors

#if canImport(Glibc)
import Glibc
#endif

// Limited-memory BFGS with a strong-Wolfe line search, in Double, for smooth problems solved to
// convergence outside autograd (regularised logistic regression, temperature fitting, convex
// relaxations). The line search follows Nocedal & Wright (Algorithms 3.5/3.6) with safeguarded
// cubic interpolation, as in minFunc and PyTorch's `LBFGS(line_search_fn="strong_wolfe")`.

/// The outcome of `minimizeLBFGS`.
public struct LBFGSResult: Sendable {
  /// The final point.
  public var x: [Double]
  /// The objective there.
  public var value: Double
  /// The largest absolute gradient entry there.
  public var gradientNorm: Double
  /// Iterations (accepted steps) taken.
  public var iterations: Int
  /// Objective evaluations, line searches included.
  public var evaluations: Int
  /// Whether a tolerance was met (rather than the iteration limit).
  public var converged: Bool
}

/// Minimises a smooth function with L-BFGS.
///
/// - Parameters:
///   - x0: The starting point.
///   - memory: The number of correction pairs kept.
///   - maxIterations: The limit on accepted steps.
///   - gradientTolerance: Stop when max |∂f/∂xᵢ| is at most this.
///   - valueTolerance: Stop when an iteration lowers f by at most `valueTolerance · max(|f|, 1)`.
///   - objective: Returns f(x) and writes ∇f(x) into its second argument (same length as x).
public func minimizeLBFGS(
  _ x0: [Double], memory: Int = 10, maxIterations: Int = 500, gradientTolerance: Double = 1e-8,
  valueTolerance: Double = 1e-14, objective: ([Double], inout [Double]) -> Double
) -> LBFGSResult {
  let n = x0.count
  var x = x0
  var g = [Double](repeating: 0, count: n)
  var f = objective(x, &g)
  var evaluations = 1
  var sHistory: [[Double]] = [], yHistory: [[Double]] = [], rhoHistory: [Double] = []
  var hDiag = 1.0
  var iterations = 0
  var converged = maxAbs(g) <= gradientTolerance
  var trial = [Double](repeating: 0, count: n)
  var gTrial = [Double](repeating: 0, count: n)

  while !converged && iterations < maxIterations {
    // Two-loop recursion: d = −H g.
    var q = g
    var alphas = [Double](repeating: 0, count: sHistory.count)
    for i in stride(from: sHistory.count - 1, through: 0, by: -1) {
      alphas[i] = rhoHistory[i] * dot(sHistory[i], q)
      axpy(-alphas[i], yHistory[i], &q)
    }
    for i in 0..<n { q[i] *= hDiag }
    for i in 0..<sHistory.count {
      let beta = rhoHistory[i] * dot(yHistory[i], q)
      axpy(alphas[i] - beta, sHistory[i], &q)
    }
    var d = q.map { -$0 }
    var gtd = dot(g, d)
    if gtd > -1e-300 {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      sHistory.removeAll()
      yHistory.removeAll()
      rhoHistory.removeAll()
      hDiag = 1
      d = g.map { -$0 }
      gtd = dot(g, d)
      if gtd > -1e-300 {
        converged = true
        break
      }
    }
    let t0 = iterations == 0 && sHistory.isEmpty ? min(1, 1 / max(g.reduce(0) { $0 + Swift.abs($1) }, 1e-300)) : 1
    // φ(t) = f(x + t d)
    func evaluate(_ t: Double) -> (f: Double, g: [Double], gtd: Double) {
      for i in 0..<n { trial[i] = x[i] + t * d[i] }
      let value = objective(trial, &gTrial)
      evaluations += 1
      return (value, gTrial, dot(gTrial, d))
    }
    let (fNew, gNew, t) = strongWolfe(evaluate, f: f, g: g, gtd: gtd, t: t0, dNorm: maxAbs(d))
    if t == 0 {
      converged = true
      break
    }  // the line search could not decrease f
    var s = d
    for i in 0..<n { s[i] *= t }
    var y = gNew
    for i in 0..<n { y[i] -= g[i] }
    let ys = dot(y, s)
    if ys > 1e-10 {
      if sHistory.count == memory {
        sHistory.removeFirst()
        yHistory.removeFirst()
        rhoHistory.removeFirst()
      }
      sHistory.append(s)
      yHistory.append(y)
      rhoHistory.append(1 / ys)
      hDiag = ys / dot(y, y)
    }
    for i in 0..<n { x[i] += s[i] }
    let decrease = f - fNew
    f = fNew
    g = gNew
    iterations += 1
    if maxAbs(g) <= gradientTolerance { converged = true }
    if decrease >= 0 && decrease <= valueTolerance * max(Swift.abs(f), 1) { converged = true }
  }
  return LBFGSResult(
    x: x, value: f, gradientNorm: maxAbs(g), iterations: iterations, evaluations: evaluations, converged: converged)
}

@inline(__always) private func dot(_ a: [Double], _ b: [Double]) -> Double {
  var s = 0.0
  for i in 0..<a.count { s += a[i] * b[i] }
  return s
}

@inline(__always) private func axpy(_ alpha: Double, _ x: [Double], _ y: inout [Double]) {
  for i in 0..<x.count { y[i] += alpha * x[i] }
}

@inline(__always) private func maxAbs(_ v: [Double]) -> Double { v.reduce(0) { max($0, Swift.abs($1)) } }

/// The minimiser of the cubic through (x1, f1, g1) and (x2, f2, g2), clamped to `bounds`
/// (the interval between the points by default); the midpoint when the cubic has none.
private func cubicMinimum(
  _ x1: Double, _ f1: Double, _ g1: Double, _ x2: Double, _ f2: Double, _ g2: Double,
  bounds: (Double, Double)? = nil
) -> Double {
  let (lo, hi) = bounds ?? (min(x1, x2), max(x1, x2))
  let d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2)
  let d2Square = d1 * d1 - g1 * g2
  if d2Square >= 0 {
    let d2 = d2Square.squareRoot()
    let position =
      x1 <= x2
      ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
      : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2))
    if position.isFinite { return min(max(position, lo), hi) }
  }
  return (lo + hi) / 2
}

/// A step t along d satisfying the strong Wolfe conditions (c1 = 1e-4, c2 = 0.9), or the best
/// point found in 25 evaluations; t = 0 when no decrease was found.
private func strongWolfe(
  _ phi: (Double) -> (f: Double, g: [Double], gtd: Double), f: Double, g: [Double], gtd: Double, t initial: Double,
  dNorm: Double
) -> (f: Double, g: [Double], t: Double) {
  let c1 = 1e-4, c2 = 0.9, maxSteps = 25, toleranceChange = 1e-12
  var t = initial
  var (fNew, gNew, gtdNew) = phi(t)
  var steps = 1
  var (tPrev, fPrev, gPrev, gtdPrev) = (0.0, f, g, gtd)
  var bracket: [Double] = [], bracketF: [Double] = [], bracketG: [[Double]] = [], bracketGtd: [Double] = []
  var done = false
  // Bracketing phase.
  while steps <= maxSteps {
    if fNew > f + c1 * t * gtd || (steps > 1 && fNew >= fPrev) || !fNew.isFinite {
      bracket = [tPrev, t]
      bracketF = [fPrev, fNew]
      bracketG = [gPrev, gNew]
      bracketGtd = [gtdPrev, gtdNew]
      break
    }
    if Swift.abs(gtdNew) <= -c2 * gtd {
      bracket = [t]
      bracketF = [fNew]
      bracketG = [gNew]
      bracketGtd = [gtdNew]
      done = true
      break
    }
    if gtdNew >= 0 {
      bracket = [tPrev, t]
      bracketF = [fPrev, fNew]
      bracketG = [gPrev, gNew]
      bracketGtd = [gtdPrev, gtdNew]
      break
    }
    let minStep = t + 0.01 * (t - tPrev), maxStep = t * 10
    let next = cubicMinimum(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, bounds: (minStep, maxStep))
    (tPrev, fPrev, gPrev, gtdPrev) = (t, fNew, gNew, gtdNew)
    t = next
    (fNew, gNew, gtdNew) = phi(t)
    steps += 1
  }
  if bracket.isEmpty {
    bracket = [0, t]
    bracketF = [f, fNew]
    bracketG = [g, gNew]
    bracketGtd = [gtd, gtdNew]
  }
  // Zoom phase.
  var insufficientProgress = false
  var (low, high) = bracketF.count == 2 && bracketF[0] > bracketF[1] ? (1, 0) : (0, 1)
  while !done && bracket.count == 2 && steps <= maxSteps {
    if Swift.abs(bracket[1] - bracket[0]) * dNorm < toleranceChange { break }
    var tz = cubicMinimum(bracket[0], bracketF[0], bracketGtd[0], bracket[1], bracketF[1], bracketGtd[1])
    let (bLo, bHi) = (min(bracket[0], bracket[1]), max(bracket[0], bracket[1]))
    let eps = 0.1 * (bHi - bLo)
    if min(bHi - tz, tz - bLo) < eps {
      if insufficientProgress || tz >= bHi || tz <= bLo {
        tz = Swift.abs(tz - bHi) < Swift.abs(tz - bLo) ? bHi - eps : bLo + eps
        insufficientProgress = false
      } else {
        insufficientProgress = true
      }
    } else {
      insufficientProgress = false
    }
    let (fz, gz, gtdz) = phi(tz)
    steps += 1
    if fz > f + c1 * tz * gtd || fz >= bracketF[low] || !fz.isFinite {
      bracket[high] = tz
      bracketF[high] = fz
      bracketG[high] = gz
      bracketGtd[high] = gtdz
      (low, high) = bracketF[0] <= bracketF[1] ? (0, 1) : (1, 0)
    } else {
      if Swift.abs(gtdz) <= -c2 * gtd {
        done = true
      } else if gtdz * (bracket[high] - bracket[low]) >= 0 {
        bracket[high] = bracket[low]
        bracketF[high] = bracketF[low]
        bracketG[high] = bracketG[low]
        bracketGtd[high] = bracketGtd[low]
      }
      bracket[low] = tz
      bracketF[low] = fz
      bracketG[low] = gz
      bracketGtd[low] = gtdz
    }
  }
  if bracket.count == 1 { return (bracketF[0], bracketG[0], bracket[0]) }
  if !(bracketF[low] < f) { return (f, g, 0) }
  return (bracketF[low], bracketG[low], bracket[low])
}
