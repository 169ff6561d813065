// Deterministic synthetic data for the gallery: training curves, clusters, matrices.

import Foundation

/// Seeded data that looks like real experiment output, so the gallery shows realistic charts.
enum Synthetic {
  /// A SplitMix64 generator: the same seed gives the same data on every machine.
  struct Generator {
    var state: UInt64

    init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 &+ 1 }

    mutating func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// Standard normal (Box–Muller).
    mutating func normal() -> Double {
      let u = max(uniform(), 1e-300)
      return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * uniform())
    }
  }

  /// Accuracy that rises from chance to `final` around step `riseAt`, with evaluation noise.
  static func accuracy(_ steps: [Int], riseAt: Double, final: Double = 0.98, seed: UInt64) -> [Double] {
    var g = Generator(seed: seed)
    return steps.map { s in
      let t = 1 / (1 + exp(-(Double(s) - riseAt) / (riseAt * 0.15)))
      return min(1, max(0, 0.1 + (final - 0.1) * t + 0.012 * g.normal()))
    }
  }

  /// A loss that decays as a power law towards `floor`, with multiplicative noise.
  static func loss(_ steps: [Int], scale: Double = 2.3, exponent: Double = 0.5, floor: Double = 0.02, seed: UInt64)
    -> [Double]
  {
    var g = Generator(seed: seed)
    return steps.map { s in (floor + scale / pow(1 + Double(s) / 10, exponent)) * exp(0.08 * g.normal()) }
  }

  /// `count` draws from a normal distribution.
  static func normal(count: Int, mean: Double = 0, std: Double = 1, seed: UInt64) -> [Double] {
    var g = Generator(seed: seed)
    return (0..<count).map { _ in mean + std * g.normal() }
  }

  /// Three Gaussian clusters in 2-D, like an embedding of three classes.
  static func clusters(perClass: Int, seed: UInt64) -> (x: [Double], y: [Double], classes: [Int]) {
    var g = Generator(seed: seed)
    let centers = [(-2.0, 0.5), (1.5, 2.0), (1.0, -1.8)]
    var x: [Double] = []
    var y: [Double] = []
    var classes: [Int] = []
    for (k, c) in centers.enumerated() {
      for _ in 0..<perClass {
        x.append(c.0 + 0.8 * g.normal())
        y.append(c.1 + 0.8 * g.normal())
        classes.append(k)
      }
    }
    return (x, y, classes)
  }

  /// A plausible 10-class confusion matrix with `total` test samples per class.
  static func confusion(classes: Int = 10, total: Int = 100, seed: UInt64) -> [[Int]] {
    var g = Generator(seed: seed)
    return (0..<classes).map { i in
      var row = [Int](repeating: 0, count: classes)
      for _ in 0..<total {
        let correct = g.uniform() < 0.85 - 0.05 * Double(i % 3)
        row[correct ? i : (i + 1 + Int(g.uniform() * Double(classes - 1))) % classes] += 1
      }
      return row
    }
  }
}
