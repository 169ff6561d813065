import Tensors

/// Inputs with integer class labels: the unit every classification experiment trains on.
///
/// A value type holding a `[n, features]` tensor and `n` labels. When label noise has been
/// injected, `cleanLabels` keeps the true labels so that an analysis can split accuracy and
/// memorisation into clean and corrupted samples.
public struct LabeledDataset {
  /// The samples, one row each: shape `[count, features]`.
  public var inputs: Tensor
  /// The class of each sample (possibly corrupted), in `0..<classes`.
  public var labels: [Int]
  /// The number of classes.
  public var classes: Int
  /// The true labels when `labels` has been corrupted; `nil` when `labels` are clean.
  public var cleanLabels: [Int]?
  /// The `[channels, height, width]` of each sample when rows are flattened images.
  public var imageShape: [Int]?

  /// A dataset from `[count, features]` inputs and their labels.
  ///
  /// `classes` defaults to one more than the largest label. Mismatched counts or labels out of
  /// range stop the program with a message.
  public init(
    inputs: Tensor, labels: [Int], classes: Int? = nil, cleanLabels: [Int]? = nil, imageShape: [Int]? = nil
  ) {
    let classes = classes ?? ((labels.max() ?? -1) + 1)
    Self.validate(inputs: inputs, labels: labels, classes: classes, cleanLabels: cleanLabels, imageShape: imageShape)
    self.inputs = inputs
    self.labels = labels
    self.classes = classes
    self.cleanLabels = cleanLabels
    self.imageShape = imageShape
  }

  /// The number of samples.
  public var count: Int { labels.count }

  /// The number of input features per sample.
  public var featureCount: Int { inputs.shape.count > 1 ? inputs.shape[1] : 1 }

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

  /// How many samples carry each label.
  public var classCounts: [Int] {
    var counts = Array(repeating: 0, count: classes)
    for label in labels { counts[label] += 1 }
    return counts
  }

  /// The samples at `indices`, in that order (repeats allowed).
  public func subset(_ indices: [Int]) -> LabeledDataset {
    checkIndices(indices, op: "LabeledDataset.subset")
    var copy = self
    copy.inputs = inputs.indexSelect(axis: 0, indices)
    copy.labels = indices.map { labels[$0] }
    copy.cleanLabels = cleanLabels.map { clean in indices.map { clean[$0] } }
    return copy
  }

  /// The first `n` samples (all of them when `n` exceeds the count).
  public func subset(first n: Int) -> LabeledDataset {
    if n < 0 { engineFailure("LabeledDataset.subset", "cannot take the first \(n) samples") }
    return subset(Array(0..<min(n, count)))
  }

  /// `n` samples chosen uniformly without replacement, in random order.
  public func randomSubset(_ n: Int, seed: Int) -> LabeledDataset {
    if n < 0 || n > count {
      engineFailure("LabeledDataset.randomSubset", "cannot choose \(n) of \(count) samples")
    }
    var rng = RandomGenerator(seed: seed)
    return subset(Array(rng.permutation(count).prefix(n)))
  }

  /// The first `n` samples of each class (in dataset order, or shuffled by `seed` first):
  /// a class-balanced subset.
  public func balancedSubset(perClass n: Int, seed: Int? = nil) -> LabeledDataset {
    let order: [Int]
    if let seed {
      var rng = RandomGenerator(seed: seed)
      order = rng.permutation(count)
    } else {
      order = Array(0..<count)
    }
    var taken = Array(repeating: 0, count: classes)
    var chosen: [Int] = []
    for i in order where taken[labels[i]] < n {
      taken[labels[i]] += 1
      chosen.append(i)
    }
    if let short = taken.firstIndex(where: { $0 < n }) {
      engineFailure("LabeledDataset.balancedSubset", "class \(short) has only \(taken[short]) samples, fewer than \(n)")
    }
    return subset(chosen.sorted())
  }

  /// A random split into a train part of `round(trainFraction * count)` samples and the rest.
  public func split(trainFraction: Double, seed: Int) -> (train: LabeledDataset, test: LabeledDataset) {
    if !(0...1).contains(trainFraction) {
      engineFailure("LabeledDataset.split", "trainFraction \(trainFraction) is not in [0, 1]")
    }
    var rng = RandomGenerator(seed: seed)
    let order = rng.permutation(count)
    let cut = Int((trainFraction * Double(count)).rounded())
    return (subset(Array(order[..<cut])), subset(Array(order[cut...])))
  }

  /// The inputs and labels at `indices`, ready for a forward pass.
  public func batch(_ indices: [Int]) -> (inputs: Tensor, labels: [Int]) {
    checkIndices(indices, op: "LabeledDataset.batch")
    return (inputs.indexSelect(axis: 0, indices), indices.map { labels[$0] })
  }

