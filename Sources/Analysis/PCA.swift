import Tensors

/// Principal component analysis of the rows of a data matrix, through the SVD of the centred data.
///
/// ```swift
/// let pca = try PCA(Matrix(train.inputs))
/// let scores = pca.transform(Matrix(test.inputs), components: 2)   // [n, 2] for a scatter plot
/// ```
public struct PCA: Sendable {
  /// The column means subtracted before the decomposition.
  public let mean: [Double]
  /// The principal directions as unit rows, by decreasing variance (k × d, k = min(n, d)).
  public let components: Matrix
  /// The variance along each component: s² / (n − 1), as scikit-learn's `explained_variance_`.
  public let variances: [Double]

  /// Fits the components of `data` (n samples × d features).
  /// - Throws: `LinearAlgebraError` when the SVD does not converge.
  public init(_ data: Matrix) throws(LinearAlgebraError) {
    let mean = data.columnMeans()
    let (_, s, vt) = try svd(data.subtractingRow(mean))
    self.mean = mean
    components = vt
    let denominator = Double(max(data.rows - 1, 1))
    variances = s.map { $0 * $0 / denominator }
  }

  /// The share of the total variance each component explains.
  public var explainedVarianceRatio: [Double] {
    let total = variances.reduce(0, +)
    return variances.map { total > 0 ? $0 / total : 0 }
  }

  /// The number of components whose variance exceeds `rcond` times the largest (the data's
  /// numerical rank after centring, at most n − 1).
  public func rank(rcond: Double = 1e-10) -> Int {
    let top = variances.first ?? 0
    return variances.filter { $0 > rcond * top }.count
  }

  /// The coordinates of the rows of `data` along the first `components` directions (n × components).
  public func transform(_ data: Matrix, components count: Int? = nil) -> Matrix {
    let k = min(count ?? components.rows, components.rows)
    return data.subtractingRow(mean).matmul(components.rows(0..<k), transposeOther: true)
  }
}
