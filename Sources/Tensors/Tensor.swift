/// An n-dimensional array of `Float` in contiguous row-major order that can record the
/// operations applied to it for reverse-mode differentiation.
///
/// `Tensor` is a reference type, like PyTorch's: layers hold their parameters, optimizers update
/// them in place, and `grad` accumulates across `backward()` calls until `zeroGrad()`.
/// Every op returns a new tensor; reshapes share storage with their source.
///
/// ```swift
/// let w = Tensor.randn([3, 2], generator: &rng).requiringGrad()
/// let loss = (x.matmul(w)).relu().sum()
/// loss.backward()
/// print(w.grad!)
/// ```
public final class Tensor {
  /// The size of each dimension; `[]` for a scalar.
  public let shape: [Int]
  var storage: Storage

  /// Whether gradients flow to this tensor during `backward()`.
  public var requiresGrad: Bool

  /// The accumulated gradient of the last `backward()` calls, for leaves that require it.
  ///
  /// Settable, to replace a gradient between `backward()` and the optimizer step (masking,
  /// projection); a new value must have this tensor's shape.
  public var grad: Tensor? {
    didSet {
      if let grad, grad.shape != shape {
        engineFailure(
          "grad",
          "a gradient of shape \(Shapes.describe(grad.shape)) cannot belong to a tensor of shape \(Shapes.describe(shape))"
        )
      }
    }
  }

  /// Whether a module registered this tensor as a trainable parameter (frozen or not).
  public var isParameter = false

  /// The recorded operation that produced this tensor; `nil` for leaves.
  var node: GradNode?

  /// Functions that may replace the gradient of this leaf before it is accumulated, with the
  /// identifiers their handles remove them by.
  var gradHooks: [(id: Int, hook: (Tensor) -> Tensor)] = []

  init(shape: [Int], storage: Storage, requiresGrad: Bool = false) {
    self.shape = shape
    self.storage = storage
    self.requiresGrad = requiresGrad
  }

  /// The number of dimensions.
  public var rank: Int { shape.count }

  /// The total number of elements.
  public var count: Int { storage.count }

  /// Whether the tensor was produced by recorded ops (as opposed to being a leaf).
  public var isLeaf: Bool { node == nil }

  /// The elements in row-major order.
  public var scalars: [Float] { Array(storage.buffer) }

  /// The single value of a one-element tensor.
  public var item: Float {
    check(count == 1, "item", "tensor of shape \(Shapes.describe(shape)) has \(count) elements, not 1")
    return storage.base[0]
  }

  /// Calls `body` with the elements, read-only.
  public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
    try body(UnsafeBufferPointer(storage.buffer))
  }

  /// Calls `body` with the elements for in-place mutation.
  ///
  /// Intended for optimizers and model surgery on leaf tensors; mutating a tensor that a
  /// recorded graph still needs makes that graph's gradients wrong, as in PyTorch.
  public func withUnsafeMutableBufferPointer<R>(
    _ body: (UnsafeMutableBufferPointer<Float>) throws -> R
  ) rethrows -> R {
    try body(storage.buffer)
  }

  /// Copies the values of `source` (same shape) into this tensor in place.
  public func assign(_ source: Tensor) {
    check(
      source.shape == shape, "assign", "shapes \(Shapes.describe(shape)) and \(Shapes.describe(source.shape)) differ")
    storage.base.update(from: source.storage.base, count: count)
  }

  /// Marks this tensor as requiring gradients and returns it.
  @discardableResult
  public func requiringGrad(_ flag: Bool = true) -> Tensor {
    requiresGrad = flag
    return self
  }

  /// A tensor with the same values that does not record any further operation.
  public func detach() -> Tensor { Tensor(shape: shape, storage: storage) }

  /// Clears the accumulated gradient.
  public func zeroGrad() { grad = nil }

  /// A deep copy: new storage, same values, no graph, same `requiresGrad` and parameter flag.
  public func copy() -> Tensor {
    let out = Tensor(shape: shape, storage: Storage(uninitializedCount: count), requiresGrad: requiresGrad)
    out.storage.base.initialize(from: storage.base, count: count)
    out.isParameter = isParameter
    return out
  }

  /// The element at a multi-dimensional index (for inspection, not for hot loops).
  public subscript(index: Int...) -> Float {
    check(index.count == rank, "subscript", "index of \(index.count) dimensions into rank-\(rank) tensor")
    var offset = 0
    for (i, d) in zip(index, shape) {
      check(i >= 0 && i < d, "subscript", "index \(index) out of range for shape \(Shapes.describe(shape))")
      offset = offset * d + i
    }
    return storage.base[offset]
  }
}
