import Datasets
import Tensors
import Testing

@Suite struct DataLoaderTests {
  @Test func eachEpochCoversEveryIndexOnce() {
    let loader = DataLoader(count: 103, batchSize: 10, shuffle: true, seed: 1)
    #expect(loader.batchesPerEpoch == 11)
    for e in 0..<3 {
      let batches = Array(loader.epoch(e))
      #expect(batches.count == 11)
      #expect(batches.dropLast().allSatisfy { $0.count == 10 } && batches.last?.count == 3)
      #expect(batches.flatMap { $0 }.sorted() == Array(0..<103))
    }
  }

  @Test func dropLastLeavesOutTheShortBatch() {
    let loader = DataLoader(count: 103, batchSize: 10, shuffle: true, dropLast: true, seed: 1)
    let batches = Array(loader.epoch(0))
    #expect(loader.batchesPerEpoch == 10 && batches.count == 10)
    #expect(batches.allSatisfy { $0.count == 10 })
    #expect(Set(batches.flatMap { $0 }).count == 100)
    // An exact multiple loses nothing.
    #expect(DataLoader(count: 100, batchSize: 10, dropLast: true).batchesPerEpoch == 10)
    #expect(Array(DataLoader(count: 5, batchSize: 10, dropLast: true).epoch(0)).isEmpty)
  }

  @Test func shufflingIsPerEpochAndReproducible() {
    let loader = DataLoader(count: 50, batchSize: 8, shuffle: true, seed: 42)
    let again = DataLoader(count: 50, batchSize: 8, shuffle: true, seed: 42)
    let other = DataLoader(count: 50, batchSize: 8, shuffle: true, seed: 43)
    #expect(Array(loader.epoch(3)) == Array(again.epoch(3)))
    #expect(loader.order(epoch: 0) != loader.order(epoch: 1))
    #expect(loader.order(epoch: 0) != other.order(epoch: 0))
    #expect(loader.order(epoch: 0) != Array(0..<50))
    let plain = DataLoader(count: 7, batchSize: 3, shuffle: false)
    #expect(Array(plain.epoch(5)) == [[0, 1, 2], [3, 4, 5], [6]])
  }

  @Test func yieldsIndicesWithTheirSamples() {
    let inputs = Tensor((0..<20).map(Float.init), shape: [10, 2])
    let data = LabeledDataset(inputs: inputs, labels: (0..<10).map { $0 % 3 }, classes: 3)
    let loader = DataLoader(count: data.count, batchSize: 4, seed: 9)
    var seen: [Int] = []
    for (indices, x, y) in loader.epoch(2, of: data) {
      #expect(x.shape == [indices.count, 2])
      #expect(x.scalars == indices.flatMap { [Float(2 * $0), Float(2 * $0 + 1)] })
      #expect(y == indices.map { $0 % 3 })
      seen += indices
    }
    #expect(seen == loader.order(epoch: 2))

    let task = ModularArithmetic(operation: .add, p: 5, trainFraction: 1, seed: 0)
    let tokenLoader = DataLoader(count: task.train.count, batchSize: 6, seed: 0)
    for (indices, tokens, labels) in tokenLoader.epoch(0, of: task.train) {
      #expect(tokens.count == 3 * indices.count)
      #expect(labels == indices.map { task.train.labels[$0] })
    }
  }
}
