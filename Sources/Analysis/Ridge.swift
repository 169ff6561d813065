import Tensors

#if canImport(Glibc)
import Glibc
#endif

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
  /// The number of samples n.
  public let samples: Int
  /// The number of features p.
  public let features: Int
  /// The number of targets k.
  public let outputs: Int
  private let basis: Matrix  // V (p × p) or U (n × n)
  private let projected: Matrix  // VᵀΦᵀY or UᵀY (m × k)
  private let phi: Matrix?  // Φ, kept in the kernel form to map sample weights to features

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
    if g.rows != m || g.columns != m {
      engineFailure("RidgePath", "gram is \(g.rows)×\(g.columns), expected \(m)×\(m)")
    }
    let (values, vectors) = try symmetricEigen(g)
    eigenvalues = values.map { max($0, 0) }
    trace = g.trace
    usesKernel = kernel
    samples = n
    features = p
    outputs = y.columns
    basis = vectors
    if kernel {
      projected = vectors.matmul(y, transposeSelf: true)  // UᵀY
      self.phi = phi
    } else {
      projected = vectors.matmul(phi.matmul(y, transposeSelf: true), transposeSelf: true)  // VᵀΦᵀY
      self.phi = nil
    }
  }

  /// The ridge solution W(λ) (p × k).
  public func weights(ridge lambda: Double) -> Matrix { weights(ridges: [lambda]) }

  /// The solutions for several ridges side by side, p × (k · ridges.count): columns
  /// `r·k ..< (r+1)·k` belong to `ridges[r]`. One product serves the whole path, so predicting
  /// on new features is a single `features.matmul(stacked)`.
  public func weights(ridges: [Double]) -> Matrix {
    let (m, k) = (eigenvalues.count, outputs)
    var scaled = Matrix(rows: m, columns: k * ridges.count)
    for (r, lambda) in ridges.enumerated() {
      for i in 0..<m {
        let factor = 1 / (eigenvalues[i] + lambda)
        for j in 0..<k { scaled.values[i * scaled.columns + r * k + j] = projected.values[i * k + j] * factor }
      }
    }
    let coefficients = basis.matmul(scaled)
    guard let phi else { return coefficients }
    return phi.matmul(coefficients, transposeSelf: true)  // W = Φᵀ α
  }

  /// The effective number of parameters Σ λᵢ / (λᵢ + λ) (the degrees of freedom of the fit).
  public func degreesOfFreedom(ridge lambda: Double) -> Double {
    eigenvalues.reduce(0) { $0 + $1 / ($1 + lambda) }
  }
}

/// Kernel ridge regression `α = (K + λI)⁻¹ Y` along a path of ridges from one
/// eigendecomposition of the n × n kernel matrix K = U Λ Uᵀ; predictions at new points are
/// `K_cross · α` with `K_cross[i, j] = k(x_new_i, x_train_j)`.
///
/// This is `RidgePath` for a kernel given directly, e.g. the infinite-width limit of a random
/// feature model (`RandomFeatureMap.limitKernel`).
public struct KernelRidgePath: Sendable {
  /// The eigenvalues of K, ascending (clamped at 0).
  public let eigenvalues: [Double]
  /// tr(K), the natural scale for ridges.
  public let trace: Double
  private let basis: Matrix  // U
  private let projected: Matrix  // UᵀY

  /// Decomposes the symmetric kernel matrix `kernel` (n × n) for `targets` (n × k).
  public init(kernel: Matrix, targets y: Matrix) throws(LinearAlgebraError) {
    if kernel.rows != kernel.columns || kernel.rows != y.rows {
      engineFailure("KernelRidgePath", "kernel \(kernel.rows)×\(kernel.columns) for \(y.rows) target rows")
    }
    let (values, vectors) = try symmetricEigen(kernel)
    eigenvalues = values.map { max($0, 0) }
    trace = kernel.trace
    basis = vectors
    projected = vectors.matmul(y, transposeSelf: true)
  }

  /// The dual coefficients α(λ) for several ridges side by side, n × (k · ridges.count);
  /// predictions are `crossKernel.matmul(stacked)`, ridge r in columns r·k ..< (r+1)·k.
  public func coefficients(ridges: [Double]) -> Matrix {
    let (m, k) = (eigenvalues.count, projected.columns)
    var scaled = Matrix(rows: m, columns: k * ridges.count)
    for (r, lambda) in ridges.enumerated() {
      for i in 0..<m {
        let factor = 1 / (eigenvalues[i] + lambda)
        for j in 0..<k { scaled.values[i * scaled.columns + r * k + j] = projected.values[i * k + j] * factor }
      }
    }
    return basis.matmul(scaled)
  }
}

/// The mean over rows of the summed squared error ‖ŷ_i − y_i‖² (MSE summed over outputs, as in
/// regression of one-hot labels).
public func meanSquaredError(_ prediction: Matrix, _ target: Matrix) -> Double {
  if prediction.rows != target.rows || prediction.columns != target.columns {
    engineFailure(
      "meanSquaredError", "shapes \(prediction.rows)×\(prediction.columns) and \(target.rows)×\(target.columns) differ")
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

  /// The kernel of the infinite-width limit, `k(a, b) = E_w[σ(w·a/√d) σ(w·b/√d)]`, between the
  /// rows of `a` (m × d) and `b` (n × d): with p features, ΦₐΦ_bᵀ / p → k as p → ∞.
  ///
  /// ReLU gives the arc-cosine kernel of order 1 (Cho & Saul 2009),
  /// `‖a‖‖b‖ / (2πd) · (sin θ + (π − θ) cos θ)`; identity gives `a·b / d`. Tanh has no closed
  /// form and stops the program.
  public static func limitKernel(_ activation: Activation, _ a: Matrix, _ b: Matrix) -> Matrix {
    if a.columns != b.columns {
      engineFailure("RandomFeatureMap.limitKernel", "\(a.columns) and \(b.columns) input dimensions")
    }
    let d = Double(a.columns)
    var k = a.matmul(b, transposeOther: true)
    switch activation {
    case .identity:
      return k / d
    case .tanh:
      engineFailure("RandomFeatureMap.limitKernel", "the tanh kernel has no closed form")
    case .relu:
      let normsA = (0..<a.rows).map { i in a.row(i).reduce(0) { $0 + $1 * $1 }.squareRoot() }
      let normsB = (0..<b.rows).map { i in b.row(i).reduce(0) { $0 + $1 * $1 }.squareRoot() }
      for i in 0..<a.rows {
        for j in 0..<b.rows {
          let scale = normsA[i] * normsB[j]
          if scale == 0 {
            k.values[i * b.rows + j] = 0
            continue
          }
          let c = min(max(k.values[i * b.rows + j] / scale, -1), 1)
          let theta = acos(c)
          k.values[i * b.rows + j] = scale / (2 * Double.pi * d) * ((1 - c * c).squareRoot() + (Double.pi - theta) * c)
        }
      }
      return k
    }
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
