#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One recorded operation: its inputs and how to turn the output's gradient into theirs.
///
/// The backward closure receives the output tensor as an argument instead of capturing it,
/// so that an output never keeps itself alive through its own node.
final class GradNode {
  let inputs: [Tensor]
  let backward: (_ gradOutput: Tensor, _ output: Tensor) -> [Tensor?]

  init(inputs: [Tensor], backward: @escaping (Tensor, Tensor) -> [Tensor?]) {
    self.inputs = inputs
    self.backward = backward
  }
}

/// The switch for recording operations (see `withNoGrad`), one per thread.
///
/// Thread-local, as PyTorch's grad mode is: with a plain global, one thread's `withNoGrad` (or
/// the no-grad sweep inside `backward()`) silently stopped every other thread from recording,
/// e.g. tests that Swift Testing runs in parallel. A pthread key costs ~10 ns per read and
/// ~30 ns per `withNoGrad` (a `@TaskLocal` measured ~20 ns and ~100 ns) against ~300 ns for
/// the smallest recorded op.
enum GradMode {
  /// Non-nil in the thread's slot means disabled, so a new thread starts enabled.
  private static let key: pthread_key_t = {
    var key = pthread_key_t()
    let status = pthread_key_create(&key, nil)
    precondition(status == 0, "pthread_key_create failed")
    return key
  }()

  static var isEnabled: Bool {
    get { pthread_getspecific(key) == nil }
    set { pthread_setspecific(key, newValue ? nil : UnsafeRawPointer(bitPattern: 1)) }
  }
}

/// Runs `body` without recording operations, as PyTorch's `torch.no_grad()`.
///
/// Use it for evaluation, metrics and manual parameter updates. The scope applies to the
/// calling thread only.
public func withNoGrad<R>(_ body: () throws -> R) rethrows -> R {
  let previous = GradMode.isEnabled
  GradMode.isEnabled = false
  defer { GradMode.isEnabled = previous }
  return try body()
}

/// Whether operations are currently being recorded.
public var isGradEnabled: Bool { GradMode.isEnabled }

extension Tensor {
  /// Wraps a freshly computed `output` with the backward rule of the op that produced it.
  ///
  /// Ops call this right after their forward computation, with the backward closure written
  /// beside it. Nothing is recorded when no input requires gradients or in a no-grad scope.
  @inline(__always)
  static func record(
    _ output: Tensor, _ inputs: [Tensor],
    _ backward: @escaping (_ gradOutput: Tensor, _ output: Tensor) -> [Tensor?]
  ) -> Tensor {
    guard GradMode.isEnabled else { return output }
    var needed = false
    for input in inputs where input.requiresGrad {
      needed = true
      break
    }
    guard needed else { return output }
    output.requiresGrad = true
    output.node = GradNode(inputs: inputs, backward: backward)
    return output
  }

  /// Defines a new differentiable function from a forward computation and its backward rule.
  ///
  /// `forward` runs without recording; `backward` gets the gradient of the output, the
  /// inputs and the output, and returns one gradient per input (`nil` where none flows).
  /// It may use any tensor op. Example, a straight-through sign:
  ///
  /// ```swift
  /// let y = Tensor.differentiable([x], forward: { $0[0].sign() },
  ///                               backward: { g, _, _ in [g] })
  /// ```
  public static func differentiable(
    _ inputs: [Tensor], forward: ([Tensor]) -> Tensor,
    backward: @escaping (_ gradOutput: Tensor, _ inputs: [Tensor], _ output: Tensor) -> [Tensor?]
  ) -> Tensor {
    let value = withNoGrad { forward(inputs) }
    // A fresh tensor object so a forward that returns an input unchanged cannot alias nodes.
    let output = Tensor(shape: value.shape, storage: value.storage)
    return record(output, inputs) { g, out in
      let grads = backward(g, inputs, out)
      check(
        grads.count == inputs.count, "differentiable",
        "backward returned \(grads.count) gradients for \(inputs.count) inputs")
      for (grad, input) in zip(grads, inputs) {
        if let grad {
          check(
            grad.shape == input.shape, "differentiable",
            "backward returned a gradient of shape \(Shapes.describe(grad.shape)) for an input of shape \(Shapes.describe(input.shape))"
          )
        }
      }
      return grads
    }
  }

  /// Registers a function that may replace this leaf's incoming gradient (projection, masking,
  /// clipping) before it is accumulated into `grad`. Hooks run in registration order.
  ///
  /// - Returns: a handle whose `remove()` unregisters this hook alone.
  @discardableResult
  public func registerGradHook(_ hook: @escaping (Tensor) -> Tensor) -> HookHandle {
    let id = HookHandle.makeIdentifier()
    gradHooks.append((id, hook))
    return HookHandle { [weak self] in self?.gradHooks.removeAll { $0.id == id } }
  }

