import Tensors
import TestSupport
import Testing

/// A unary op under gradient check: its name, where its inputs come from, and the op.
struct UnaryCase: Sendable, CustomTestStringConvertible {
  let name: String
  let domain: InputDomain
  let shape: [Int]
  let op: @Sendable (Tensor) -> Tensor

  init(
    _ name: String, _ domain: InputDomain = .any, shape: [Int] = [2, 3], _ op: @escaping @Sendable (Tensor) -> Tensor
  ) {
    self.name = name
    self.domain = domain
    self.shape = shape
    self.op = op
  }

  var testDescription: String { name }
}

/// A binary op under gradient check over a pair of (broadcastable) shapes.
struct BinaryCase: Sendable, CustomTestStringConvertible {
  let name: String
  let a: [Int], b: [Int]
  let domainA: InputDomain, domainB: InputDomain
  let op: @Sendable (Tensor, Tensor) -> Tensor

  init(
    _ name: String, _ a: [Int], _ b: [Int], _ domainA: InputDomain = .any, _ domainB: InputDomain = .any,
    _ op: @escaping @Sendable (Tensor, Tensor) -> Tensor
  ) {
    self.name = name
    self.a = a
    self.b = b
    self.domainA = domainA
    self.domainB = domainB
    self.op = op
  }

  var testDescription: String { "\(name) \(a) \(b)" }
}

let elementwiseCases: [UnaryCase] = [
  UnaryCase("negate") { -$0 },
  UnaryCase("exp") { $0.exp() },
  UnaryCase("log", .positive) { $0.log() },
  UnaryCase("sqrt", .positive) { $0.sqrt() },
  UnaryCase("abs", .awayFromZero) { $0.abs() },
  UnaryCase("sin") { $0.sin() },
  UnaryCase("cos") { $0.cos() },
  UnaryCase("tanh") { $0.tanh() },
  UnaryCase("sigmoid", .uniform(-4, 4)) { $0.sigmoid() },
  UnaryCase("relu", .awayFromZero) { $0.relu() },
  UnaryCase("leakyRelu(default)", .awayFromZero) { $0.leakyRelu() },
  UnaryCase("leakyRelu(0.2)", .awayFromZero) { $0.leakyRelu(0.2) },
  UnaryCase("gelu", .uniform(-3, 3)) { $0.gelu() },
  UnaryCase("softplus", .uniform(-5, 5)) { $0.softplus() },
  UnaryCase("softplus(linear region)", .uniform(21, 25)) { $0.softplus() },
  UnaryCase("square") { $0.square() },
  UnaryCase("pow(2)") { $0.pow(2) },
  UnaryCase("pow(3)") { $0.pow(3) },
  UnaryCase("pow(1)") { $0.pow(1) },
  UnaryCase("pow(0.5)", .positive) { $0.pow(0.5) },
  UnaryCase("pow(-1.5)", .positive) { $0.pow(-1.5) },
  UnaryCase("x + 3") { $0 + 3 },
  UnaryCase("3 + x") { 3 + $0 },
  UnaryCase("x - 3") { $0 - 3 },
  UnaryCase("3 - x") { 3 - $0 },
  UnaryCase("x * 3") { $0 * 3 },
  UnaryCase("3 * x") { 3 * $0 },
  UnaryCase("x / 3") { $0 / 3 },
  UnaryCase("3 / x", .positive) { 3 / $0 },
  UnaryCase("3 / x (negative)", .uniform(-2, -0.5)) { 3 / $0 },
  UnaryCase("composite tanh(x²)·sigmoid(x) − x/2") { ($0.square().tanh() * $0.sigmoid()) - $0 / 2 },
]

@Suite("Gradients of elementwise ops")
struct ElementwiseGradientTests {
  @Test(arguments: elementwiseCases)
  func unary(_ c: UnaryCase) {
    var maker = InputMaker(seed: 7)
    let x = maker.make(c.shape, c.domain)
    gradCheck(c.name, [x]) { c.op($0[0]) }
  }

  @Test func clampPassesGradientOnlyInside() {
    // Values kept at least 0.1 from the bounds used (±0.5, 0.2), on both sides of each.
    let x = Tensor([-1.7, -0.8, -0.3, 0.1, 0.35, 0.9, 1.2, -0.05], shape: [2, 4])
    gradCheck("clamp(-0.5, 0.5)", [x]) { $0[0].clamp(min: -0.5, max: 0.5) }
    gradCheck("clamp(min: 0.2)", [x]) { $0[0].clamp(min: 0.2) }
    gradCheck("clamp(max: 0.2)", [x]) { $0[0].clamp(max: 0.2) }
    let y = x.requiringGrad()
    y.clamp(min: -0.5, max: 0.5).sum().backward()
    assertClose(y.grad!, [0, 0, 1, 1, 1, 0, 0, 1])
  }

