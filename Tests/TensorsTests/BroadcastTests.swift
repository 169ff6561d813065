import Tensors
import TestSupport
import Testing

/// Every shape of rank 0…3 with dimensions drawn from {1, 2, 3}: 1 + 3 + 9 + 27 = 40 shapes.
///
/// Dimensions 1 (broadcast), 2 and 3 (equal or incompatible) cover every case of the rule.
func allShapes(rank: Int) -> [[Int]] {
  guard rank > 0 else { return [[]] }
  return allShapes(rank: rank - 1).flatMap { s in [1, 2, 3].map { s + [$0] } }
}

/// The NumPy broadcast of two shapes, written independently of the engine, or nil.
func referenceBroadcast(_ a: [Int], _ b: [Int]) -> [Int]? {
  let rank = max(a.count, b.count)
  let pa = [Int](repeating: 1, count: rank - a.count) + a
  let pb = [Int](repeating: 1, count: rank - b.count) + b
  var out: [Int] = []
  for (x, y) in zip(pa, pb) {
    if x == y || y == 1 { out.append(x) } else if x == 1 { out.append(y) } else { return nil }
  }
  return out
}

/// The flat index into a tensor of `shape` read at output multi-index `index` under broadcasting.
func sourceOffset(_ index: [Int], _ shape: [Int]) -> Int {
  let lead = index.count - shape.count
  var offset = 0
  for (axis, d) in shape.enumerated() { offset = offset * d + (d == 1 ? 0 : index[axis + lead]) }
  return offset
}

struct RankPair: Sendable, CustomTestStringConvertible {
  let a: Int, b: Int
  var testDescription: String { "rank \(a) with rank \(b)" }
  static let all = (0...3).flatMap { a in (0...3).map { RankPair(a: a, b: $0) } }
}

@Suite("Broadcasting over all shape pairs up to rank 3")
struct BroadcastTests {
  @Test(arguments: RankPair.all)
  func forwardAndGradientsMatchANaiveReference(_ ranks: RankPair) {
    var maker = InputMaker(seed: UInt64(10 * ranks.a + ranks.b))
    var compatible = 0, incompatible = 0
    for sa in allShapes(rank: ranks.a) {
      for sb in allShapes(rank: ranks.b) {
        guard let shape = referenceBroadcast(sa, sb) else {
          incompatible += 1  // detection and its message: see ErrorMessageTests
          continue
        }
        compatible += 1
        let a = maker.make(sa), b = maker.make(sb, .positive)
        let av = a.scalars, bv = b.scalars
        let n = shape.reduce(1, *)
        let pairs = (0..<n).map { p -> (Float, Float) in
          let index = multiIndex(p, in: shape)
          return (av[sourceOffset(index, sa)], bv[sourceOffset(index, sb)])
        }
        let label = "\(sa) with \(sb)"
        assertClose(a + b, pairs.map { $0 + $1 }, shape: shape, atol: 0, rtol: 0, "add \(label)")
        assertClose(a - b, pairs.map { $0 - $1 }, shape: shape, atol: 0, rtol: 0, "subtract \(label)")
        assertClose(a * b, pairs.map { $0 * $1 }, shape: shape, atol: 0, rtol: 0, "multiply \(label)")
        assertClose(a / b, pairs.map { $0 / $1 }, shape: shape, atol: 0, rtol: 0, "divide \(label)")
        assertClose(a.maximum(b), pairs.map { Swift.max($0, $1) }, shape: shape, atol: 0, rtol: 0, "maximum \(label)")
        if shape == sb {
          assertClose(a.broadcast(to: sb), pairs.map(\.0), shape: sb, atol: 0, rtol: 0, "broadcast(to:) \(label)")
        }

        // Exact reference gradients of L = Σ w ⊙ (a ⊙ b): w ⊙ b and w ⊙ a summed back over
        // the broadcast positions of each operand.
        let w = maker.make(shape)
        let wv = w.scalars
        var ga = [Double](repeating: 0, count: av.count), gb = [Double](repeating: 0, count: bv.count)
        for p in 0..<n {
          let index = multiIndex(p, in: shape)
          let ia = sourceOffset(index, sa), ib = sourceOffset(index, sb)
          ga[ia] += Double(wv[p]) * Double(bv[ib])
          gb[ib] += Double(wv[p]) * Double(av[ia])
        }
        let la = a.requiringGrad(), lb = b.requiringGrad()
        (la * lb * w).sum().backward()
        assertClose(la.grad!, ga.map { Float($0) }, shape: sa, atol: 1e-5, rtol: 1e-5, "d(a*b)/da \(label)")
        assertClose(lb.grad!, gb.map { Float($0) }, shape: sb, atol: 1e-5, rtol: 1e-5, "d(a*b)/db \(label)")
        la.zeroGrad()
        lb.zeroGrad()
        (la + lb).sum().backward()
        let fanA = Float(n / av.count), fanB = Float(n / bv.count)
        assertClose(la.grad!, [Float](repeating: fanA, count: av.count), shape: sa, "d(a+b)/da \(label)")
        assertClose(lb.grad!, [Float](repeating: fanB, count: bv.count), shape: sb, "d(a+b)/db \(label)")
      }
    }
    // Exhaustiveness: every pair was classified, and both kinds occur from rank 1 up.
    let total = allShapes(rank: ranks.a).count * allShapes(rank: ranks.b).count
    #expect(compatible + incompatible == total)
    #expect(compatible > 0)
    if min(ranks.a, ranks.b) > 0 { #expect(incompatible > 0) }
  }

  /// Finite-difference checks of broadcast `-` and `/` (both operands) on a spread of pairs:
  /// each pair of ranks, with shapes that broadcast on the left, the right and both sides.
  static let gradPairs: [([Int], [Int])] = [
    ([], [2, 3]), ([3], []), ([1], [2, 3]), ([3], [2, 3]), ([2, 1], [3]), ([2, 1], [1, 3]),
    ([2, 3], [2, 1]), ([1, 1], [2, 3]), ([2, 1, 3], [2, 1]), ([3, 2, 1], [1, 1, 2]),
    ([1, 3, 1], [2, 1, 3]), ([2, 3, 2], [2, 3, 2]), ([1], [3, 1, 2]), ([2, 2, 1], []),
  ]

  @Test(arguments: gradPairs)
  func finiteDifferenceGradients(_ shapes: ([Int], [Int])) {
    var maker = InputMaker(seed: 97)
    let a = maker.make(shapes.0), b = maker.make(shapes.1, .positive)
    gradCheck("subtract \(shapes)", [a, b]) { $0[0] - $0[1] }
    gradCheck("divide \(shapes)", [a, b]) { $0[0] / $0[1] }
    gradCheck("exp(b·a + b)·a \(shapes)", [b, a]) { ($0[0] * $0[1] + $0[0]).exp() * $0[1] }
  }
}
