import Tensors

/// Splits `0..<count` into mini-batches of sample indices, reshuffled every epoch.
///
/// The order of epoch `e` depends only on `seed` and `e` (it is the permutation of the stream
/// `RandomGenerator(seed: seed).split(e)`), so a run can be resumed at any epoch and reproduces
/// the same batches. Batches carry the indices of their samples, so per-sample statistics
/// (losses, forgetting events, memorisation of corrupted labels) can be recorded.
///
/// ```swift
/// let loader = DataLoader(count: train.count, batchSize: 128, shuffle: true, seed: 0)
/// for epoch in 0..<10 {
///   for (indices, x, y) in loader.epoch(epoch, of: train) { … }
/// }
/// ```
public struct DataLoader: Sendable, Equatable {
  /// The number of samples.
  public let count: Int
  /// The number of samples per batch (the last batch may be smaller unless `dropLast`).
  public let batchSize: Int
  /// Whether each epoch visits the samples in a fresh random order.
  public let shuffle: Bool
  /// Whether a final batch smaller than `batchSize` is left out.
  public let dropLast: Bool
  /// The seed the per-epoch orders derive from.
  public let seed: Int

  /// A loader over `count` samples.
  public init(count: Int, batchSize: Int, shuffle: Bool = true, dropLast: Bool = false, seed: Int = 0) {
    if count < 0 { engineFailure("DataLoader", "count must not be negative, not \(count)") }
    if batchSize < 1 { engineFailure("DataLoader", "batchSize must be positive, not \(batchSize)") }
    self.count = count
    self.batchSize = batchSize
    self.shuffle = shuffle
    self.dropLast = dropLast
    self.seed = seed
  }

  /// The number of batches in every epoch.
  public var batchesPerEpoch: Int { dropLast ? count / batchSize : (count + batchSize - 1) / batchSize }

  /// The order in which epoch `epoch` visits the samples (before any drop-last).
  public func order(epoch: Int) -> [Int] {
    if epoch < 0 { engineFailure("DataLoader", "epoch must not be negative, not \(epoch)") }
    guard shuffle else { return Array(0..<count) }
    var rng = RandomGenerator(seed: seed).split(UInt64(epoch))
    return rng.permutation(count)
  }

  /// The batches of sample indices of epoch `epoch`.
  public func epoch(_ epoch: Int) -> Epoch {
    Epoch(order: order(epoch: epoch), batchSize: batchSize, batchCount: batchesPerEpoch)
  }

  /// The batches of epoch `epoch` drawn from `dataset`: each its sample indices, the inputs
  /// `[batch, features]` and the labels.
  public func epoch(
    _ epoch: Int, of dataset: LabeledDataset
  ) -> LazyMapCollection<Epoch, (indices: [Int], inputs: Tensor, labels: [Int])> {
    checkCount(dataset.count)
    return self.epoch(epoch).lazy.map { indices in
      let (inputs, labels) = dataset.batch(indices)
      return (indices, inputs, labels)
    }
  }

  /// The batches of epoch `epoch` drawn from `dataset`: each its sample indices, the inputs
  /// `[batch, features]` and the targets `[batch, outputs]`.
  public func epoch(
    _ epoch: Int, of dataset: RegressionDataset
  ) -> LazyMapCollection<Epoch, (indices: [Int], inputs: Tensor, targets: Tensor)> {
    checkCount(dataset.count)
    return self.epoch(epoch).lazy.map { indices in
      let (inputs, targets) = dataset.batch(indices)
      return (indices, inputs, targets)
    }
  }

  /// The batches of epoch `epoch` drawn from `dataset`: each its sample indices, the flat tokens
  /// (`batch * sequenceLength`) and the labels.
  public func epoch(
    _ epoch: Int, of dataset: TokenDataset
  ) -> LazyMapCollection<Epoch, (indices: [Int], tokens: [Int], labels: [Int])> {
    checkCount(dataset.count)
    return self.epoch(epoch).lazy.map { indices in
      let (tokens, labels) = dataset.batch(indices)
      return (indices, tokens, labels)
    }
  }

  func checkCount(_ datasetCount: Int) {
    if datasetCount != count {
      engineFailure("DataLoader", "the loader covers \(count) samples but the dataset has \(datasetCount)")
    }
  }

  /// One epoch's batches of sample indices, in order.
  public struct Epoch: RandomAccessCollection, Sendable {
    /// The order the epoch visits the samples in.
    public let order: [Int]
    let batchSize: Int
    let batchCount: Int

    /// The first batch position.
    public var startIndex: Int { 0 }
    /// One past the last batch position.
    public var endIndex: Int { batchCount }

    /// The sample indices of batch `position`.
    public subscript(position: Int) -> [Int] {
      if position < 0 || position >= batchCount {
        engineFailure("DataLoader.Epoch", "batch \(position) is out of range 0..<\(batchCount)")
      }
      let start = position * batchSize
      return Array(order[start..<Swift.min(start + batchSize, order.count)])
    }
  }
}
