import Tensors

/// Multi-head self-attention with a fused Q|K|V projection:
/// `out = Attention(x Wq, x Wk, x Wv) Wo`, heads being consecutive column blocks.
///
/// ```swift
/// let attention = MultiHeadAttention(128, heads: 4, mask: .causal, bias: false)
/// let y = attention(x)                       // x: [batch, T, 128]
/// let z = attention(x, mask: .prefix(2))     // another mask for one call
/// ```
/// Set `recordsAttentionWeights` to keep the last call's probabilities in
/// `lastAttentionWeights` (`[batch, heads, T, T]`), e.g. to plot attention patterns.
public final class MultiHeadAttention: Module {
  /// The fused input projection `[d, 3d]`: columns `0..<d` give Q, `d..<2d` K, `2d..<3d` V.
  public var inProjection: Linear
  /// The output projection `[d, d]`.
  public var outProjection: Linear
  /// LayerNorm over each query head (qk-LayerNorm), or nil.
  public var queryNorm: LayerNorm?
  /// LayerNorm over each key head (qk-LayerNorm), or nil.
  public var keyNorm: LayerNorm?
  /// The number of heads.
  public let heads: Int
  /// The features per head, `d / heads`.
  public let headSize: Int
  /// The mask used by `callAsFunction(_:)` and `forward(_:)`.
  public var mask: AttentionMask
  /// Whether each call keeps its attention probabilities in `lastAttentionWeights`.
  public var recordsAttentionWeights = false
  private var record = Recorded()

  /// The attention probabilities of the last call, `[batch, heads, T, T]`, when
  /// `recordsAttentionWeights` is on (detached).
  public var lastAttentionWeights: Tensor? { record.weights }

  /// A box the parameter discovery does not look into (it holds no state worth saving).
  private struct Recorded { var weights: Tensor? }

  /// Creates the layer for `dModel` features split into `heads` heads.
  ///
  /// - Parameters:
  ///   - mask: the default mask (`.causal` for a decoder).
  ///   - bias: whether the projections have biases.
  ///   - qkLayerNorm: normalise queries and keys per head before the dot product (Dehghani et
  ///     al., 2023), which keeps attention logits bounded.
  public init(
    _ dModel: Int, heads: Int, mask: AttentionMask = .causal, bias: Bool = true, qkLayerNorm: Bool = false,
    generator: inout RandomGenerator
  ) {
    guard heads >= 1, dModel % heads == 0 else {
      engineFailure("MultiHeadAttention", "\(heads) heads do not divide the model width \(dModel)")
    }
    self.heads = heads
    headSize = dModel / heads
    self.mask = mask
    inProjection = Linear(dModel, 3 * dModel, bias: bias, generator: &generator)
    outProjection = Linear(dModel, dModel, bias: bias, generator: &generator)
    queryNorm = qkLayerNorm ? LayerNorm(dModel / heads) : nil
    keyNorm = qkLayerNorm ? LayerNorm(dModel / heads) : nil
    super.init()
  }

  /// Creates the layer with weights drawn from `Random.global`.
  public convenience init(
    _ dModel: Int, heads: Int, mask: AttentionMask = .causal, bias: Bool = true, qkLayerNorm: Bool = false
  ) {
    self.init(dModel, heads: heads, mask: mask, bias: bias, qkLayerNorm: qkLayerNorm, generator: &Random.global)
  }

  public override func forward(_ x: Tensor) -> Tensor { attend(x, mask: mask) }

  /// Applies the layer with `mask` instead of the default one (forward hooks run too).
  public func callAsFunction(_ x: Tensor, mask: AttentionMask) -> Tensor {
    let output = attend(x, mask: mask)
    return hasForwardHooks ? runForwardHooks(input: x, output: output) : output
  }

  private func attend(_ x: Tensor, mask: AttentionMask) -> Tensor {
    let d = heads * headSize
    guard (x.rank == 2 || x.rank == 3), x.shape[x.rank - 1] == d else {
      engineFailure("MultiHeadAttention", "expected input [batch, T, \(d)] or [T, \(d)], got \(x.shape)")
    }
    let qkv = inProjection(x)
    let attended: (output: Tensor, weights: Tensor)
    if let queryNorm, let keyNorm {
      let headShape = Array(x.shape.dropLast()) + [heads, headSize]
      let q = queryNorm(qkv.slice(axis: -1, 0..<d).reshaped(headShape)).reshaped(x.shape)
      let k = keyNorm(qkv.slice(axis: -1, d..<2 * d).reshaped(headShape)).reshaped(x.shape)
      let v = qkv.slice(axis: -1, 2 * d..<3 * d)
      attended = Tensor.attentionWithWeights(query: q, key: k, value: v, heads: heads, mask: mask)
    } else {
      attended = Tensor.packedSelfAttentionWithWeights(qkv, heads: heads, mask: mask)
    }
    record.weights = recordsAttentionWeights ? attended.weights : nil
    return outProjection(attended.output)
  }
}

/// Learned absolute positional embeddings: `forward(x)` adds row `t` of the table to position
/// `t` of `x` (`[batch, T, d]` or `[T, d]`, with `T ≤ maxLength`).
public final class PositionalEmbedding: Module {
  /// The table, `[maxLength, dimension]`.
  public var weight: Tensor

