// Selection by index and by mask. Gradients scatter (add) back to the selected positions.

extension Tensor {
  /// The slices at `indices` along `axis`, in that order (repeats allowed): an embedding lookup
  /// is `table.indexSelect(axis: 0, tokens)`.
  public func indexSelect(axis: Int = 0, _ indices: [Int]) -> Tensor {
    let a = Shapes.axis(axis, rank: rank, op: "indexSelect")
    let layout = AxisLayout(shape, axis: a)
    for (k, i) in indices.enumerated() where i < 0 || i >= layout.n {
      engineFailure(
        "indexSelect",
        "index \(i) at position \(k) is out of range 0..<\(layout.n) for axis \(axis) of shape \(Shapes.describe(shape))"
      )
    }
    let x = self
    var outShape = shape
    outShape[a] = indices.count
    let out = Tensor.uninitialized(outShape)
    let src = storage.base, dst = out.storage.base
    let inner = layout.inner
    for o in 0..<layout.outer {
      for (k, i) in indices.enumerated() {
        (dst + (o * indices.count + k) * inner).update(from: src + (o * layout.n + i) * inner, count: inner)
      }
    }
    return Tensor.record(out, [x]) { g, _ in
      let full = Tensor.zeros(x.shape)
      let gp = g.storage.base, fp = full.storage.base
      for o in 0..<layout.outer {
        for (k, i) in indices.enumerated() {
          let from = gp + (o * indices.count + k) * inner, to = fp + (o * layout.n + i) * inner
          for j in 0..<inner { to[j] += from[j] }
        }
      }
      return [full]
    }
  }

  /// PyTorch's `gather`: `out[…, j, …] = self[…, index[…, j, …], …]` along `axis`, where `index`
  /// holds integer values and matches `self`'s shape on every other axis.
  public func gather(axis: Int = -1, _ index: Tensor) -> Tensor {
    let a = Shapes.axis(axis, rank: rank, op: "gather")
    var s1 = shape, s2 = index.shape
    check(
      s1.count == s2.count, "gather",
      "index shape \(Shapes.describe(index.shape)) and tensor shape \(Shapes.describe(shape)) have different ranks")
    s1[a] = 0
    s2[a] = 0
    check(
      s1 == s2, "gather",
      "index shape \(Shapes.describe(index.shape)) must match tensor shape \(Shapes.describe(shape)) outside axis \(axis)"
    )
    let x = self
    let layout = AxisLayout(shape, axis: a)
    let k = index.shape[a]
    let offsets = Tensor.gatherOffsets(index, layout: layout, k: k)
    let out = Tensor.uninitialized(index.shape)
    let src = storage.base, dst = out.storage.base
    for (p, offset) in offsets.enumerated() { dst[p] = src[offset] }
    return Tensor.record(out, [x]) { g, _ in
      let full = Tensor.zeros(x.shape)
      let gp = g.storage.base, fp = full.storage.base
      for (p, offset) in offsets.enumerated() { fp[offset] += gp[p] }
      return [full]
    }
  }

  private static func gatherOffsets(_ index: Tensor, layout: AxisLayout, k: Int) -> [Int] {
    var offsets = [Int](repeating: 0, count: index.count)
    let ip = index.storage.base
    for o in 0..<layout.outer {
      for j in 0..<k {
        for i in 0..<layout.inner {
          let p = (o * k + j) * layout.inner + i
          let value = ip[p]
          // `Int(exactly:)` is nil for fractions, NaN and infinities (which `Int(_:)` traps on).
          guard let position = Int(exactly: value), position >= 0, position < layout.n else {
            engineFailure("gather", "index value \(value) at flat position \(p) is out of range 0..<\(layout.n)")
          }
          offsets[p] = (o * layout.n + position) * layout.inner + i
        }
      }
    }
    return offsets
  }

