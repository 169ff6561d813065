// Ops that move elements without changing them: reshape, permute, slice, concatenate, stack,
// broadcast. Their gradients move the output gradient back the inverse way.

extension Tensor {
  /// The same elements with a new shape of equal size; `-1` in one place is inferred.
  /// Shares storage with `self`.
  public func reshaped(_ newShape: [Int]) -> Tensor {
    var target = newShape
    check(
      newShape.allSatisfy { $0 >= -1 } && newShape.firstIndex(of: -1) == newShape.lastIndex(of: -1), "reshape",
      "\(Shapes.describe(newShape)) is not a shape (dimensions must be ≥ 0, with at most one -1)")
    if let hole = newShape.firstIndex(of: -1) {
      let known = newShape.enumerated().filter { $0.offset != hole }.map(\.element).reduce(1, *)
      check(
        known > 0 && count % known == 0, "reshape",
        "cannot infer -1 reshaping \(Shapes.describe(shape)) to \(Shapes.describe(newShape))")
      target[hole] = count / known
    }
    check(
      Shapes.count(target) == count, "reshape",
      "cannot reshape \(Shapes.describe(shape)) (\(count) elements) to \(Shapes.describe(newShape))")
    if target == shape { return self }
    let x = self
    return Tensor.record(Tensor(shape: target, storage: storage), [x]) { g, _ in [g.reshaped(x.shape)] }
  }

  /// Flattens every axis from `startAxis` on into one.
  public func flattened(from startAxis: Int = 0) -> Tensor {
    if rank == 0 { return reshaped([1]) }
    let a = Shapes.axis(startAxis, rank: rank, op: "flatten")
    // The flattened size is computed, not inferred with -1, which cannot be inferred when a
    // leading axis is 0 (an empty batch [0, 3] flattened from 1 stays [0, 3]).
    return reshaped(Array(shape[..<a]) + [Shapes.count(Array(shape[a...]))])
  }

  /// Removes `axis`, which must have size 1.
  public func squeezed(axis: Int) -> Tensor {
    let a = Shapes.axis(axis, rank: rank, op: "squeeze")
    check(shape[a] == 1, "squeeze", "axis \(axis) of shape \(Shapes.describe(shape)) has size \(shape[a]), not 1")
    var s = shape
    s.remove(at: a)
    return reshaped(s)
  }

  /// Inserts an axis of size 1 before position `axis` (negative counts from the end).
  public func unsqueezed(axis: Int) -> Tensor {
    let a = axis < 0 ? axis + rank + 1 : axis
    check(a >= 0 && a <= rank, "unsqueeze", "axis \(axis) is out of range for rank \(rank)")
    var s = shape
    s.insert(1, at: a)
    return reshaped(s)
  }

  /// Reorders the axes: output axis `i` is input axis `order[i]`.
  public func permuted(_ order: [Int]) -> Tensor {
    let axes = order.map { Shapes.axis($0, rank: rank, op: "permute") }
    check(
      axes.count == rank && Set(axes).count == rank, "permute",
      "\(order) is not a permutation of the \(rank) axes of \(Shapes.describe(shape))")
    if axes == Array(0..<rank) { return self }
    let x = self
    let outShape = axes.map { shape[$0] }
    let inStrides = Shapes.strides(shape)
    let readStrides = axes.map { inStrides[$0] }
    let out = Tensor.uninitialized(outShape)
    let src = storage.base, dst = out.storage.base
    let zero = [Int](repeating: 0, count: rank)
    Kernels.forEachRow(outShape, readStrides, zero) { offset, _, position, inner, stride, _ in
      let row = src + offset, rowOut = dst + position
      for j in 0..<inner { rowOut[j] = row[j * stride] }
    }
    var inverse = [Int](repeating: 0, count: rank)
    for (i, a) in axes.enumerated() { inverse[a] = i }
    return Tensor.record(out, [x]) { g, _ in [g.permuted(inverse)] }
  }

  /// Swaps two axes (by default the last two: a matrix transpose).
  public func transposed(_ axis0: Int = -2, _ axis1: Int = -1) -> Tensor {
    var order = Array(0..<rank)
    order.swapAt(Shapes.axis(axis0, rank: rank, op: "transpose"), Shapes.axis(axis1, rank: rank, op: "transpose"))
    return permuted(order)
  }