  /// Creates the table with entries drawn from N(0, std²) (GPT-2 uses 0.02).
  public init(maxLength: Int, dimension: Int, std: Float = 0.02, generator: inout RandomGenerator) {
    weight = .parameter(.normal([maxLength, dimension], std: std, generator: &generator))
    super.init()
  }

  /// Creates the table drawing from `Random.global`.
  public convenience init(maxLength: Int, dimension: Int, std: Float = 0.02) {
    self.init(maxLength: maxLength, dimension: dimension, std: std, generator: &Random.global)
  }

  /// The embeddings of positions `0..<length`, `[length, dimension]`.
  public func callAsFunction(length: Int) -> Tensor {
    guard length >= 0, length <= weight.shape[0] else {
      engineFailure("PositionalEmbedding", "length \(length) exceeds the table's \(weight.shape[0]) positions")
    }
    return length == weight.shape[0] ? weight : weight.slice(axis: 0, 0..<length)
  }

  public override func forward(_ x: Tensor) -> Tensor {
    guard x.rank >= 2, x.shape[x.rank - 1] == weight.shape[1] else {
      engineFailure("PositionalEmbedding", "expected input [..., T, \(weight.shape[1])], got \(x.shape)")
    }
    return x + self(length: x.shape[x.rank - 2])
  }
}

/// The position-wise MLP of a transformer block: `Linear(d, hidden) → activation →
/// Linear(hidden, d)`, with the first layer and its activation fused.
public final class FeedForward: Module {
  /// `d → hidden`.
  public var input: Linear
  /// `hidden → d`.
  public var output: Linear
  /// The activation between the two layers.
  public let activation: Tensor.Activation

  /// Creates the MLP.
  public init(
    _ dModel: Int, hidden: Int, activation: Tensor.Activation = .gelu, bias: Bool = true,
    generator: inout RandomGenerator
  ) {
    input = Linear(dModel, hidden, bias: bias, generator: &generator)
    output = Linear(hidden, dModel, bias: bias, generator: &generator)
    self.activation = activation
    super.init()
  }

  public override func forward(_ x: Tensor) -> Tensor { output(input(x, activation: activation)) }
}

/// A transformer block. Pre-LayerNorm (GPT-2 style) by default:
/// `x += attention(LN(x)); x += mlp(LN(x))`; with `layerNorm: false` it is the block without
/// normalisation that the grokking literature uses (Nanda et al., 2023):
/// `x += attention(x); x += mlp(x)`.
public final class TransformerBlock: Module {
  /// The LayerNorm before attention, or nil.
  public var attentionNorm: LayerNorm?
  /// The self-attention.
  public var attention: MultiHeadAttention
  /// The LayerNorm before the MLP, or nil.
  public var mlpNorm: LayerNorm?
  /// The position-wise MLP.
  public var mlp: FeedForward

  /// Creates the block.
  ///
  /// - Parameters:
  ///   - mlpHidden: the MLP width (default `4 · dModel`).
  ///   - layerNorm: pre-LN (true) or no normalisation (false).
  ///   - qkLayerNorm: LayerNorm on queries and keys inside attention.
  ///   - attentionBias: biases in the attention projections (default: `bias`).
  ///   - bias: biases in the MLP layers.
  public init(
    _ dModel: Int, heads: Int, mlpHidden: Int? = nil, mask: AttentionMask = .causal, layerNorm: Bool = true,
    qkLayerNorm: Bool = false, activation: Tensor.Activation = .gelu, bias: Bool = true, attentionBias: Bool? = nil,
    generator: inout RandomGenerator
  ) {
    attentionNorm = layerNorm ? LayerNorm(dModel) : nil
    attention = MultiHeadAttention(
      dModel, heads: heads, mask: mask, bias: attentionBias ?? bias, qkLayerNorm: qkLayerNorm, generator: &generator)
    mlpNorm = layerNorm ? LayerNorm(dModel) : nil
    mlp = FeedForward(
      dModel, hidden: mlpHidden ?? 4 * dModel, activation: activation, bias: bias, generator: &generator)
    super.init()
  }

  /// Creates the block drawing from `Random.global`.
  public convenience init(
    _ dModel: Int, heads: Int, mlpHidden: Int? = nil, mask: AttentionMask = .causal, layerNorm: Bool = true,
    qkLayerNorm: Bool = false, activation: Tensor.Activation = .gelu, bias: Bool = true, attentionBias: Bool? = nil
  ) {
    self.init(
      dModel, heads: heads, mlpHidden: mlpHidden, mask: mask, layerNorm: layerNorm, qkLayerNorm: qkLayerNorm,
      activation: activation, bias: bias, attentionBias: attentionBias, generator: &Random.global)
  }

  public override func forward(_ x: Tensor) -> Tensor { apply(x, mask: nil) }

  /// Applies the block with `mask` instead of the attention's default.
  public func callAsFunction(_ x: Tensor, mask: AttentionMask) -> Tensor {
    let output = apply(x, mask: mask)
    return hasForwardHooks ? runForwardHooks(input: x, output: output) : output
  }

