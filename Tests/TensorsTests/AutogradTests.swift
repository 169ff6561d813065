import Dispatch
import Tensors
import TestSupport
import Testing

/// `x³` as a user-defined op.
func cube(_ x: Tensor) -> Tensor {
  Tensor.differentiable(
    [x], forward: { $0[0] * $0[0] * $0[0] },
    backward: { g, inputs, _ in [g * inputs[0].square() * 3] })
}

/// StableMax along the last axis: `s(x) / Σ s(x)` with `s(x) = x + 1` for `x ≥ 0` and
/// `1 / (1 − x)` below, written as a custom op with a hand-derived backward.
func stableMax(_ x: Tensor) -> Tensor {
  func s(_ v: Tensor) -> Tensor { Tensor.where(v.ge(0), v + 1, 1 / (1 - v)) }
  return Tensor.differentiable(
    [x],
    forward: { inputs in
      let sv = s(inputs[0])
      return sv / sv.sum(axis: -1, keepDims: true)
    },
    backward: { g, inputs, out in
      let v = inputs[0]
      let total = s(v).sum(axis: -1, keepDims: true)
      let ds = Tensor.where(v.ge(0), Tensor.ones(v.shape), 1 / (1 - v).square())
      // d out_i / d x_k = ds_k (δ_ik − out_i) / S  ⇒  dx_k = ds_k (g_k − Σ_i g_i out_i) / S
      let dot = (g * out).sum(axis: -1, keepDims: true)
      return [ds * (g - dot) / total]
    })
}

@Suite("Autograd mechanics")
struct AutogradTests {
  @Test func customCube() {
    var maker = InputMaker(seed: 101)
    let x = maker.make([2, 3])
    gradCheck("custom x³", [x]) { cube($0[0]) }
    assertClose(cube(x), x.scalars.map { $0 * $0 * $0 }, shape: [2, 3], rtol: 1e-6)
  }

  @Test func customStableMax() {
    var maker = InputMaker(seed: 103)
    let x = maker.make([3, 4], .awayFromZero)
    gradCheck("custom StableMax", [x]) { stableMax($0[0]) }
    let rows = stableMax(x).sum(axis: -1)
    assertClose(rows, [1, 1, 1], atol: 1e-6)
  }

  @Test func customOpWithTwoInputsAndAMissingGradient() {
    // f(a, b) = a · b where the custom backward only differentiates `a`, declaring `b` constant.
    var maker = InputMaker(seed: 107)
    let a = maker.make([2, 2]), b = maker.make([2, 2])
    let op: ([Tensor]) -> Tensor = { t in
      Tensor.differentiable(t, forward: { $0[0] * $0[1] }, backward: { g, inputs, _ in [g * inputs[1], nil] })
    }
    gradCheck("custom two-input, wrt a", [a, b], wrt: [0], op)
    let la = a.copy().requiringGrad(), lb = b.copy().requiringGrad()
    op([la, lb]).sum().backward()
    #expect(la.grad != nil)
    #expect(lb.grad == nil, "a nil gradient from the custom backward leaves the input's grad empty")
  }

  @Test func customOpComposesWithBuiltInOps() {
    var maker = InputMaker(seed: 109)
    let x = maker.make([2, 3]), w = maker.make([3, 3])
    gradCheck("cube inside a graph", [x, w]) { t in cube(t[0].matmul(t[1]).tanh()).sum(axis: 0) }
  }

  @Test func customOpReturningItsInputUnchanged() {
    let x = Tensor([1, 2, 3]).requiringGrad()
    let y = Tensor.differentiable([x], forward: { $0[0] }, backward: { g, _, _ in [g * 2] })
    #expect(y !== x)
    (y + x).sum().backward()
    assertClose(x.grad!, [3, 3, 3])
  }

  @Test func gradientsAccumulateAcrossBackwardCalls() {
    let x = Tensor([1, 2, 3]).requiringGrad()
    (x * x).sum().backward()
    assertClose(x.grad!, [2, 4, 6])
    (x * 3).sum().backward()
    assertClose(x.grad!, [5, 7, 9])
    x.zeroGrad()
    #expect(x.grad == nil)
    x.sum().backward()
    assertClose(x.grad!, [1, 1, 1])
  }

  @Test func sharedSubexpressionsSumTheirGradients() {
    // y = x·x + exp(x) reused twice: a diamond with a node used by several consumers.
    var maker = InputMaker(seed: 113)
    gradCheck("diamond", [maker.make([4])]) { t in
      let shared = t[0].exp()
      let y = t[0] * shared
      return y + shared * y - shared.sin()
    }
  }

  @Test func backwardWithAnExplicitSeed() {
    let x = Tensor([1, 2, 3]).requiringGrad()
    let y = x.square()
    y.backward(Tensor([1, 0, -1]))
    assertClose(x.grad!, [2, 0, -6])
  }

