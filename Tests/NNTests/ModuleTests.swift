import NN
import Tensors
import Testing

private final class TwoTower: Module {
  var left = Linear(4, 3, generator: &Random.global)
  var right: Linear? = Linear(4, 3, bias: false, generator: &Random.global)
  var heads = [Linear(3, 2, generator: &Random.global), Linear(3, 1, generator: &Random.global)]
  var norm = BatchNorm1d(3)
  var scale = Tensor.parameter(Tensor([1]))
  var notAParameter = Tensor.zeros([2])
}

@Suite struct ModuleTests {
  @Test func parametersAreDiscoveredWithPathNames() {
    let names = TwoTower().namedParameters().map(\.0)
    #expect(
      names == [
        "left.weight", "left.bias", "right.weight", "heads.0.weight", "heads.0.bias", "heads.1.weight",
        "heads.1.bias", "norm.weight", "norm.bias", "scale",
      ])
  }

  @Test func buffersAreNotParameters() {
    let names = TwoTower().namedBuffers().map(\.0)
    #expect(names == ["norm.runningMean", "norm.runningVar", "notAParameter"])
  }

  @Test func mlpHasTheRequestedShapes() {
    let model = MLP([784, 256, 256, 10])
    #expect(model.parameters().map(\.shape) == [[784, 256], [256], [256, 256], [256], [256, 10], [10]])
    #expect(model.parameterCount == 269_322)
    #expect(model.namedParameters().first?.0 == "body.layers.0.weight")
    #expect(model(Tensor.zeros([5, 784])).shape == [5, 10])
  }

  @Test func tiedParametersAreReportedOnce() {
    let shared = Linear(2, 2, generator: &Random.global)
    let model = Sequential(shared, ReLU(), shared)
    #expect(model.parameters().count == 2)
  }

  @Test func trainAndEvalReachEveryDescendant() {
    let model = TwoTower()
    model.eval()
    #expect(!model.isTraining && !model.norm.isTraining && !model.heads[1].isTraining)
    model.train()
    #expect(model.norm.isTraining && model.heads[0].isTraining)
  }

  @Test func linearUsesPyTorchDefaultInitialisation() {
    var rng = RandomGenerator(seed: 1)
    let layer = Linear(400, 300, generator: &rng)
    let bound = 1 / Float(400).squareRoot()
    let w = layer.weight.scalars
    #expect(w.allSatisfy { abs($0) <= bound })
    // U(−b, b) has standard deviation b/√3.
    let std = (w.map { $0 * $0 }.reduce(0, +) / Float(w.count)).squareRoot()
    #expect(abs(std - bound / Float(3).squareRoot()) < 0.01 * bound)
  }

  @Test func sameSeedSameModel() {
    var a = RandomGenerator(seed: 7), b = RandomGenerator(seed: 7), c = RandomGenerator(seed: 8)
    let m1 = MLP([5, 4, 3], generator: &a), m2 = MLP([5, 4, 3], generator: &b), m3 = MLP([5, 4, 3], generator: &c)
    #expect(m1.parameters().map(\.scalars) == m2.parameters().map(\.scalars))
    #expect(m1.parameters().map(\.scalars) != m3.parameters().map(\.scalars))
  }

  @Test func embeddingLooksUpRows() {
    let table = Embedding(5, 3)
    let out = table([[4, 0], [1, 1]])
    #expect(out.shape == [2, 2, 3])
    #expect(Array(out.scalars[0..<3]) == Array(table.weight.scalars[12..<15]))
    out.sum().backward()
    // Row 1 was used twice, row 4 once, rows 2 and 3 never.
    let g = table.weight.grad!.scalars
    #expect(
      Array(g[3..<6]) == [2, 2, 2] && Array(g[12..<15]) == [1, 1, 1]
        && Array(g[6..<12]) == Array(repeating: 0, count: 6))
  }
}

@Suite struct NormalizationAndDropoutTests {
  @Test func layerNormStandardisesTheLastAxis() {
    var rng = RandomGenerator(seed: 2)
    let x = Tensor.normal([4, 16], mean: 3, std: 5, generator: &rng)
    let y = LayerNorm(16)(x)
    let mean = y.mean(axis: -1).scalars, variance = y.variance(axis: -1, correction: 0).scalars
    #expect(mean.allSatisfy { abs($0) < 1e-4 })
    #expect(variance.allSatisfy { abs($0 - 1) < 1e-3 })
  }

  @Test func batchNormTracksRunningStatisticsAndUsesThemInEval() {
    let bn = BatchNorm1d(2)
    let x = Tensor([[1, 10], [3, 20], [5, 30]])
    let y = bn(x)
    #expect(y.mean(axis: 0).scalars.allSatisfy { abs($0) < 1e-5 })
    // Running mean: 0.9·0 + 0.1·(3, 20); running var: 0.9·1 + 0.1·unbiased var (4, 100).
    #expect(zip(bn.runningMean.scalars, [0.3, 2]).allSatisfy { abs($0 - $1) < 1e-5 })
    #expect(zip(bn.runningVar.scalars, [1.3, 10.9]).allSatisfy { abs($0 - $1) < 1e-4 })
    bn.eval()
    let z = bn(Tensor([[0.3, 2]]))
    #expect(z.scalars.allSatisfy { abs($0) < 1e-5 })
  }

  @Test func dropoutKeepsTheExpectationAndIsOffInEval() {
    let dropout = Dropout(0.25, seed: 3)
    let x = Tensor.ones([100, 100])
    let y = dropout(x).scalars
    let zeros = y.filter { $0 == 0 }.count
    #expect(abs(Float(zeros) / 10_000 - 0.25) < 0.02)
    #expect(y.filter { $0 != 0 }.allSatisfy { abs($0 - 4.0 / 3.0) < 1e-6 })
    dropout.eval()
    #expect(dropout(x).scalars == x.scalars)
  }
}
