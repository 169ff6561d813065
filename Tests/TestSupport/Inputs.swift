import Tensors

/// Where seeded test inputs are drawn from, chosen so finite differences never straddle a kink
/// (relu, abs, clamp, max) or leave a function's domain (log, sqrt, pow).
public enum InputDomain: Sendable {
  /// Uniform in `[-2, 2]`: smooth functions.
  case any
  /// `|x|` uniform in `[0.25, 2]` with a random sign: relu, abs, leakyRelu, sign-dependent ops.
  case awayFromZero
  /// Uniform in `[0.5, 2]`: log, sqrt, pow bases, divisors.
  case positive
  /// Uniform in `[low, high]`.
  case uniform(Float, Float)
  /// All elements distinct and at least `0.2` apart (a shuffled ladder): max, min, sorting,
  /// so that a perturbation of `±eps` never changes which element wins.
  case distinct
}

/// Seeded input tensors for tests.
public struct InputMaker {
  public var generator: RandomGenerator

  public init(seed: UInt64 = 42) { generator = RandomGenerator(seed: seed) }

  /// A tensor of `shape` drawn from `domain`.
  public mutating func make(_ shape: [Int], _ domain: InputDomain = .any) -> Tensor {
    let n = shape.reduce(1, *)
    var values = [Float](repeating: 0, count: n)
    switch domain {
    case .any:
      for i in 0..<n { values[i] = -2 + 4 * generator.nextUniform() }
    case .awayFromZero:
      for i in 0..<n {
        let magnitude = 0.25 + 1.75 * generator.nextUniform()
        values[i] = generator.nextUniform() < 0.5 ? -magnitude : magnitude
      }
    case .positive:
      for i in 0..<n { values[i] = 0.5 + 1.5 * generator.nextUniform() }
    case .uniform(let low, let high):
      for i in 0..<n { values[i] = low + (high - low) * generator.nextUniform() }
    case .distinct:
      let order = generator.permutation(n)
      for i in 0..<n {
        // Ladder step 0.25 plus jitter below 0.05: neighbours stay more than 0.2 apart.
        values[i] = Float(order[i]) * 0.25 - Float(n) * 0.125 + 0.05 * generator.nextUniform()
      }
    }
    return Tensor(values, shape: shape)
  }

  /// A tensor of `shape` whose every element differs from the matching element of `other`
  /// (same shape) by `0.25…1` in a random direction: for `maximum`/`minimum` away from ties.
  public mutating func makeApart(from other: Tensor) -> Tensor {
    let values = other.scalars.map { v -> Float in
      let gap = 0.25 + 0.75 * generator.nextUniform()
      return generator.nextUniform() < 0.5 ? v - gap : v + gap
    }
    return Tensor(values, shape: other.shape)
  }

  /// Integer indices in `0..<bound`.
  public mutating func indices(_ count: Int, below bound: Int) -> [Int] {
    (0..<count).map { _ in generator.nextInt(below: bound) }
  }
}
