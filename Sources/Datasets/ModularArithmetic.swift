import Tensors

/// The grokking task: learn `a ∘ b mod p` from a fraction of all pairs (Power et al., 2022).
///
/// Every pair is a sequence of three tokens `[a, b, =]`, where the numbers `0..<p` are their own
/// tokens and `p` is the `=` token, labelled with the result in `0..<p`. The pairs are split at
/// random into train and test; optionally a fraction of the train labels is corrupted, with the
/// clean labels kept for analysis. The test set is always clean.
///
/// ```swift
/// let task = ModularArithmetic(operation: .add, p: 97, trainFraction: 0.3, seed: 0)
/// let (tokens, labels) = task.train.batch(Array(0..<64))   // tokens: 64 * 3 ids
/// ```
public struct ModularArithmetic {
  /// The binary operation, modulo `p`.
  public enum Operation: String, Sendable, CaseIterable {
    /// `(a + b) mod p`.
    case add
    /// `(a - b) mod p`, in `0..<p`.
    case subtract
    /// `(a * b) mod p`.
    case multiply
    /// `a * b⁻¹ mod p` for `b ≠ 0`; needs a prime `p` so that every inverse exists.
    case divide

    /// The usual symbol, for labels and plots.
    public var symbol: String {
      switch self {
      case .add: "+"
      case .subtract: "−"
      case .multiply: "×"
      case .divide: "÷"
      }
    }
  }

  /// The operation learned.
  public let operation: Operation
  /// The modulus; also the number of classes and the id of the `=` token.
  public let p: Int
  /// The fraction of all pairs in the train split.
  public let trainFraction: Double
  /// The fraction of train labels replaced by a random different result.
  public let corruptedFraction: Double
  /// The seed that chose the split and the corruption.
  public let seed: Int
  /// The train pairs, sorted by `(a, b)`.
  public let train: TokenDataset
  /// The held-out pairs, sorted by `(a, b)`; never corrupted.
  public let test: TokenDataset

  /// The id of the `=` token that ends every sequence.
  public var equalsToken: Int { p }
  /// The number of distinct tokens: the `p` numbers and `=`.
  public var vocabularySize: Int { p + 1 }
  /// The number of tokens per sample: `[a, b, =]`.
  public static let sequenceLength = 3

  /// Builds the task: all pairs (with `b ≠ 0` for division), split at random by `seed`, with
  /// `round(corruptedFraction * trainCount)` train labels corrupted.
  public init(operation: Operation, p: Int, trainFraction: Double, corruptedFraction: Double = 0, seed: Int) {
    let op = "ModularArithmetic"
    if p < 2 { engineFailure(op, "the modulus p must be at least 2, not \(p)") }
    if operation == .divide && !Self.isPrime(p) {
      engineFailure(op, "division needs a prime modulus so that every b ≠ 0 has an inverse; \(p) is not prime")
    }
    if !(0...1).contains(trainFraction) { engineFailure(op, "trainFraction \(trainFraction) is not in [0, 1]") }
    if !(0...1).contains(corruptedFraction) {
      engineFailure(op, "corruptedFraction \(corruptedFraction) is not in [0, 1]")
    }
    self.operation = operation
    self.p = p
    self.trainFraction = trainFraction
    self.corruptedFraction = corruptedFraction
    self.seed = seed

    let firstB = operation == .divide ? 1 : 0
    let perA = p - firstB
    let total = p * perA
    let root = RandomGenerator(seed: seed)
    var splitter = root.split(0)
    let order = splitter.permutation(total)
    let cut = Int((trainFraction * Double(total)).rounded())

    func dataset(_ pairs: [Int]) -> TokenDataset {
      var tokens: [Int] = [], labels: [Int] = []
      tokens.reserveCapacity(pairs.count * 3)
      labels.reserveCapacity(pairs.count)
      for pair in pairs {
        let (a, b) = (pair / perA, pair % perA + firstB)
        tokens += [a, b, p]
        labels.append(Self.result(operation, a, b, p: p))
      }
      return TokenDataset(tokens: tokens, sequenceLength: 3, vocabularySize: p + 1, labels: labels, classes: p)
    }
    var train = dataset(order[..<cut].sorted())
    if corruptedFraction > 0 {
      train = train.injectingSymmetricNoise(
        fraction: corruptedFraction, seed: Int(truncatingIfNeeded: root.split(1).seed))
    }
    self.train = train
    self.test = dataset(order[cut...].sorted())
  }

  /// `a ∘ b mod p` in `0..<p`; division by 0 (or by a non-invertible `b`) stops the program.
  public static func result(_ operation: Operation, _ a: Int, _ b: Int, p: Int) -> Int {
    func mod(_ x: Int) -> Int { ((x % p) + p) % p }
    switch operation {
    case .add: return mod(a + b)
    case .subtract: return mod(a - b)
    case .multiply: return mod(mod(a) * mod(b))
    case .divide:
      guard let inverse = inverse(b, modulo: p) else {
        engineFailure("ModularArithmetic", "\(b) has no inverse modulo \(p)")
      }
      return mod(mod(a) * inverse)
    }
  }

  /// The `x` in `0..<p` with `b * x ≡ 1 (mod p)`, or `nil` when `b` and `p` share a factor.
  public static func inverse(_ b: Int, modulo p: Int) -> Int? {
    // Extended Euclid: keeps r = s * b (mod p) for the two most recent remainders.
    var (r0, r1) = (p, ((b % p) + p) % p)
    var (s0, s1) = (0, 1)
    while r1 != 0 {
      let q = r0 / r1
      (r0, r1) = (r1, r0 - q * r1)
      (s0, s1) = (s1, s0 - q * s1)
    }
    guard r0 == 1 else { return nil }
    return ((s0 % p) + p) % p
  }

  static func isPrime(_ n: Int) -> Bool {
    if n < 2 { return false }
    var d = 2
    while d * d <= n {
      if n % d == 0 { return false }
      d += 1
    }
    return true
  }
}
