import NN
import Tensors
import TestSupport
import Testing

@Suite("Attention layers and transformer blocks")
struct TransformerTests {
  @Test func multiHeadAttentionIsTheProjectedSelfAttention() {
    var rng = RandomGenerator(seed: 501)
    let layer = MultiHeadAttention(8, heads: 2, mask: .causal, generator: &rng)
    var maker = InputMaker(seed: 503)
    let x = maker.make([2, 3, 8])
    let qkv = x.matmul(layer.inProjection.weight) + layer.inProjection.bias!
    let q = qkv.slice(axis: -1, 0..<8), k = qkv.slice(axis: -1, 8..<16), v = qkv.slice(axis: -1, 16..<24)
    let attended = Tensor.scaledDotProductAttention(query: q, key: k, value: v, heads: 2, mask: .causal)
    let expected = attended.matmul(layer.outProjection.weight) + layer.outProjection.bias!
    assertClose(layer(x), expected, atol: 1e-5, rtol: 1e-5)
    #expect(
      layer.namedParameters().map(\.0) == [
        "inProjection.weight", "inProjection.bias", "outProjection.weight", "outProjection.bias",
      ])
  }

  @Test func perCallMaskOverridesTheDefault() {
    var rng = RandomGenerator(seed: 505)
    let layer = MultiHeadAttention(4, heads: 1, mask: .causal, bias: false, generator: &rng)
    var maker = InputMaker(seed: 507)
    let x = maker.make([1, 3, 4])
    let bidirectional = layer(x, mask: .none)
    let causal = layer(x)
    // The last position sees everything either way; the first does not.
    assertClose(Array(bidirectional.scalars[8..<12]), Array(causal.scalars[8..<12]), atol: 1e-6)
    #expect(Array(bidirectional.scalars[0..<4]) != Array(causal.scalars[0..<4]))
  }

  @Test func recordsAttentionWeightsOnRequest() {
    var rng = RandomGenerator(seed: 509)
    let layer = MultiHeadAttention(8, heads: 4, generator: &rng)
    var maker = InputMaker(seed: 511)
    _ = layer(maker.make([2, 5, 8]))
    #expect(layer.lastAttentionWeights == nil)
    layer.recordsAttentionWeights = true
    _ = layer(maker.make([2, 5, 8]))
    #expect(layer.lastAttentionWeights?.shape == [2, 4, 5, 5])
    // Weights are not state: they never appear among buffers or in a state dictionary.
    #expect(layer.namedBuffers().isEmpty)
  }

  @Test(arguments: [(true, false), (false, false), (true, true), (false, true)])
  func blockGradients(layerNorm: Bool, qkLayerNorm: Bool) {
    var rng = RandomGenerator(seed: 513)
    let block = TransformerBlock(
      8, heads: 2, mlpHidden: 12, mask: .causal, layerNorm: layerNorm, qkLayerNorm: qkLayerNorm, activation: .gelu,
      generator: &rng)
    var maker = InputMaker(seed: 517)
    let x = maker.make([2, 3, 8])
    gradCheck("block input LN=\(layerNorm) qkLN=\(qkLayerNorm)", [x]) { block($0[0]) }
    gradCheckParameters("block parameters LN=\(layerNorm) qkLN=\(qkLayerNorm)", block.namedParameters()) { block(x) }
  }

  @Test func blockWithoutLayerNormIsTheResidualSum() {
    var rng = RandomGenerator(seed: 519)
    let block = TransformerBlock(8, heads: 2, mlpHidden: 16, layerNorm: false, activation: .relu, generator: &rng)
    #expect(block.attentionNorm == nil && block.mlpNorm == nil)
    var maker = InputMaker(seed: 521)
    let x = maker.make([2, 3, 8])
    let h = x + block.attention(x)
    let mlp =
      (h.matmul(block.mlp.input.weight) + block.mlp.input.bias!).relu().matmul(block.mlp.output.weight) + block.mlp
      .output.bias!
    assertClose(block(x), h + mlp, atol: 1e-5, rtol: 1e-5)
  }

  @Test func preLayerNormBlockNormalisesBeforeEachSublayer() {
    var rng = RandomGenerator(seed: 523)
    let block = TransformerBlock(8, heads: 2, activation: .gelu, generator: &rng)
    var maker = InputMaker(seed: 527)
    let x = maker.make([1, 4, 8])
    let h = x + block.attention(block.attentionNorm!(x))
    let expected = h + block.mlp(block.mlpNorm!(h))
    assertClose(block(x), expected, atol: 1e-5, rtol: 1e-5)
    #expect(block.mlp.input.weight.shape == [8, 32])
  }

  @Test func positionalEmbeddingAddsRowsByPosition() {
    var rng = RandomGenerator(seed: 529)
    let positions = PositionalEmbedding(maxLength: 5, dimension: 3, generator: &rng)
    let x = Tensor.zeros([2, 4, 3])
    let y = positions(x)
    #expect(Array(y.scalars[0..<12]) == Array(positions.weight.scalars[0..<12]))
    #expect(Array(y.scalars[12..<24]) == Array(positions.weight.scalars[0..<12]))
    gradCheck("positional embedding", [positions.weight.detach().copy(), Tensor.zeros([2, 4, 3])]) { t in
      t[1] + t[0].slice(axis: 0, 0..<4)
    }
    gradCheckParameters("positional embedding table", positions.namedParameters()) { positions(x) }
  }

  @Test func transformerIsCausalAndShapedByPosition() {
    var rng = RandomGenerator(seed: 531)
    let model = Transformer(vocabulary: 11, outputs: 7, maxLength: 5, dModel: 8, heads: 2, layers: 2, generator: &rng)
    let a = model([[1, 2, 3, 4], [5, 6, 7, 8]])
    #expect(a.shape == [2, 4, 7])
    let b = model([[1, 2, 3, 9], [5, 6, 7, 8]])
    // Changing the last token leaves earlier positions' logits unchanged.
    #expect(Array(a.scalars[0..<21]) == Array(b.scalars[0..<21]))
    #expect(Array(a.scalars[21..<28]) != Array(b.scalars[21..<28]))
    assertClose(
      model.lastPositionLogits([[1, 2, 3, 4], [5, 6, 7, 8]]).scalars,
      Array(a.scalars[21..<28]) + Array(a.scalars[49..<56]), atol: 1e-6)
    gradCheckParameters("transformer", model.namedParameters(), elementsPerTensor: 4) {
      model([[1, 2, 3], [4, 0, 10]])
    }
  }

  @Test func grokkingModelTrainsOnAFewPairs() {
    // The no-LayerNorm, ReLU, bias-free-attention model of Nanda et al. on 16 sums mod 5.
    var rng = RandomGenerator(seed: 537)
    let model = Transformer(
      vocabulary: 6, outputs: 5, maxLength: 3, dModel: 16, heads: 2, layers: 1, mlpHidden: 32, layerNorm: false,
      activation: .relu, generator: &rng)
    let pairs = (0..<16).map { ($0 % 5, ($0 * 3 + 1) % 5) }
    let tokens = pairs.map { [$0.0, $0.1, 5] }, labels = pairs.map { ($0.0 + $0.1) % 5 }
    var first: Float = 0, last: Float = 0
    let params = model.parameters()
    var m = params.map { Tensor.zeros($0.shape) }
    for step in 0..<60 {
      model.zeroGrad()
      let loss = crossEntropy(model.lastPositionLogits(tokens), labels)
      loss.backward()
      withNoGrad {
        for (i, p) in params.enumerated() {
          m[i] = m[i] * 0.9 + p.grad!
          p.assign(p - m[i] * 0.05)
        }
      }
      if step == 0 { first = loss.item }
      last = loss.item
    }
    #expect(last < first * 0.5, "loss \(first) → \(last)")
  }
}
