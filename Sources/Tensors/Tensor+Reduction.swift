#if canImport(Glibc)
import Glibc
#endif

/// The shape split around one axis: `outer × n × inner` elements.
struct AxisLayout {
  let outer: Int, n: Int, inner: Int
  init(_ shape: [Int], axis: Int) {
    outer = Shapes.count(Array(shape[..<axis]))
    n = shape[axis]
    inner = Shapes.count(Array(shape[(axis + 1)...]))
  }
}

extension Tensor {
  /// The sum of all elements, as a scalar tensor.
  public func sum() -> Tensor { reshaped([count]).sum(axis: 0) }

  /// The mean of all elements, as a scalar tensor.
  public func mean() -> Tensor { sum() / Float(Swift.max(count, 1)) }

  /// Sums along `axis`, dropping it unless `keepDims`.
  public func sum(axis: Int, keepDims: Bool = false) -> Tensor {
    let x = self
    let a = Shapes.axis(axis, rank: rank, op: "sum")
    var kept = shape
    kept[a] = 1
    let out = Tensor.reduce(x, axis: a, initial: 0) { $0 + $1 }
    let result = Tensor.record(out.reshaped(kept), [x]) { g, _ in [Kernels.expand(g, to: x.shape)] }
    return keepDims ? result : result.squeezed(axis: a)
  }

  /// Sums along several axes.
  public func sum(axes: [Int], keepDims: Bool = false) -> Tensor {
    reduceAxes(axes, keepDims: keepDims) { $0.sum(axis: $1, keepDims: true) }
  }

  /// The mean along `axis`.
  public func mean(axis: Int, keepDims: Bool = false) -> Tensor {
    let n = shape[Shapes.axis(axis, rank: rank, op: "mean")]
    return sum(axis: axis, keepDims: keepDims) / Float(n)
  }

  /// The mean along several axes.
  public func mean(axes: [Int], keepDims: Bool = false) -> Tensor {
    // Each distinct axis counts once, as `sum(axes:)` reduces it once ([1, -1] is one axis).
    let n = Set(axes.map { Shapes.axis($0, rank: rank, op: "mean") }).map { shape[$0] }.reduce(1, *)
    return sum(axes: axes, keepDims: keepDims) / Float(n)
  }

  /// The variance along `axes`, dividing by `n - correction` (PyTorch's default correction 1
  /// is the unbiased estimate; normalisation layers use 0). With `n ≤ correction` the divisor
  /// is 0 and the result NaN, as in PyTorch (one sample has no unbiased variance).
  public func variance(axes: [Int], correction: Int = 1, keepDims: Bool = false) -> Tensor {
    let n = Set(axes.map { Shapes.axis($0, rank: rank, op: "variance") }).map { shape[$0] }.reduce(1, *)
    let centered = self - mean(axes: axes, keepDims: true)
    return centered.square().sum(axes: axes, keepDims: keepDims) / Float(Swift.max(n - correction, 0))
  }

  /// The variance along `axis` (see `variance(axes:correction:keepDims:)`).
  public func variance(axis: Int, correction: Int = 1, keepDims: Bool = false) -> Tensor {
    variance(axes: [axis], correction: correction, keepDims: keepDims)
  }

  /// The maximum along `axis`; the gradient is shared equally among tied maxima. A NaN
  /// anywhere along the axis gives NaN, wherever it sits (as PyTorch).
  public func max(axis: Int, keepDims: Bool = false) -> Tensor {
    extremum(axis: axis, keepDims: keepDims, op: "max", Tensor.nanMax)
  }

  /// The minimum along `axis`; the gradient is shared equally among tied minima. A NaN
  /// anywhere along the axis gives NaN.
  public func min(axis: Int, keepDims: Bool = false) -> Tensor {
    extremum(axis: axis, keepDims: keepDims, op: "min", Tensor.nanMin)
  }

  /// `max(a, b)`, NaN if either is NaN (`Swift.max` returns whichever operand its comparison
  /// happens to keep, so the result depended on the NaN's position).
  @inline(__always)
  static func nanMax(_ a: Float, _ b: Float) -> Float { a.isNaN || b.isNaN ? .nan : (b > a ? b : a) }

  /// `min(a, b)`, NaN if either is NaN.
  @inline(__always)
  static func nanMin(_ a: Float, _ b: Float) -> Float { a.isNaN || b.isNaN ? .nan : (b < a ? b : a) }

  /// The largest element, as a scalar tensor.
  public func max() -> Tensor { reshaped([count]).max(axis: 0) }

  /// The smallest element, as a scalar tensor.
  public func min() -> Tensor { reshaped([count]).min(axis: 0) }

