import Tensors
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Forward values against hand-computed references")
struct ForwardTests {
  // MARK: - Creation and inspection

  @Test func creation() {
    let m = Tensor([[1, 2, 3], [4, 5, 6]])
    #expect(m.shape == [2, 3] && m.rank == 2 && m.count == 6)
    #expect(m[1, 2] == 6 && m[0, 1] == 2)
    #expect(Tensor(scalar: 3).shape == [] && Tensor(scalar: 3).item == 3)
    #expect(Tensor.full([2, 2], 7).scalars == [7, 7, 7, 7])
    #expect(Tensor.zeros([3]).scalars == [0, 0, 0] && Tensor.ones([2]).scalars == [1, 1])
    #expect(Tensor.zeros(like: m).shape == [2, 3])
    #expect(Tensor.arange(4).scalars == [0, 1, 2, 3])
    #expect(Tensor.arange(1, 2, step: 0.25).scalars == [1, 1.25, 1.5, 1.75])
    #expect(Tensor.arange(5, 0, step: -2).scalars == [5, 3, 1])
    #expect(Tensor.arange(0, 0).count == 0)
    #expect(Tensor.oneHot([2, 0], classes: 3).scalars == [0, 0, 1, 1, 0, 0])
    #expect(Tensor([0.9, 2.0, -1.7]).intScalars == [0, 2, -1])
    #expect(Tensor.zeros([0, 3]).count == 0)
  }

  // MARK: - Elementwise

  @Test func elementwiseMatchesLibm() {
    let xs: [Float] = [-3, -1.5, -0.25, 0.3, 1, 2.5]
    let x = Tensor(xs)
    func ref(_ f: (Float) -> Float) -> [Float] { xs.map(f) }
    assertClose(x.exp(), ref { expf($0) }, rtol: 1e-6)
    assertClose(x.abs().log(), ref { logf(Swift.abs($0)) }, atol: 1e-6)
    assertClose(x.abs().sqrt(), ref { Swift.abs($0).squareRoot() })
    assertClose(x.sin(), ref { sinf($0) })
    assertClose(x.cos(), ref { cosf($0) })
    assertClose(x.tanh(), ref { tanhf($0) })
    assertClose(x.sigmoid(), ref { 1 / (1 + expf(-$0)) })
    assertClose(x.relu(), ref { Swift.max($0, 0) })
    assertClose(x.leakyRelu(0.1), ref { $0 > 0 ? $0 : 0.1 * $0 })
    assertClose(x.gelu(), ref { Float(0.5 * Double($0) * (1 + erf(Double($0) / 2.0.squareRoot()))) }, atol: 1e-6)
    assertClose(x.softplus(), ref { Float(log1p(exp(Double($0)))) }, atol: 1e-6)
    assertClose(x.abs(), ref { Swift.abs($0) })
    assertClose(x.sign(), [-1, -1, -1, 1, 1, 1])
    assertClose(Tensor([0]).sign(), [0])
    assertClose(x.square(), ref { $0 * $0 })
    assertClose(x.pow(3), ref { $0 * $0 * $0 }, rtol: 1e-6)
    assertClose(x.abs().pow(0.5), ref { Swift.abs($0).squareRoot() }, rtol: 1e-6)
    assertClose(x.clamp(min: -1, max: 1), ref { Swift.min(Swift.max($0, -1), 1) })
    assertClose(-x, ref { -$0 })
    assertClose(x / 4, ref { $0 / 4 })
    assertClose(2 / x, ref { 2 / $0 }, rtol: 1e-6)
    assertClose(1 - x, ref { 1 - $0 })
  }

  @Test func saturatingFunctionsStayFinite() {
    let x = Tensor([-1000, -100, 100, 1000])
    assertClose(x.sigmoid(), [0, 0, 1, 1], atol: 1e-30)
    assertClose(x.softplus(), [0, 0, 100, 1000], atol: 1e-30)
    assertClose(x.tanh(), [-1, -1, 1, 1])
    assertClose(x.gelu(), [0, 0, 100, 1000])
    assertClose(Tensor([20, 21]).softplus(), [20, 21], atol: 1e-5)
  }