  @Test func backwardOnALeaf() {
    let x = Tensor(scalar: 4).requiringGrad()
    x.backward()
    assertClose(x.grad!, [1], shape: [])
  }

  @Test func leafGradientOwnsItsStorage() {
    let x = Tensor([1, 2]).requiringGrad()
    let seed = Tensor([5, 6])
    x.backward(seed)
    x.grad!.withUnsafeMutableBufferPointer { $0[0] = 100 }
    #expect(seed.scalars == [5, 6], "mutating the grad must not write into the seed")
  }

  @Test func noGradRecordsNothingAndRestoresTheMode() throws {
    let x = Tensor([1, 2]).requiringGrad()
    #expect(isGradEnabled)
    let y = withNoGrad { () -> Tensor in
      #expect(!isGradEnabled)
      let nested = withNoGrad { x * 2 }
      #expect(!isGradEnabled, "a nested scope must not re-enable recording")
      return nested + x.exp()
    }
    #expect(isGradEnabled)
    #expect(!y.requiresGrad)
    #expect(y.isLeaf)
    struct Boom: Error {}
    #expect(throws: Boom.self) { try withNoGrad { () throws -> Void in throw Boom() } }
    #expect(isGradEnabled, "the mode is restored after a throw")
    #expect((x * 2).requiresGrad)
  }

  @Test func noGradIsPerThread() {
    // Another thread sits inside `withNoGrad` while this one records: grad mode must be
    // thread-local (as in PyTorch), or concurrently running tests and notebook cells would
    // silently lose their graphs.
    let entered = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
    DispatchQueue.global().async {
      withNoGrad {
        entered.signal()
        release.wait()
      }
    }
    entered.wait()
    let x = Tensor([1, 2]).requiringGrad()
    let recorded = isGradEnabled && (x * 2).requiresGrad
    release.signal()
    #expect(recorded)
  }

  @Test func detachStopsGradients() {
    let x = Tensor([1, 2, 3]).requiringGrad()
    let d = x.detach()
    #expect(!d.requiresGrad)
    #expect(d.scalars == x.scalars)
    (x * x.detach()).sum().backward()
    assertClose(x.grad!, [1, 2, 3], "only the non-detached factor is differentiated")
  }

  @Test func constantsGetNoGradient() {
    let x = Tensor([1, 2]).requiringGrad(), c = Tensor([3, 4])
    (x * c).sum().backward()
    #expect(c.grad == nil)
    #expect(!c.requiresGrad)
    assertClose(x.grad!, [3, 4])
    #expect(!(c * 2).requiresGrad, "ops on constants record nothing")
  }

  @Test func gradHooksReplaceTheLeafGradient() {
    let x = Tensor([1, -2, 3]).requiringGrad()
    var seen: [Float] = []
    x.registerGradHook { g in
      seen = g.scalars
      return g * 2
    }
    x.registerGradHook { g in g.clamp(min: -3, max: 3) }  // hooks run in registration order
    (x * Tensor([1, 1, 5])).sum().backward()
    #expect(seen == [1, 1, 5])
    assertClose(x.grad!, [2, 2, 3])
    // Hooks apply to each incoming gradient before accumulation.
    (x * 1).sum().backward()
    assertClose(x.grad!, [4, 4, 5])
    x.removeGradHooks()
    x.zeroGrad()
    x.sum().backward()
    assertClose(x.grad!, [1, 1, 1])
  }

  @Test func graphsDoNotLeak() {
    // A node must not keep its own output alive (the backward gets the output as an argument),
    // and nothing may outlive the graph but the leaves' gradients.
    final class Weak { weak var tensor: Tensor? }
    let x = Tensor([1, 2, 3]).requiringGrad()
    func run() -> [Weak] {
      let mid = x.exp(), soft = x.softmax(), picked = x.indexSelect([0, 2])
      let out = (mid * x).sum() + soft.max() + Tensor.where(Tensor([1, 0, 1]), x, mid).sum() + picked.sum()
      out.backward()
      return [mid, soft, picked, out].map { t in
        let w = Weak()
        w.tensor = t
        return w
      }
    }
    let refs = run()
    #expect(refs.allSatisfy { $0.tensor == nil })
    #expect(x.grad != nil)
  }

  @Test func copyIsDeepAndKeepsFlags() {
    let x = Tensor([1, 2]).requiringGrad()
    x.isParameter = true
    let y = x.copy()
    #expect(y.requiresGrad && y.isParameter && y.isLeaf)
    y.withUnsafeMutableBufferPointer { $0[0] = 9 }
    #expect(x.scalars == [1, 2])
  }

  @Test func assignWritesInPlace() {
    let x = Tensor([1, 2, 3])
    let view = x.reshaped([3, 1])
    x.assign(Tensor([4, 5, 6]))
    #expect(view.scalars == [4, 5, 6], "reshapes share storage")
  }
}
