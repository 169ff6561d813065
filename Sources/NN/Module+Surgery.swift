import Tensors

// Model surgery: freezing, flat parameter vectors, parameter arithmetic between models of the
// same architecture (interpolation, averaging, EMA), forward hooks that read or replace
// intermediate outputs, and gradient hooks and transforms applied between `backward()` and the
// optimizer step.

// MARK: - Freezing

extension Module {
  /// Freezes every parameter: no gradients flow to them and optimizers skip them.
  public func freeze() { for p in parameters() { p.freeze() } }

  /// Makes every parameter trainable again.
  public func unfreeze() { for p in parameters() { p.unfreeze() } }

  /// Freezes the parameters whose property path satisfies `predicate`
  /// (`model.freeze { $0.hasPrefix("embedding.") }`).
  public func freeze(where predicate: (String) -> Bool) {
    for (name, p) in namedParameters() where predicate(name) { p.freeze() }
  }

  /// Unfreezes the parameters whose property path satisfies `predicate`.
  public func unfreeze(where predicate: (String) -> Bool) {
    for (name, p) in namedParameters() where predicate(name) { p.unfreeze() }
  }

  /// Freezes the named parameters; an unknown name is an error that lists the known ones.
  public func freeze(_ names: [String]) {
    for p in resolveParameters(names, op: "freeze") { p.freeze() }
  }

  /// Unfreezes the named parameters; an unknown name is an error that lists the known ones.
  public func unfreeze(_ names: [String]) {
    for p in resolveParameters(names, op: "unfreeze") { p.unfreeze() }
  }

  /// The names of the parameters that are currently frozen.
  public var frozenParameterNames: [String] { namedParameters().filter { !$0.1.requiresGrad }.map(\.0) }

  func resolveParameters(_ names: [String], op: String) -> [Tensor] {
    let all = namedParameters()
    return names.map { name in
      guard let p = all.first(where: { $0.0 == name })?.1 else {
        engineFailure(op, "no parameter named \"\(name)\"; parameters are: \(all.map(\.0).joined(separator: ", "))")
      }
      return p
    }
  }
}

// MARK: - Flat parameter vectors

/// All `tensors` flattened and concatenated into one vector, differentiably (like PyTorch's
/// `parameters_to_vector`): a loss on the vector sends gradients back to each tensor.
public func parametersToVector(_ tensors: [Tensor]) -> Tensor {
  if tensors.isEmpty { return Tensor.zeros([0]) }
  return Tensor.concatenate(tensors.map { $0.reshaped([-1]) }, axis: 0)
}

/// Copies consecutive slices of `vector` into `tensors` in place (PyTorch's
/// `vector_to_parameters`); the sizes must add up exactly.
public func vectorToParameters(_ vector: Tensor, _ tensors: [Tensor]) {
  let total = tensors.reduce(0) { $0 + $1.count }
  check(
    vector.rank == 1 && vector.count == total, "vectorToParameters",
    "vector of shape \(vector.shape) does not hold the \(total) values of \(tensors.count) tensors")
  vector.withUnsafeBufferPointer { src in
    var offset = 0
    for t in tensors {
      t.withUnsafeMutableBufferPointer { dst in
        for k in 0..<dst.count { dst[k] = src[offset + k] }
      }
      offset += t.count
    }
  }
}

extension Module {
  /// Every parameter flattened into one vector in `namedParameters()` order. Recorded like any
  /// op when gradients are on (e.g. a penalty on the distance to the initial weights); use
  /// `.detach()` or `withNoGrad` for a plain snapshot.
  public func flattenedParameters() -> Tensor { parametersToVector(parameters()) }

  /// Sets every parameter from one vector (the inverse of `flattenedParameters()`).
  public func loadFlattenedParameters(_ vector: Tensor) { vectorToParameters(vector, parameters()) }

  /// Every parameter's gradient flattened into one vector (zeros where there is none).
  public func flattenedGradients() -> Tensor {
    let params = parameters()
    var values = [Float](repeating: 0, count: params.reduce(0) { $0 + $1.count })
    var offset = 0
    for p in params {
      p.grad?.withUnsafeBufferPointer { g in for k in 0..<g.count { values[offset + k] = g[k] } }
      offset += p.count
    }
    return Tensor(values)
  }
}