  @Test func comparisonsAndWhere() {
    let a = Tensor([1, 2, 3]), b = Tensor([3, 2, 1])
    #expect(a.eq(b).scalars == [0, 1, 0])
    #expect(a.gt(b).scalars == [0, 0, 1])
    #expect(a.ge(b).scalars == [0, 1, 1])
    #expect(a.lt(b).scalars == [1, 0, 0])
    #expect(a.le(b).scalars == [1, 1, 0])
    #expect(a.eq(2).scalars == [0, 1, 0] && a.gt(2).scalars == [0, 0, 1] && a.ge(2).scalars == [0, 1, 1])
    #expect(a.lt(2).scalars == [1, 0, 0] && a.le(2).scalars == [1, 1, 0])
    #expect(a.maximum(b).scalars == [3, 2, 3] && a.minimum(b).scalars == [1, 2, 1])
    #expect(Tensor.where(Tensor([1, 0, 1]), a, b).scalars == [1, 2, 3])
    let filled = Tensor([[1, 2], [3, 4]]).maskedFill(Tensor([0, 1]), -.infinity)
    #expect(filled.scalars == [1, -.infinity, 3, -.infinity])
  }

  // MARK: - Reductions

  @Test func reductions() {
    let x = Tensor((1...24).map(Float.init), shape: [2, 3, 4])
    assertClose(x.sum(), [300], shape: [])
    assertClose(x.mean(), [12.5], shape: [])
    assertClose(x.sum(axis: 0), (13...24).map { Float(2 * $0 - 12) }, shape: [3, 4])
    assertClose(x.sum(axis: 1), [15, 18, 21, 24, 51, 54, 57, 60], shape: [2, 4])
    assertClose(x.sum(axis: -1, keepDims: true), [10, 26, 42, 58, 74, 90], shape: [2, 3, 1])
    assertClose(x.sum(axes: [0, 2]), [10 + 58, 26 + 74, 42 + 90], shape: [3])
    assertClose(x.sum(axes: [0, 2], keepDims: true), [68, 100, 132], shape: [1, 3, 1])
    assertClose(x.mean(axis: 1), [5, 6, 7, 8, 17, 18, 19, 20], shape: [2, 4])
    assertClose(x.mean(axes: [1, 2]), [6.5, 18.5], shape: [2])
    assertClose(x.max(axis: 1), [9, 10, 11, 12, 21, 22, 23, 24], shape: [2, 4])
    assertClose(x.min(axis: -1, keepDims: true), [1, 5, 9, 13, 17, 21], shape: [2, 3, 1])
    assertClose(x.max(), [24], shape: [])
    assertClose(x.min(), [1], shape: [])
    // variance of 1, 2, 3, 4 along the last axis: unbiased 5/3, biased 5/4.
    assertClose(x.variance(axis: -1), [Float](repeating: 5.0 / 3, count: 6), shape: [2, 3], rtol: 1e-6)
    assertClose(x.variance(axis: -1, correction: 0), [Float](repeating: 1.25, count: 6), shape: [2, 3], rtol: 1e-6)
    // Over axes 0 and 2 of a column: values v, v+1, v+2, v+3, v+12, …, v+15.
    let column: [Double] = [0, 1, 2, 3, 12, 13, 14, 15]
    let mu = column.reduce(0, +) / 8
    let unbiased = column.map { ($0 - mu) * ($0 - mu) }.reduce(0, +) / 7
    assertClose(x.variance(axes: [0, 2]), [Float](repeating: Float(unbiased), count: 3), shape: [3], rtol: 1e-6)
    assertClose(
      x.variance(axes: [0, 2], keepDims: true), [Float](repeating: Float(unbiased), count: 3), shape: [1, 3, 1],
      rtol: 1e-6)
  }

  @Test func meanAndVarianceOverRepeatedAxesAgreeWithSum() {
    // `sum(axes:)` reduces each distinct axis once; mean and variance must divide by the
    // size of what was reduced, also when an axis is named twice (e.g. as 1 and -1).
    let x = Tensor((1...6).map(Float.init), shape: [2, 3])
    assertClose(x.mean(axes: [1, -1]), x.mean(axis: 1).scalars, shape: [2])
    assertClose(x.variance(axes: [1, 1], correction: 0), x.variance(axis: 1, correction: 0).scalars, shape: [2])
  }

  @Test func argmaxPicksTheFirstLargest() {
    let x = Tensor([[1, 5, 5], [7, 0, 7], [-1, -2, -3]])
    #expect(x.argmax().scalars == [1, 0, 0])
    #expect(x.argmax(axis: 0).scalars == [1, 0, 1])
    #expect(x.argmax().intScalars == [1, 0, 0])
  }

