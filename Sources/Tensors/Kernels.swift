/// Loops over raw buffers that every elementwise op shares.
///
/// Each is `@inline(__always)` and takes the scalar function as a closure, so the optimizer
/// specialises and vectorises one loop per call site instead of calling through a closure
/// per element.
enum Kernels {
  /// `out[i] = f(a[i])`.
  @inline(__always)
  static func map(_ a: Tensor, _ f: (Float) -> Float) -> Tensor {
    let out = Tensor.uninitialized(a.shape)
    let src = a.storage.base, dst = out.storage.base
    for i in 0..<a.count { dst[i] = f(src[i]) }
    return out
  }

  /// `out[i] = f(a[i], b[i])` for equal shapes.
  @inline(__always)
  static func zipSameShape(_ a: Tensor, _ b: Tensor, _ f: (Float, Float) -> Float) -> Tensor {
    let out = Tensor.uninitialized(a.shape)
    let pa = a.storage.base, pb = b.storage.base, dst = out.storage.base
    for i in 0..<a.count { dst[i] = f(pa[i], pb[i]) }
    return out
  }

  /// `f(a, b)` elementwise under NumPy broadcasting; `op` names the op in error messages.
  @inline(__always)
  static func zip(_ a: Tensor, _ b: Tensor, op: String, _ f: (Float, Float) -> Float) -> Tensor {
    if a.shape == b.shape { return zipSameShape(a, b, f) }
    guard let shape = Shapes.broadcast(a.shape, b.shape) else {
      engineFailure(
        op, "shapes \(Shapes.describe(a.shape)) and \(Shapes.describe(b.shape)) cannot be broadcast together")
    }
    let out = Tensor.uninitialized(shape)
    let pa = a.storage.base, pb = b.storage.base, dst = out.storage.base
    let n = out.count
    if b.count == 1 {
      let s = pb[0]
      for i in 0..<n { dst[i] = f(pa[i], s) }
      return out
    }
    if a.count == 1 {
      let s = pa[0]
      for i in 0..<n { dst[i] = f(s, pb[i]) }
      return out
    }
    let sa = Shapes.broadcastStrides(a.shape, to: shape)
    let sb = Shapes.broadcastStrides(b.shape, to: shape)
    forEachRow(shape, sa, sb) { offsetA, offsetB, position, inner, ia, ib in
      let rowA = pa + offsetA, rowB = pb + offsetB, rowOut = dst + position
      switch (ia, ib) {
      case (1, 1): for j in 0..<inner { rowOut[j] = f(rowA[j], rowB[j]) }
      case (1, 0):
        let s = rowB[0]
        for j in 0..<inner { rowOut[j] = f(rowA[j], s) }
      case (0, 1):
        let s = rowA[0]
        for j in 0..<inner { rowOut[j] = f(s, rowB[j]) }
      default:
        let s = f(rowA[0], rowB[0])
        for j in 0..<inner { rowOut[j] = s }
      }
    }
    return out
  }

  /// Materialises `a` broadcast to `shape` (which must be a valid broadcast target).
  static func expand(_ a: Tensor, to shape: [Int]) -> Tensor {
    if a.shape == shape { return a }
    let out = Tensor.uninitialized(shape)
    let src = a.storage.base, dst = out.storage.base
    if a.count == 1 {
      dst.update(repeating: src[0], count: out.count)
      return out
    }
    let sa = Shapes.broadcastStrides(a.shape, to: shape)
    let zero = [Int](repeating: 0, count: shape.count)
    forEachRow(shape, sa, zero) { offsetA, _, position, inner, ia, _ in
      let row = src + offsetA, rowOut = dst + position
      if ia == 1 {
        rowOut.update(from: row, count: inner)
      } else {
        rowOut.update(repeating: row[0], count: inner)
      }
    }
    return out
  }

  /// Walks `shape` one last-axis row at a time, tracking element offsets into two operands
  /// read with strides `sa` and `sb` (0 on broadcast axes).
  ///
  /// `body` gets both offsets, the output position, the row length and the two inner strides.
  @inline(__always)
  static func forEachRow(
    _ shape: [Int], _ sa: [Int], _ sb: [Int],
    _ body: (_ offsetA: Int, _ offsetB: Int, _ position: Int, _ inner: Int, _ ia: Int, _ ib: Int) -> Void
  ) {
    let rank = shape.count
    let n = Shapes.count(shape)
    guard rank > 0, n > 0 else {
      if n == 1 { body(0, 0, 0, 1, 0, 0) }
      return
    }
    let inner = shape[rank - 1]
    let ia = sa[rank - 1], ib = sb[rank - 1]
    var index = [Int](repeating: 0, count: rank)
    var offsetA = 0, offsetB = 0, position = 0
    while position < n {
      body(offsetA, offsetB, position, inner, ia, ib)
      position += inner
      var axis = rank - 2
      while axis >= 0 {
        index[axis] += 1
        offsetA += sa[axis]
        offsetB += sb[axis]
        if index[axis] < shape[axis] { break }
        offsetA -= sa[axis] * shape[axis]
        offsetB -= sb[axis] * shape[axis]
        index[axis] = 0
        axis -= 1
      }
    }
  }
}
