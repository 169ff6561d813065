#if canImport(Glibc)
  import Glibc
#endif
import Tensors

/// Ridge regression `min_W ‖Φ W − Y‖²_F + λ ‖W‖²_F` along a whole path of ridges λ from one
/// eigendecomposition.
///
/// The smaller Gram matrix is decomposed once: ΦᵀΦ = V Λ Vᵀ (p × p) when there are no more
/// features than samples, else the kernel ΦΦᵀ = U Λ Uᵀ (n × n). Then for any λ
/// `W(λ) = B · diag(1/(Λ + λ)) · C`, with (B, C) = (V, VᵀΦᵀY) or (ΦᵀU, UᵀY): a solve per ridge
/// costs p·m·k instead of a new factorisation. With λ → 0 and p > n, W tends to the
/// minimum-norm interpolator. Note that λ multiplies the *summed* squared error; scale it by n
/// for the mean-squared convention.
///
/// ```swift
/// let path = try RidgePath(features: phiTrain, targets: yTrain)
/// for lambda in logspace(from: -6, to: 2, count: 20).map({ $0 * path.trace / Double(n) }) {
///   let w = path.weights(ridge: lambda)
///   let testMSE = meanSquaredError(phiTest.matmul(w), yTest)
/// }
/// ```
public struct RidgePath: Sendable {
  /// The eigenvalues of the decomposed Gram matrix, ascending (clamped at 0).
  public let eigenvalues: [Double]
  /// tr(ΦᵀΦ) = tr(ΦΦᵀ) = ‖Φ‖²_F, the natural scale for ridges.
  public let trace: Double
  /// Whether the kernel (n × n) form was used (more features than samples).
  public let usesKernel: Bool
  /// The number of samples n and features p.
  public let samples: Int, features: Int
  private let left: Matrix   // B: p × m
  private let right: Matrix  // C: m × k

  /// Decomposes the problem for `features` Φ (n × p) and `targets` Y (n × k).
  /// - Parameter gram: the precomputed Gram matrix of the smaller side (ΦᵀΦ when p ≤ n, else
  ///   ΦΦᵀ), when the caller can build it more cheaply (e.g. nested in a sweep).
  /// - Throws: `LinearAlgebraError` when the eigen-solver fails.
  public init(features phi: Matrix, targets y: Matrix, gram: Matrix? = nil) throws(LinearAlgebraError) {
    if phi.rows != y.rows { engineFailure("RidgePath", "\(phi.rows) feature rows but \(y.rows) target rows") }
    let (n, p) = (phi.rows, phi.columns)
    let kernel = p > n
    let m = kernel ? n : p
    let g = gram ?? (kernel ? phi.outerGram() : phi.gram())
    if g.rows != m || g.columns != m { engineFailure("RidgePath", "gram is \(g.rows)×\(g.columns), expected \(m)×\(m)") }
    let (values, vectors) = try symmetricEigen(g)
    eigenvalues = values.map { max($0, 0) }
    trace = g.trace
    usesKernel = kernel
    samples = n
    features = p
    if kernel {
      left = phi.matmul(vectors, transposeSelf: true)        // ΦᵀU: p × n
      right = vectors.matmul(y, transposeSelf: true)         // UᵀY: n × k
    } else {
      left = vectors                                         // V: p × p
      right = vectors.matmul(phi.matmul(y, transposeSelf: true), transposeSelf: true)  // Vᵀ ΦᵀY: p × k
    }
  }

  /// The ridge solution W(λ) (p × k).
  public func weights(ridge lambda: Double) -> Matrix {
    let scales = eigenvalues.map { 1 / ($0 + lambda) }
    return left.matmul(right.scalingRows(scales))
  }

  /// The effective number of parameters Σ λᵢ / (λᵢ + λ) (the degrees of freedom of the fit).
  public func degreesOfFreedom(ridge lambda: Double) -> Double {
    eigenvalues.reduce(0) { $0 + $1 / ($1 + lambda) }
  }
}

/// The mean over rows of the summed squared error ‖ŷ_i − y_i‖² (MSE summed over outputs, as in
/// regression of one-hot labels).
public func meanSquaredError(_ prediction: Matrix, _ target: Matrix) -> Double {
  if prediction.rows != target.rows || prediction.columns != target.columns {
    engineFailure("meanSquaredError", "shapes \(prediction.rows)×\(prediction.columns) and \(target.rows)×\(target.columns) differ")
  }
  let total = zip(prediction.values, target.values).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
  return total / Double(max(prediction.rows, 1))
}

/// A fixed random feature map `φ(x) = σ(x W / √d)` with `W ~ N(0, 1)` of shape [d, p], as in
/// random-feature regression (Rahimi & Recht; Mei & Montanari).
///
/// Features are nested: `prefix(q)` is the same map restricted to its first q features, so a
/// width sweep reuses one draw.
public struct RandomFeatureMap {
  /// The nonlinearity σ.
  public enum Activation: Sendable { case relu, tanh, identity }

  /// The projection, `[inputDimension, features]`.
  public let weights: Tensor
  /// The nonlinearity.
  public let activation: Activation

  /// Draws a map from `inputDimension` to `features` dimensions with `generator`.
  public init(inputDimension: Int, features: Int, activation: Activation = .relu, generator: inout RandomGenerator) {
    weights = Tensor.randn([inputDimension, features], generator: &generator)
    self.activation = activation
  }

  /// A map from given weights `[d, p]`.
  public init(weights: Tensor, activation: Activation = .relu) {
    if weights.rank != 2 { engineFailure("RandomFeatureMap", "weights must be [d, p], not \(weights.shape)") }
    self.weights = weights
    self.activation = activation
  }

  /// The number of features p.
  public var featureCount: Int { weights.shape[1] }

  /// The map restricted to its first `count` features.
  public func prefix(_ count: Int) -> RandomFeatureMap {
    RandomFeatureMap(weights: weights.slice(axis: 1, 0..<count).copy(), activation: activation)
  }

  /// The features of `x` `[n, d]`: `[n, p]`.
  public func callAsFunction(_ x: Tensor) -> Tensor {
    let z = x.matmul(weights) / Float(weights.shape[0]).squareRoot()
    switch activation {
    case .relu: return z.relu()
    case .tanh: return z.tanh()
    case .identity: return z
    }
  }
}
