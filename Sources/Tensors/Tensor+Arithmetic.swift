#if canImport(Glibc)
import Glibc
#endif

// Binary arithmetic with NumPy broadcasting. The gradient of a broadcast input is the output
// gradient summed back over the broadcast axes (`sum(toShape:)`).

extension Tensor {
  public static func + (a: Tensor, b: Tensor) -> Tensor {
    record(Kernels.zip(a, b, op: "add", +), [a, b]) { g, _ in
      [g.sum(toShape: a.shape), g.sum(toShape: b.shape)]
    }
  }

  public static func - (a: Tensor, b: Tensor) -> Tensor {
    record(Kernels.zip(a, b, op: "subtract", -), [a, b]) { g, _ in
      [g.sum(toShape: a.shape), (-g).sum(toShape: b.shape)]
    }
  }

  public static func * (a: Tensor, b: Tensor) -> Tensor {
    record(Kernels.zip(a, b, op: "multiply", *), [a, b]) { g, _ in
      [
        a.requiresGrad ? (g * b).sum(toShape: a.shape) : nil,
        b.requiresGrad ? (g * a).sum(toShape: b.shape) : nil,
      ]
    }
  }

  public static func / (a: Tensor, b: Tensor) -> Tensor {
    record(Kernels.zip(a, b, op: "divide", /), [a, b]) { g, out in
      [
        a.requiresGrad ? (g / b).sum(toShape: a.shape) : nil,
        b.requiresGrad ? (-(g * out) / b).sum(toShape: b.shape) : nil,
      ]
    }
  }

  public static prefix func - (a: Tensor) -> Tensor {
    record(Kernels.map(a) { -$0 }, [a]) { g, _ in [-g] }
  }

  // Scalar forms avoid materialising a broadcast operand.

  public static func + (a: Tensor, s: Float) -> Tensor {
    record(Kernels.map(a) { $0 + s }, [a]) { g, _ in [g] }
  }
  public static func + (s: Float, a: Tensor) -> Tensor { a + s }
  public static func - (a: Tensor, s: Float) -> Tensor { a + (-s) }
  public static func - (s: Float, a: Tensor) -> Tensor {
    record(Kernels.map(a) { s - $0 }, [a]) { g, _ in [-g] }
  }
  public static func * (a: Tensor, s: Float) -> Tensor {
    record(Kernels.map(a) { $0 * s }, [a]) { g, _ in [g * s] }
  }
  public static func * (s: Float, a: Tensor) -> Tensor { a * s }
  public static func / (a: Tensor, s: Float) -> Tensor { a * (1 / s) }
  public static func / (s: Float, a: Tensor) -> Tensor {
    record(Kernels.map(a) { s / $0 }, [a]) { g, out in [-(g * out) / a] }
  }

  /// Elementwise `a^b` for positive `a` where `b` requires gradients.
  public func pow(_ exponent: Tensor) -> Tensor {
    let a = self
    return Tensor.record(Kernels.zip(a, exponent, op: "pow") { Glibc.powf($0, $1) }, [a, exponent]) { g, out in
      [
        a.requiresGrad ? (g * exponent * a.pow(exponent - 1)).sum(toShape: a.shape) : nil,
        exponent.requiresGrad ? (g * out * a.log()).sum(toShape: exponent.shape) : nil,
      ]
    }
  }

  /// Elementwise `x^p` for a constant exponent.
  public func pow(_ p: Float) -> Tensor {
    if p == 2 { return square() }
    let a = self
    return Tensor.record(Kernels.map(a) { Glibc.powf($0, p) }, [a]) { g, _ in
      [g * p * a.pow(p - 1)]
    }
  }

  /// Elementwise `x²`.
  public func square() -> Tensor {
    let a = self
    return Tensor.record(Kernels.map(a) { $0 * $0 }, [a]) { g, _ in [g * a * 2] }
  }

  /// Elementwise maximum; ties send the gradient to `self`; NaN in either operand gives NaN.
  public func maximum(_ other: Tensor) -> Tensor {
    let a = self, b = other
    return Tensor.record(Kernels.zip(a, b, op: "maximum", Tensor.nanMax), [a, b]) { g, _ in
      let takeA = a.ge(b)
      return [(g * takeA).sum(toShape: a.shape), (g * (1 - takeA)).sum(toShape: b.shape)]
    }
  }

  /// Elementwise minimum; ties send the gradient to `self`; NaN in either operand gives NaN.
  public func minimum(_ other: Tensor) -> Tensor {
    let a = self, b = other
    return Tensor.record(Kernels.zip(a, b, op: "minimum", Tensor.nanMin), [a, b]) { g, _ in
      let takeA = a.le(b)
      return [(g * takeA).sum(toShape: a.shape), (g * (1 - takeA)).sum(toShape: b.shape)]
    }
  }
}
