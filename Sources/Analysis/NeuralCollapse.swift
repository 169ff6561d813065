import Tensors

#if canImport(Glibc)
import Glibc
#endif

// Neural-collapse measurements (Papyan, Han & Donoho 2020): how far last-layer features have
// collapsed to their class means, and how the means and the classifier are arranged.

/// Class means and covariances of a labelled feature matrix.
public struct ClassStatistics: Sendable {
  /// The number of classes K.
  public let classes: Int
  /// Samples per class.
  public let counts: [Int]
  /// The mean of all features μ_G (length d).
  public let globalMean: [Double]
  /// The class means μ_c as rows (K × d).
  public let classMeans: Matrix
  /// The features minus their own class mean, h_i − μ_{y_i} (n × d).
  public let withinCentered: Matrix

  /// Computes the statistics of `features` (n × d) with `labels` in `0..<classes`; every class
  /// needs at least one sample.
  public init(features: Matrix, labels: [Int], classes: Int) {
    if features.rows != labels.count {
      engineFailure("ClassStatistics", "\(features.rows) feature rows but \(labels.count) labels")
    }
    if let bad = labels.firstIndex(where: { $0 < 0 || $0 >= classes }) {
      engineFailure("ClassStatistics", "label \(labels[bad]) at \(bad) is not in 0..<\(classes)")
    }
    let d = features.columns
    var counts = [Int](repeating: 0, count: classes)
    var sums = Matrix(rows: classes, columns: d)
    for (i, y) in labels.enumerated() {
      counts[y] += 1
      for j in 0..<d { sums.values[y * d + j] += features.values[i * d + j] }
    }
    if let empty = counts.firstIndex(of: 0) { engineFailure("ClassStatistics", "class \(empty) has no samples") }
    for c in 0..<classes { for j in 0..<d { sums.values[c * d + j] /= Double(counts[c]) } }
    var centered = features
    for (i, y) in labels.enumerated() { for j in 0..<d { centered.values[i * d + j] -= sums.values[y * d + j] } }
    self.classes = classes
    self.counts = counts
    globalMean = features.columnMeans()
    classMeans = sums
    withinCentered = centered
  }

  /// The class means minus the global mean, μ_c − μ_G, as rows (K × d).
  public var centeredMeans: Matrix { classMeans.subtractingRow(globalMean) }

  /// Σ_W = (1/n) Σ_i (h_i − μ_{y_i})(h_i − μ_{y_i})ᵀ (d × d).
  public var withinCovariance: Matrix { withinCentered.gram() / Double(withinCentered.rows) }

  /// Σ_B = (1/K) Σ_c (μ_c − μ_G)(μ_c − μ_G)ᵀ (d × d), of rank at most K − 1.
  public var betweenCovariance: Matrix { centeredMeans.gram() / Double(classes) }
}

/// The four neural-collapse measurements; each tends to 0 under collapse.
public struct NeuralCollapseMetrics: Sendable, Equatable {
  /// NC1, within-class variability relative to between-class: tr(Σ_W Σ_B⁺) / K.
  public var nc1: Double
  /// NC2 equinorm: std / mean of the norms ‖μ_c − μ_G‖.
  public var equinorm: Double
  /// NC2 equiangularity: the std of the cosines between centred class means (c ≠ c′).
  public var equiangularity: Double
  /// NC2 maximal angle: the mean of |cos(μ_c, μ_c′) + 1/(K − 1)| (0 for a simplex ETF).
  public var maxAngle: Double
  /// NC3 self-duality ‖W/‖W‖ − M/‖M‖‖²_F with M the centred means; nil without a classifier.
  public var selfDuality: Double?
  /// NC4: the fraction of samples whose prediction differs from the nearest class mean; nil
  /// without predictions.
  public var nearestMeanMismatch: Double?
}

