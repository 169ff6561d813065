import NN
import Optimizers
import Tensors
import Testing

/// Trains a small classifier from `seed` and returns every step's loss.
private func trainingLosses(seed: Int, steps: Int = 30) -> [Float] {
  var rng = RandomGenerator(seed: seed)
  let x = Tensor.randn([64, 20], generator: &rng)
  let labels = (0..<64).map { _ in rng.nextInt(below: 4) }
  let model = Sequential(
    Linear(20, 32, generator: &rng), ReLU(), Dropout(0.1, seed: seed), Linear(32, 4, generator: &rng))
  let optimizer = AdamW(model.parameters(), learningRate: 1e-2)
  return (0..<steps).map { _ in
    optimizer.zeroGrad()
    let loss = crossEntropy(model(x), labels, labelSmoothing: 0.1)
    loss.backward()
    optimizer.step()
    return loss.item
  }
}

@Suite struct DeterminismTests {
  @Test func sameSeedGivesBitwiseIdenticalLosses() {
    let a = trainingLosses(seed: 11), b = trainingLosses(seed: 11)
    #expect(a.map(\.bitPattern) == b.map(\.bitPattern))
    #expect(a.last! < a.first!, "the loss should fall: \(a.first!) → \(a.last!)")
  }

  @Test func anotherSeedGivesOtherLosses() {
    #expect(trainingLosses(seed: 11, steps: 3) != trainingLosses(seed: 12, steps: 3))
  }
}
