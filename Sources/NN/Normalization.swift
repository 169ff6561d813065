import Tensors

/// Layer normalisation over the last axis: `(x − mean) / √(var + ε) · γ + β`.
public final class LayerNorm: Module {
  /// The scale γ, initialised to ones; `nil` without an affine transform.
  public var weight: Tensor?
  /// The shift β, initialised to zeros.
  public var bias: Tensor?
  /// The variance floor ε.
  public let eps: Float

  /// Creates the layer for inputs whose last axis has `size` features.
  public init(_ size: Int, eps: Float = 1e-5, affine: Bool = true) {
    weight = affine ? .parameter(.ones([size])) : nil
    bias = affine ? .parameter(.zeros([size])) : nil
    self.eps = eps
    super.init()
  }

  public override func forward(_ x: Tensor) -> Tensor {
    let mean = x.mean(axis: -1, keepDims: true)
    let centered = x - mean
    let variance = centered.square().mean(axis: -1, keepDims: true)
    var y = centered / (variance + eps).sqrt()
    if let weight { y = y * weight }
    if let bias { y = y + bias }
    return y
  }
}

/// Batch normalisation of `[batch, features]` inputs with running statistics, as PyTorch's
/// `BatchNorm1d`: biased batch variance to normalise, unbiased variance in the running average.
public final class BatchNorm1d: Module {
  /// The scale γ (ones).
  public var weight: Tensor
  /// The shift β (zeros).
  public var bias: Tensor
  /// The running mean used in evaluation mode.
  public var runningMean: Tensor
  /// The running variance used in evaluation mode.
  public var runningVar: Tensor
  /// The weight of the newest batch in the running averages.
  public let momentum: Float
  /// The variance floor ε.
  public let eps: Float

  /// Creates the layer for `features` channels.
  public init(_ features: Int, momentum: Float = 0.1, eps: Float = 1e-5) {
    weight = .parameter(.ones([features]))
    bias = .parameter(.zeros([features]))
    runningMean = .zeros([features])
    runningVar = .ones([features])
    self.momentum = momentum
    self.eps = eps
    super.init()
  }

  public override func forward(_ x: Tensor) -> Tensor {
    guard x.rank == 2, x.shape[1] == weight.count else {
      engineFailure("BatchNorm1d", "expected input [batch, \(weight.count)], got \(x.shape)")
    }
    if !isTraining {
      return (x - runningMean) / (runningVar + eps).sqrt() * weight + bias
    }
    guard x.shape[0] > 1 else {
      engineFailure("BatchNorm1d", "training needs more than one sample per batch, got \(x.shape)")
    }
    let mean = x.mean(axis: 0, keepDims: true)
    let centered = x - mean
    let variance = centered.square().mean(axis: 0, keepDims: true)
    withNoGrad {
      let n = Float(x.shape[0])
      let unbiased = variance.reshaped([-1]) * (n / (n - 1))
      runningMean.assign(runningMean * (1 - momentum) + mean.reshaped([-1]) * momentum)
      runningVar.assign(runningVar * (1 - momentum) + unbiased * momentum)
    }
    return centered / (variance + eps).sqrt() * weight + bias
  }
}