/// Neural-collapse metrics of a feature matrix.
public enum NeuralCollapse {
  /// NC1 = tr(Σ_W Σ_B⁺) / K (Papyan et al. 2020).
  ///
  /// Σ_B⁺ is the pseudo-inverse of the between-class covariance, with eigenvalues at or below
  /// `rcond · λ_max` treated as zero (default `d · ε`, NumPy's rank tolerance for a d × d
  /// matrix). It is computed from the thin SVD of the K × d centred means, so d can be large.
  public static func nc1(_ statistics: ClassStatistics, rcond: Double? = nil) throws(LinearAlgebraError) -> Double {
    let means = statistics.centeredMeans
    let (_, s, vt) = try svd(means)
    let d = means.columns
    let tolerance = rcond ?? Double(d) * Double.ulpOfOne
    // Eigenvalues of Σ_B are s²/K; keep those above tolerance · max.
    let top = (s.first ?? 0) * (s.first ?? 0)
    let kept = s.indices.filter { s[$0] * s[$0] > tolerance * top }
    if kept.isEmpty { return .infinity }
    // tr(Σ_W Σ_B⁺)/K = Σ_j (1/s_j²) · (1/n) ‖H̄ v_j‖².
    let directions = vt.rows(kept)
    let projected = statistics.withinCentered.matmul(directions, transposeOther: true)  // n × r
    let n = Double(projected.rows)
    var total = 0.0
    for (column, j) in kept.enumerated() {
      var sumSquares = 0.0
      for i in 0..<projected.rows {
        let v = projected.values[i * projected.columns + column]
        sumSquares += v * v
      }
      total += sumSquares / n / (s[j] * s[j])
    }
    return total
  }

  /// NC1 of `features` (n × d) with `labels`.
  public static func nc1(features: Matrix, labels: [Int], classes: Int) throws(LinearAlgebraError) -> Double {
    try nc1(ClassStatistics(features: features, labels: labels, classes: classes))
  }

  /// All four metrics. `classifier` holds one row per class (K × d, e.g. a `Linear` layer's
  /// weight transposed); `predictions` are the model's predicted classes for the same samples.
  public static func metrics(
    features: Matrix, labels: [Int], classes: Int, classifier: Matrix? = nil, predictions: [Int]? = nil
  ) throws(LinearAlgebraError) -> NeuralCollapseMetrics {
    let stats = ClassStatistics(features: features, labels: labels, classes: classes)
    let nc1Value = try nc1(stats)
    let means = stats.centeredMeans
    let k = classes, d = means.columns
    let norms = (0..<k).map { c in means.row(c).reduce(0) { $0 + $1 * $1 }.squareRoot() }
    let equinorm = standardDeviationPopulation(norms) / mean(norms)
    var cosines: [Double] = []
    for a in 0..<k {
      for b in 0..<k where b != a {
        var dot = 0.0
        for j in 0..<d { dot += means.values[a * d + j] * means.values[b * d + j] }
        cosines.append(dot / (norms[a] * norms[b]))
      }
    }
    let equiangularity = standardDeviationPopulation(cosines)
    let maxAngle = cosines.isEmpty ? 0 : mean(cosines.map { Swift.abs($0 + 1 / Double(k - 1)) })
    var selfDuality: Double? = nil
    if let w = classifier {
      if w.rows != k || w.columns != d {
        engineFailure("NeuralCollapse.metrics", "classifier is \(w.rows)×\(w.columns), expected \(k)×\(d)")
      }
      let difference = w / w.frobeniusNorm - means / means.frobeniusNorm
      selfDuality = difference.values.reduce(0) { $0 + $1 * $1 }
    }
    var mismatch: Double? = nil
    if let predictions {
      if predictions.count != features.rows {
        engineFailure("NeuralCollapse.metrics", "\(predictions.count) predictions for \(features.rows) samples")
      }
      let nearest = nearestClassMean(features, classMeans: stats.classMeans)
      mismatch = Double(zip(nearest, predictions).filter { $0 != $1 }.count) / Double(predictions.count)
    }
    return NeuralCollapseMetrics(
      nc1: nc1Value, equinorm: equinorm, equiangularity: equiangularity, maxAngle: maxAngle,
      selfDuality: selfDuality, nearestMeanMismatch: mismatch)
  }

  /// The index of the nearest class mean (Euclidean) for each row of `features`.
  public static func nearestClassMean(_ features: Matrix, classMeans: Matrix) -> [Int] {
    let cross = features.matmul(classMeans, transposeOther: true)  // n × K
    let k = classMeans.rows
    let meanNorms = (0..<k).map { c in classMeans.row(c).reduce(0) { $0 + $1 * $1 } }
    return (0..<features.rows).map { i in
      // ‖h − μ‖² = ‖h‖² − 2 h·μ + ‖μ‖²; ‖h‖² is common to all classes.
      var best = 0
      var bestValue = Double.infinity
      for c in 0..<k {
        let value = meanNorms[c] - 2 * cross.values[i * k + c]
        if value < bestValue { (best, bestValue) = (c, value) }
      }
      return best
    }
  }

  private static func standardDeviationPopulation(_ x: [Double]) -> Double {
    guard !x.isEmpty else { return .nan }
    let m = mean(x)
    return (x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(x.count)).squareRoot()
  }
}
