import Tensors
import TestSupport
import Testing

let reductionCases: [UnaryCase] = [
  UnaryCase("sum()", shape: [2, 3, 4]) { $0.sum() },
  UnaryCase("mean()", shape: [2, 3, 4]) { $0.mean() },
  UnaryCase("sum() of a scalar", shape: []) { $0.sum() },
  UnaryCase("sum(axis: 0)", shape: [2, 3, 4]) { $0.sum(axis: 0) },
  UnaryCase("sum(axis: 1)", shape: [2, 3, 4]) { $0.sum(axis: 1) },
  UnaryCase("sum(axis: -1, keepDims)", shape: [2, 3, 4]) { $0.sum(axis: -1, keepDims: true) },
  UnaryCase("sum(axis: 1) of size-1 axis", shape: [2, 1, 3]) { $0.sum(axis: 1) },
  UnaryCase("sum(axes: [0, 2])", shape: [2, 3, 4]) { $0.sum(axes: [0, 2]) },
  UnaryCase("sum(axes: [2, 0], keepDims)", shape: [2, 3, 4]) { $0.sum(axes: [2, 0], keepDims: true) },
  UnaryCase("sum(axes: [0, 1, 2])", shape: [2, 3, 4]) { $0.sum(axes: [0, 1, 2]) },
  UnaryCase("mean(axis: 1)", shape: [2, 3, 4]) { $0.mean(axis: 1) },
  UnaryCase("mean(axis: -1, keepDims)", shape: [2, 3, 4]) { $0.mean(axis: -1, keepDims: true) },
  UnaryCase("mean(axes: [1, 2])", shape: [2, 3, 4]) { $0.mean(axes: [1, 2]) },
  UnaryCase("mean(axes: [0, -1], keepDims)", shape: [2, 3, 4]) { $0.mean(axes: [0, -1], keepDims: true) },
  UnaryCase("variance(axis: 1)", shape: [2, 3, 4]) { $0.variance(axis: 1) },
  UnaryCase("variance(axis: -1, correction: 0, keepDims)", shape: [2, 3, 4]) {
    $0.variance(axis: -1, correction: 0, keepDims: true)
  },
  UnaryCase("variance(axes: [0, 2])", shape: [2, 3, 4]) { $0.variance(axes: [0, 2]) },
  UnaryCase("max(axis: 1)", .distinct, shape: [2, 3, 4]) { $0.max(axis: 1) },
  UnaryCase("max(axis: -1, keepDims)", .distinct, shape: [2, 3, 4]) { $0.max(axis: -1, keepDims: true) },
  UnaryCase("min(axis: 0)", .distinct, shape: [2, 3, 4]) { $0.min(axis: 0) },
  UnaryCase("min(axis: 2, keepDims)", .distinct, shape: [2, 3, 4]) { $0.min(axis: 2, keepDims: true) },
  UnaryCase("max()", .distinct, shape: [3, 4]) { $0.max() },
  UnaryCase("min()", .distinct, shape: [3, 4]) { $0.min() },
  UnaryCase("logSumExp(axis: -1)", shape: [2, 3, 4]) { $0.logSumExp(axis: -1) },
  UnaryCase("logSumExp(axis: 1, keepDims)", shape: [2, 3, 4]) { $0.logSumExp(axis: 1, keepDims: true) },
  UnaryCase("logSumExp(axis: 0) shifted by 50", .uniform(48, 52), shape: [3, 2]) { $0.logSumExp(axis: 0) },
  UnaryCase("softmax(axis: -1)", shape: [2, 3, 4]) { $0.softmax() },
  UnaryCase("softmax(axis: 1)", shape: [2, 3, 4]) { $0.softmax(axis: 1) },
  UnaryCase("softmax(axis: 0)", shape: [3, 4]) { $0.softmax(axis: 0) },
  UnaryCase("logSoftmax(axis: -1)", shape: [2, 3, 4]) { $0.logSoftmax() },
  UnaryCase("logSoftmax(axis: 1)", shape: [2, 3, 4]) { $0.logSoftmax(axis: 1) },
  UnaryCase("softmax then log equals logSoftmax path", shape: [2, 5]) { $0.softmax().log() },
]

