import Litmus

/// Trains an MLP 784-256-256-10 with SGD + momentum on the full Fashion-MNIST training set and
/// reports test accuracy and wall time.
///
/// Contract: the last line is `fmnist-mlp test_accuracy <fraction> seconds <wall>`.
enum FashionMNISTMLP {
  static let epochs = 10
  static let batchSize = 128

  static func run(threads: Int) throws {
    let start = now()
    var train = try FashionMNIST.load(split: .train)
    var test = try FashionMNIST.load(split: .test)
    let normalization = Normalization.fit(train)
    train = train.normalized(normalization)
    test = test.normalized(normalization)
    let loaded = now()
    print("loaded train \(train.count) test \(test.count) in \(fixed(loaded - start, 2)) s")

    var rng = RandomGenerator(seed: 0)
    let model = MLP([784, 256, 256, 10], generator: &rng)
    let optimizer = SGD(model.parameters(), learningRate: 0.05, momentum: 0.9)
    let loader = DataLoader(count: train.count, batchSize: batchSize, shuffle: true, dropLast: true, seed: 0)
    let stepsPerEpoch = train.count / batchSize
    let schedule = LearningRateSchedule.cosine(base: 0.05, steps: epochs * stepsPerEpoch)

    for epoch in 0..<epochs {
      var lossSum: Float = 0
      var batches = 0
      for indices in loader.epoch(epoch) {
        let (x, y) = train.batch(indices)
        optimizer.apply(schedule)
        optimizer.zeroGrad()
        let loss = crossEntropy(model(x), y)
        loss.backward()
        optimizer.step()
        lossSum += loss.item
        batches += 1
      }
      let accuracy = evaluate(model, test)
      print(
        "epoch \(epoch + 1) train_loss \(fixed(Double(lossSum / Float(batches)), 4)) test_accuracy \(fixed(Double(accuracy), 4)) seconds \(fixed(now() - loaded, 1))"
      )
    }
    let accuracy = evaluate(model, test)
    print("fmnist-mlp test_accuracy \(fixed(Double(accuracy), 4)) seconds \(fixed(now() - start, 1))")
  }

  static func evaluate(_ model: Module, _ data: LabeledDataset) -> Float {
    model.eval()
    defer { model.train() }
    return withNoGrad { accuracy(model(data.inputs), data.labels) }
  }
}
