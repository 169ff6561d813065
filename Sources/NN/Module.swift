import Tensors

/// The base class of every layer and model: finds its parameters by reflection, names them by
/// property path (`layers.0.weight`) and switches train/eval mode for the whole tree.
///
/// Subclasses declare parameters as stored `Tensor` properties created with
/// `Tensor.parameter(_:)`, sub-modules as stored `Module` properties or arrays of them; nothing
/// needs registering by hand.
open class Module {
  /// Whether the module is in training mode (dropout active, batch statistics used).
  public private(set) var isTraining = true

  /// Functions run after `forward` by `callAsFunction` (see `registerForwardHook`).
  var forwardHooks: [(id: Int, hook: (Module, Tensor, Tensor) -> Tensor?)] = []

  public init() {}

  /// Applies the module to one input. Layers override it; calling the base is an error.
  open func forward(_ input: Tensor) -> Tensor {
    engineFailure(String(describing: type(of: self)), "forward(_:) is not implemented for this module")
  }

  /// Applies the module: `model(x)`, then its forward hooks.
  public func callAsFunction(_ input: Tensor) -> Tensor {
    let output = forward(input)
    return forwardHooks.isEmpty ? output : runForwardHooks(input: input, output: output)
  }

  /// Whether any forward hook is registered on this module (fused fast paths skip it then).
  public var hasForwardHooks: Bool { !forwardHooks.isEmpty }

  /// Runs the forward hooks on a computed output and returns the (possibly replaced) output.
  ///
  /// `callAsFunction(_:)` calls it; a layer whose call takes more arguments (attention with a
  /// mask) calls it at the end of that call so hooks see it too.
  public func runForwardHooks(input: Tensor, output: Tensor) -> Tensor {
    var output = output
    for (_, hook) in forwardHooks {
      if let replaced = hook(self, input, output) { output = replaced }
    }
    return output
  }

  /// The direct sub-modules with their property names, in declaration order.
  public var namedChildren: [(String, Module)] {
    var out: [(String, Module)] = []
    visitProperties { name, value in
      if let module = value as? Module { out.append((name, module)) }
    }
    return out
  }

  /// Every parameter of this module and its descendants, named by property path.
  public func namedParameters() -> [(String, Tensor)] {
    namedTensors().filter { $0.1.isParameter }
  }

  /// Every non-parameter tensor state (running statistics), named by property path.
  public func namedBuffers() -> [(String, Tensor)] {
    namedTensors().filter { !$0.1.isParameter }
  }

  /// Every parameter, in the order of `namedParameters()`.
  public func parameters() -> [Tensor] { namedParameters().map(\.1) }

  /// The parameters that currently require gradients (what an optimizer updates).
  public func trainableParameters() -> [Tensor] { parameters().filter(\.requiresGrad) }

  /// The total number of scalar parameters.
  public var parameterCount: Int { parameters().reduce(0) { $0 + $1.count } }

  /// Clears the gradient of every parameter.
  public func zeroGrad() { for p in parameters() { p.zeroGrad() } }

  /// Sets training mode on this module and all its descendants.
  public func train(_ on: Bool = true) {
    isTraining = on
    for (_, child) in namedChildren { child.train(on) }
  }

  /// Sets evaluation mode on this module and all its descendants.
  public func eval() { train(false) }

  /// This module (named `""`) and every descendant, named by property path, each once.
  public func namedModules() -> [(String, Module)] {
    var out: [(String, Module)] = [("", self)]
    var seen: Set<ObjectIdentifier> = [ObjectIdentifier(self)]
    func walk(_ module: Module, _ prefix: String) {
      for (name, child) in module.namedChildren where seen.insert(ObjectIdentifier(child)).inserted {
        out.append((prefix + name, child))
        walk(child, prefix + name + ".")
      }
    }
    walk(self, "")
    return out
  }

  /// The descendant at a property path (`"blocks.0.attention"`), `self` for `""`, or nil.
  public func module(named name: String) -> Module? {
    namedModules().first { $0.0 == name }?.1
  }

  /// The parameter or buffer at a property path (`"body.layers.0.weight"`), or nil.
  public func tensor(named name: String) -> Tensor? {
    namedTensors().first { $0.0 == name }?.1
  }

  /// Every parameter and buffer, named by property path, in declaration order (what a state
  /// dictionary holds).
  public func namedTensors() -> [(String, Tensor)] {
    var out: [(String, Tensor)] = []
    var seen = Set<ObjectIdentifier>()
    collect(prefix: "", into: &out, seen: &seen)
    return out
  }

  private func collect(prefix: String, into out: inout [(String, Tensor)], seen: inout Set<ObjectIdentifier>) {
    visitProperties { name, value in
      let path = prefix + name
      if let tensor = value as? Tensor {
        // Shared (tied) tensors are reported once, under their first name.
        if seen.insert(ObjectIdentifier(tensor)).inserted { out.append((path, tensor)) }
      } else if let module = value as? Module {
        module.collect(prefix: path + ".", into: &out, seen: &seen)
      }
    }
  }

  /// Calls `body` for each stored property that holds a tensor or module, flattening optionals
  /// and arrays (`blocks.0`, `blocks.1`, …), including inherited properties.
  private func visitProperties(_ body: (String, AnyObject) -> Void) {
    var mirror: Mirror? = Mirror(reflecting: self)
    var levels: [Mirror] = []
    while let m = mirror, m.subjectType != Module.self {
      levels.append(m)
      mirror = m.superclassMirror
    }
    for level in levels.reversed() {
      for child in level.children {
        guard let label = child.label else { continue }
        Module.visit(label, child.value, body)
      }
    }
  }

  private static func visit(_ name: String, _ value: Any, _ body: (String, AnyObject) -> Void) {
    if let tensor = value as? Tensor {
      body(name, tensor)
    } else if let module = value as? Module {
      body(name, module)
    } else if let array = value as? [Any] {
      for (i, element) in array.enumerated() { visit("\(name).\(i)", element, body) }
    } else {
      let mirror = Mirror(reflecting: value)
      if mirror.displayStyle == .optional, let wrapped = mirror.children.first {
        visit(name, wrapped.value, body)
      }
    }
  }
}

extension Tensor {
  /// Marks `tensor` as a trainable parameter (requires gradients) and returns it.
  public static func parameter(_ tensor: Tensor) -> Tensor {
    tensor.isParameter = true
    tensor.requiresGrad = true
    return tensor
  }

  /// Stops gradients to this parameter; optimizers skip it.
  public func freeze() { requiresGrad = false }

  /// Lets gradients flow to this parameter again.
  public func unfreeze() { requiresGrad = true }
}

/// Checks `condition` and fails with `message` (built lazily) when it is false.
@inline(__always)
func check(_ condition: Bool, _ op: @autoclosure () -> String, _ message: @autoclosure () -> String) {
  if !condition { engineFailure(op(), message()) }
}
