import Tensors
import TestSupport
import Testing

/// The transpose flags of one matmul.
struct Flags: Sendable, CustomTestStringConvertible {
  let a: Bool, b: Bool
  var testDescription: String { "transposeA: \(a), transposeB: \(b)" }
  static let all = [
    Flags(a: false, b: false), Flags(a: true, b: false), Flags(a: false, b: true), Flags(a: true, b: true),
  ]
}

/// `op(a) · op(b)` by naive loops in Double, over the leading batch axes when both have them,
/// or with `a`'s leading axes as extra rows when `b` is a matrix.
func naiveMatmul(_ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false) -> (
  shape: [Int], values: [Float]
) {
  let av = a.scalars, bv = b.scalars
  let (ar, ac) = (a.shape[a.rank - 2], a.shape[a.rank - 1])
  let (br, bc) = (b.shape[b.rank - 2], b.shape[b.rank - 1])
  let (m, k) = transposeA ? (ac, ar) : (ar, ac)
  let n = transposeB ? br : bc
  let batches = a.shape.dropLast(2).reduce(1, *)
  let bBatched = b.rank > 2
  var out = [Float]()
  for batch in 0..<batches {
    let aBase = batch * ar * ac, bBase = bBatched ? batch * br * bc : 0
    for i in 0..<m {
      for j in 0..<n {
        var total = 0.0
        for p in 0..<k {
          let x = transposeA ? av[aBase + p * ac + i] : av[aBase + i * ac + p]
          let y = transposeB ? bv[bBase + j * bc + p] : bv[bBase + p * bc + j]
          total += Double(x) * Double(y)
        }
        out.append(Float(total))
      }
    }
  }
  return (Array(a.shape.dropLast(2)) + [m, n], out)
}

@Suite("Matrix products")
struct MatMulTests {
  @Test(arguments: Flags.all)
  func matrixTimesMatrixMatchesNaiveLoops(_ f: Flags) {
    var maker = InputMaker(seed: 41)
    let (m, k, n) = (5, 7, 3)
    let a = maker.make(f.a ? [k, m] : [m, k]), b = maker.make(f.b ? [n, k] : [k, n])
    let (shape, expected) = naiveMatmul(a, b, transposeA: f.a, transposeB: f.b)
    assertClose(a.matmul(b, transposeA: f.a, transposeB: f.b), expected, shape: shape, atol: 1e-5, rtol: 1e-5)
  }

  @Test(arguments: Flags.all)
  func matrixGradients(_ f: Flags) {
    var maker = InputMaker(seed: 43)
    let (m, k, n) = (3, 4, 2)
    let a = maker.make(f.a ? [k, m] : [m, k]), b = maker.make(f.b ? [n, k] : [k, n])
    gradCheck("matmul 2D \(f.testDescription)", [a, b]) { $0[0].matmul($0[1], transposeA: f.a, transposeB: f.b) }
    gradCheck("matmul 2D \(f.testDescription) wrt a only", [a, b], wrt: [0]) {
      $0[0].matmul($0[1], transposeA: f.a, transposeB: f.b)
    }
    gradCheck("matmul 2D \(f.testDescription) wrt b only", [a, b], wrt: [1]) {
      $0[0].matmul($0[1], transposeA: f.a, transposeB: f.b)
    }
  }

  @Test(arguments: [false, true])
  func rank3TimesMatrix(transposeB: Bool) {
    var maker = InputMaker(seed: 47)
    let a = maker.make([2, 3, 4]), b = maker.make(transposeB ? [5, 4] : [4, 5])
    let (shape, expected) = naiveMatmul(a, b, transposeB: transposeB)
    assertClose(a.matmul(b, transposeB: transposeB), expected, shape: shape)
    gradCheck("matmul [2,3,4]·[4,5] transposeB: \(transposeB)", [a, b]) { $0[0].matmul($0[1], transposeB: transposeB) }
  }

  @Test(arguments: Flags.all)
  func batched(_ f: Flags) {
    var maker = InputMaker(seed: 53)
    let (batch, m, k, n) = (2, 3, 4, 2)
    let a = maker.make(f.a ? [batch, k, m] : [batch, m, k]), b = maker.make(f.b ? [batch, n, k] : [batch, k, n])
    let (shape, expected) = naiveMatmul(a, b, transposeA: f.a, transposeB: f.b)
    assertClose(a.matmul(b, transposeA: f.a, transposeB: f.b), expected, shape: shape)
    gradCheck("batched matmul \(f.testDescription)", [a, b]) { $0[0].matmul($0[1], transposeA: f.a, transposeB: f.b) }
  }

  @Test func rank4Batched() {
    var maker = InputMaker(seed: 59)
    let a = maker.make([2, 2, 3, 2]), b = maker.make([2, 2, 2, 3])
    let (shape, expected) = naiveMatmul(a, b)
    assertClose(a.matmul(b), expected, shape: shape)
    gradCheck("matmul rank 4", [a, b]) { $0[0].matmul($0[1]) }
  }

  @Test func bulletOperatorIsMatmul() {
    var maker = InputMaker(seed: 61)
    let a = maker.make([2, 3]), b = maker.make([3, 2])
    #expect(bitwiseEqual(a • b, a.matmul(b)))
  }

  @Test func largeProductUsesThreadsAndStaysCorrect() {
    // 96·96·160 multiply-adds exceed `BLAS.multithreadFlops`, so this runs multithreaded.
    var maker = InputMaker(seed: 67)
    let a = maker.make([96, 160]), b = maker.make([160, 96])
    let (shape, expected) = naiveMatmul(a, b)
    assertClose(a.matmul(b), expected, shape: shape, atol: 1e-4, rtol: 1e-4)
  }

  @Test func emptyInnerDimensionGivesZeros() {
    let a = Tensor.zeros([2, 0]), b = Tensor.zeros([0, 3])
    assertClose(a.matmul(b), [Float](repeating: 0, count: 6), shape: [2, 3])
  }

  @Test func matmulInsideAModel() {
    // A two-layer perceptron: gradients through matmul, broadcast bias add, tanh and softmax.
    var maker = InputMaker(seed: 71)
    let x = maker.make([4, 3]), w1 = maker.make([3, 5]), b1 = maker.make([5]), w2 = maker.make([5, 2])
    gradCheck("mlp", [x, w1, b1, w2]) { t in
      (t[0].matmul(t[1]) + t[2]).tanh().matmul(t[3]).logSoftmax()
    }
  }
}