  @Test func logSumExpIsStable() {
    let big = Tensor([[1000, 1000], [-1000, -1000], [0, -.infinity]])
    assertClose(big.logSumExp(axis: 1), [1000 + logf(2), -1000 + logf(2), 0], rtol: 1e-6)
    // Infinite entries: +∞ dominates, a row of only −∞ sums to zero, whose log is −∞.
    let infinite = Tensor([[.infinity, 1], [-.infinity, -.infinity], [-.infinity, 2]])
    assertClose(infinite.logSumExp(axis: -1), [.infinity, -.infinity, 2])
    let x = Tensor([[0.5, -1, 2], [3, 3, 3]])
    let expected = [0, 1].map { r in Float(log((0..<3).map { exp(Double(x[r, $0])) }.reduce(0, +))) }
    assertClose(x.logSumExp(axis: -1), expected, shape: [2], rtol: 1e-6)
    let columns = (0..<3).map { c in Float(log(exp(Double(x[0, c])) + exp(Double(x[1, c])))) }
    assertClose(x.logSumExp(axis: 0, keepDims: true), columns, shape: [1, 3], rtol: 1e-6)
  }

  // MARK: - Softmax

  @Test func softmaxRowsSumToOneAndMatchTheDefinition() {
    var maker = InputMaker(seed: 201)
    let x = maker.make([4, 6], .uniform(-5, 5))
    let y = x.softmax()
    assertClose(y.sum(axis: -1), [Float](repeating: 1, count: 4), atol: 1e-6)
    var expected: [Float] = []
    for r in 0..<4 {
      let row = (0..<6).map { exp(Double(x[r, $0])) }
      let total = row.reduce(0, +)
      expected += row.map { Float($0 / total) }
    }
    assertClose(y, expected, shape: [4, 6], atol: 1e-6, rtol: 1e-5)
    assertClose(x.logSoftmax(), expected.map { logf($0) }, shape: [4, 6], atol: 1e-5)
  }

  @Test func softmaxAlongAMiddleAxis() {
    var maker = InputMaker(seed: 203)
    let x = maker.make([2, 3, 4])
    let viaPermute = x.permuted([0, 2, 1]).softmax().permuted([0, 2, 1])
    assertClose(x.softmax(axis: 1), viaPermute.scalars, shape: [2, 3, 4], atol: 1e-6)
    assertClose(x.softmax(axis: 1).sum(axis: 1), [Float](repeating: 1, count: 8), atol: 1e-6)
    assertClose(
      x.logSoftmax(axis: 1), x.permuted([0, 2, 1]).logSoftmax().permuted([0, 2, 1]).scalars, shape: [2, 3, 4],
      atol: 1e-6)
  }

  @Test func softmaxIsStableForLargeInputs() {
    let x = Tensor([[1000, 1001, 1002], [-1000, -1001, -1002]])
    let e = [exp(0.0), exp(1.0), exp(2.0)], total = e.reduce(0, +)
    let row = e.map { Float($0 / total) }
    assertClose(x.softmax(), row + row.reversed(), shape: [2, 3], rtol: 1e-5)
    let logRow = row.map { logf($0) }
    assertClose(x.logSoftmax(), logRow + logRow.reversed(), shape: [2, 3], atol: 1e-4)
    // A masked (−∞) entry gets exactly zero probability.
    assertClose(Tensor([0, -.infinity, 0]).softmax(), [0.5, 0, 0.5])
  }

  // MARK: - Shape ops

  @Test func reshapesShareStorageAndInferOneDimension() {
    let x = Tensor.arange(12)
    #expect(x.reshaped([3, -1]).shape == [3, 4])
    #expect(x.reshaped([-1]).shape == [12])
    #expect(x.reshaped([2, 3, 2]).scalars == x.scalars)
    #expect(x.reshaped([12]) === x, "a no-op reshape returns self")
    let y = x.reshaped([2, 6])
    x.withUnsafeMutableBufferPointer { $0[0] = 42 }
    #expect(y[0, 0] == 42)
    #expect(Tensor.zeros([2, 3, 4]).flattened().shape == [24])
    #expect(Tensor.zeros([2, 3, 4]).flattened(from: 1).shape == [2, 12])
    #expect(Tensor.zeros([2, 3, 4]).flattened(from: -1).shape == [2, 3, 4])
    #expect(Tensor.zeros([0, 3]).flattened(from: 1).shape == [0, 3], "an empty batch flattens")
    #expect(Tensor.zeros([2, 0, 3]).flattened(from: 1).shape == [2, 0])
    #expect(Tensor(scalar: 5).flattened().shape == [1])
    #expect(Tensor.zeros([2, 1, 4]).squeezed(axis: 1).shape == [2, 4])
    #expect(Tensor.zeros([2, 1]).squeezed(axis: -1).shape == [2])
    #expect(Tensor.zeros([2, 4]).unsqueezed(axis: 1).shape == [2, 1, 4])
    #expect(Tensor.zeros([2, 4]).unsqueezed(axis: -1).shape == [2, 4, 1])
    #expect(Tensor.zeros([2, 4]).unsqueezed(axis: 2).shape == [2, 4, 1])
    #expect(Tensor(scalar: 1).unsqueezed(axis: 0).shape == [1])
  }

