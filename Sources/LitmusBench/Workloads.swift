import Litmus

// The four workloads of the shared benchmark spec (WORKLOADS.md), written the way a user of
// the engine would write them: modules, a loss, `backward()`, an optimizer step.

/// W1: MLP 784-256-256-10 on teacher-labelled random data, SGD with momentum, batch 128.
enum W1 {
  /// Exact matmul FLOPs per step: forward 68.7M + weight gradients 68.7M + input gradients of
  /// layers 2 and 3 17.4M.
  static let flops = 155.1e6

  static func run(threads: Int) {
    let data = TeacherData()
    let batches = data.batches()
    var rng = RandomGenerator(seed: 0)
    let model = MLP([784, 256, 256, 10], generator: &rng)
    let optimizer = SGD(model.parameters(), learningRate: 0.05, momentum: 0.9)
    var index = 0
    let harness = Harness(workload: "W1", threads: threads, flopsPerStep: flops)
    harness.run(coldSteps: 100, report: { ["W1 peak_rss_mb \(fixed(peakResidentMegabytes(), 1))"] }) {
      let (x, y) = batches[index]
      index = (index + 1) % batches.count
      optimizer.zeroGrad()
      let loss = crossEntropy(model(x), y)
      loss.backward()
      optimizer.step()
      return loss.item
    }
  }
}

/// W2: the grokking transformer (Power et al.'s task, Nanda et al.'s one-layer model without
/// LayerNorm), full batch of 2,822 pairs, AdamW with weight decay 1.
enum W2 {
  static let p = 97

  /// All 9,409 pairs shuffled by a seeded permutation; the first 30 % train.
  static func trainingSet() -> (tokens: [[Int]], labels: [Int]) {
    var rng = RandomGenerator(seed: 0)
    let order = rng.permutation(p * p)
    let train = order.prefix(Int(0.3 * Double(p * p)))
    return (train.map { [$0 / p, $0 % p, p] }, train.map { ($0 / p + $0 % p) % p })
  }

  /// The model with the spec's initialisation: N(0, 1/128) everywhere except `Wout` ~
  /// N(0, 1/512); biases zero; no bias in attention or unembedding.
  static func model(seed: Int = 0) -> Transformer {
    var rng = RandomGenerator(seed: seed)
    let model = Transformer(
      vocabulary: p + 1, outputs: p, maxLength: 3, dModel: 128, heads: 4, layers: 1, mlpHidden: 512, mask: .causal,
      layerNorm: false, activation: .relu, bias: true, attentionBias: false, generator: &rng)
    let block = model.blocks[0]
    let std = 1 / Float(128).squareRoot()
    for w in [
      model.tokenEmbedding.weight, model.positionalEmbedding.weight, block.attention.inProjection.weight,
      block.attention.outProjection.weight, block.mlp.input.weight, model.unembedding.weight,
    ] {
      w.assign(Tensor.normal(w.shape, std: std, generator: &rng))
    }
    block.mlp.output.weight.assign(Tensor.normal([512, 128], std: 1 / Float(512).squareRoot(), generator: &rng))
    block.mlp.input.bias!.assign(Tensor.zeros([512]))
    block.mlp.output.bias!.assign(Tensor.zeros([128]))
    return model
  }

  /// Exact matmul FLOPs per step with all positions computed (spec: 10.2 GFLOP).
  static let flops = 10.2e9

  static func run(threads: Int) {
    let (tokens, labels) = trainingSet()
    let model = model()
    let optimizer = AdamW(model.parameters(), learningRate: 1e-3, betas: (0.9, 0.98), eps: 1e-8, weightDecay: 1)
    Harness(workload: "W2", threads: threads, flopsPerStep: flops).run(coldSteps: 10) {
      optimizer.zeroGrad()
      let loss = crossEntropy(model.lastPositionLogits(tokens), labels)
      loss.backward()
      optimizer.step()
      return loss.item
    }
  }
}

/// W3: MLP 2-100-100-2 on two moons, batch 64, Adam: measures framework overhead per op.
enum W3 {
  static let flops = 3.97e6

  static func run(threads: Int) {
    let moons = Synthetic.twoMoons(count: 512, noise: 0.1, seed: 0)
    let batches = (0..<8).map { b in
      (moons.inputs.slice(axis: 0, b * 64..<(b + 1) * 64), Array(moons.labels[b * 64..<(b + 1) * 64]))
    }
    var rng = RandomGenerator(seed: 0)
    let model = MLP([2, 100, 100, 2], generator: &rng)
    let optimizer = Adam(model.parameters(), learningRate: 1e-2, betas: (0.9, 0.999), eps: 1e-8)
    var index = 0
    Harness(workload: "W3", threads: threads, flopsPerStep: flops).run(coldSteps: 200) {
      let (x, y) = batches[index]
      index = (index + 1) % batches.count
      optimizer.zeroGrad()
      let loss = crossEntropy(model(x), y)
      loss.backward()
      optimizer.step()
      return loss.item
    }
  }
}

/// W4: a learning-rate sweep of five fresh W1 models, 20 epochs each over reshuffled data.
/// Reported as 7,800 steps over the total wall time, which includes model creation and the
/// per-epoch gathers.
enum W4 {
  static let learningRates: [Float] = [0.003, 0.01, 0.03, 0.1, 0.3]

  static func run(threads: Int) {
    let data = TeacherData()
    let start = now()
    var steps = 0
    for (m, lr) in learningRates.enumerated() {
      var rng = RandomGenerator(seed: m)
      let model = MLP([784, 256, 256, 10], generator: &rng)
      let optimizer = SGD(model.parameters(), learningRate: lr, momentum: 0.9)
      var shuffler = RandomGenerator(seed: 500 + m)
      var first: Float = 0, last: Float = 0
      for epoch in 0..<20 {
        // The epoch's permutation, gathered straight into the 78 batches.
        let batches = data.batches(order: shuffler.permutation(10_000))
        var total: Float = 0
        for (x, y) in batches {
          optimizer.zeroGrad()
          let loss = crossEntropy(model(x), y)
          loss.backward()
          optimizer.step()
          total += loss.item
          steps += 1
        }
        if epoch == 0 { first = total / 78 }
        last = total / 78
      }
      print(
        "W4 model \(m) lr \(lr) epoch1_loss \(fixed(Double(first), 4)) epoch20_loss \(fixed(Double(last), 4)) seconds \(fixed(now() - start, 2))"
      )
    }
    let seconds = now() - start
    print("W4 steps \(steps) wall_seconds \(fixed(seconds, 2)) peak_rss_mb \(fixed(peakResidentMegabytes(), 1))")
    print("W4 litmus \(threads) \(fixed(Double(steps) / seconds, 2))")
  }
}
