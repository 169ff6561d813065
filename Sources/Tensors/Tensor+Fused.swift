#if canImport(Glibc)
import Glibc
#endif

// Fused ops for the hot paths of training: an affine map with its activation, and softmax
// cross-entropy. Each is one recorded node instead of three to six, and touches its output
// once instead of once per op.

extension Tensor {
  /// The element-wise function applied by the fused `linear` op.
  public enum Activation: Sendable, Equatable {
    /// No activation: `x W + b`.
    case identity
    /// `max(x, 0)`.
    case relu
    /// Exact GELU, `x Φ(x)`.
    case gelu
    /// `tanh(x)`.
    case tanh
    /// `1 / (1 + e^-x)`.
    case sigmoid
  }

  /// `activation(x • weight + bias)` as one op: the bias is the initial value of the BLAS
  /// product and the activation runs in place on its output.
  ///
  /// - Parameters:
  ///   - x: `[..., in]`; leading axes are batch rows.
  ///   - weight: `[in, out]`.
  ///   - bias: `[out]`, or nil.
  /// - Returns: `[..., out]`.
  public static func linear(
    _ x: Tensor, weight: Tensor, bias: Tensor? = nil, activation: Activation = .identity
  ) -> Tensor {
    check(
      x.rank >= 1 && weight.rank == 2 && x.shape[x.rank - 1] == weight.shape[0], "linear",
      "input \(Shapes.describe(x.shape)) does not match weight \(Shapes.describe(weight.shape)) ([in, out])")
    let (inputs, outputs) = (weight.shape[0], weight.shape[1])
    if let bias {
      check(
        bias.shape == [outputs], "linear",
        "bias \(Shapes.describe(bias.shape)) does not match weight \(Shapes.describe(weight.shape)) (expected [\(outputs)])"
      )
    }
    let rows = x.count / Swift.max(inputs, 1)
    let outShape = Array(x.shape.dropLast()) + [outputs]
    let out = Tensor.uninitialized(outShape)
    let o = out.storage.base
    if let bias {
      let b = bias.storage.base
      Parallel.forEachChunk(rows, workPerItem: outputs) { range in
        for r in range { (o + r * outputs).update(from: b, count: outputs) }
      }
    }
    BLAS.sgemm(
      x.storage.base, transposeA: false, weight.storage.base, transposeB: false, o,
      m: rows, n: outputs, k: inputs, beta: bias == nil ? 0 : 1)
    // GELU's derivative needs the pre-activation; the others are functions of the output.
    let preActivation: Tensor? = activation == .gelu ? out.copy() : nil
    if activation != .identity {
      Parallel.forEachChunk(rows, workPerItem: outputs) { range in
        let start = range.lowerBound * outputs, end = range.upperBound * outputs
        switch activation {
        case .identity: break
        case .relu: for i in start..<end { o[i] = Swift.max(o[i], 0) }
        case .gelu: for i in start..<end { o[i] = 0.5 * o[i] * (1 + Glibc.erff(o[i] * 0.707_106_77)) }
        case .tanh: for i in start..<end { o[i] = Glibc.tanhf(o[i]) }
        case .sigmoid: for i in start..<end { o[i] = Tensor.sigmoid(o[i]) }
        }
      }
    }
    let inputsList = bias.map { [x, weight, $0] } ?? [x, weight]
    return record(out, inputsList) { g, y in
      let gp: Tensor
      if activation == .identity {
        gp = g
      } else {
        gp = Tensor.uninitialized(g.shape)
        let d = gp.storage.base, gs = g.storage.base, ys = y.storage.base
        let pre = preActivation?.storage.base
        Parallel.forEachChunk(rows, workPerItem: outputs) { range in
          let start = range.lowerBound * outputs, end = range.upperBound * outputs
          switch activation {
          case .identity: break
          case .relu: for i in start..<end { d[i] = ys[i] > 0 ? gs[i] : 0 }
          case .tanh: for i in start..<end { d[i] = gs[i] * (1 - ys[i] * ys[i]) }
          case .sigmoid: for i in start..<end { d[i] = gs[i] * ys[i] * (1 - ys[i]) }
          case .gelu:
            for i in start..<end {
              let v = pre![i]
              let cdf = 0.5 * (1 + Glibc.erff(v * 0.707_106_77))
              let pdf = 0.398_942_3 * Glibc.expf(-0.5 * v * v)
              d[i] = gs[i] * (cdf + v * pdf)
            }
          }
        }
        withExtendedLifetime((g, y, preActivation)) {}
      }
      // dX = G Wᵀ, dW = Xᵀ G, db = column sums of G. (Running the first two side by side on two
      // threads was measured slower for W3's 64 × 100 × 100 products: waking a worker while
      // OpenBLAS' idle thread spins costs more than the ~15 µs it saves.)
      return withExtendedLifetime(gp) {
        let gpp = gp.storage.base
        var gradX: Tensor? = nil
        if x.requiresGrad {
          let gx = Tensor.uninitialized(x.shape)
          BLAS.sgemm(
            gpp, transposeA: false, weight.storage.base, transposeB: true, gx.storage.base, m: rows, n: inputs,
            k: outputs)
          gradX = gx
        }
        var gradW: Tensor? = nil
        if weight.requiresGrad {
          let gw = Tensor.uninitialized(weight.shape)
          BLAS.sgemm(
            x.storage.base, transposeA: true, gpp, transposeB: false, gw.storage.base, m: inputs, n: outputs, k: rows)
          gradW = gw
        }
        guard let bias else { return [gradX, gradW] }
        return [gradX, gradW, bias.requiresGrad ? Tensor.columnSums(gpp, rows: rows, columns: outputs) : nil]
      }
    }
  }

