#if canImport(Glibc)
import Glibc
#endif

// Elementwise functions. Each backward sits beside its forward and reuses the output where
// that is cheaper than recomputing (exp, tanh, sigmoid, sqrt).

extension Tensor {
  /// Elementwise `e^x`.
  public func exp() -> Tensor {
    Tensor.record(Kernels.map(self) { Glibc.expf($0) }, [self]) { g, out in [g * out] }
  }

  /// Elementwise natural logarithm.
  public func log() -> Tensor {
    let x = self
    return Tensor.record(Kernels.map(x) { Glibc.logf($0) }, [x]) { g, _ in [g / x] }
  }

  /// Elementwise square root.
  public func sqrt() -> Tensor {
    Tensor.record(Kernels.map(self) { $0.squareRoot() }, [self]) { g, out in [g * 0.5 / out] }
  }

  /// Elementwise absolute value; the gradient at 0 is 0.
  public func abs() -> Tensor {
    let x = self
    return Tensor.record(Kernels.map(x) { Swift.abs($0) }, [x]) { g, _ in [g * x.sign()] }
  }

  /// Elementwise sign (-1, 0 or 1); not differentiable (no gradient flows).
  public func sign() -> Tensor {
    Kernels.map(self) { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }
  }

  /// Elementwise sine.
  public func sin() -> Tensor {
    let x = self
    return Tensor.record(Kernels.map(x) { Glibc.sinf($0) }, [x]) { g, _ in [g * x.cos()] }
  }

  /// Elementwise cosine.
  public func cos() -> Tensor {
    let x = self
    return Tensor.record(Kernels.map(x) { Glibc.cosf($0) }, [x]) { g, _ in [-(g * x.sin())] }
  }

  /// Elementwise hyperbolic tangent.
  public func tanh() -> Tensor {
    Tensor.record(Kernels.map(self) { Glibc.tanhf($0) }, [self]) { g, out in
      [Kernels.zipSameShape(g, out) { $0 * (1 - $1 * $1) }]
    }
  }

  /// Elementwise logistic function `1 / (1 + e^-x)`, computed without overflow.
  public func sigmoid() -> Tensor {
    Tensor.record(Kernels.map(self) { Tensor.sigmoid($0) }, [self]) { g, out in
      [Kernels.zipSameShape(g, out) { $0 * $1 * (1 - $1) }]
    }
  }

  @inline(__always)
  static func sigmoid(_ x: Float) -> Float {
    if x >= 0 { return 1 / (1 + Glibc.expf(-x)) }
    let e = Glibc.expf(x)
    return e / (1 + e)
  }

  /// Elementwise `max(x, 0)`; the gradient at 0 is 0.
  public func relu() -> Tensor {
    Tensor.record(Kernels.map(self) { Swift.max($0, 0) }, [self]) { g, out in
      [Kernels.zipSameShape(g, out) { $1 > 0 ? $0 : 0 }]
    }
  }

  /// Elementwise `x` for `x > 0` and `slope * x` otherwise.
  public func leakyRelu(_ slope: Float = 0.01) -> Tensor {
    let x = self
    return Tensor.record(Kernels.map(x) { $0 > 0 ? $0 : slope * $0 }, [x]) { g, _ in
      [Kernels.zipSameShape(g, x) { $1 > 0 ? $0 : slope * $0 }]
    }
  }

  /// Elementwise GELU with the exact Gaussian CDF, `x Φ(x)` (PyTorch's default).
  public func gelu() -> Tensor {
    let x = self
    return Tensor.record(Kernels.map(x) { 0.5 * $0 * (1 + Glibc.erff($0 * 0.707_106_77)) }, [x]) { g, _ in
      [
        Kernels.zipSameShape(g, x) { g, v in
          let cdf = 0.5 * (1 + Glibc.erff(v * 0.707_106_77))
          let pdf = 0.398_942_3 * Glibc.expf(-0.5 * v * v)
          return g * (cdf + v * pdf)
        }
      ]
    }
  }

  /// Elementwise `log(1 + e^x)`, linear above 20 like PyTorch's default threshold.
  public func softplus() -> Tensor {
    let x = self
    return Tensor.record(
      Kernels.map(x) { $0 > 20 ? $0 : Glibc.log1pf(Glibc.expf($0)) }, [x]
    ) { g, _ in
      [Kernels.zipSameShape(g, x) { $0 * Tensor.sigmoid($1) }]
    }
  }

  /// Elementwise clamp into `[min, max]`; the gradient is zero where clamped. NaN stays NaN.
  public func clamp(min low: Float = -.infinity, max high: Float = .infinity) -> Tensor {
    let x = self
    return Tensor.record(Kernels.map(x) { $0.isNaN ? $0 : Swift.min(Swift.max($0, low), high) }, [x]) { g, _ in
      [Kernels.zipSameShape(g, x) { ($1 >= low && $1 <= high) ? $0 : 0 }]
    }
  }
}
