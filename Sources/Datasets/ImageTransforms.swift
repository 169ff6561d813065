import Tensors

extension LabeledDataset {
  /// The images average-pooled by `factor` in each direction: 28×28 by 2 gives 14×14.
  ///
  /// Requires `imageShape`; the height and width must be multiples of `factor`.
  public func downsampled(by factor: Int) -> LabeledDataset {
    let op = "LabeledDataset.downsampled"
    guard let imageShape, imageShape.count == 3 else {
      engineFailure(op, "the dataset has no [channels, height, width] image shape")
    }
    let (channels, height, width) = (imageShape[0], imageShape[1], imageShape[2])
    if factor < 1 || height % factor != 0 || width % factor != 0 {
      engineFailure(op, "factor \(factor) does not divide the \(height)×\(width) images")
    }
    if factor == 1 { return self }
    let (outHeight, outWidth) = (height / factor, width / factor)
    let planes = count * channels
    let pooled = Tensor.zeros([count, channels * outHeight * outWidth])
    let scale = 1 / Float(factor * factor)
    inputs.withUnsafeBufferPointer { source in
      pooled.withUnsafeMutableBufferPointer { target in
        let src = source.baseAddress!, dst = target.baseAddress!
        for plane in 0..<planes {
          let inPlane = src + plane * height * width
          let outPlane = dst + plane * outHeight * outWidth
          // Row by row so that reads stay sequential; each output row gathers `factor` rows.
          for y in 0..<height {
            let inRow = inPlane + y * width
            let outRow = outPlane + (y / factor) * outWidth
            for x in 0..<outWidth {
              var sum: Float = 0
              for k in 0..<factor { sum += inRow[x * factor + k] }
              outRow[x] += sum
            }
          }
        }
        for i in 0..<target.count { dst[i] *= scale }
      }
    }
    var copy = self
    copy.inputs = pooled
    copy.imageShape = [channels, outHeight, outWidth]
    return copy
  }

  /// The square images average-pooled down to `side`×`side` (e.g. 14 or 7 for Fashion-MNIST).
  public func downsampled(to side: Int) -> LabeledDataset {
    guard let imageShape, imageShape.count == 3, imageShape[1] == imageShape[2] else {
      engineFailure("LabeledDataset.downsampled", "downsampling to a side needs square images, not \(self.imageShape ?? [])")
    }
    if side < 1 || imageShape[1] % side != 0 {
      engineFailure("LabeledDataset.downsampled", "side \(side) does not divide the image side \(imageShape[1])")
    }
    return downsampled(by: imageShape[1] / side)
  }

  /// The inputs standardised with `normalization` (typically fitted on the train set).
  public func normalized(_ normalization: Normalization) -> LabeledDataset {
    var copy = self
    copy.inputs = normalization.apply(inputs)
    return copy
  }
}

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
    if inputs.shape.count != 2 || inputs.shape[0] == 0 {
      engineFailure("Normalization.fit", "inputs must have shape [count, features] with count > 0, not \(inputs.shape)")
    }
    let (rows, features) = (inputs.shape[0], inputs.shape[1])
    let groups = perFeature ? features : 1
    // Double sums: 47 million Float additions would lose digits.
    var sum = [Double](repeating: 0, count: features), sumSquares = sum
    inputs.withUnsafeBufferPointer { values in
      for r in 0..<rows {
        let row = values.baseAddress! + r * features
        for f in 0..<features {
          let v = Double(row[f])
          sum[f] += v
          sumSquares[f] += v * v
        }
      }
    }
    var mean = [Float](), std = [Float]()
    for g in 0..<groups {
      let (s, q, n) = perFeature
        ? (sum[g], sumSquares[g], Double(rows))
        : (sum.reduce(0, +), sumSquares.reduce(0, +), Double(rows * features))
      let m = s / n
      let variance = max(0, q / n - m * m)
      let deviation = Float(variance.squareRoot())
      mean.append(Float(m))
      std.append(deviation > 1e-12 ? deviation : 1)
    }
    return Normalization(mean: mean, std: std)
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
    inputs.withUnsafeBufferPointer { source in
      out.withUnsafeMutableBufferPointer { target in
        if mean.count == 1 {
          // Divide rather than multiply by 1/std: the same rounding as torchvision's Normalize.
          let (m, s) = (mean[0], std[0])
          for i in 0..<source.count { target[i] = (source[i] - m) / s }
        } else {
          for start in stride(from: 0, to: source.count, by: features) {
            for f in 0..<features { target[start + f] = (source[start + f] - mean[f]) / std[f] }
          }
        }
      }
    }
    return out
  }
}