  /// One-hot rows: `labels.count × classes`, with a 1 in each label's column.
  public static func oneHot(_ labels: [Int], classes: Int) -> Tensor {
    let out = Tensor.zeros([labels.count, classes])
    for (row, label) in labels.enumerated() {
      if label < 0 || label >= classes {
        engineFailure("oneHot", "label \(label) at index \(row) is out of range 0..<\(classes)")
      }
      out.storage.base[row * classes + label] = 1
    }
    return out
  }

  /// Elements of `self` where `mask` is non-zero replaced by `value` (mask broadcasts).
  public func maskedFill(_ mask: Tensor, _ value: Float) -> Tensor {
    Tensor.where(mask, Tensor(scalar: value), self)
  }

  /// `a` where `condition` is non-zero, else `b`; all three broadcast together.
  public static func `where`(_ condition: Tensor, _ a: Tensor, _ b: Tensor) -> Tensor {
    guard let ab = Shapes.broadcast(a.shape, b.shape), let shape = Shapes.broadcast(ab, condition.shape) else {
      engineFailure(
        "where",
        "shapes \(Shapes.describe(condition.shape)), \(Shapes.describe(a.shape)) and \(Shapes.describe(b.shape)) cannot be broadcast together"
      )
    }
    let c = Kernels.expand(condition, to: shape)
    let ea = Kernels.expand(a, to: shape), eb = Kernels.expand(b, to: shape)
    let out = Tensor.uninitialized(shape)
    let cp = c.storage.base, ap = ea.storage.base, bp = eb.storage.base, dst = out.storage.base
    for i in 0..<out.count { dst[i] = cp[i] != 0 ? ap[i] : bp[i] }
    return record(out, [a, b]) { g, _ in
      let gp = g.storage.base
      let ga = Tensor.uninitialized(shape), gb = Tensor.uninitialized(shape)
      for i in 0..<g.count {
        let chosen = cp[i] != 0
        ga.storage.base[i] = chosen ? gp[i] : 0
        gb.storage.base[i] = chosen ? 0 : gp[i]
      }
      _ = c  // keeps the expanded condition alive for the pointer above
      return [ga.sum(toShape: a.shape), gb.sum(toShape: b.shape)]
    }
  }

  // MARK: - Comparisons (1 where true, 0 where false; no gradient)

  /// `self == other` elementwise.
  public func eq(_ other: Tensor) -> Tensor { Kernels.zip(self, other, op: "eq") { $0 == $1 ? 1 : 0 } }
  /// `self > other` elementwise.
  public func gt(_ other: Tensor) -> Tensor { Kernels.zip(self, other, op: "gt") { $0 > $1 ? 1 : 0 } }
  /// `self >= other` elementwise.
  public func ge(_ other: Tensor) -> Tensor { Kernels.zip(self, other, op: "ge") { $0 >= $1 ? 1 : 0 } }
  /// `self < other` elementwise.
  public func lt(_ other: Tensor) -> Tensor { Kernels.zip(self, other, op: "lt") { $0 < $1 ? 1 : 0 } }
  /// `self <= other` elementwise.
  public func le(_ other: Tensor) -> Tensor { Kernels.zip(self, other, op: "le") { $0 <= $1 ? 1 : 0 } }

  /// `self == value` elementwise.
  public func eq(_ value: Float) -> Tensor { Kernels.map(self) { $0 == value ? 1 : 0 } }
  /// `self > value` elementwise.
  public func gt(_ value: Float) -> Tensor { Kernels.map(self) { $0 > value ? 1 : 0 } }
  /// `self >= value` elementwise.
  public func ge(_ value: Float) -> Tensor { Kernels.map(self) { $0 >= value ? 1 : 0 } }
  /// `self < value` elementwise.
  public func lt(_ value: Float) -> Tensor { Kernels.map(self) { $0 < value ? 1 : 0 } }
  /// `self <= value` elementwise.
  public func le(_ value: Float) -> Tensor { Kernels.map(self) { $0 <= value ? 1 : 0 } }

  /// The elements rounded toward zero as integers (for labels and indices).
  public var intScalars: [Int] { scalars.map { Int($0) } }
}
