import Foundation
import NN
import Optimizers
import Tensors
import Testing

/// A one-parameter problem, loss = p², whose gradient 2p makes each update rule easy to follow
/// by hand.
private func quadraticSteps(_ makeOptimizer: ([Tensor]) -> Optimizer, steps: Int, start: Float = 1) -> [Float] {
  let p = Tensor.parameter(Tensor([start]))
  let optimizer = makeOptimizer([p])
  var trajectory: [Float] = []
  for _ in 0..<steps {
    optimizer.zeroGrad()
    p.square().sum().backward()
    optimizer.step()
    trajectory.append(p.item)
  }
  return trajectory
}

@Suite struct OptimizerRuleTests {
  @Test func plainSGDFollowsTheGradient() {
    let t = quadraticSteps({ SGD($0, learningRate: 0.1) }, steps: 2)
    #expect(abs(t[0] - 0.8) < 1e-6)
    #expect(abs(t[1] - 0.64) < 1e-6)
  }

  @Test func momentumMatchesPyTorchRule() {
    // buf₁ = 2, p₁ = 1 − 0.1·2 = 0.8; g₂ = 1.6, buf₂ = 0.9·2 + 1.6 = 3.4, p₂ = 0.8 − 0.34.
    let t = quadraticSteps({ SGD($0, learningRate: 0.1, momentum: 0.9) }, steps: 2)
    #expect(abs(t[0] - 0.8) < 1e-6)
    #expect(abs(t[1] - 0.46) < 1e-6)
  }

  @Test func nesterovLooksAhead() {
    // d = 2, buf = 2, p −= 0.1·(2 + 0.9·2) = 0.38.
    let t = quadraticSteps({ SGD($0, learningRate: 0.1, momentum: 0.9, nesterov: true) }, steps: 1)
    #expect(abs(t[0] - 0.62) < 1e-6)
  }

  @Test func sgdWeightDecayAddsToTheGradient() {
    // g = 2 + 0.5·1 = 2.5 → p = 1 − 0.25.
    let t = quadraticSteps({ SGD($0, learningRate: 0.1, weightDecay: 0.5) }, steps: 1)
    #expect(abs(t[0] - 0.75) < 1e-6)
  }

  @Test func adamFirstStepIsLearningRateTimesSign() {
    let t = quadraticSteps({ Adam($0, learningRate: 0.01) }, steps: 1)
    #expect(abs(t[0] - 0.99) < 1e-5)
    let negative = quadraticSteps({ Adam($0, learningRate: 0.01) }, steps: 1, start: -3)
    #expect(abs(negative[0] - (-2.99)) < 1e-5)
  }

  @Test func adamSecondStepMatchesHandComputation() {
    // Step 2 by hand, with bias correction (β = 0.9, 0.999).
    let lr: Double = 0.01, b1 = 0.9, b2 = 0.999
    var p = 1.0, m = 0.0, v = 0.0
    for t in 1...2 {
      let g = 2 * p
      m = b1 * m + (1 - b1) * g
      v = b2 * v + (1 - b2) * g * g
      let mHat = m / (1 - pow(b1, Double(t))), vHat = v / (1 - pow(b2, Double(t)))
      p -= lr * mHat / (vHat.squareRoot() + 1e-8)
    }
    let t = quadraticSteps({ Adam($0, learningRate: 0.01) }, steps: 2)
    #expect(abs(Double(t[1]) - p) < 1e-5)
  }

  @Test func adamWDecaysTheWeightsBeforeTheStep() {
    // p = 1·(1 − 0.01·0.5) − 0.01·sign(g) = 0.995 − 0.01.
    let t = quadraticSteps({ AdamW($0, learningRate: 0.01, weightDecay: 0.5) }, steps: 1)
    #expect(abs(t[0] - 0.985) < 1e-5)
  }

