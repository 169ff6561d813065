// Matrix products through OpenBLAS `cblas_sgemm`. Transposes are flags passed to BLAS, never
// copies, in the forward pass and in the gradients.

extension Tensor {
  /// The matrix product `op(self) · op(other)`.
  ///
  /// - Rank 2 × rank 2: an ordinary product, `[m, k] · [k, n] → [m, n]`.
  /// - Rank ≥ 3 × rank 2: the leading axes of `self` are batch rows (`x · W` for `[B, T, C]`).
  /// - Rank ≥ 3 × rank ≥ 3 with equal leading axes: one product per batch element.
  ///
  /// - Parameters:
  ///   - transposeA: use the transpose of the last two axes of `self`.
  ///   - transposeB: use the transpose of the last two axes of `other`.
  public func matmul(_ other: Tensor, transposeA: Bool = false, transposeB: Bool = false) -> Tensor {
    let a = self, b = other
    check(
      a.rank >= 2 && b.rank >= 2, "matmul",
      "needs matrices, got shapes \(Shapes.describe(a.shape)) and \(Shapes.describe(b.shape))")
    if a.rank > 2 && b.rank == 2 && !transposeA {
      let rows = a.reshaped([-1, a.shape[a.rank - 1]])
      let product = rows.matmul(b, transposeB: transposeB)
      return product.reshaped(Array(a.shape.dropLast()) + [product.shape[1]])
    }
    check(
      !(a.rank > 2 && b.rank == 2 && transposeA), "matmul",
      "transposeA transposes each matrix of a batch \(Shapes.describe(a.shape)), which needs a batch of right operands too, not the matrix \(Shapes.describe(b.shape)); broadcast it (b.broadcast(to:)) or transpose the batch explicitly"
    )
    let batchA = Array(a.shape.dropLast(2)), batchB = Array(b.shape.dropLast(2))
    check(
      batchA == batchB, "matmul",
      "batch axes of \(Shapes.describe(a.shape)) and \(Shapes.describe(b.shape)) differ")
    let (ar, ac) = (a.shape[a.rank - 2], a.shape[a.rank - 1])
    let (br, bc) = (b.shape[b.rank - 2], b.shape[b.rank - 1])
    let (m, k) = transposeA ? (ac, ar) : (ar, ac)
    let (k2, n) = transposeB ? (bc, br) : (br, bc)
    check(
      k == k2, "matmul",
      "inner dimensions differ: \(Shapes.describe(a.shape))\(transposeA ? "ᵀ" : "") · \(Shapes.describe(b.shape))\(transposeB ? "ᵀ" : "")"
    )
    let batches = Shapes.count(batchA)
    let out = Tensor.uninitialized(batchA + [m, n])
    for i in 0..<batches {
      BLAS.sgemm(
        a.storage.base + i * m * k, transposeA: transposeA, b.storage.base + i * k * n, transposeB: transposeB,
        out.storage.base + i * m * n, m: m, n: n, k: k)
    }
    return Tensor.record(out, [a, b]) { g, _ in
      // d op(A) = G op(B)ᵀ and d op(B) = op(A)ᵀ G, rewritten so each is one flagged sgemm.
      let gradA: Tensor? =
        a.requiresGrad
        ? (transposeA
          ? b.matmul(g, transposeA: transposeB, transposeB: true)
          : g.matmul(b, transposeB: !transposeB))
        : nil
      let gradB: Tensor? =
        b.requiresGrad
        ? (transposeB
          ? g.matmul(a, transposeA: true, transposeB: transposeA)
          : a.matmul(g, transposeA: !transposeA))
        : nil
      return [gradA, gradB]
    }
  }

  /// The matrix product `a · b`.
  public static func • (a: Tensor, b: Tensor) -> Tensor { a.matmul(b) }
}

infix operator • : MultiplicationPrecedence
