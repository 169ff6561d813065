import Tensors
import TestSupport
import Testing

/// The masks under test, as a Sendable description (an `AttentionMask` may hold a tensor).
enum MaskKind: String, Sendable, CaseIterable, CustomTestStringConvertible {
  case none, causal, prefix, custom2D, customPerSequence, customPerHead, keyPadding

  var testDescription: String { rawValue }

  /// The mask for `batch` sequences of `t` positions with `heads` heads.
  func mask(batch: Int, heads: Int, t: Int) -> AttentionMask {
    switch self {
    case .none: return .none
    case .causal: return .causal
    case .prefix: return .prefix(2)
    case .custom2D:
      // A banded pattern: each query sees itself and its left neighbour.
      return .custom(
        Tensor((0..<t * t).map { i in abs(i / t - i % t) <= 1 && i % t <= i / t ? Float(1) : 0 }, shape: [t, t]))
    case .customPerSequence:
      return .custom(
        Tensor(
          (0..<batch * t * t).map { i in Float((i * 7 + i / (t * t)) % 3 != 0 || i % t == 0 ? 1 : 0) },
          shape: [batch, t, t]))
    case .customPerHead:
      return .custom(
        Tensor((0..<batch * heads * t * t).map { i in Float((i * 5) % 4 != 1 ? 1 : 0) }, shape: [batch, heads, t, t]))
    case .keyPadding:
      // The last key of the second sequence is padding.
      return .custom(Tensor((0..<batch * t).map { i in i == 2 * t - 1 ? Float(0) : 1 }, shape: [batch, 1, 1, t]))
    }
  }

  /// `allowed[b][h][i][j]` as plain booleans, for the reference implementation.
  func allowed(batch: Int, heads: Int, t: Int) -> (Int, Int, Int, Int) -> Bool {
    switch mask(batch: batch, heads: heads, t: t) {
    case .none: return { _, _, _, _ in true }
    case .causal: return { _, _, i, j in j <= i }
    case .prefix(let n): return { _, _, i, j in j <= i || j < n }
    case .custom(let m):
      let v = m.scalars
      switch m.rank {
      case 2: return { _, _, i, j in v[i * t + j] != 0 }
      case 3: return { b, _, i, j in v[(b * t + i) * t + j] != 0 }
      default:
        let (mb, mh, mi) = (m.shape[0], m.shape[1], m.shape[2])
        return { b, h, i, j in
          let bb = mb == 1 ? 0 : b, hh = mh == 1 ? 0 : h, ii = mi == 1 ? 0 : i
          return v[((bb * mh + hh) * mi + ii) * t + j] != 0
        }
      }
    }
  }
}

/// Attention written with the engine's generic ops: per head, masked scores, softmax, product.
func referenceAttention(
  _ q: Tensor, _ k: Tensor, _ v: Tensor, heads: Int, allowed: (Int, Int, Int, Int) -> Bool
) -> Tensor {
  let (batch, tq, d) = (q.shape[0], q.shape[1], q.shape[2])
  let tk = k.shape[1], dv = v.shape[2] / heads
  let dk = d / heads
  var outputs: [Tensor] = []
  for h in 0..<heads {
    let qh = q.slice(axis: -1, h * dk..<(h + 1) * dk), kh = k.slice(axis: -1, h * dk..<(h + 1) * dk)
    let vh = v.slice(axis: -1, h * dv..<(h + 1) * dv)
    let scores = qh.matmul(kh, transposeB: true) * (1 / Float(dk).squareRoot())
    var blocked = [Float](repeating: 0, count: batch * tq * tk)
    for b in 0..<batch {
      for i in 0..<tq { for j in 0..<tk where !allowed(b, h, i, j) { blocked[(b * tq + i) * tk + j] = 1 } }
    }
    let p = scores.maskedFill(Tensor(blocked, shape: [batch, tq, tk]), -.infinity).softmax(axis: -1)
    // Rows with no allowed key are defined as zero (the engine's convention).
    var empty = [Float](repeating: 1, count: batch * tq)
    for b in 0..<batch {
      for i in 0..<tq where !(0..<tk).contains(where: { allowed(b, h, i, $0) }) { empty[b * tq + i] = 0 }
    }
    let keep = Tensor(empty, shape: [batch, tq, 1])
    outputs.append(Tensor.where(keep, p, Tensor(scalar: 0)).matmul(vh))
  }
  return Tensor.concatenate(outputs, axis: -1)
}

