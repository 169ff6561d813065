#if canImport(Glibc)
import Glibc
#endif

/// A learning rate as a function of the step (0-based), composable:
/// `.warmup(steps: 100, then: .cosine(base: 1e-3, steps: 900))`.
public struct LearningRateSchedule: Sendable {
  private let rate: @Sendable (Int) -> Float

  /// A schedule from any function of the step.
  public init(_ rate: @escaping @Sendable (Int) -> Float) { self.rate = rate }

  /// The learning rate at `step`.
  public func callAsFunction(_ step: Int) -> Float { rate(step) }

  /// The same rate at every step.
  public static func constant(_ value: Float) -> Self { Self { _ in value } }

  /// `base · γ^⌊step / every⌋` (PyTorch's StepLR).
  public static func step(base: Float, every: Int, gamma: Float) -> Self {
    Self { base * Glibc.powf(gamma, Float($0 / Swift.max(every, 1))) }
  }

  /// Cosine decay from `base` to `minimum` over `steps`, then `minimum`.
  public static func cosine(base: Float, steps: Int, minimum: Float = 0) -> Self {
    Self { step in
      let t = Float(Swift.min(step, steps)) / Float(Swift.max(steps, 1))
      return minimum + (base - minimum) * 0.5 * (1 + Glibc.cosf(Float.pi * t))
    }
  }

  /// Linear warm-up from `start` (a fraction of the next schedule's first rate) over `steps`,
  /// then `next`, whose step count starts at 0 when the warm-up ends.
  public static func warmup(steps: Int, startFactor: Float = 0, then next: Self) -> Self {
    Self { step in
      if step >= steps { return next(step - steps) }
      let fraction = startFactor + (1 - startFactor) * Float(step) / Float(Swift.max(steps, 1))
      return next(0) * fraction
    }
  }

  /// Runs `first` for `steps` steps, then `next` with its step count restarted at 0.
  public func then(after steps: Int, _ next: Self) -> Self {
    let first = self
    return Self { $0 < steps ? first($0) : next($0 - steps) }
  }

  /// Multiplies two schedules pointwise (e.g. a decay times a cyclic factor).
  public static func * (a: Self, b: Self) -> Self { Self { a($0) * b($0) } }
}

extension Optimizer {
  /// Sets the learning rate for the coming step from `schedule`.
  public func apply(_ schedule: LearningRateSchedule) { learningRate = schedule(stepCount) }
}
