#if canImport(Glibc)
  import Glibc
#endif
import Tensors

/// Adam, with either L2 weight decay added to the gradient (`Adam`) or decoupled weight decay
/// (`AdamW`, Loshchilov & Hutter), following PyTorch's update rules.
public class Adam: Optimizer {
  /// The decay rates of the first and second moment estimates.
  public var betas: (Float, Float)
  /// The denominator floor ε.
  public var eps: Float
  /// The weight decay coefficient.
  public var weightDecay: Float
  let decoupled: Bool
  private let firstMoments = Slots()
  private let secondMoments = Slots()
  private var steps: [Int: Int] = [:]

  /// Creates Adam with coupled (L2) weight decay.
  public convenience init(
    _ parameters: [Tensor], learningRate: Float = 1e-3, betas: (Float, Float) = (0.9, 0.999),
    eps: Float = 1e-8, weightDecay: Float = 0
  ) {
    self.init(parameters, learningRate: learningRate, betas: betas, eps: eps, weightDecay: weightDecay, decoupled: false)
  }

  init(
    _ parameters: [Tensor], learningRate: Float, betas: (Float, Float), eps: Float, weightDecay: Float,
    decoupled: Bool
  ) {
    self.betas = betas
    self.eps = eps
    self.weightDecay = weightDecay
    self.decoupled = decoupled
    super.init(parameters, learningRate: learningRate)
  }

  public override func update(index: Int, value p: UnsafeMutableBufferPointer<Float>, grad g: UnsafeBufferPointer<Float>) {
    // Bias correction uses the parameter's own step count, so a parameter unfrozen late
    // starts its moments fresh.
    let t = (steps[index] ?? 0) + 1
    steps[index] = t
    let (b1, b2) = betas
    let lr = learningRate, wd = weightDecay, eps = eps
    let correction1 = 1 - Glibc.powf(b1, Float(t))
    let correction2Root = (1 - Glibc.powf(b2, Float(t))).squareRoot()
    let stepSize = lr / correction1
    let m = firstMoments.buffer(index, count: p.count), v = secondMoments.buffer(index, count: p.count)
    let decoupled = decoupled
    for i in 0..<p.count {
      var d = g[i]
      if decoupled {
        p[i] *= 1 - lr * wd
      } else {
        d += wd * p[i]
      }
      m[i] = b1 * m[i] + (1 - b1) * d
      v[i] = b2 * v[i] + (1 - b2) * d * d
      p[i] -= stepSize * m[i] / (v[i].squareRoot() / correction2Root + eps)
    }
  }
}

/// Adam with decoupled weight decay: `p ← p·(1 − lr·λ)` before the Adam step (PyTorch's AdamW,
/// default λ = 0.01).
public final class AdamW: Adam {
  /// Creates AdamW.
  public init(
    _ parameters: [Tensor], learningRate: Float = 1e-3, betas: (Float, Float) = (0.9, 0.999),
    eps: Float = 1e-8, weightDecay: Float = 0.01
  ) {
    super.init(parameters, learningRate: learningRate, betas: betas, eps: eps, weightDecay: weightDecay, decoupled: true)
  }
}
