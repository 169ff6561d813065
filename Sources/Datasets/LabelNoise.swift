import Tensors

/// Label corruption for memorisation and robustness experiments.
///
/// Exactly `round(fraction * n)` samples are corrupted, chosen by a seeded permutation, so that
/// a sweep over fractions corrupts exactly the intended amount and the same seed corrupts the
/// same samples.
public enum LabelNoise {
  /// `labels` with `round(fraction * count)` of them replaced by a uniformly random *different*
  /// class; returns the new labels and the corrupted positions (ascending).
  public static func symmetric(
    _ labels: [Int], classes: Int, fraction: Double, seed: Int
  ) -> (labels: [Int], corrupted: [Int]) {
    let op = "LabelNoise.symmetric"
    checkFraction(fraction, op: op)
    if classes < 2 { engineFailure(op, "a different label needs at least 2 classes, not \(classes)") }
    if let bad = labels.firstIndex(where: { $0 < 0 || $0 >= classes }) {
      engineFailure(op, "label \(labels[bad]) of sample \(bad) is out of range 0..<\(classes)")
    }
    let root = RandomGenerator(seed: seed)
    var choice = root.split(0), draw = root.split(1)
    let chosen = choice.permutation(labels.count).prefix(corruptedCount(fraction, of: labels.count)).sorted()
    var noisy = labels
    for i in chosen {
      // A draw from the other classes-1 labels, skipping over the true one.
      let other = draw.nextInt(below: classes - 1)
      noisy[i] = other >= labels[i] ? other + 1 : other
    }
    return (noisy, chosen)
  }

  /// `labels` with `round(fraction * eligible)` of the eligible samples moved to
  /// `mapping[label]`; returns the new labels and the corrupted positions (ascending).
  ///
  /// Eligible samples are those whose class `mapping` sends elsewhere; the default mapping is
  /// `c -> (c + 1) % classes`, which makes every sample eligible. A partial mapping such as
  /// `[3: 5, 5: 3]` flips only those classes (the asymmetric noise of Patrini et al.).
  public static func classFlip(
    _ labels: [Int], classes: Int, fraction: Double, mapping: [Int: Int]? = nil, seed: Int
  ) -> (labels: [Int], corrupted: [Int]) {
    let op = "LabelNoise.classFlip"
    checkFraction(fraction, op: op)
    if classes < 2 { engineFailure(op, "flipping needs at least 2 classes, not \(classes)") }
    var target = Array(0..<classes)
    if let mapping {
      for (from, to) in mapping {
        if !(0..<classes).contains(from) || !(0..<classes).contains(to) {
          engineFailure(op, "mapping \(from) -> \(to) leaves the classes 0..<\(classes)")
        }
        target[from] = to
      }
    } else {
      target = (0..<classes).map { ($0 + 1) % classes }
    }
    if let bad = labels.firstIndex(where: { $0 < 0 || $0 >= classes }) {
      engineFailure(op, "label \(labels[bad]) of sample \(bad) is out of range 0..<\(classes)")
    }
    let eligible = labels.indices.filter { target[labels[$0]] != labels[$0] }
    var choice = RandomGenerator(seed: seed).split(0)
    let chosen = choice.permutation(eligible.count)
      .prefix(corruptedCount(fraction, of: eligible.count)).map { eligible[$0] }.sorted()
    var noisy = labels
    for i in chosen { noisy[i] = target[labels[i]] }
    return (noisy, chosen)
  }

  /// The number of samples a fraction corrupts: `round(fraction * n)`.
  public static func corruptedCount(_ fraction: Double, of n: Int) -> Int {
    Int((fraction * Double(n)).rounded())
  }

  static func checkFraction(_ fraction: Double, op: String) {
    if !(0...1).contains(fraction) { engineFailure(op, "fraction \(fraction) is not in [0, 1]") }
  }
}

extension LabeledDataset {
  /// A copy with `round(fraction * count)` labels replaced by a uniformly random different
  /// class; `cleanLabels` keeps the true labels and `corruptedIndices` lists the changed ones.
  public func injectingSymmetricNoise(fraction: Double, seed: Int) -> LabeledDataset {
    let (noisy, _) = LabelNoise.symmetric(labels, classes: classes, fraction: fraction, seed: seed)
    var copy = self
    copy.cleanLabels = cleanLabels ?? labels
    copy.labels = noisy
    return copy
  }

  /// A copy with `round(fraction * eligible)` labels moved along `mapping` (default
  /// `c -> (c + 1) % classes`); `cleanLabels` keeps the true labels. See `LabelNoise.classFlip`.
  public func injectingClassFlip(fraction: Double, mapping: [Int: Int]? = nil, seed: Int) -> LabeledDataset {
    let (noisy, _) = LabelNoise.classFlip(labels, classes: classes, fraction: fraction, mapping: mapping, seed: seed)
    var copy = self
    copy.cleanLabels = cleanLabels ?? labels
    copy.labels = noisy
    return copy
  }
}
