import NN
import Tensors

#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif

/// Updates parameters from their gradients; each optimizer is a per-parameter rule.
///
/// Parameters that are frozen (`requiresGrad == false`) or have no gradient are skipped, so a
/// model can be partly frozen after the optimizer was made.
open class Optimizer {
  /// The parameters, in the order given.
  public let parameters: [Tensor]
  /// The learning rate used by the next `step()`; schedules set it.
  public var learningRate: Float
  /// The number of `step()` calls so far.
  public private(set) var stepCount = 0

  /// Creates an optimizer over `parameters`.
  public init(_ parameters: [Tensor], learningRate: Float) {
    guard learningRate >= 0, learningRate.isFinite else {
      engineFailure(String(describing: Self.self), "learning rate must be finite and ≥ 0, got \(learningRate)")
    }
    self.parameters = parameters
    self.learningRate = learningRate
  }

  /// Applies one update to every trainable parameter that has a gradient.
  public func step() {
    stepCount += 1
    for (index, p) in parameters.enumerated() where p.requiresGrad {
      guard let g = p.grad else { continue }
      p.withUnsafeMutableBufferPointer { value in
        g.withUnsafeBufferPointer { grad in update(index: index, value: value, grad: grad) }
      }
    }
  }

  /// Clears every parameter's gradient.
  public func zeroGrad() { for p in parameters { p.zeroGrad() } }

  /// The rule for one parameter; `index` identifies its state slot.
  open func update(index: Int, value: UnsafeMutableBufferPointer<Float>, grad: UnsafeBufferPointer<Float>) {
    fatalError("\(Self.self) must override update(index:value:grad:)")
  }

  /// Per-parameter state buffers, created lazily with zeros.
  final class Slots {
    private var buffers: [Int: UnsafeMutableBufferPointer<Float>] = [:]
    func buffer(_ index: Int, count: Int) -> UnsafeMutableBufferPointer<Float> {
      if let existing = buffers[index] { return existing }
      let b = UnsafeMutableBufferPointer<Float>.allocate(capacity: count)
      b.initialize(repeating: 0)
      buffers[index] = b
      return b
    }
    deinit { for b in buffers.values { b.deallocate() } }
  }
}

/// Rescales all gradients together so their global L2 norm is at most `maxNorm`.
/// - Returns: the norm before clipping.
@discardableResult
public func clipGradNorm(_ parameters: [Tensor], maxNorm: Float) -> Float {
  var total: Double = 0
  for p in parameters {
    p.grad?.withUnsafeBufferPointer { g in for v in g { total += Double(v) * Double(v) } }
  }
  let norm = Float(total.squareRoot())
  if norm > maxNorm {
    let scale = maxNorm / (norm + 1e-6)
    for p in parameters {
      p.grad?.withUnsafeMutableBufferPointer { g in for i in g.indices { g[i] *= scale } }
    }
  }
  return norm
}

/// Unaligned 8-wide loads and stores for the optimizers' update loops.
enum SIMDLoad {
  /// Lane-wise square root as one instruction per 4 lanes. `Float.squareRoot()` (and so the
  /// generic SIMD one) keeps a scalar call to `sqrtf` for negative inputs (to set `errno`),
  /// which stops the loop from vectorising.
  @inline(__always)
  static func squareRoot(_ x: SIMD8<Float>) -> SIMD8<Float> {
    #if arch(x86_64)
    return SIMD8(lowHalf: _mm_sqrt_ps(x.lowHalf), highHalf: _mm_sqrt_ps(x.highHalf))
    #else
    return x.squareRoot()
    #endif
  }

  @inline(__always)
  static func load(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
  }

  @inline(__always)
  static func load(_ p: UnsafeMutablePointer<Float>) -> SIMD8<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
  }

  @inline(__always)
  static func store(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self)
  }
}
