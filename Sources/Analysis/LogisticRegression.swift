import Tensors

#if canImport(Glibc)
import Glibc
#endif

/// A binary linear classifier `sign(w·x + b)` fitted by L2-regularised logistic regression.
///
/// The objective is `(1/n) Σᵢ log(1 + exp(−yᵢ (w·xᵢ + b))) + (λ/2) ‖w‖²` with labels yᵢ ∈ {−1, +1}
/// and an unregularised bias, minimised in Double with L-BFGS to a tight tolerance (the problem
/// is strictly convex for λ > 0). Warm-starting from a neighbouring λ speeds up a path.
///
/// ```swift
/// var model: LogisticRegression? = nil
/// for lambda in [1.0, 0.1, 0.01] {
///   model = LogisticRegression.fit(x, labels: y, l2: lambda, warmStart: model)
/// }
/// ```
public struct LogisticRegression: Sendable {
  /// The weight vector w (length d).
  public var weights: [Double]
  /// The bias b.
  public var bias: Double
  /// The regularisation strength λ it was fitted with.
  public var l2: Double
  /// The optimiser's report (iterations, final gradient, convergence).
  public var optimization: LBFGSResult

  /// Fits the classifier on `x` (n × d) and `labels` in {−1, +1}.
  /// - Parameters:
  ///   - l2: λ, the strength of the (λ/2)‖w‖² penalty.
  ///   - warmStart: A model to start from (e.g. the previous λ of a path).
  ///   - maxIterations: The L-BFGS iteration limit.
  ///   - gradientTolerance: Convergence threshold on the largest gradient entry.
  public static func fit(
    _ x: Matrix, labels: [Double], l2: Double, warmStart: LogisticRegression? = nil, maxIterations: Int = 2000,
    gradientTolerance: Double = 1e-9
  ) -> LogisticRegression {
    if labels.count != x.rows { engineFailure("LogisticRegression.fit", "\(labels.count) labels for \(x.rows) rows") }
    if let bad = labels.firstIndex(where: { $0 != 1 && $0 != -1 }) {
      engineFailure("LogisticRegression.fit", "label \(labels[bad]) at \(bad) is not −1 or +1")
    }
    let (n, d) = (x.rows, x.columns)
    let start = warmStart.map { $0.weights + [$0.bias] } ?? [Double](repeating: 0, count: d + 1)
    var coefficients = [Double](repeating: 0, count: n)
    let result = minimizeLBFGS(start, maxIterations: maxIterations, gradientTolerance: gradientTolerance) {
      theta, gradient in
      let w = Array(theta[0..<d])
      let b = theta[d]
      let z = x.apply(w)
      var loss = 0.0
      var biasGradient = 0.0
      for i in 0..<n {
        let margin = labels[i] * (z[i] + b)
        // log(1 + e^(−m)), and its derivative −σ(−m), computed stably.
        loss += margin > 0 ? log1p(exp(-margin)) : -margin + log1p(exp(margin))
        let sigma = margin > 0 ? exp(-margin) / (1 + exp(-margin)) : 1 / (1 + exp(margin))
        coefficients[i] = -labels[i] * sigma / Double(n)
        biasGradient += coefficients[i]
      }
      let wGradient = x.apply(coefficients, transposed: true)
      var penalty = 0.0
      for j in 0..<d {
        penalty += w[j] * w[j]
        gradient[j] = wGradient[j] + l2 * w[j]
      }
      gradient[d] = biasGradient
      return loss / Double(n) + l2 / 2 * penalty
    }
    return LogisticRegression(weights: Array(result.x[0..<d]), bias: result.x[d], l2: l2, optimization: result)
  }

  /// The decision values w·xᵢ + b for the rows of `x`.
  public func decisionValues(_ x: Matrix) -> [Double] { x.apply(weights).map { $0 + bias } }

  /// The fraction of rows of `x` whose sign of w·x + b differs from `labels` (±1).
  public func errorRate(_ x: Matrix, labels: [Double]) -> Double {
    let values = decisionValues(x)
    let wrong = zip(values, labels).filter { ($0.0 >= 0 ? 1.0 : -1.0) != $0.1 }.count
    return Double(wrong) / Double(max(labels.count, 1))
  }
}
