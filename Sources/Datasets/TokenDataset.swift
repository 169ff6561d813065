import Tensors

/// Fixed-length token sequences with integer class labels, for embedding-based models.
///
/// Tokens are stored flat in row-major order (`count * sequenceLength`), which is the layout an
/// embedding lookup takes directly.
public struct TokenDataset {
  /// All sequences, one after another: `tokens[i * sequenceLength + j]` is token `j` of sample `i`.
  public var tokens: [Int]
  /// The number of tokens in each sequence.
  public var sequenceLength: Int
  /// The number of distinct tokens; every token is in `0..<vocabularySize`.
  public var vocabularySize: Int
  /// The class of each sample (possibly corrupted), in `0..<classes`.
  public var labels: [Int]
  /// The number of classes.
  public var classes: Int
  /// The true labels when `labels` has been corrupted; `nil` when `labels` are clean.
  public var cleanLabels: [Int]?

  /// A dataset from flat token sequences and their labels; inconsistent sizes or out-of-range
  /// tokens and labels stop the program with a message.
  public init(
    tokens: [Int], sequenceLength: Int, vocabularySize: Int, labels: [Int], classes: Int, cleanLabels: [Int]? = nil
  ) {
    let op = "TokenDataset"
    if sequenceLength < 1 || tokens.count != labels.count * sequenceLength {
      engineFailure(op, "\(tokens.count) tokens do not make \(labels.count) sequences of length \(sequenceLength)")
    }
    if let bad = tokens.firstIndex(where: { $0 < 0 || $0 >= vocabularySize }) {
      engineFailure(op, "token \(tokens[bad]) at \(bad) is out of range 0..<\(vocabularySize)")
    }
    if let bad = labels.firstIndex(where: { $0 < 0 || $0 >= classes }) {
      engineFailure(op, "label \(labels[bad]) of sample \(bad) is out of range 0..<\(classes)")
    }
    if let clean = cleanLabels, clean.count != labels.count {
      engineFailure(op, "\(clean.count) clean labels for \(labels.count) labels")
    }
    self.tokens = tokens
    self.sequenceLength = sequenceLength
    self.vocabularySize = vocabularySize
    self.labels = labels
    self.classes = classes
    self.cleanLabels = cleanLabels
  }

  /// The number of samples.
  public var count: Int { labels.count }

  /// The labels known to be true: `cleanLabels` when present, else `labels`.
  public var trueLabels: [Int] { cleanLabels ?? labels }

  /// For each sample, whether its label differs from its clean label.
  public var noisyMask: [Bool] {
    guard let clean = cleanLabels else { return Array(repeating: false, count: count) }
    return zip(labels, clean).map { $0 != $1 }
  }

  /// The positions of the samples whose label differs from the clean label, ascending.
  public var corruptedIndices: [Int] {
    guard let clean = cleanLabels else { return [] }
    return (0..<count).filter { labels[$0] != clean[$0] }
  }

  /// The tokens of sample `i`.
  public func sequence(_ i: Int) -> [Int] {
    checkIndices([i], op: "TokenDataset.sequence")
    return Array(tokens[i * sequenceLength..<(i + 1) * sequenceLength])
  }

  /// The samples at `indices`, in that order (repeats allowed).
  public func subset(_ indices: [Int]) -> TokenDataset {
    checkIndices(indices, op: "TokenDataset.subset")
    var copy = self
    copy.tokens = gatherTokens(indices)
    copy.labels = indices.map { labels[$0] }
    copy.cleanLabels = cleanLabels.map { clean in indices.map { clean[$0] } }
    return copy
  }

  /// The first `n` samples (all of them when `n` exceeds the count).
  public func subset(first n: Int) -> TokenDataset {
    if n < 0 { engineFailure("TokenDataset.subset", "cannot take the first \(n) samples") }
    return subset(Array(0..<min(n, count)))
  }

  /// The flat tokens (`indices.count * sequenceLength`) and labels at `indices`.
  public func batch(_ indices: [Int]) -> (tokens: [Int], labels: [Int]) {
    checkIndices(indices, op: "TokenDataset.batch")
    return (gatherTokens(indices), indices.map { labels[$0] })
  }

  /// The token ids as a `[count, sequenceLength]` float tensor (all samples, or those at `indices`).
  public func tokenTensor(_ indices: [Int]? = nil) -> Tensor {
    let rows = indices ?? Array(0..<count)
    checkIndices(rows, op: "TokenDataset.tokenTensor")
    return Tensor(gatherTokens(rows).map(Float.init), shape: [rows.count, sequenceLength])
  }

  /// The sequences as concatenated one-hot vectors of the chosen `positions` (all by default):
  /// a `LabeledDataset` of `positions.count * vocabularySize` features for MLPs.
  public func oneHotEncoded(positions: [Int]? = nil) -> LabeledDataset {
    let positions = positions ?? Array(0..<sequenceLength)
    if let bad = positions.first(where: { $0 < 0 || $0 >= sequenceLength }) {
      engineFailure("TokenDataset.oneHotEncoded", "position \(bad) is out of range 0..<\(sequenceLength)")
    }
    let width = positions.count * vocabularySize
    let inputs = Tensor.zeros([count, width])
    inputs.withUnsafeMutableBufferPointer { values in
      for i in 0..<count {
        for (k, j) in positions.enumerated() {
          values[i * width + k * vocabularySize + tokens[i * sequenceLength + j]] = 1
        }
      }
    }
    return LabeledDataset(inputs: inputs, labels: labels, classes: classes, cleanLabels: cleanLabels)
  }

  /// A copy with `round(fraction * count)` labels replaced by a uniformly random different
  /// class; `cleanLabels` keeps the true labels.
  public func injectingSymmetricNoise(fraction: Double, seed: Int) -> TokenDataset {
    let (noisy, _) = LabelNoise.symmetric(labels, classes: classes, fraction: fraction, seed: seed)
    var copy = self
    copy.cleanLabels = cleanLabels ?? labels
    copy.labels = noisy
    return copy
  }

  func gatherTokens(_ indices: [Int]) -> [Int] {
    var out: [Int] = []
    out.reserveCapacity(indices.count * sequenceLength)
    for i in indices { out += tokens[i * sequenceLength..<(i + 1) * sequenceLength] }
    return out
  }

  func checkIndices(_ indices: [Int], op: String) {
    for (k, i) in indices.enumerated() where i < 0 || i >= count {
      engineFailure(op, "index \(i) at position \(k) is out of range 0..<\(count)")
    }
  }
}
