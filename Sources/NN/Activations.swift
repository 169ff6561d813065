import Tensors

/// `max(x, 0)` as a layer.
public final class ReLU: Module {
  public override init() { super.init() }
  public override func forward(_ x: Tensor) -> Tensor { x.relu() }
}

/// GELU (exact) as a layer.
public final class GELU: Module {
  public override init() { super.init() }
  public override func forward(_ x: Tensor) -> Tensor { x.gelu() }
}

/// `tanh` as a layer.
public final class Tanh: Module {
  public override init() { super.init() }
  public override func forward(_ x: Tensor) -> Tensor { x.tanh() }
}

/// The logistic sigmoid as a layer.
public final class Sigmoid: Module {
  public override init() { super.init() }
  public override func forward(_ x: Tensor) -> Tensor { x.sigmoid() }
}

/// The identity as a layer (a placeholder in configurable stacks).
public final class Identity: Module {
  public override init() { super.init() }
  public override func forward(_ x: Tensor) -> Tensor { x }
}

/// Zeroes each element with probability `p` in training mode and rescales the rest by
/// `1 / (1 − p)`; the identity in evaluation mode.
public final class Dropout: Module {
  /// The drop probability.
  public let p: Float
  private var generator: RandomGenerator

  /// Creates the layer with its own stream, split from `seed`'s stream so it is reproducible.
  public init(_ p: Float, seed: Int = 0) {
    guard p >= 0 && p < 1 else { engineFailure("Dropout", "p must be in [0, 1), got \(p)") }
    self.p = p
    generator = RandomGenerator(seed: seed).split(0xD0)
    super.init()
  }

  public override func forward(_ x: Tensor) -> Tensor {
    guard isTraining, p > 0 else { return x }
    let mask = Tensor.uniform(x.shape, generator: &generator).ge(p) * (1 / (1 - p))
    return x * mask
  }
}