  @Test func kinksHaveTheDocumentedSubgradient() {
    let x = Tensor([-1, 0, 2]).requiringGrad()
    x.relu().sum().backward()
    assertClose(x.grad!, [0, 0, 1], "relu'(0) = 0")
    x.zeroGrad()
    x.abs().sum().backward()
    assertClose(x.grad!, [-1, 0, 1], "abs'(0) = 0")
  }

  static let binaryShapes: [([Int], [Int])] = [
    ([2, 3], [2, 3]), ([2, 3], [3]), ([3], [2, 3]), ([2, 1], [1, 3]), ([2, 3], []), ([], [2, 3]),
    ([2, 1, 3], [4, 1]), ([1], [2, 2]),
  ]

  static let binaryCases: [BinaryCase] =
    binaryShapes.flatMap { a, b in
      [
        BinaryCase("add", a, b) { $0 + $1 },
        BinaryCase("subtract", a, b) { $0 - $1 },
        BinaryCase("multiply", a, b) { $0 * $1 },
        BinaryCase("divide", a, b, .any, .positive) { $0 / $1 },
        BinaryCase("divide (negative divisor)", a, b, .any, .uniform(-2, -0.5)) { $0 / $1 },
        BinaryCase("pow(tensor)", a, b, .positive, .any) { $0.pow($1) },
      ]
    }

  @Test(arguments: binaryCases)
  func binary(_ c: BinaryCase) {
    var maker = InputMaker(seed: 11)
    let a = maker.make(c.a, c.domainA), b = maker.make(c.b, c.domainB)
    gradCheck(c.testDescription, [a, b]) { c.op($0[0], $0[1]) }
  }

  @Test func sameTensorOnBothSides() {
    var maker = InputMaker(seed: 3)
    let x = maker.make([3], .positive)
    gradCheck("x * x", [x]) { $0[0] * $0[0] }
    gradCheck("x / x + x - x", [x]) { $0[0] / $0[0] + $0[0] - $0[0] }
    gradCheck("x.pow(x)", [x]) { $0[0].pow($0[0]) }
    gradCheck("x.maximum(-x)", [maker.make([4], .awayFromZero)]) { $0[0].maximum(-$0[0]) }
  }

  @Test(
    arguments: [([2, 3], [2, 3]), ([2, 3], [3]), ([3], [2, 3]), ([2, 3], []), ([2, 1], [2, 3])] as [([Int], [Int])])
  func maximumAndMinimum(_ shapes: ([Int], [Int])) {
    // One operand is a well-spaced ladder; the other is built from its broadcast with every
    // element 0.25…1 away, so no finite-difference step can flip which side wins.
    var maker = InputMaker(seed: 5)
    let (sa, sb) = shapes
    let a: Tensor, b: Tensor
    if broadcasts(sb, to: sa) {
      b = maker.make(sb, .distinct)
      a = maker.makeApart(from: b.broadcast(to: sa))
    } else {
      a = maker.make(sa, .distinct)
      b = maker.makeApart(from: a.broadcast(to: sb))
    }
    gradCheck("maximum \(sa) \(sb)", [a, b]) { $0[0].maximum($0[1]) }
    gradCheck("minimum \(sa) \(sb)", [a, b]) { $0[0].minimum($0[1]) }
  }

  @Test func maximumAndMinimumBroadcastBothWays() {
    // [3, 1] against [1, 4]: interleaved values, every pair at least 0.5 apart.
    let a = Tensor([-3, 0.1, 3.2], shape: [3, 1])
    let b = Tensor([-4.4, -1.5, 1.6, 4.5], shape: [1, 4])
    gradCheck("maximum [3, 1] [1, 4]", [a, b]) { $0[0].maximum($0[1]) }
    gradCheck("minimum [3, 1] [1, 4]", [a, b]) { $0[0].minimum($0[1]) }
  }

  @Test func maximumTiesSendTheGradientToSelf() {
    let a = Tensor([1, 2, 3]).requiringGrad(), b = Tensor([1, 5, 0]).requiringGrad()
    a.maximum(b).sum().backward()
    assertClose(a.grad!, [1, 0, 1])
    assertClose(b.grad!, [0, 1, 0])
    a.zeroGrad()
    b.zeroGrad()
    a.minimum(b).sum().backward()
    assertClose(a.grad!, [1, 1, 0])
    assertClose(b.grad!, [0, 0, 1])
  }
}

/// Whether `a` broadcasts to exactly `b` (test-side reference of NumPy rules).
func broadcasts(_ a: [Int], to b: [Int]) -> Bool {
  guard a.count <= b.count else { return false }
  let lead = b.count - a.count
  for (i, d) in a.enumerated() where d != 1 && d != b[i + lead] { return false }
  return true
}