// MARK: - Parameter arithmetic

extension Module {
  /// Copies every parameter and buffer of `other` (same architecture) into this module.
  public func copyParameters(from other: Module) {
    pairs(with: other, "copyParameters") { mine, theirs in mine.assign(theirs) }
  }

  /// Moves every parameter towards `other`'s: `p ← p + t (q − p)`; buffers move too.
  /// `t = 1` copies `other`; `t = 0.5` is the midpoint.
  public func interpolate(towards other: Module, by t: Float) {
    pairs(with: other, "interpolate") { mine, theirs in
      mine.withUnsafeMutableBufferPointer { p in
        theirs.withUnsafeBufferPointer { q in for k in 0..<p.count { p[k] += t * (q[k] - p[k]) } }
      }
    }
  }

  /// An exponential moving average of another model's weights, updated in place:
  /// `p ← decay · p + (1 − decay) · q` for parameters and floating buffers alike (call after
  /// each optimizer step on the averaged copy: `ema.updateAverage(of: model, decay: 0.999)`).
  public func updateAverage(of model: Module, decay: Float) {
    check(decay >= 0 && decay <= 1, "updateAverage", "decay \(decay) must lie in [0, 1]")
    interpolate(towards: model, by: 1 - decay)
  }

  /// A new model (a clone of the first) whose parameters and buffers are the mean of the
  /// given models' (a uniform model soup); all must share one architecture.
  public static func average<M: Module>(_ models: [M]) -> M {
    guard let first = models.first else { engineFailure("Module.average", "needs at least one model") }
    let soup = first.clone()
    let mean = StateDictionary.mean(models.map { $0.stateDictionary() })
    do { try soup.load(mean) } catch { engineFailure("Module.average", "\(error)") }
    return soup
  }

  /// Calls `body` with each pair of same-named tensors of this module and `other`, after
  /// checking that both have the same names and shapes.
  func pairs(with other: Module, _ op: String, _ body: (Tensor, Tensor) -> Void) {
    let mine = namedTensors(), theirs = other.namedTensors()
    guard mine.map(\.0) == theirs.map(\.0) else {
      let a = Set(mine.map(\.0)), b = Set(theirs.map(\.0))
      engineFailure(
        op,
        "the models have different tensors (only in this one: \(a.subtracting(b).sorted()), only in the other: \(b.subtracting(a).sorted()))"
      )
    }
    for ((name, x), (_, y)) in zip(mine, theirs) where x.shape != y.shape {
      engineFailure(op, "\(name) has shape \(x.shape) here and \(y.shape) in the other model")
    }
    for ((_, x), (_, y)) in zip(mine, theirs) where x !== y { body(x, y) }
  }
}

// MARK: - Forward hooks

extension Module {
  /// Registers `hook(module, input, output)` to run after every `callAsFunction` of this
  /// module, e.g. to record intermediate activations. It must not change its arguments.
  ///
  /// - Returns: a handle whose `remove()` unregisters the hook.
  @discardableResult
  public func registerForwardHook(_ hook: @escaping (_ module: Module, _ input: Tensor, _ output: Tensor) -> Void)
    -> HookHandle
  {
    addForwardHook { module, input, output in
      hook(module, input, output)
      return nil
    }
  }

  /// Registers a hook whose result replaces the module's output (ablations, activation
  /// patching, steering); gradients flow through whatever it returns.
  @discardableResult
  public func registerForwardHook(
    replacingOutput hook: @escaping (_ module: Module, _ input: Tensor, _ output: Tensor) -> Tensor
  ) -> HookHandle {
    addForwardHook(hook)
  }

  /// Removes every forward hook of this module (not of its descendants).
  public func removeForwardHooks() { forwardHooks.removeAll() }

  private func addForwardHook(_ hook: @escaping (Module, Tensor, Tensor) -> Tensor?) -> HookHandle {
    let id = HookHandle.makeIdentifier()
    forwardHooks.append((id, hook))
    return HookHandle { [weak self] in self?.forwardHooks.removeAll { $0.id == id } }
  }