  /// Removes every gradient hook of this tensor.
  public func removeGradHooks() { gradHooks.removeAll() }

  /// Computes the gradients of this tensor with respect to every leaf that requires them,
  /// and adds them to the leaves' `grad`.
  ///
  /// - Parameter gradient: the gradient of some scalar with respect to this tensor; defaults
  ///   to 1, which requires this tensor to hold one element (a loss).
  public func backward(_ gradient: Tensor? = nil) {
    check(
      requiresGrad, "backward",
      "tensor does not require gradients (no input of the graph requires them, or it was computed under withNoGrad)")
    let seed: Tensor
    if let gradient {
      check(
        gradient.shape == shape, "backward",
        "gradient shape \(Shapes.describe(gradient.shape)) differs from tensor shape \(Shapes.describe(shape))")
      seed = gradient
    } else {
      check(count == 1, "backward", "implicit gradient needs a one-element tensor, got shape \(Shapes.describe(shape))")
      seed = Tensor.full(shape, 1)
    }
    withNoGrad { Tensor.propagate(from: self, seed: seed) }
  }

  /// Reverse sweep over the graph below `root` in reverse topological order.
  ///
  /// A gradient that nothing else references (the usual case: a fresh result of a backward
  /// rule) is handed to its leaf or summed into in place instead of being copied, so a training
  /// step allocates each parameter's gradient once.
  private static func propagate(from root: Tensor, seed: Tensor) {
    let order = topologicalOrder(root)
    var grads: [ObjectIdentifier: Tensor] = [ObjectIdentifier(root): seed]
    for tensor in order.reversed() {
      guard var g = grads.removeValue(forKey: ObjectIdentifier(tensor)) else { continue }
      guard let node = tensor.node else {
        tensor.accumulate(&g)
        continue
      }
      let inputGrads = node.backward(g, tensor)
      for (input, grad) in zip(node.inputs, inputGrads) where input.requiresGrad {
        guard let grad else { continue }
        let key = ObjectIdentifier(input)
        if var existing = grads.removeValue(forKey: key) {
          Tensor.addAccumulating(&existing, grad)
          grads[key] = existing
        } else {
          grads[key] = grad
        }
      }
    }
  }

  /// Whether the caller's variable holds the only reference to this tensor and to its storage,
  /// so that it may be changed in place or adopted without anyone observing it.
  static func isExclusive(_ t: inout Tensor) -> Bool {
    isKnownUniquelyReferenced(&t) && isKnownUniquelyReferenced(&t.storage)
  }

  /// `sum += addend`, in place when `sum` is exclusive and the shapes agree.
  static func addAccumulating(_ sum: inout Tensor, _ addend: Tensor) {
    if sum.shape == addend.shape && sum.node == nil && !sum.requiresGrad && isExclusive(&sum) {
      let d = sum.storage.base, s = addend.storage.base
      for i in 0..<sum.count { d[i] += s[i] }
    } else {
      sum = sum + addend
    }
  }

  private func accumulate(_ incoming: inout Tensor) {
    for (_, hook) in gradHooks {
      incoming = hook(incoming)
      check(
        incoming.shape == shape, "registerGradHook",
        "a hook returned a gradient of shape \(Shapes.describe(incoming.shape)) for a tensor of shape \(Shapes.describe(shape))"
      )
    }
    if let grad {
      self.grad = grad + incoming
    } else if Tensor.isExclusive(&incoming) && incoming.node == nil && !incoming.requiresGrad {
      // Nobody else can see this tensor: it becomes the gradient as it is.
      self.grad = incoming
    } else {
      // Own storage: a later in-place optimizer step must not alias graph intermediates.
      self.grad = incoming.copy()
      self.grad!.requiresGrad = false
      self.grad!.isParameter = false
    }
  }

  /// Tensors reachable from `root` that need gradients, inputs before the ops that use them.
  private static func topologicalOrder(_ root: Tensor) -> [Tensor] {
    var order: [Tensor] = []
    var visited = Set<ObjectIdentifier>()
    var stack: [(Tensor, Bool)] = [(root, false)]
    while let (tensor, expanded) = stack.popLast() {
      if expanded {
        order.append(tensor)
        continue
      }
      guard visited.insert(ObjectIdentifier(tensor)).inserted else { continue }
      stack.append((tensor, true))
      for input in tensor.node?.inputs ?? [] where input.requiresGrad {
        if !visited.contains(ObjectIdentifier(input)) { stack.append((input, false)) }
      }
    }
    return order
  }
}