  /// The inputs reshaped to `[count, channels, height, width]` for convolutional models.
  public func imageInputs() -> Tensor {
    guard let imageShape else {
      engineFailure("LabeledDataset.imageInputs", "the dataset has no image shape")
    }
    return inputs.reshaped([count] + imageShape)
  }

  func checkIndices(_ indices: [Int], op: String) {
    for (k, i) in indices.enumerated() where i < 0 || i >= count {
      engineFailure(op, "index \(i) at position \(k) is out of range 0..<\(count)")
    }
  }

  static func validate(inputs: Tensor, labels: [Int], classes: Int, cleanLabels: [Int]?, imageShape: [Int]?) {
    let op = "LabeledDataset"
    if inputs.shape.count != 2 {
      engineFailure(op, "inputs must have shape [count, features], not \(inputs.shape)")
    }
    if inputs.shape[0] != labels.count {
      engineFailure(op, "\(inputs.shape[0]) input rows but \(labels.count) labels")
    }
    if classes < 1 { engineFailure(op, "classes must be positive, not \(classes)") }
    if let bad = labels.firstIndex(where: { $0 < 0 || $0 >= classes }) {
      engineFailure(op, "label \(labels[bad]) of sample \(bad) is out of range 0..<\(classes)")
    }
    if let clean = cleanLabels {
      if clean.count != labels.count {
        engineFailure(op, "\(clean.count) clean labels for \(labels.count) labels")
      }
      if let bad = clean.firstIndex(where: { $0 < 0 || $0 >= classes }) {
        engineFailure(op, "clean label \(clean[bad]) of sample \(bad) is out of range 0..<\(classes)")
      }
    }
    if let imageShape, imageShape.reduce(1, *) != inputs.shape[1] {
      engineFailure(op, "image shape \(imageShape) does not hold \(inputs.shape[1]) features")
    }
  }
}

/// Inputs with real-valued targets: the unit regression experiments train on.
public struct RegressionDataset {
  /// The samples, one row each: shape `[count, features]`.
  public var inputs: Tensor
  /// The targets, one row each: shape `[count, outputs]`.
  public var targets: Tensor
  /// The noise-free targets when `targets` include added noise; `nil` otherwise.
  public var cleanTargets: Tensor?

  /// A dataset from `[count, features]` inputs and `[count, outputs]` targets.
  public init(inputs: Tensor, targets: Tensor, cleanTargets: Tensor? = nil) {
    let op = "RegressionDataset"
    if inputs.shape.count != 2 || targets.shape.count != 2 || inputs.shape[0] != targets.shape[0] {
      engineFailure(
        op, "inputs \(inputs.shape) and targets \(targets.shape) must be [count, features] and [count, outputs]")
    }
    if let clean = cleanTargets, clean.shape != targets.shape {
      engineFailure(op, "clean targets \(clean.shape) and targets \(targets.shape) differ in shape")
    }
    self.inputs = inputs
    self.targets = targets
    self.cleanTargets = cleanTargets
  }

  /// The number of samples.
  public var count: Int { inputs.shape[0] }

  /// The samples at `indices`, in that order (repeats allowed).
  public func subset(_ indices: [Int]) -> RegressionDataset {
    checkIndices(indices, op: "RegressionDataset.subset")
    return RegressionDataset(
      inputs: inputs.indexSelect(axis: 0, indices), targets: targets.indexSelect(axis: 0, indices),
      cleanTargets: cleanTargets?.indexSelect(axis: 0, indices))
  }

  /// The first `n` samples (all of them when `n` exceeds the count).
  public func subset(first n: Int) -> RegressionDataset {
    if n < 0 { engineFailure("RegressionDataset.subset", "cannot take the first \(n) samples") }
    return subset(Array(0..<min(n, count)))
  }

  /// A random split into a train part of `round(trainFraction * count)` samples and the rest.
  public func split(trainFraction: Double, seed: Int) -> (train: RegressionDataset, test: RegressionDataset) {
    if !(0...1).contains(trainFraction) {
      engineFailure("RegressionDataset.split", "trainFraction \(trainFraction) is not in [0, 1]")
    }
    var rng = RandomGenerator(seed: seed)
    let order = rng.permutation(count)
    let cut = Int((trainFraction * Double(count)).rounded())
    return (subset(Array(order[..<cut])), subset(Array(order[cut...])))
  }

  /// The inputs and targets at `indices`, ready for a forward pass.
  public func batch(_ indices: [Int]) -> (inputs: Tensor, targets: Tensor) {
    checkIndices(indices, op: "RegressionDataset.batch")
    return (inputs.indexSelect(axis: 0, indices), targets.indexSelect(axis: 0, indices))
  }

  func checkIndices(_ indices: [Int], op: String) {
    for (k, i) in indices.enumerated() where i < 0 || i >= count {
      engineFailure(op, "index \(i) at position \(k) is out of range 0..<\(count)")
    }
  }
}