@Suite("Attention")
struct AttentionTests {
  /// (batch, T, heads, head size): T = 3 runs the direct kernel, T = 16 with 32 per head BLAS.
  static let sizes: [(Int, Int, Int, Int)] = [(2, 3, 2, 4), (2, 16, 2, 32)]

  @Test(arguments: MaskKind.allCases)
  func matchesTheComposedReference(_ kind: MaskKind) {
    for (batch, t, heads, dh) in Self.sizes {
      var maker = InputMaker(seed: 401)
      let q = maker.make([batch, t, heads * dh]), k = maker.make([batch, t, heads * dh]),
        v = maker.make([batch, t, heads * dh])
      let mask = kind.mask(batch: batch, heads: heads, t: t)
      let out = Tensor.scaledDotProductAttention(query: q, key: k, value: v, heads: heads, mask: mask)
      let expected = referenceAttention(q, k, v, heads: heads, allowed: kind.allowed(batch: batch, heads: heads, t: t))
      assertClose(out, expected, atol: 1e-5, rtol: 1e-4, "\(kind) T=\(t)")
      // The packed layout gives the same result.
      let packed = Tensor.packedSelfAttention(Tensor.concatenate([q, k, v], axis: -1), heads: heads, mask: mask)
      assertClose(packed, expected, atol: 1e-5, rtol: 1e-4, "packed \(kind) T=\(t)")
    }
  }

  @Test(arguments: MaskKind.allCases)
  func gradients(_ kind: MaskKind) {
    var maker = InputMaker(seed: 409)
    let (batch, t, heads) = (2, 4, 2)
    let mask = kind.mask(batch: batch, heads: heads, t: t)
    let inputs = [maker.make([batch, t, 6]), maker.make([batch, t, 6]), maker.make([batch, t, 4])]
    gradCheck("attention \(kind)", inputs) {
      Tensor.scaledDotProductAttention(query: $0[0], key: $0[1], value: $0[2], heads: heads, mask: mask)
    }
    gradCheck("packed attention \(kind)", [maker.make([batch, t, 12])]) {
      Tensor.packedSelfAttention($0[0], heads: heads, mask: mask)
    }
  }

  @Test func gradientsThroughTheBLASPath() {
    var maker = InputMaker(seed: 419)
    // 16 × 16 × 32 multiply-adds per map: the BLAS kernel. Only a few outputs keep it cheap.
    let q = maker.make([1, 16, 32]), k = maker.make([1, 16, 32]), v = maker.make([1, 16, 32])
    let probe = { (t: [Tensor]) -> Tensor in
      Tensor.scaledDotProductAttention(query: t[0], key: t[1], value: t[2], heads: 1, mask: .causal).slice(
        axis: 1, 13..<16)
    }
    gradCheck("attention BLAS path", [q, k, v], probe)
    // One head of 32 takes the BLAS kernel, two heads of 16 (16 · 16 · 16 multiply-adds) the
    // direct one; both agree with the composed ops.
    for heads in [1, 2] {
      let leaves = [q, k, v].map { $0.copy().requiringGrad() }
      let fused = Tensor.scaledDotProductAttention(
        query: leaves[0], key: leaves[1], value: leaves[2], heads: heads, mask: .causal)
      (fused * fused).sum().backward()
      let reference = [q, k, v].map { $0.copy().requiringGrad() }
      let composed = referenceAttention(reference[0], reference[1], reference[2], heads: heads) { _, _, i, j in j <= i }
      (composed * composed).sum().backward()
      assertClose(fused, composed, atol: 1e-5, rtol: 1e-4, "heads \(heads) output")
      for (a, b) in zip(leaves, reference) {
        assertClose(a.grad!, b.grad!, atol: 1e-4, rtol: 1e-3, "heads \(heads) gradient")
      }
    }
  }