  private func apply(_ x: Tensor, mask: AttentionMask?) -> Tensor {
    let a = attentionNorm.map { $0(x) } ?? x
    let attended = mask.map { attention(a, mask: $0) } ?? attention(a)
    let h = x + attended
    let m = mlpNorm.map { $0(h) } ?? h
    return h + mlp(m)
  }
}

/// A decoder-only transformer over token ids: token and positional embeddings, `layers`
/// blocks, an optional final LayerNorm and an unembedding to `outputs` logits per position.
///
/// ```swift
/// let model = Transformer(vocabulary: 98, outputs: 97, maxLength: 3, dModel: 128, heads: 4,
///                         layers: 1, layerNorm: false, activation: .relu)
/// let logits = model([[3, 5, 97]])           // [1, 3, 97]
/// ```
public final class Transformer: Module {
  /// Token embeddings `[vocabulary, dModel]`.
  public var tokenEmbedding: Embedding
  /// Learned positional embeddings `[maxLength, dModel]`.
  public var positionalEmbedding: PositionalEmbedding
  /// The blocks, in order.
  public var blocks: [TransformerBlock]
  /// The LayerNorm after the last block (when `layerNorm` is on), or nil.
  public var finalNorm: LayerNorm?
  /// The unembedding `[dModel, outputs]` (no bias).
  public var unembedding: Linear

  /// Creates the model. Embeddings start from N(0, 1/dModel), as in Nanda et al.'s grokking
  /// model; linear layers use the PyTorch default.
  public init(
    vocabulary: Int, outputs: Int? = nil, maxLength: Int, dModel: Int, heads: Int, layers: Int,
    mlpHidden: Int? = nil, mask: AttentionMask = .causal, layerNorm: Bool = true, qkLayerNorm: Bool = false,
    activation: Tensor.Activation = .gelu, bias: Bool = true, attentionBias: Bool? = nil,
    generator: inout RandomGenerator
  ) {
    let std = 1 / Float(dModel).squareRoot()
    tokenEmbedding = Embedding(vocabulary, dModel, generator: &generator)
    tokenEmbedding.weight.assign(Tensor.normal([vocabulary, dModel], std: std, generator: &generator))
    positionalEmbedding = PositionalEmbedding(maxLength: maxLength, dimension: dModel, std: std, generator: &generator)
    blocks = (0..<layers).map { _ in
      TransformerBlock(
        dModel, heads: heads, mlpHidden: mlpHidden, mask: mask, layerNorm: layerNorm, qkLayerNorm: qkLayerNorm,
        activation: activation, bias: bias, attentionBias: attentionBias, generator: &generator)
    }
    finalNorm = layerNorm ? LayerNorm(dModel) : nil
    unembedding = Linear(dModel, outputs ?? vocabulary, bias: false, generator: &generator)
    super.init()
  }

  /// Creates the model drawing from `Random.global`.
  public convenience init(
    vocabulary: Int, outputs: Int? = nil, maxLength: Int, dModel: Int, heads: Int, layers: Int,
    mlpHidden: Int? = nil, mask: AttentionMask = .causal, layerNorm: Bool = true, qkLayerNorm: Bool = false,
    activation: Tensor.Activation = .gelu, bias: Bool = true, attentionBias: Bool? = nil
  ) {
    self.init(
      vocabulary: vocabulary, outputs: outputs, maxLength: maxLength, dModel: dModel, heads: heads, layers: layers,
      mlpHidden: mlpHidden, mask: mask, layerNorm: layerNorm, qkLayerNorm: qkLayerNorm, activation: activation,
      bias: bias, attentionBias: attentionBias, generator: &Random.global)
  }

  /// The residual stream after the last block (and final LayerNorm): `[batch, T, dModel]`.
  public func hiddenStates(_ tokens: [[Int]]) -> Tensor {
    var x = positionalEmbedding(tokenEmbedding(tokens))
    for block in blocks { x = block(x) }
    return finalNorm.map { $0(x) } ?? x
  }

  /// The logits of every position: `[batch, T, outputs]`.
  public func callAsFunction(_ tokens: [[Int]]) -> Tensor {
    let output = unembedding(hiddenStates(tokens))
    return output
  }

  /// The logits of the last position only: `[batch, outputs]` (classification from the final
  /// token, as in the grokking task), skipping the unembedding of the other positions.
  public func lastPositionLogits(_ tokens: [[Int]]) -> Tensor {
    let h = hiddenStates(tokens)
    let t = h.shape[1]
    return unembedding(h.slice(axis: 1, t - 1..<t).squeezed(axis: 1))
  }

  /// Token ids stored as values of a `[batch, T]` tensor.
  public override func forward(_ tokens: Tensor) -> Tensor {
    guard tokens.rank == 2 else { engineFailure("Transformer", "expected token ids [batch, T], got \(tokens.shape)") }
    let ids = tokens.intScalars
    let t = tokens.shape[1]
    return self((0..<tokens.shape[0]).map { Array(ids[$0 * t..<($0 + 1) * t]) })
  }
}