let shapeCases: [UnaryCase] = [
  UnaryCase("reshaped([6, 4])", shape: [2, 3, 4]) { $0.reshaped([6, 4]) },
  UnaryCase("reshaped([4, -1])", shape: [2, 3, 4]) { $0.reshaped([4, -1]) },
  UnaryCase("reshaped then multiplied", shape: [2, 3, 4]) { $0.reshaped([24]) * Tensor.arange(24) },
  UnaryCase("flattened()", shape: [2, 3, 4]) { $0.flattened() * Tensor.arange(24) },
  UnaryCase("flattened(from: 1)", shape: [2, 3, 4]) { $0.flattened(from: 1) },
  UnaryCase("squeezed(axis: 1)", shape: [2, 1, 4]) { $0.squeezed(axis: 1) },
  UnaryCase("unsqueezed(axis: 0)", shape: [3, 4]) { $0.unsqueezed(axis: 0) },
  UnaryCase("unsqueezed(axis: -1)", shape: [3, 4]) { $0.unsqueezed(axis: -1) },
  UnaryCase("permuted([2, 0, 1])", shape: [2, 3, 4]) { $0.permuted([2, 0, 1]) },
  UnaryCase("permuted([1, 2, 0])", shape: [2, 3, 4]) { $0.permuted([1, 2, 0]) },
  UnaryCase("permuted([0, 2, 1])", shape: [2, 3, 4]) { $0.permuted([0, 2, 1]) },
  UnaryCase("transposed()", shape: [2, 3, 4]) { $0.transposed() },
  UnaryCase("transposed(0, 2)", shape: [2, 3, 4]) { $0.transposed(0, 2) },
  UnaryCase("T", shape: [3, 5]) { $0.T },
  UnaryCase("slice(axis: 0, 1..<3)", shape: [4, 3]) { $0.slice(axis: 0, 1..<3) },
  UnaryCase("slice(axis: 1, 1..<3)", shape: [2, 4, 3]) { $0.slice(axis: 1, 1..<3) },
  UnaryCase("slice(axis: -1, 0..<2)", shape: [2, 3, 4]) { $0.slice(axis: -1, 0..<2) },
  UnaryCase("subscript [1..<2]", shape: [3, 4]) { $0[1..<2] },
  UnaryCase("broadcast(to: [2, 3, 4]) from [3, 1]", shape: [3, 1]) { $0.broadcast(to: [2, 3, 4]) },
  UnaryCase("broadcast(to: [2, 4]) from [4]", shape: [4]) { $0.broadcast(to: [2, 4]) },
  UnaryCase("broadcast(to: [3, 2]) from []", shape: []) { $0.broadcast(to: [3, 2]) },
  UnaryCase("indexSelect(axis: 0) with repeats", shape: [4, 3]) { $0.indexSelect(axis: 0, [2, 0, 2, 3, 2]) },
  UnaryCase("indexSelect(axis: 1) with repeats", shape: [2, 4, 3]) { $0.indexSelect(axis: 1, [3, 3, 1]) },
  UnaryCase("indexSelect(axis: -1)", shape: [2, 4]) { $0.indexSelect(axis: -1, [1, 0, 1, 3]) },
  UnaryCase("gather(axis: -1)", shape: [3, 4]) {
    $0.gather(axis: -1, Tensor([0, 3, 3, 1, 2, 2, 0, 0, 0], shape: [3, 3]))
  },
  UnaryCase("gather(axis: 0)", shape: [3, 4]) {
    $0.gather(axis: 0, Tensor([2, 0, 1, 2, 2, 2, 0, 1], shape: [2, 4]))
  },
  UnaryCase("gather(axis: 1) rank 3", shape: [2, 3, 2]) {
    $0.gather(axis: 1, Tensor([0, 1, 2, 2, 1, 1, 0, 0], shape: [2, 2, 2]))
  },
  UnaryCase("maskedFill", shape: [2, 3]) { $0.maskedFill(Tensor([1, 0, 0, 1, 1, 0], shape: [2, 3]), -5) },
  UnaryCase("maskedFill (broadcast mask)", shape: [2, 3]) { $0.maskedFill(Tensor([0, 1, 0]), 0) },
]

@Suite("Gradients of reductions, softmax and shape ops")
struct StructuralGradientTests {
  @Test(arguments: reductionCases)
  func reduction(_ c: UnaryCase) {
    var maker = InputMaker(seed: 21)
    gradCheck(c.name, [maker.make(c.shape, c.domain)]) { c.op($0[0]) }
  }

  @Test(arguments: shapeCases)
  func shapeOp(_ c: UnaryCase) {
    var maker = InputMaker(seed: 23)
    gradCheck(c.name, [maker.make(c.shape, c.domain)]) { c.op($0[0]) }
  }

  @Test(arguments: [0, 1, -1])
  func concatenate(axis: Int) {
    var maker = InputMaker(seed: 29)
    var shapes = [[2, 3, 2], [2, 3, 2], [2, 3, 2]]
    let a = axis < 0 ? axis + 3 : axis
    shapes[1][a] = 1
    shapes[2][a] = 3
    let inputs = shapes.map { maker.make($0) }
    gradCheck("concatenate(axis: \(axis))", inputs) { Tensor.concatenate($0, axis: axis) }
    // Only some inputs requiring gradients.
    gradCheck("concatenate(axis: \(axis)) partial", inputs, wrt: [1]) { Tensor.concatenate($0, axis: axis) }
  }

  @Test(arguments: [0, 1, 2, -1])
  func stack(axis: Int) {
    var maker = InputMaker(seed: 31)
    let inputs = (0..<3).map { _ in maker.make([2, 3]) }
    gradCheck("stack(axis: \(axis))", inputs) { Tensor.stack($0, axis: axis) }
  }

  @Test func whereWithBroadcasting() {
    var maker = InputMaker(seed: 37)
    let condition = Tensor([1, 0, 1, 0, 0, 1], shape: [2, 3])
    gradCheck("where same shapes", [maker.make([2, 3]), maker.make([2, 3])]) {
      Tensor.where(condition, $0[0], $0[1])
    }
    gradCheck("where broadcast a [3], b []", [maker.make([3]), maker.make([])]) {
      Tensor.where(condition, $0[0], $0[1])
    }
    gradCheck("where broadcast condition [2, 1]", [maker.make([2, 3]), maker.make([1, 3])]) {
      Tensor.where(Tensor([0, 1], shape: [2, 1]), $0[0], $0[1])
    }
    gradCheck("where output larger than a and b", [maker.make([2, 1]), maker.make([3])]) {
      Tensor.where(condition, $0[0], $0[1])
    }
  }

  @Test func maxAndMinShareTheGradientAmongTies() {
    let x = Tensor([1, 3, 3, 0, -2, -2], shape: [2, 3]).requiringGrad()
    x.max(axis: 1).sum().backward()
    assertClose(x.grad!, [0, 0.5, 0.5, 1, 0, 0])
    x.zeroGrad()
    x.min(axis: 1).sum().backward()
    assertClose(x.grad!, [1, 0, 0, 0, 0.5, 0.5])
    x.zeroGrad()
    x.max().backward()
    assertClose(x.grad!, [0, 0.5, 0.5, 0, 0, 0])
  }
}