  @Test func crossAttentionWithDifferentLengthsAndValueWidth() {
    var maker = InputMaker(seed: 421)
    let q = maker.make([2, 2, 4]), k = maker.make([2, 5, 4]), v = maker.make([2, 5, 6])
    let out = Tensor.scaledDotProductAttention(query: q, key: k, value: v, heads: 2)
    #expect(out.shape == [2, 2, 6])
    assertClose(out, referenceAttention(q, k, v, heads: 2) { _, _, _, _ in true }, atol: 1e-5, rtol: 1e-4)
    gradCheck("cross attention", [q, k, v]) {
      Tensor.scaledDotProductAttention(query: $0[0], key: $0[1], value: $0[2], heads: 2, mask: .causal)
    }
  }

  @Test func unbatchedInputAndExplicitScale() {
    var maker = InputMaker(seed: 431)
    let q = maker.make([3, 4]), k = maker.make([3, 4]), v = maker.make([3, 4])
    let out = Tensor.scaledDotProductAttention(query: q, key: k, value: v, heads: 1, mask: .causal, scale: 0.25)
    #expect(out.shape == [3, 4])
    let scores = (q.matmul(k, transposeB: true) * 0.25).maskedFill(
      Tensor([0, 1, 1, 0, 0, 1, 0, 0, 0], shape: [3, 3]), -.infinity)
    assertClose(out, scores.softmax().matmul(v), atol: 1e-6, rtol: 1e-5)
  }

  @Test func aQueryThatSeesNothingOutputsZeroWithZeroGradient() {
    var maker = InputMaker(seed: 433)
    let mask = AttentionMask.custom(Tensor([0, 0, 0, 1, 1, 0, 1, 1, 1], shape: [3, 3]))
    let q = maker.make([1, 3, 2]).requiringGrad(), k = maker.make([1, 3, 2]).requiringGrad()
    let v = maker.make([1, 3, 2]).requiringGrad()
    let (out, weights) = Tensor.attentionWithWeights(query: q, key: k, value: v, mask: mask)
    #expect(Array(out.scalars[0..<2]) == [0, 0])
    #expect(Array(weights.scalars[0..<3]) == [0, 0, 0])
    #expect(!out.scalars.contains { $0.isNaN })
    out.sum().backward()
    #expect(Array(q.grad!.scalars[0..<2]) == [0, 0])
    #expect(!(k.grad!.scalars + v.grad!.scalars).contains { $0.isNaN })
  }

