import Tensors

/// Applies its layers in order.
public final class Sequential: Module {
  /// The layers, named `layers.0`, `layers.1`, … in parameter paths.
  public var layers: [Module]

  /// Creates the stack.
  public init(_ layers: [Module]) {
    self.layers = layers
    super.init()
  }

  /// Creates the stack from a list.
  public convenience init(_ layers: Module...) { self.init(layers) }

  public override func forward(_ x: Tensor) -> Tensor {
    var y = x
    var i = 0
    while i < layers.count {
      // A Linear layer followed by an activation layer runs as one fused op, unless a hook
      // wants to see the activation layer's own call.
      if let linear = layers[i] as? Linear, i + 1 < layers.count, !layers[i + 1].hasForwardHooks,
        let activation = Sequential.fusableActivation(layers[i + 1])
      {
        y = linear(y, activation: activation)
        i += 2
      } else {
        y = layers[i](y)
        i += 1
      }
    }
    return y
  }

  static func fusableActivation(_ layer: Module) -> Tensor.Activation? {
    switch layer {
    case is ReLU: .relu
    case is GELU: .gelu
    case is Tanh: .tanh
    case is Sigmoid: .sigmoid
    default: nil
    }
  }
}

/// A multilayer perceptron: `Linear` layers of the given widths with an activation between them
/// (none after the last).
public final class MLP: Module {
  /// The stack of linear and activation layers.
  public var body: Sequential

  /// The activations an `MLP` can place between its layers.
  public enum Activation: Sendable { case relu, gelu, tanh, sigmoid }

  /// Creates `sizes.count − 1` linear layers: `MLP([784, 256, 10])`.
  public init(_ sizes: [Int], activation: Activation = .relu, bias: Bool = true, generator: inout RandomGenerator) {
    guard sizes.count >= 2 else { engineFailure("MLP", "needs at least an input and an output size, got \(sizes)") }
    var layers: [Module] = []
    for i in 0..<(sizes.count - 1) {
      layers.append(Linear(sizes[i], sizes[i + 1], bias: bias, generator: &generator))
      if i < sizes.count - 2 {
        switch activation {
        case .relu: layers.append(ReLU())
        case .gelu: layers.append(GELU())
        case .tanh: layers.append(Tanh())
        case .sigmoid: layers.append(Sigmoid())
        }
      }
    }
    body = Sequential(layers)
    super.init()
  }

  /// Creates the perceptron with weights drawn from `Random.global`.
  public convenience init(_ sizes: [Int], activation: Activation = .relu, bias: Bool = true) {
    self.init(sizes, activation: activation, bias: bias, generator: &Random.global)
  }

  public override func forward(_ x: Tensor) -> Tensor { body(x) }
}
