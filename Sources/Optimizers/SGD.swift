import Tensors

/// Stochastic gradient descent with PyTorch's momentum rule (`buf = μ·buf + g; p −= lr·buf`),
/// optional Nesterov momentum and L2 weight decay added to the gradient.
public final class SGD: Optimizer {
  /// The momentum μ (0 for plain SGD).
  public var momentum: Float
  /// The L2 penalty coefficient added to the gradient.
  public var weightDecay: Float
  /// Whether to use Nesterov momentum.
  public let nesterov: Bool
  private let slots = Slots()

  /// Creates the optimizer.
  public init(
    _ parameters: [Tensor], learningRate: Float, momentum: Float = 0, weightDecay: Float = 0,
    nesterov: Bool = false
  ) {
    if nesterov && momentum <= 0 { engineFailure("SGD", "Nesterov momentum needs momentum > 0") }
    self.momentum = momentum
    self.weightDecay = weightDecay
    self.nesterov = nesterov
    super.init(parameters, learningRate: learningRate)
  }

  public override func update(index: Int, value p: UnsafeMutableBufferPointer<Float>, grad g: UnsafeBufferPointer<Float>) {
    let lr = learningRate, mu = momentum, wd = weightDecay
    let n = p.count
    guard mu != 0 else {
      for i in 0..<n { p[i] -= lr * (g[i] + wd * p[i]) }
      return
    }
    let buf = slots.buffer(index, count: n)
    for i in 0..<n {
      let d = g[i] + wd * p[i]
      // The buffer starts at zero, so the first step's buffer is the gradient, as in PyTorch.
      let b = mu * buf[i] + d
      buf[i] = b
      p[i] -= lr * (nesterov ? d + mu * b : b)
    }
  }
}