  /// Runs `body` while recording the outputs of the named descendants, and returns both.
  ///
  /// ```swift
  /// let (logits, acts) = model.capturingActivations(of: ["blocks.0.attention", "blocks.0.mlp"]) { model(x) }
  /// ```
  /// Activations are detached unless `detach` is false. A module called several times keeps
  /// its last output. An unknown name is an error that lists the module names.
  public func capturingActivations<R>(
    of names: [String], detach: Bool = true, _ body: () throws -> R
  ) rethrows -> (result: R, activations: [String: Tensor]) {
    let modules = namedModules()
    var captured: [String: Tensor] = [:]
    var handles: [HookHandle] = []
    for name in names {
      guard let module = modules.first(where: { $0.0 == name })?.1 else {
        engineFailure(
          "capturingActivations",
          "no module named \"\(name)\"; modules are: \(modules.map { $0.0.isEmpty ? "\"\"" : $0.0 }.joined(separator: ", "))"
        )
      }
      handles.append(module.registerForwardHook { _, _, output in captured[name] = detach ? output.detach() : output })
    }
    defer { for h in handles { h.remove() } }
    let result = try body()
    return (result, captured)
  }
}

// MARK: - Gradient hooks and transforms

extension Module {
  /// Registers `hook(name, gradient)` on every parameter (or those whose name satisfies
  /// `filter`); during `backward()` it may replace each incoming gradient (projection, masking,
  /// clipping) before it is accumulated.
  ///
  /// - Returns: one handle that removes all the hooks it registered.
  @discardableResult
  public func registerGradHook(
    where filter: (String) -> Bool = { _ in true }, _ hook: @escaping (_ name: String, _ gradient: Tensor) -> Tensor
  ) -> HookHandle {
    let handles = namedParameters().filter { filter($0.0) }.map { name, p in p.registerGradHook { hook(name, $0) } }
    return HookHandle { for h in handles { h.remove() } }
  }

  /// Replaces each parameter's current gradient by `transform(name, gradient)`, after
  /// `backward()` and before the optimizer step (masking, projection, noise). Parameters
  /// without a gradient are skipped; returning nil drops that gradient.
  public func transformGradients(_ transform: (_ name: String, _ gradient: Tensor) -> Tensor?) {
    withNoGrad {
      for (name, p) in namedParameters() {
        guard let g = p.grad else { continue }
        p.grad = transform(name, g)
      }
    }
  }

  /// Multiplies gradients by masks (1 keeps, 0 removes), keyed by parameter name: the usual
  /// way to train a sparse subnetwork (lottery tickets) or to fix some weights.
  public func maskGradients(_ masks: [String: Tensor]) {
    let names = Set(namedParameters().map(\.0))
    for name in masks.keys where !names.contains(name) {
      engineFailure("maskGradients", "no parameter named \"\(name)\"")
    }
    transformGradients { name, g in masks[name].map { g * $0 } ?? g }
  }

  /// The global L2 norm of all parameter gradients.
  public func gradientNorm() -> Float {
    var total = 0.0
    for p in parameters() {
      p.grad?.withUnsafeBufferPointer { g in for v in g { total += Double(v) * Double(v) } }
    }
    return Float(total.squareRoot())
  }

  /// Rescales all parameter gradients together so their global L2 norm is at most `maxNorm`
  /// (as `clipGradNorm`); returns the norm before clipping.
  @discardableResult
  public func clipGradients(maxNorm: Float) -> Float {
    let norm = gradientNorm()
    if norm > maxNorm {
      let scale = maxNorm / (norm + 1e-6)
      for p in parameters() { p.grad?.withUnsafeMutableBufferPointer { g in for k in g.indices { g[k] *= scale } } }
    }
    return norm
  }

  /// Clamps every gradient element into `[-maxValue, maxValue]` (PyTorch's `clip_grad_value_`).
  public func clipGradients(maxValue: Float) {
    check(maxValue >= 0, "clipGradients", "maxValue \(maxValue) is negative")
    for p in parameters() {
      p.grad?.withUnsafeMutableBufferPointer { g in
        for k in g.indices { g[k] = Swift.min(Swift.max(g[k], -maxValue), maxValue) }
      }
    }
  }
}
