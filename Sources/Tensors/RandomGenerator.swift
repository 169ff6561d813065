/// A seeded, splittable pseudo-random generator: the same seed gives the same numbers on every
/// run and every machine.
///
/// The stream is xoshiro256** seeded through SplitMix64. `split(_:)` derives an independent
/// child stream from the seed and a key without advancing the parent, so that, for example,
/// each seed of a sweep or each worker gets its own reproducible stream.
public struct RandomGenerator: RandomNumberGenerator, Sendable {
  private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64
  /// The seed this stream was created from.
  public let seed: UInt64
  private var spareNormal: Float?

  /// Creates the stream for `seed`.
  public init(seed: UInt64) {
    self.seed = seed
    var sm = seed
    s0 = Self.splitMix(&sm)
    s1 = Self.splitMix(&sm)
    s2 = Self.splitMix(&sm)
    s3 = Self.splitMix(&sm)
  }

  /// Creates the stream for a non-negative integer seed.
  public init(seed: Int) { self.init(seed: UInt64(bitPattern: Int64(seed))) }

  /// An independent stream determined by this stream's seed and `key`.
  public func split(_ key: UInt64) -> RandomGenerator {
    var sm = seed ^ (key &* 0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03
    return RandomGenerator(seed: Self.splitMix(&sm))
  }

  private static func splitMix(_ state: inout UInt64) -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  @inline(__always)
  private static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

  /// The next 64 random bits.
  @inline(__always)
  public mutating func next() -> UInt64 {
    let result = Self.rotl(s1 &* 5, 7) &* 9
    let t = s1 << 17
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = Self.rotl(s3, 45)
    return result
  }

  /// A uniform draw from [0, 1) with 24 bits of precision.
  @inline(__always)
  public mutating func nextUniform() -> Float { Float(next() >> 40) * 0x1p-24 }

  /// A uniform draw from [0, 1) with 53 bits of precision.
  @inline(__always)
  public mutating func nextDouble() -> Double { Double(next() >> 11) * 0x1p-53 }

  /// A standard normal draw (Box–Muller in Double, so results do not depend on Float libm).
  public mutating func nextNormal() -> Float {
    if let spare = spareNormal {
      spareNormal = nil
      return spare
    }
    let u1 = 1 - nextDouble()  // (0, 1]: log is finite
    let u2 = nextDouble()
    let r = (-2 * _log(u1)).squareRoot()
    let theta = 2 * Double.pi * u2
    spareNormal = Float(r * _sin(theta))
    return Float(r * _cos(theta))
  }

  /// A uniform integer in `0..<bound`, without modulo bias.
  public mutating func nextInt(below bound: Int) -> Int {
    precondition(bound > 0)
    return Int(next(upperBound: UInt64(bound)))
  }

  /// A uniformly random permutation of `0..<n` (Fisher–Yates).
  public mutating func permutation(_ n: Int) -> [Int] {
    var p = Array(0..<n)
    if n < 2 { return p }
    for i in stride(from: n - 1, to: 0, by: -1) {
      p.swapAt(i, nextInt(below: i + 1))
    }
    return p
  }
}

#if canImport(Glibc)
import Glibc
@inline(__always) private func _log(_ x: Double) -> Double { Glibc.log(x) }
@inline(__always) private func _sin(_ x: Double) -> Double { Glibc.sin(x) }
@inline(__always) private func _cos(_ x: Double) -> Double { Glibc.cos(x) }
#endif