  /// The sums of the columns of a row-major `rows × columns` buffer, as a `[columns]` tensor.
  static func columnSums(_ p: UnsafePointer<Float>, rows: Int, columns: Int) -> Tensor {
    let out = Tensor.zeros([columns])
    let o = out.storage.base
    // Threads take column blocks (multiples of 16 floats, whole cache lines) of every row.
    let blocks = (columns + 15) / 16
    Parallel.forEachChunk(blocks, workPerItem: 16 * rows) { range in
      let start = range.lowerBound * 16, end = Swift.min(columns, range.upperBound * 16)
      for r in 0..<rows {
        let row = p + r * columns
        for j in start..<end { o[j] += row[j] }
      }
    }
    return out
  }

  /// Softmax cross-entropy of `logits` `[N, C]` against integer `labels`, summed over the rows
  /// and multiplied by `scale` (`1/N` for the mean), as one fused op whose gradient is
  /// `scale · (softmax − target)`.
  ///
  /// With `labelSmoothing` ε the target is `(1 − ε)·onehot + ε/C`, as in PyTorch.
  public static func softmaxCrossEntropy(
    _ logits: Tensor, labels: [Int], labelSmoothing: Float = 0, scale: Float = 1
  ) -> Tensor {
    let (n, c, probabilities, losses) = crossEntropyForward(logits, labels, labelSmoothing)
    var total: Double = 0
    for l in losses { total += Double(l) }
    let out = Tensor(scalar: Float(total) * scale)
    return record(out, [logits]) { g, _ in
      [crossEntropyGradient(probabilities, labels, n, c, labelSmoothing) { _ in g.storage.base[0] * scale }]
    }
  }

  /// Softmax cross-entropy per row: `[N]` losses (see `softmaxCrossEntropy`).
  public static func softmaxCrossEntropyPerSample(
    _ logits: Tensor, labels: [Int], labelSmoothing: Float = 0
  ) -> Tensor {
    let (n, c, probabilities, losses) = crossEntropyForward(logits, labels, labelSmoothing)
    let out = Tensor(losses)
    return record(out, [logits]) { g, _ in
      let gp = g.storage.base
      return [crossEntropyGradient(probabilities, labels, n, c, labelSmoothing) { gp[$0] }]
    }
  }

  private static func crossEntropyForward(
    _ logits: Tensor, _ labels: [Int], _ smoothing: Float
  ) -> (Int, Int, Tensor, [Float]) {
    check(logits.rank == 2, "crossEntropy", "logits must be [batch, classes], got \(Shapes.describe(logits.shape))")
    let (n, c) = (logits.shape[0], logits.shape[1])
    check(
      labels.count == n, "crossEntropy",
      "\(labels.count) labels for \(n) rows of logits \(Shapes.describe(logits.shape))")
    for (i, label) in labels.enumerated() where label < 0 || label >= c {
      engineFailure("crossEntropy", "label \(label) at index \(i) is out of range 0..<\(c)")
    }
    let probabilities = Tensor.uninitialized(logits.shape)
    var losses = [Float](repeating: 0, count: n)
    let x = logits.storage.base, p = probabilities.storage.base
    for i in 0..<n {
      let row = x + i * c, out = p + i * c
      var m = -Float.infinity
      for j in 0..<c where row[j] > m { m = row[j] }
      if m == -.infinity { m = 0 }  // an all −∞ row stays finite in the max subtraction
      var total: Float = 0
      for j in 0..<c {
        let e = Glibc.expf(row[j] - m)
        out[j] = e
        total += e
      }
      let logTotal = Glibc.logf(total)
      let inverse = 1 / total
      for j in 0..<c { out[j] *= inverse }
      let label = labels[i]
      var loss = (1 - smoothing) * (m + logTotal - row[label])
      if smoothing > 0 {
        var sum: Float = 0
        for j in 0..<c { sum += m + logTotal - row[j] }
        loss += smoothing / Float(c) * sum
      }
      losses[i] = loss
    }
    return (n, c, probabilities, losses)
  }

  /// `weight(i) · (p − target)` per row, reusing `p`'s buffer when nothing else holds it.
  private static func crossEntropyGradient(
    _ probabilities: Tensor, _ labels: [Int], _ n: Int, _ c: Int, _ smoothing: Float, weight: (Int) -> Float
  ) -> Tensor {
    let grad = Tensor.uninitialized(probabilities.shape)
    let p = probabilities.storage.base, d = grad.storage.base
    let off = smoothing / Float(c)
    for i in 0..<n {
      let w = weight(i)
      let row = p + i * c, out = d + i * c
      for j in 0..<c { out[j] = (row[j] - off) * w }
      out[labels[i]] -= (1 - smoothing) * w
    }
    return grad
  }
}
