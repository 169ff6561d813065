import Tensors

/// A fully connected layer `y = x W + b`, with `W` stored as `[in, out]`.
///
/// Both `W` and `b` start from U(−1/√in, 1/√in), PyTorch's default (Kaiming-uniform with
/// a = √5). Inputs of rank > 2 are treated as batches of rows.
public final class Linear: Module {
  /// The weight, `[inputSize, outputSize]`.
  public var weight: Tensor
  /// The bias, `[outputSize]`, or `nil`.
  public var bias: Tensor?

  /// Creates the layer with weights drawn from `generator`.
  public init(_ inputSize: Int, _ outputSize: Int, bias: Bool = true, generator: inout RandomGenerator) {
    let bound = 1 / Float(inputSize).squareRoot()
    weight = .parameter(.uniform([inputSize, outputSize], low: -bound, high: bound, generator: &generator))
    self.bias = bias ? .parameter(.uniform([outputSize], low: -bound, high: bound, generator: &generator)) : nil
    super.init()
  }

  /// Creates the layer with weights drawn from `Random.global`.
  public convenience init(_ inputSize: Int, _ outputSize: Int, bias: Bool = true) {
    self.init(inputSize, outputSize, bias: bias, generator: &Random.global)
  }

  public override func forward(_ x: Tensor) -> Tensor { Tensor.linear(x, weight: weight, bias: bias) }

  /// `activation(x W + b)` as one fused op; with forward hooks registered, the hooks see the
  /// affine output and the activation is applied after them.
  public func callAsFunction(_ x: Tensor, activation: Tensor.Activation) -> Tensor {
    if !hasForwardHooks { return Tensor.linear(x, weight: weight, bias: bias, activation: activation) }
    return Linear.apply(activation, self(x))
  }

  /// The activation alone, unfused.
  static func apply(_ activation: Tensor.Activation, _ x: Tensor) -> Tensor {
    switch activation {
    case .identity: x
    case .relu: x.relu()
    case .gelu: x.gelu()
    case .tanh: x.tanh()
    case .sigmoid: x.sigmoid()
    }
  }
}

/// A lookup table of `count` vectors of size `dimension`, initialised N(0, 1) as in PyTorch.
public final class Embedding: Module {
  /// The table, `[count, dimension]`.
  public var weight: Tensor

  /// Creates the table with entries drawn from `generator`.
  public init(_ count: Int, _ dimension: Int, generator: inout RandomGenerator) {
    weight = .parameter(.randn([count, dimension], generator: &generator))
    super.init()
  }

  /// Creates the table with entries drawn from `Random.global`.
  public convenience init(_ count: Int, _ dimension: Int) {
    self.init(count, dimension, generator: &Random.global)
  }

  /// The vectors of `indices`: `[indices.count, dimension]`.
  public func callAsFunction(_ indices: [Int]) -> Tensor { weight.indexSelect(axis: 0, indices) }

  /// The vectors of a batch of sequences: `[batch, length, dimension]`.
  public func callAsFunction(_ sequences: [[Int]]) -> Tensor {
    let length = sequences.first?.count ?? 0
    return weight.indexSelect(axis: 0, sequences.flatMap { $0 }).reshaped([sequences.count, length, -1])
  }

  /// Looks up integer-valued indices stored in a tensor; the output adds a last axis.
  public override func forward(_ indices: Tensor) -> Tensor {
    weight.indexSelect(axis: 0, indices.intScalars).reshaped(indices.shape + [-1])
  }
}
