import Tensors

/// A per-dataset or per-feature standardisation `(x - mean) / std`.
///
/// Fit it on the train set and apply the same statistics to the test set, so that both see the
/// same transformation and no test information leaks into training.
public struct Normalization: Equatable, Sendable {
  /// One mean for all features, or one per feature.
  public var mean: [Float]
  /// One standard deviation for all features, or one per feature.
  public var std: [Float]

  /// A normalisation with one mean and standard deviation for every feature.
  public init(mean: Float, std: Float) { self.init(mean: [mean], std: [std]) }

  /// A normalisation with per-feature statistics (or single-element arrays for all features).
  public init(mean: [Float], std: [Float]) {
    if mean.count != std.count || mean.isEmpty {
      engineFailure("Normalization", "\(mean.count) means and \(std.count) standard deviations")
    }
    if let bad = std.firstIndex(where: { !($0 > 0) }) {
      engineFailure("Normalization", "standard deviation \(std[bad]) at \(bad) is not positive")
    }
    self.mean = mean
    self.std = std
  }

  /// The mean and (population) standard deviation of `inputs` `[count, features]`, over all
  /// values or per feature.
  ///
  /// A feature that never varies (a border pixel) gets standard deviation 1, so it is only
  /// centred instead of divided by zero.
  public static func fit(_ inputs: Tensor, perFeature: Bool = false) -> Normalization {
    if inputs.shape.count != 2 || inputs.shape[0] == 0 || inputs.shape[1] == 0 {
      engineFailure(
        "Normalization.fit", "inputs must have shape [count, features] with both positive, not \(inputs.shape)")
    }
    let (rows, features) = (inputs.shape[0], inputs.shape[1])
    // Two passes (mean, then squared deviations) so that data far from zero keeps its variance;
    // each pass sums blocks of rows in Float, which vectorises across features, and carries the
    // block totals in Double so that 60,000 rows do not lose digits.
    let featureMean = inputs.withUnsafeBufferPointer { values in
      Self.columnSums(values.baseAddress!, rows: rows, features: features, center: nil)
    }.map { $0 / Double(rows) }
    let overallMean = featureMean.reduce(0, +) / Double(features)
    let center = (perFeature ? featureMean : Array(repeating: overallMean, count: features)).map { Float($0) }
    let squares = inputs.withUnsafeBufferPointer { values in
      Self.columnSums(values.baseAddress!, rows: rows, features: features, center: center)
    }
    func deviation(_ sumOfSquares: Double, _ n: Int) -> Float {
      let value = Float((sumOfSquares / Double(n)).squareRoot())
      return value > 1e-12 ? value : 1
    }
    let mean: [Float], std: [Float]
    if perFeature {
      mean = center
      std = squares.map { deviation($0, rows) }
    } else {
      mean = [Float(overallMean)]
      std = [deviation(squares.reduce(0, +), rows * features)]
    }
    return Normalization(mean: mean, std: std)
  }

  /// Per-column sums of `values` `[rows, features]`, or of `(value - center)²` when `center` is given.
  static func columnSums(
    _ values: UnsafePointer<Float>, rows: Int, features: Int, center: [Float]?
  ) -> [Double] {
    var totals = [Double](repeating: 0, count: features)
    let block = UnsafeMutablePointer<Float>.allocate(capacity: features)
    defer { block.deallocate() }
    let offsets = UnsafeMutablePointer<Float>.allocate(capacity: features)
    defer { offsets.deallocate() }
    for f in 0..<features { offsets[f] = center?[f] ?? 0 }
    let squared = center != nil
    var start = 0
    while start < rows {
      let end = Swift.min(start + 64, rows)
      block.initialize(repeating: 0, count: features)
      for r in start..<end {
        let row = values + r * features
        if squared {
          for f in 0..<features {
            let d = row[f] - offsets[f]
            block[f] += d * d
          }
        } else {
          for f in 0..<features { block[f] += row[f] }
        }
      }
      for f in 0..<features { totals[f] += Double(block[f]) }
      start = end
    }
    return totals
  }

  /// The statistics of a dataset's inputs (see `fit(_:perFeature:)`).
  public static func fit(_ dataset: LabeledDataset, perFeature: Bool = false) -> Normalization {
    fit(dataset.inputs, perFeature: perFeature)
  }

  /// `(inputs - mean) / std`, as a new tensor.
  public func apply(_ inputs: Tensor) -> Tensor {
    let features = inputs.shape.last ?? 1
    if mean.count != 1 && mean.count != features {
      engineFailure("Normalization.apply", "\(mean.count) statistics for \(features) features")
    }
    let out = Tensor.zeros(inputs.shape)
    inputs.withUnsafeBufferPointer { sourceBuffer in
      out.withUnsafeMutableBufferPointer { targetBuffer in
        let source = sourceBuffer.baseAddress!, target = targetBuffer.baseAddress!
        let total = sourceBuffer.count
        if mean.count == 1 {
          // Divide rather than multiply by 1/std: the same rounding as torchvision's Normalize.
          let (m, s) = (mean[0], std[0])
          for i in 0..<total { target[i] = (source[i] - m) / s }
        } else {
          mean.withUnsafeBufferPointer { means in
            std.withUnsafeBufferPointer { stds in
              for start in stride(from: 0, to: total, by: features) {
                for f in 0..<features { target[start + f] = (source[start + f] - means[f]) / stds[f] }
              }
            }
          }
        }
      }
    }
    return out
  }
}

extension LabeledDataset {
  /// The inputs standardised with `normalization` (typically fitted on the train set).
  public func normalized(_ normalization: Normalization) -> LabeledDataset {
    var copy = self
    copy.inputs = normalization.apply(inputs)
    return copy
  }
}