  /// The index of the first largest element along `axis`, as float values (exact below 2²⁴).
  public func argmax(axis: Int = -1) -> Tensor {
    let a = Shapes.axis(axis, rank: rank, op: "argmax")
    check(shape[a] > 0, "argmax", "axis \(axis) of shape \(Shapes.describe(shape)) is empty")
    let layout = AxisLayout(shape, axis: a)
    var outShape = shape
    outShape.remove(at: a)
    let out = Tensor.uninitialized(outShape)
    let src = storage.base, dst = out.storage.base
    for o in 0..<layout.outer {
      for i in 0..<layout.inner {
        let base = src + o * layout.n * layout.inner + i
        var best = base[0], bestIndex = 0
        for j in 1..<layout.n where base[j * layout.inner] > best {
          best = base[j * layout.inner]
          bestIndex = j
        }
        dst[o * layout.inner + i] = Float(bestIndex)
      }
    }
    return out
  }

  /// `log Σ exp(x)` along `axis`, computed stably by subtracting the maximum.
  public func logSumExp(axis: Int, keepDims: Bool = false) -> Tensor {
    let x = self
    let a = Shapes.axis(axis, rank: rank, op: "logSumExp")
    // An infinite maximum is not subtracted (∞ − ∞ is NaN): rows holding +∞ give +∞ and rows
    // of only −∞ give −∞, as the exact result (and PyTorch) do.
    let m = withNoGrad { Kernels.map(x.max(axis: a, keepDims: true)) { $0.isFinite ? $0 : 0 } }
    let out = withNoGrad { (x - m).exp().sum(axis: a, keepDims: true).log() + m }
    let result = Tensor.record(out.detach(), [x]) { g, out in
      [Kernels.expand(g, to: x.shape) * (x - out).exp()]
    }
    return keepDims ? result : result.squeezed(axis: a)
  }

  // MARK: - Helpers

  private func extremum(
    axis: Int, keepDims: Bool, op: String, _ pick: @escaping (Float, Float) -> Float
  ) -> Tensor {
    let x = self
    let a = Shapes.axis(axis, rank: rank, op: op)
    check(shape[a] > 0, op, "axis \(axis) of shape \(Shapes.describe(shape)) is empty")
    var kept = shape
    kept[a] = 1
    let out = Tensor.reduce(x, axis: a, initial: nil, pick).reshaped(kept)
    let result = Tensor.record(out, [x]) { g, out in
      let mask = x.eq(out)
      return [mask * g / mask.sum(axis: a, keepDims: true)]
    }
    return keepDims ? result : result.squeezed(axis: a)
  }

  private func reduceAxes(_ axes: [Int], keepDims: Bool, _ step: (Tensor, Int) -> Tensor) -> Tensor {
    let resolved = Set(axes.map { Shapes.axis($0, rank: rank, op: "reduce") }).sorted(by: >)
    var result = self
    for a in resolved { result = step(result, a) }
    if keepDims { return result }
    var shape = self.shape
    for a in resolved { shape.remove(at: a) }
    return result.reshaped(shape)
  }

  /// Folds `combine` over `axis` (starting from `initial`, or the first element when nil),
  /// without recording; the result keeps the axis out of its shape.
  static func reduce(
    _ x: Tensor, axis: Int, initial: Float?, _ combine: (Float, Float) -> Float
  ) -> Tensor {
    let layout = AxisLayout(x.shape, axis: axis)
    var outShape = x.shape
    outShape.remove(at: axis)
    let out = Tensor.uninitialized(outShape)
    let src = x.storage.base, dst = out.storage.base
    for o in 0..<layout.outer {
      let block = src + o * layout.n * layout.inner
      let row = dst + o * layout.inner
      if layout.inner == 1 {
        var acc = initial ?? block[0]
        for j in (initial == nil ? 1 : 0)..<layout.n { acc = combine(acc, block[j]) }
        row[0] = acc
      } else {
        // Accumulate whole rows so the inner loop is contiguous and vectorises.
        if let initial {
          row.update(repeating: initial, count: layout.inner)
          for j in 0..<layout.n {
            let line = block + j * layout.inner
            for i in 0..<layout.inner { row[i] = combine(row[i], line[i]) }
          }
        } else {
          row.update(from: block, count: layout.inner)
          for j in 1..<Swift.max(layout.n, 1) {
            let line = block + j * layout.inner
            for i in 0..<layout.inner { row[i] = combine(row[i], line[i]) }
          }
        }
      }
    }
    return out
  }

  /// Sums a broadcast gradient back to `target`, the shape of the input it was broadcast from.
  public func sum(toShape target: [Int]) -> Tensor {
    if shape == target { return self }
    check(
      Shapes.broadcast(target, shape) == shape, "sum(toShape:)",
      "shape \(Shapes.describe(target)) does not broadcast to \(Shapes.describe(shape))")
    let lead = rank - target.count
    var axes = Array(0..<lead)
    for (i, d) in target.enumerated() where d == 1 && shape[i + lead] != 1 { axes.append(i + lead) }
    return sum(axes: axes, keepDims: true).reshaped(target)
  }
}
