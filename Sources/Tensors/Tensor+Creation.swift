extension Tensor {
  /// A tensor of the given shape with values taken from `scalars` in row-major order.
  public convenience init(_ scalars: [Float], shape: [Int]) {
    check(
      Shapes.count(shape) == scalars.count, "Tensor.init",
      "\(scalars.count) values do not fill shape \(Shapes.describe(shape))")
    let storage = Storage(uninitializedCount: scalars.count)
    scalars.withUnsafeBufferPointer { storage.base.initialize(from: $0.baseAddress!, count: scalars.count) }
    self.init(shape: shape, storage: storage)
  }

  /// A vector of `scalars`.
  public convenience init(_ scalars: [Float]) { self.init(scalars, shape: [scalars.count]) }

  /// A matrix from rows of equal length.
  public convenience init(_ rows: [[Float]]) {
    let width = rows.first?.count ?? 0
    check(rows.allSatisfy { $0.count == width }, "Tensor.init", "rows have different lengths")
    self.init(rows.flatMap { $0 }, shape: [rows.count, width])
  }

  /// A scalar (rank-0) tensor.
  public convenience init(scalar: Float) { self.init([scalar], shape: []) }

  /// A tensor filled with `value`.
  public static func full(_ shape: [Int], _ value: Float) -> Tensor {
    Tensor(shape: shape, storage: Storage(repeating: value, count: Shapes.count(shape)))
  }

  /// A tensor of zeros.
  public static func zeros(_ shape: [Int]) -> Tensor { full(shape, 0) }

  /// A tensor of ones.
  public static func ones(_ shape: [Int]) -> Tensor { full(shape, 1) }

  /// Zeros with the shape of `other`.
  public static func zeros(like other: Tensor) -> Tensor { full(other.shape, 0) }

  /// The values `start, start + step, …` below `end`, as a vector.
  public static func arange(_ start: Float = 0, _ end: Float, step: Float = 1) -> Tensor {
    check(step != 0, "arange", "step must not be zero")
    let n = Swift.max(0, Int(((end - start) / step).rounded(.up)))
    return Tensor((0..<n).map { start + Float($0) * step })
  }

  /// Integer positions `0..<n` as a float vector.
  public static func arange(_ n: Int) -> Tensor { Tensor((0..<n).map(Float.init)) }

  /// Independent draws from U[low, high).
  public static func uniform(
    _ shape: [Int], low: Float = 0, high: Float = 1, generator: inout RandomGenerator
  ) -> Tensor {
    let out = Tensor(shape: shape, storage: Storage(uninitializedCount: Shapes.count(shape)))
    let p = out.storage.base
    let scale = high - low
    // `low + scale · u` can round up to `high` even though u < 1; keep the interval half-open.
    let largest = high > low ? high.nextDown : high
    for i in 0..<out.count { p[i] = Swift.min(low + scale * generator.nextUniform(), largest) }
    return out
  }

  /// Independent draws from N(mean, std²).
  public static func normal(
    _ shape: [Int], mean: Float = 0, std: Float = 1, generator: inout RandomGenerator
  ) -> Tensor {
    let out = Tensor(shape: shape, storage: Storage(uninitializedCount: Shapes.count(shape)))
    let p = out.storage.base
    for i in 0..<out.count { p[i] = mean + std * generator.nextNormal() }
    return out
  }

  /// Standard normal draws (PyTorch's `randn`).
  public static func randn(_ shape: [Int], generator: inout RandomGenerator) -> Tensor {
    normal(shape, generator: &generator)
  }

  /// U[0, 1) draws (PyTorch's `rand`).
  public static func rand(_ shape: [Int], generator: inout RandomGenerator) -> Tensor {
    uniform(shape, generator: &generator)
  }

  /// A new tensor with `shape` whose storage the caller fills before anyone reads it.
  static func uninitialized(_ shape: [Int]) -> Tensor {
    Tensor(shape: shape, storage: Storage(uninitializedCount: Shapes.count(shape)))
  }
}
