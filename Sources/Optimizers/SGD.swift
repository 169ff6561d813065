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

  public override func update(
    index: Int, value p: UnsafeMutableBufferPointer<Float>, grad g: UnsafeBufferPointer<Float>
  ) {
    let lr = learningRate, mu = momentum, wd = weightDecay
    let n = p.count
    let pp = p.baseAddress!, gp = g.baseAddress!
    let buf = mu != 0 ? slots.buffer(index, count: n).baseAddress! : pp
    // Large parameters are split across the engine's threads in blocks of 8 lanes.
    Parallel.forEachChunk((n + 7) / 8, workPerItem: 40) { range in
      let lo = range.lowerBound * 8, hi = Swift.min(n, range.upperBound * 8)
      SGD.update(pp + lo, gp + lo, buf + lo, hi - lo, lr: lr, mu: mu, wd: wd, nesterov: nesterov)
    }
  }

  @inline(__always)
  static func update(
    _ pp: UnsafeMutablePointer<Float>, _ gp: UnsafePointer<Float>, _ buf: UnsafeMutablePointer<Float>, _ n: Int,
    lr: Float, mu: Float, wd: Float, nesterov: Bool
  ) {
    // Explicit SIMD loops: the compiler cannot prove the buffers disjoint, so it would not
    // vectorise these on its own. Each case keeps PyTorch's order of operations.
    let vectorEnd = n & ~7
    guard mu != 0 else {
      for i in stride(from: 0, to: vectorEnd, by: 8) {
        let x = SIMDLoad.load(pp + i)
        SIMDLoad.store(x - lr * (SIMDLoad.load(gp + i) + wd * x), pp + i)
      }
      for i in vectorEnd..<n { pp[i] -= lr * (gp[i] + wd * pp[i]) }
      return
    }
    // The buffer starts at zero, so the first step's buffer is the gradient, as in PyTorch.
    if wd == 0 && !nesterov {
      for i in stride(from: 0, to: vectorEnd, by: 8) {
        let b = mu * SIMDLoad.load(buf + i) + SIMDLoad.load(gp + i)
        SIMDLoad.store(b, buf + i)
        SIMDLoad.store(SIMDLoad.load(pp + i) - lr * b, pp + i)
      }
      for i in vectorEnd..<n {
        let b = mu * buf[i] + gp[i]
        buf[i] = b
        pp[i] -= lr * b
      }
      return
    }
    for i in stride(from: 0, to: vectorEnd, by: 8) {
      let x = SIMDLoad.load(pp + i)
      let d = SIMDLoad.load(gp + i) + wd * x
      let b = mu * SIMDLoad.load(buf + i) + d
      SIMDLoad.store(b, buf + i)
      SIMDLoad.store(x - lr * (nesterov ? d + mu * b : b), pp + i)
    }
    for i in vectorEnd..<n {
      let d = gp[i] + wd * pp[i]
      let b = mu * buf[i] + d
      buf[i] = b
      pp[i] -= lr * (nesterov ? d + mu * b : b)
    }
  }
}