  @Test(arguments: [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0], [-1, 0, 1]])
  func permuteMatchesNaiveIndexing(_ order: [Int]) {
    let shape = [2, 3, 4]
    let x = Tensor.arange(24).reshaped(shape)
    let axes = order.map { $0 < 0 ? $0 + 3 : $0 }
    let y = x.permuted(order)
    #expect(y.shape == axes.map { shape[$0] })
    for i in 0..<y.shape[0] {
      for j in 0..<y.shape[1] {
        for k in 0..<y.shape[2] {
          var source = [0, 0, 0]
          source[axes[0]] = i
          source[axes[1]] = j
          source[axes[2]] = k
          #expect(y[i, j, k] == x[source[0], source[1], source[2]])
        }
      }
    }
  }

  @Test func transposes() {
    let m = Tensor([[1, 2, 3], [4, 5, 6]])
    #expect(m.T.shape == [3, 2] && m.T.scalars == [1, 4, 2, 5, 3, 6])
    #expect(m.transposed(0, 1).scalars == m.T.scalars)
    let x = Tensor.arange(24).reshaped([2, 3, 4])
    #expect(x.transposed().shape == [2, 4, 3] && x.transposed()[1, 3, 2] == x[1, 2, 3])
    #expect(x.transposed(0, 2)[3, 1, 0] == x[0, 1, 3])
  }

  @Test func sliceConcatenateStack() {
    let x = Tensor.arange(24).reshaped([2, 3, 4])
    #expect(x.slice(axis: 1, 1..<3).shape == [2, 2, 4])
    #expect(x.slice(axis: 1, 1..<3)[1, 0, 2] == x[1, 1, 2])
    #expect(x.slice(axis: -1, 3..<4).scalars == [3, 7, 11, 15, 19, 23])
    #expect(x[1..<2].scalars == Array(12..<24).map(Float.init))
    #expect(x.slice(axis: 0, 1..<1).shape == [0, 3, 4])
    let a = Tensor([[1, 2], [3, 4]]), b = Tensor([[5], [6]])
    #expect(Tensor.concatenate([a, b], axis: 1).scalars == [1, 2, 5, 3, 4, 6])
    #expect(Tensor.concatenate([a, b.T], axis: 0).scalars == [1, 2, 3, 4, 5, 6])
    #expect(Tensor.concatenate([a, b], axis: -1).shape == [2, 3])
    #expect(Tensor.concatenate([a]).scalars == a.scalars)
    let s = Tensor.stack([Tensor([1, 2]), Tensor([3, 4]), Tensor([5, 6])])
    #expect(s.shape == [3, 2] && s.scalars == [1, 2, 3, 4, 5, 6])
    let t = Tensor.stack([Tensor([1, 2]), Tensor([3, 4]), Tensor([5, 6])], axis: 1)
    #expect(t.shape == [2, 3] && t.scalars == [1, 3, 5, 2, 4, 6])
    #expect(Tensor.stack([Tensor([1, 2]), Tensor([3, 4])], axis: -1).scalars == [1, 3, 2, 4])
    #expect(Tensor.stack([Tensor(scalar: 1), Tensor(scalar: 2)]).shape == [2])
  }

  @Test func broadcastTo() {
    let x = Tensor([1, 2, 3], shape: [3, 1])
    let y = x.broadcast(to: [2, 3, 2])
    #expect(y.shape == [2, 3, 2])
    #expect(y.scalars == [1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3])
    #expect(x.broadcast(to: [3, 1]) === x)
    #expect(Tensor(scalar: 5).broadcast(to: [2]).scalars == [5, 5])
  }

  @Test func indexSelectAndGather() {
    let table = Tensor([[0, 1], [10, 11], [20, 21]])
    #expect(table.indexSelect([2, 0, 2]).scalars == [20, 21, 0, 1, 20, 21])
    #expect(table.indexSelect(axis: 1, [1, 1, 0]).scalars == [1, 1, 0, 11, 11, 10, 21, 21, 20])
    #expect(table.indexSelect([]).shape == [0, 2])
    let x = Tensor([[1, 2, 3], [4, 5, 6]])
    #expect(x.gather(axis: 1, Tensor([[2, 0], [1, 1]])).scalars == [3, 1, 5, 5])
    #expect(x.gather(axis: 0, Tensor([[1, 0, 1]])).scalars == [4, 2, 6])
    // Picking the log-probability of each label, as a cross-entropy does.
    let labels = Tensor([2, 0], shape: [2, 1])
    #expect(x.gather(axis: -1, labels).scalars == [3, 4])
  }
}
