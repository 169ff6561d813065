#if canImport(Glibc)
import Glibc
#endif

// Fused, numerically stable softmax and log-softmax along one axis.

extension Tensor {
  /// `exp(x) / Σ exp(x)` along `axis`.
  public func softmax(axis: Int = -1) -> Tensor {
    let x = self
    let a = Shapes.axis(axis, rank: rank, op: "softmax")
    let out = Tensor.softmaxForward(x, axis: a, log: false)
    return Tensor.record(out, [x]) { g, y in
      // dx = y ⊙ (g − Σ g ⊙ y)
      let dot = (g * y).sum(axis: a, keepDims: true)
      return [y * (g - dot)]
    }
  }

  /// `x − log Σ exp(x)` along `axis`.
  public func logSoftmax(axis: Int = -1) -> Tensor {
    let x = self
    let a = Shapes.axis(axis, rank: rank, op: "logSoftmax")
    let out = Tensor.softmaxForward(x, axis: a, log: true)
    return Tensor.record(out, [x]) { g, y in
      // dx = g − softmax(x) Σ g
      [g - y.exp() * g.sum(axis: a, keepDims: true)]
    }
  }

  static func softmaxForward(_ x: Tensor, axis: Int, log: Bool) -> Tensor {
    let layout = AxisLayout(x.shape, axis: axis)
    let out = Tensor.uninitialized(x.shape)
    let src = x.storage.base, dst = out.storage.base
    let n = layout.n, inner = layout.inner
    for o in 0..<layout.outer {
      for i in 0..<inner {
        let row = src + o * n * inner + i, rowOut = dst + o * n * inner + i
        var m = -Float.infinity
        for j in 0..<n { m = Swift.max(m, row[j * inner]) }
        if m == -.infinity { m = 0 }  // an all-masked row stays finite in the max subtraction
        var total: Float = 0
        for j in 0..<n {
          let e = Glibc.expf(row[j * inner] - m)
          rowOut[j * inner] = e
          total += e
        }
        if log {
          let shift = m + Glibc.logf(total)
          for j in 0..<n { rowOut[j * inner] = row[j * inner] - shift }
        } else {
          let scale = 1 / total
          for j in 0..<n { rowOut[j * inner] *= scale }
        }
      }
    }
    return out
  }
}