  /// The matrix transpose of a rank-2 tensor.
  // swift-format-ignore: AlwaysUseLowerCamelCase
  // `.T` is the spelling NumPy and PyTorch users expect.
  public var T: Tensor {
    check(rank == 2, "T", "needs a matrix, got shape \(Shapes.describe(shape))")
    return transposed()
  }

  /// The elements whose index along `axis` lies in `range` (a view copied into new storage).
  public func slice(axis: Int = 0, _ range: Range<Int>) -> Tensor {
    let a = Shapes.axis(axis, rank: rank, op: "slice")
    check(
      range.lowerBound >= 0 && range.upperBound <= shape[a], "slice",
      "range \(range) is out of bounds for axis \(axis) of shape \(Shapes.describe(shape))")
    let x = self
    let layout = AxisLayout(shape, axis: a)
    var outShape = shape
    outShape[a] = range.count
    let out = Tensor.uninitialized(outShape)
    let block = range.count * layout.inner
    for o in 0..<layout.outer {
      (out.storage.base + o * block).update(
        from: storage.base + (o * layout.n + range.lowerBound) * layout.inner, count: block)
    }
    return Tensor.record(out, [x]) { g, _ in
      let full = Tensor.zeros(x.shape)
      for o in 0..<layout.outer {
        (full.storage.base + (o * layout.n + range.lowerBound) * layout.inner).update(
          from: g.storage.base + o * block, count: block)
      }
      return [full]
    }
  }

  /// Rows `range` of the first axis: `x[2..<5]`.
  public subscript(range: Range<Int>) -> Tensor { slice(axis: 0, range) }

  /// Joins tensors along an existing axis; all other dimensions must agree.
  public static func concatenate(_ tensors: [Tensor], axis: Int = 0) -> Tensor {
    check(!tensors.isEmpty, "concatenate", "needs at least one tensor")
    let first = tensors[0]
    let a = Shapes.axis(axis, rank: first.rank, op: "concatenate")
    for t in tensors {
      var s1 = t.shape, s0 = first.shape
      check(
        s1.count == s0.count, "concatenate",
        "shapes \(Shapes.describe(s0)) and \(Shapes.describe(s1)) have different ranks")
      s1[a] = 0
      s0[a] = 0
      check(
        s1 == s0, "concatenate",
        "shapes \(Shapes.describe(first.shape)) and \(Shapes.describe(t.shape)) differ outside axis \(axis)")
    }
    var outShape = first.shape
    outShape[a] = tensors.reduce(0) { $0 + $1.shape[a] }
    let out = Tensor.uninitialized(outShape)
    let outer = Shapes.count(Array(first.shape[..<a]))
    let inner = Shapes.count(Array(first.shape[(a + 1)...]))
    let outBlock = outShape[a] * inner
    var start = 0
    var ranges: [Range<Int>] = []
    for t in tensors {
      let block = t.shape[a] * inner
      for o in 0..<outer {
        (out.storage.base + o * outBlock + start * inner).update(from: t.storage.base + o * block, count: block)
      }
      ranges.append(start..<start + t.shape[a])
      start += t.shape[a]
    }
    return record(out, tensors) { g, _ in
      zip(tensors, ranges).map { t, r in t.requiresGrad ? g.slice(axis: a, r) : nil }
    }
  }

  /// Joins equally shaped tensors along a new axis.
  public static func stack(_ tensors: [Tensor], axis: Int = 0) -> Tensor {
    check(!tensors.isEmpty, "stack", "needs at least one tensor")
    for t in tensors {
      check(
        t.shape == tensors[0].shape, "stack",
        "shapes \(Shapes.describe(tensors[0].shape)) and \(Shapes.describe(t.shape)) differ")
    }
    return concatenate(tensors.map { $0.unsqueezed(axis: axis) }, axis: axis)
  }

  /// The tensor broadcast (materialised) to `shape`.
  public func broadcast(to target: [Int]) -> Tensor {
    check(
      Shapes.broadcast(shape, target) == target, "broadcast",
      "shape \(Shapes.describe(shape)) cannot be broadcast to \(Shapes.describe(target))")
    if target == shape { return self }
    let x = self
    return Tensor.record(Kernels.expand(x, to: target), [x]) { g, _ in [g.sum(toShape: x.shape)] }
  }
}
