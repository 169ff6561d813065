import Datasets
import Tensors
import Testing

@Suite struct LabelNoiseTests {
  let data = Synthetic.gaussianMixture(classes: 4, dimension: 3, samplesPerClass: 25, seed: 0)

  @Test func symmetricNoiseCorruptsAnExactCountToDifferentLabels() {
    for fraction in [0.0, 0.1, 0.333, 1.0] {
      let noisy = data.injectingSymmetricNoise(fraction: fraction, seed: 5)
      #expect(noisy.cleanLabels == data.labels)
      #expect(noisy.corruptedIndices.count == Int((fraction * 100).rounded()))
      #expect(noisy.noisyMask.filter { $0 }.count == noisy.corruptedIndices.count)
      for i in noisy.corruptedIndices { #expect(noisy.labels[i] != data.labels[i]) }
      #expect(noisy.labels.allSatisfy { (0..<4).contains($0) })
      #expect(noisy.inputs === data.inputs)
    }
    // Same seed, same corruption; another seed, another.
    let a = data.injectingSymmetricNoise(fraction: 0.2, seed: 1)
    #expect(a.labels == data.injectingSymmetricNoise(fraction: 0.2, seed: 1).labels)
    #expect(a.labels != data.injectingSymmetricNoise(fraction: 0.2, seed: 2).labels)
  }

  @Test func symmetricNoiseReachesEveryOtherClass() {
    let labels = Array(repeating: 0, count: 3000)
    let (noisy, corrupted) = LabelNoise.symmetric(labels, classes: 4, fraction: 1, seed: 3)
    #expect(corrupted == Array(0..<3000))
    let counts = (1..<4).map { c in noisy.filter { $0 == c }.count }
    #expect(!noisy.contains(0) && counts.allSatisfy { $0 > 900 && $0 < 1100 })
  }

  @Test func classFlipFollowsTheMapping() {
    let flipped = data.injectingClassFlip(fraction: 0.5, seed: 4)
    #expect(flipped.corruptedIndices.count == 50)
    for i in flipped.corruptedIndices { #expect(flipped.labels[i] == (data.labels[i] + 1) % 4) }

    // A partial mapping only touches the classes it names; the fraction is of those samples.
    let partial = data.injectingClassFlip(fraction: 0.4, mapping: [1: 2, 3: 0], seed: 4)
    let eligible = data.labels.filter { $0 == 1 || $0 == 3 }.count
    #expect(partial.corruptedIndices.count == Int((0.4 * Double(eligible)).rounded()))
    for i in partial.corruptedIndices {
      #expect([1, 3].contains(data.labels[i]))
      #expect(partial.labels[i] == (data.labels[i] == 1 ? 2 : 0))
    }
  }

  @Test func repeatedNoiseKeepsTheOriginalCleanLabels() {
    let twice = data.injectingSymmetricNoise(fraction: 0.2, seed: 1).injectingClassFlip(fraction: 0.2, seed: 2)
    #expect(twice.cleanLabels == data.labels)
    let subset = twice.subset([5, 0, 5])
    #expect(subset.cleanLabels == [data.labels[5], data.labels[0], data.labels[5]])
  }
}
