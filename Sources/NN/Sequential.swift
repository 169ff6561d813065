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
    layers.reduce(x) { $1($0) }
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
