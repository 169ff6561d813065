/// Short vector loops over raw pointers that the compiler cannot vectorise on its own.
///
/// Swift keeps the order of floating-point additions, so a plain `for` loop that sums into one
/// accumulator runs one element per cycle; these keep several SIMD accumulators instead.
enum VectorMath {
  /// `Σ a[i] b[i]` for `i < n`.
  @inline(__always)
  static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
    var acc0 = SIMD8<Float>(), acc1 = SIMD8<Float>()
    var i = 0
    while i + 16 <= n {
      acc0 += load8(a + i) * load8(b + i)
      acc1 += load8(a + i + 8) * load8(b + i + 8)
      i += 16
    }
    if i + 8 <= n {
      acc0 += load8(a + i) * load8(b + i)
      i += 8
    }
    var total = (acc0 + acc1).sum()
    while i < n {
      total += a[i] * b[i]
      i += 1
    }
    return total
  }

  /// `Σ a[i]` for `i < n`.
  @inline(__always)
  static func sum(_ a: UnsafePointer<Float>, _ n: Int) -> Float {
    var acc0 = SIMD8<Float>(), acc1 = SIMD8<Float>()
    var i = 0
    while i + 16 <= n {
      acc0 += load8(a + i)
      acc1 += load8(a + i + 8)
      i += 16
    }
    if i + 8 <= n {
      acc0 += load8(a + i)
      i += 8
    }
    var total = (acc0 + acc1).sum()
    while i < n {
      total += a[i]
      i += 1
    }
    return total
  }

  /// `Σ a[i]²` in `Double`, for norms of large tensors.
  static func sumOfSquares(_ a: UnsafePointer<Float>, _ n: Int) -> Double {
    var total = 0.0
    var start = 0
    // Float accumulators over blocks of 4096 keep the rounding error of each block tiny.
    while start < n {
      let end = Swift.min(n, start + 4096)
      var acc0 = SIMD8<Float>(), acc1 = SIMD8<Float>()
      var i = start
      while i + 16 <= end {
        let x0 = load8(a + i), x1 = load8(a + i + 8)
        acc0 += x0 * x0
        acc1 += x1 * x1
        i += 16
      }
      var block = Double((acc0 + acc1).sum())
      while i < end {
        block += Double(a[i]) * Double(a[i])
        i += 1
      }
      total += block
      start = end
    }
    return total
  }

  /// `y[i] += alpha x[i]` for `i < n`.
  @inline(__always)
  static func axpy(_ alpha: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
    for i in 0..<n { y[i] += alpha * x[i] }
  }

  @inline(__always)
  static func load8(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
  }
}
