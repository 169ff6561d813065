import Tensors

#if canImport(Glibc)
import Glibc
#endif

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
    self.init(
      parameters, learningRate: learningRate, betas: betas, eps: eps, weightDecay: weightDecay, decoupled: false)
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

  public override func update(
    index: Int, value p: UnsafeMutableBufferPointer<Float>, grad g: UnsafeBufferPointer<Float>
  ) {
    // Bias correction uses the parameter's own step count, so a parameter unfrozen late
    // starts its moments fresh.
    let t = (steps[index] ?? 0) + 1
    steps[index] = t
    let (b1, b2) = betas
    let lr = learningRate, wd = weightDecay, eps = eps
    let correction1 = 1 - Glibc.powf(b1, Float(t))
    let correction2Root = (1 - Glibc.powf(b2, Float(t))).squareRoot()
    let stepSize = lr / correction1
    let m = firstMoments.buffer(index, count: p.count).baseAddress!
    let v = secondMoments.buffer(index, count: p.count).baseAddress!
    let pp = p.baseAddress!, gp = g.baseAddress!
    let n = p.count
    let decay: Float = decoupled ? 1 - lr * wd : 1
    let l2: Float = decoupled ? 0 : wd
    let decoupled = decoupled
    // Large parameters are split across the engine's threads in blocks of 8 lanes.
    Parallel.forEachChunk((n + 7) / 8, workPerItem: 56) { range in
      let lo = range.lowerBound * 8, hi = Swift.min(n, range.upperBound * 8)
      Adam.update(
        pp + lo, gp + lo, m + lo, v + lo, hi - lo, b1: b1, b2: b2, stepSize: stepSize,
        correction2Root: correction2Root, eps: eps, decoupled: decoupled, decay: decay, l2: l2)
    }
  }

  @inline(__always)
  static func update(
    _ pp: UnsafeMutablePointer<Float>, _ gp: UnsafePointer<Float>, _ m: UnsafeMutablePointer<Float>,
    _ v: UnsafeMutablePointer<Float>, _ n: Int, b1: Float, b2: Float, stepSize: Float, correction2Root: Float,
    eps: Float, decoupled: Bool, decay: Float, l2: Float
  ) {
    let vectorEnd = n & ~7
    // Explicit SIMD: the loop divides and takes square roots, which the compiler would
    // otherwise leave scalar (it cannot prove the four buffers disjoint). Same operations in
    // the same order as the scalar rule, so results are identical.
    for i in stride(from: 0, to: vectorEnd, by: 8) {
      var x = SIMDLoad.load(pp + i)
      var d = SIMDLoad.load(gp + i)
      if decoupled { x *= decay } else { d += l2 * x }
      let mi = b1 * SIMDLoad.load(m + i) + (1 - b1) * d
      let vi = b2 * SIMDLoad.load(v + i) + (1 - b2) * d * d
      SIMDLoad.store(mi, m + i)
      SIMDLoad.store(vi, v + i)
      x -= stepSize * mi / (SIMDLoad.squareRoot(vi) / correction2Root + eps)
      SIMDLoad.store(x, pp + i)
    }
    for i in vectorEnd..<n {
      var d = gp[i]
      if decoupled {
        pp[i] *= decay
      } else {
        d += l2 * pp[i]
      }
      m[i] = b1 * m[i] + (1 - b1) * d
      v[i] = b2 * v[i] + (1 - b2) * d * d
      pp[i] -= stepSize * m[i] / (v[i].squareRoot() / correction2Root + eps)
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
    super.init(
      parameters, learningRate: learningRate, betas: betas, eps: eps, weightDecay: weightDecay, decoupled: true)
  }
}
