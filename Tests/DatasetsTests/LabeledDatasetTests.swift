import Datasets
import Tensors
import Testing

@Suite struct LabeledDatasetTests {
  /// Two 1-channel 4×4 images with pixel values equal to their position (plus 100 for the second).
  let images = LabeledDataset(
    inputs: Tensor((0..<32).map { Float($0 % 16 + ($0 / 16) * 100) }, shape: [2, 16]),
    labels: [1, 0], classes: 2, imageShape: [1, 4, 4])

  @Test func subsetsAndBatches() {
    #expect(images.subset([1]).inputs.scalars == Array(images.inputs.scalars[16...]))
    #expect(images.subset(first: 5).count == 2)
    let (x, y) = images.batch([1, 1, 0])
    #expect(x.shape == [3, 16] && y == [0, 0, 1])
    #expect(images.imageInputs().shape == [2, 1, 4, 4])

    let data = Synthetic.gaussianMixture(classes: 3, dimension: 2, samplesPerClass: 10, seed: 0)
    let balanced = data.balancedSubset(perClass: 4, seed: 1)
    #expect(balanced.classCounts == [4, 4, 4])
    let (train, test) = data.split(trainFraction: 0.7, seed: 0)
    #expect(train.count == 21 && test.count == 9)
    #expect(data.randomSubset(5, seed: 2).count == 5)
  }

  @Test func downsamplingAveragesBlocks() {
    let pooled = images.downsampled(to: 2)
    #expect(pooled.imageShape == [1, 2, 2])
    // Top-left block of the first image: (0 + 1 + 4 + 5) / 4.
    #expect(pooled.inputs.scalars == [2.5, 4.5, 10.5, 12.5, 102.5, 104.5, 110.5, 112.5])
    #expect(images.downsampled(by: 4).inputs.scalars == [7.5, 107.5])
  }

  @Test func normalizationUsesTrainStatistics() {
    let stats = Normalization.fit(images)
    let normalized = images.normalized(stats).inputs.scalars
    let mean = normalized.reduce(0, +) / 32
    let variance = normalized.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 32
    #expect(abs(mean) < 1e-5 && abs(variance - 1) < 1e-4)

    let perFeature = Normalization.fit(images, perFeature: true)
    #expect(perFeature.mean.count == 16 && perFeature.mean[0] == 50 && perFeature.std[0] == 50)
    #expect(images.normalized(perFeature).inputs.scalars.prefix(2) == [-1, -1])
    // A constant feature is centred, not divided by zero.
    let constant = Normalization.fit(Tensor([3, 3, 3, 3], shape: [2, 2]), perFeature: true)
    #expect(constant.std == [1, 1])
  }
}

@Test func descriptionsAreShortSummaries() {
  let data = Synthetic.twoMoons(count: 10, seed: 0).injectingSymmetricNoise(fraction: 0.2, seed: 0)
  #expect(data.description == "LabeledDataset(10 samples × 2 features, 2 classes, 2 corrupted labels)")
  let task = ModularArithmetic(operation: .add, p: 7, trainFraction: 0.5, seed: 0)
  #expect(task.test.description == "TokenDataset(24 sequences of 3 tokens, vocabulary 8, 7 classes)")
}