  @Test func weightsAreProbabilitiesRespectingTheMask() {
    var maker = InputMaker(seed: 439)
    let qkv = maker.make([2, 4, 3 * 8])
    let (_, weights) = Tensor.packedSelfAttentionWithWeights(qkv, heads: 2, mask: .prefix(2))
    #expect(weights.shape == [2, 2, 4, 4])
    let w = weights.scalars
    for row in 0..<16 {
      let i = row % 4
      let values = Array(w[row * 4..<(row + 1) * 4])
      #expect(abs(values.reduce(0, +) - 1) < 1e-5)
      for j in 0..<4 where !(j <= i || j < 2) { #expect(values[j] == 0) }
    }
    // Position 0 sees position 1 inside the prefix.
    #expect(w[1] > 0)
  }

  @Test func causalOutputsIgnoreLaterPositions() {
    var maker = InputMaker(seed: 443)
    let qkv = maker.make([1, 5, 12])
    let changed = qkv.copy()
    changed.withUnsafeMutableBufferPointer { p in for j in 0..<12 { p[4 * 12 + j] += 3 } }  // only position 4
    let a = Tensor.packedSelfAttention(qkv, heads: 2, mask: .causal)
    let b = Tensor.packedSelfAttention(changed, heads: 2, mask: .causal)
    #expect(Array(a.scalars[0..<16]) == Array(b.scalars[0..<16]))
    #expect(Array(a.scalars[16..<20]) != Array(b.scalars[16..<20]))
  }
}

@Suite("Fused ops")
struct FusedOpTests {
  @Test(arguments: [Tensor.Activation.identity, .relu, .gelu, .tanh, .sigmoid])
  func linearMatchesTheComposedOps(_ activation: Tensor.Activation) {
    var maker = InputMaker(seed: 449)
    let domain: InputDomain = activation == .relu ? .awayFromZero : .any
    let x = maker.make([3, 2, 4], domain), w = maker.make([4, 5]), b = maker.make([5])
    let composed: (Tensor) -> Tensor = {
      switch activation {
      case .identity: $0
      case .relu: $0.relu()
      case .gelu: $0.gelu()
      case .tanh: $0.tanh()
      case .sigmoid: $0.sigmoid()
      }
    }
    assertClose(
      Tensor.linear(x, weight: w, bias: b, activation: activation), composed(x.matmul(w) + b), atol: 1e-5, rtol: 1e-5)
    assertClose(Tensor.linear(x, weight: w, activation: activation), composed(x.matmul(w)), atol: 1e-5, rtol: 1e-5)
    if activation != .relu {
      gradCheck("linear \(activation)", [x, w, b]) {
        Tensor.linear($0[0], weight: $0[1], bias: $0[2], activation: activation)
      }
      gradCheck("linear \(activation) without bias", [x, w]) {
        Tensor.linear($0[0], weight: $0[1], activation: activation)
      }
    }
  }

  @Test func linearReluGradient() {
    // Pre-activations away from the kink: a fixed weight and inputs whose products stay clear of 0.
    let x = Tensor([1, 2, -1, 0.5, 3, -2], shape: [2, 3])
    let w = Tensor([0.5, -1, 0.25, 1, -0.5, 0.75], shape: [3, 2])
    let b = Tensor([0.3, -0.2])
    gradCheck("linear relu", [x, w, b], eps: 1e-3) {
      Tensor.linear($0[0], weight: $0[1], bias: $0[2], activation: .relu)
    }
  }

  @Test func linearWithOnlySomeInputsRequiringGradients() {
    var maker = InputMaker(seed: 457)
    let x = maker.make([4, 3]), w = maker.make([3, 2]), b = maker.make([2])
    gradCheck("linear wrt weight", [x, w, b], wrt: [1]) {
      Tensor.linear($0[0], weight: $0[1], bias: $0[2], activation: .tanh)
    }
    gradCheck("linear wrt input and bias", [x, w, b], wrt: [0, 2]) { Tensor.linear($0[0], weight: $0[1], bias: $0[2]) }
  }

  @Test(arguments: [Float(0), 0.1])
  func softmaxCrossEntropy(smoothing: Float) {
    var maker = InputMaker(seed: 461)
    let logits = maker.make([4, 5]), labels = [0, 4, 2, 2]
    let target = Tensor.oneHot(labels, classes: 5) * (1 - smoothing) + smoothing / 5
    let reference = -(target * logits.logSoftmax(axis: -1)).sum(axis: -1)
    assertClose(
      Tensor.softmaxCrossEntropyPerSample(logits, labels: labels, labelSmoothing: smoothing), reference, atol: 1e-5)
    assertClose(
      Tensor.softmaxCrossEntropy(logits, labels: labels, labelSmoothing: smoothing, scale: 0.25), reference.mean(),
      atol: 1e-6)
    gradCheck("softmaxCrossEntropy ε=\(smoothing)", [logits]) {
      Tensor.softmaxCrossEntropy($0[0], labels: labels, labelSmoothing: smoothing, scale: 0.5)
    }
    gradCheck("softmaxCrossEntropyPerSample ε=\(smoothing)", [logits]) {
      Tensor.softmaxCrossEntropyPerSample($0[0], labels: labels, labelSmoothing: smoothing)
    }
  }
}
