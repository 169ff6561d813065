import Tensors

/// How a loss combines its per-sample values.
public enum Reduction: Sendable {
  /// One value per sample (per row), e.g. to find the examples a model memorised.
  case none
  /// The mean over samples.
  case mean
  /// The sum over samples.
  case sum
}

extension Tensor {
  func reduced(_ reduction: Reduction) -> Tensor {
    switch reduction {
    case .none: self
    case .mean: mean()
    case .sum: sum()
    }
  }
}

/// Softmax cross-entropy of `logits` `[N, C]` against integer class `labels`, fused so the
/// gradient is `softmax − target` in one pass.
///
/// With `labelSmoothing` ε the target is `(1 − ε)·onehot + ε/C`, as in PyTorch.
/// - Returns: per-sample losses `[N]` for `.none`, else a scalar.
public func crossEntropy(
  _ logits: Tensor, _ labels: [Int], reduction: Reduction = .mean, labelSmoothing: Float = 0
) -> Tensor {
  guard logits.rank == 2 else {
    engineFailure("crossEntropy", "logits must be [batch, classes], got \(logits.shape)")
  }
  let (n, c) = (logits.shape[0], logits.shape[1])
  guard labels.count == n else {
    engineFailure("crossEntropy", "\(labels.count) labels for \(n) rows of logits \(logits.shape)")
  }
  for (i, label) in labels.enumerated() where label < 0 || label >= c {
    engineFailure("crossEntropy", "label \(label) at index \(i) is out of range 0..<\(c)")
  }
  switch reduction {
  case .none: return Tensor.softmaxCrossEntropyPerSample(logits, labels: labels, labelSmoothing: labelSmoothing)
  case .mean:
    return Tensor.softmaxCrossEntropy(
      logits, labels: labels, labelSmoothing: labelSmoothing, scale: 1 / Float(max(n, 1)))
  case .sum: return Tensor.softmaxCrossEntropy(logits, labels: labels, labelSmoothing: labelSmoothing)
  }
}

/// Cross-entropy against soft targets (rows of probabilities), e.g. distillation or mixup.
public func crossEntropy(_ logits: Tensor, targets: Tensor, reduction: Reduction = .mean) -> Tensor {
  guard logits.shape == targets.shape else {
    engineFailure("crossEntropy", "logits \(logits.shape) and targets \(targets.shape) differ")
  }
  return (-(targets * logits.logSoftmax(axis: -1)).sum(axis: -1)).reduced(reduction)
}

/// Mean squared error, averaged over every element for `.mean`.
public func mse(_ prediction: Tensor, _ target: Tensor, reduction: Reduction = .mean) -> Tensor {
  guard prediction.shape == target.shape else {
    engineFailure("mse", "prediction \(prediction.shape) and target \(target.shape) differ")
  }
  let squared = (prediction - target).square()
  switch reduction {
  case .none: return squared.rank > 1 ? squared.mean(axes: Array(1..<squared.rank)) : squared
  case .mean: return squared.mean()
  case .sum: return squared.sum()
  }
}

/// `KL(target ‖ model) = Σ target · (log target − logProbabilities)` per row, as PyTorch's
/// `kl_div(input: logProbabilities, target:)`; `.mean` averages over rows ("batchmean").
public func klDivergence(
  _ logProbabilities: Tensor, target: Tensor, reduction: Reduction = .mean
) -> Tensor {
  guard logProbabilities.shape == target.shape else {
    engineFailure("klDivergence", "inputs \(logProbabilities.shape) and target \(target.shape) differ")
  }
  // 0 · log 0 = 0: clamping only affects entries whose weight is zero.
  let logTarget = target.clamp(min: 1e-30).log()
  let pointwise = target * (logTarget - logProbabilities)
  let perRow = pointwise.rank > 1 ? pointwise.sum(axis: -1) : pointwise
  return perRow.reduced(reduction)
}

/// Binary cross-entropy on logits, computed stably (`max(x,0) − x·t + log(1 + e^−|x|)`),
/// with gradient `σ(x) − t`.
public func binaryCrossEntropyWithLogits(
  _ logits: Tensor, _ targets: Tensor, reduction: Reduction = .mean
) -> Tensor {
  guard logits.shape == targets.shape else {
    engineFailure("binaryCrossEntropyWithLogits", "logits \(logits.shape) and targets \(targets.shape) differ")
  }
  let losses = Tensor.differentiable([logits, targets]) { inputs in
    let (x, t) = (inputs[0], inputs[1])
    return x.relu() - x * t + (-x.abs()).softplus()
  } backward: { g, inputs, _ in
    [g * (inputs[0].sigmoid() - inputs[1]), inputs[1].requiresGrad ? -(g * inputs[0]) : nil]
  }
  return losses.reduced(reduction)
}

/// The fraction of rows whose largest logit is at the label.
public func accuracy(_ logits: Tensor, _ labels: [Int]) -> Float {
  let predictions = logits.argmax(axis: -1).intScalars
  guard predictions.count == labels.count else {
    engineFailure("accuracy", "\(labels.count) labels for \(predictions.count) predictions")
  }
  guard !labels.isEmpty else { return 0 }
  return Float(zip(predictions, labels).filter { $0 == $1 }.count) / Float(labels.count)
}