  @Test func frozenParametersAreSkipped() {
    let model = Linear(3, 2, generator: &Random.global)
    let before = model.weight.scalars
    model.weight.freeze()
    let optimizer = SGD(model.parameters(), learningRate: 0.5)
    let x = Tensor.ones([4, 3])
    model(x).sum().backward()
    optimizer.step()
    #expect(model.weight.scalars == before)
    #expect(model.weight.grad == nil)
    #expect(model.bias!.scalars != [0, 0])
  }

  @Test func clipGradNormScalesToTheBound() {
    let a = Tensor.parameter(Tensor([3, 0]))
    let b = Tensor.parameter(Tensor([0, 4]))
    (a.square().sum() * 0.5 + b.square().sum() * 0.5).backward()  // grads (3,0) and (0,4): norm 5
    let norm = clipGradNorm([a, b], maxNorm: 1)
    #expect(abs(norm - 5) < 1e-5)
    let clipped = (a.grad!.square().sum() + b.grad!.square().sum()).sqrt().item
    #expect(abs(clipped - 1) < 1e-4)
  }

  @Test func optimizersConvergeOnLinearRegression() {
    for make in [
      { (p: [Tensor]) -> Optimizer in SGD(p, learningRate: 0.1, momentum: 0.9) },
      { Adam($0, learningRate: 0.05) },
      { AdamW($0, learningRate: 0.05, weightDecay: 0) },
    ] {
      var rng = RandomGenerator(seed: 3)
      let x = Tensor.randn([64, 3], generator: &rng)
      let trueWeight = Tensor([[1], [-2], [0.5]])
      let y = x.matmul(trueWeight) + 0.3
      let model = Linear(3, 1, generator: &rng)
      let optimizer = make(model.parameters())
      var loss: Float = 0
      for _ in 0..<300 {
        optimizer.zeroGrad()
        let l = mse(model(x), y)
        l.backward()
        optimizer.step()
        loss = l.item
      }
      #expect(loss < 1e-4, "\(type(of: optimizer)) reached loss \(loss)")
    }
  }
}

@Suite struct ScheduleTests {
  @Test func constantAndStep() {
    #expect(LearningRateSchedule.constant(0.1)(1000) == 0.1)
    let s = LearningRateSchedule.step(base: 1, every: 10, gamma: 0.5)
    #expect(s(0) == 1 && s(9) == 1 && s(10) == 0.5 && s(25) == 0.25)
  }

  @Test func cosineEndsAtTheMinimum() {
    let s = LearningRateSchedule.cosine(base: 1, steps: 100, minimum: 0.1)
    #expect(abs(s(0) - 1) < 1e-6)
    #expect(abs(s(50) - 0.55) < 1e-5)
    #expect(abs(s(100) - 0.1) < 1e-6)
    #expect(abs(s(500) - 0.1) < 1e-6)
  }

  @Test func warmupThenCosine() {
    let s = LearningRateSchedule.warmup(steps: 10, then: .cosine(base: 1, steps: 10))
    #expect(s(0) == 0)
    #expect(abs(s(5) - 0.5) < 1e-6)
    #expect(abs(s(10) - 1) < 1e-6)
    #expect(abs(s(20)) < 1e-6)
  }

  @Test func compositionRestartsTheSecondSchedule() {
    let s = LearningRateSchedule.constant(1).then(after: 5, .step(base: 0.1, every: 2, gamma: 0.1))
    #expect(s(4) == 1)
    #expect(abs(s(5) - 0.1) < 1e-7)
    #expect(abs(s(7) - 0.01) < 1e-7)
  }

  @Test func optimizerAppliesTheSchedulePerStep() {
    let p = Tensor.parameter(Tensor([1]))
    let optimizer = SGD([p], learningRate: 1)
    let schedule = LearningRateSchedule.step(base: 1, every: 1, gamma: 0.5)
    optimizer.apply(schedule)
    #expect(optimizer.learningRate == 1)
    p.sum().backward()
    optimizer.step()
    optimizer.apply(schedule)
    #expect(optimizer.learningRate == 0.5)
  }
}
