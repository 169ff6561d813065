import Analysis
import Tensors
import Testing

/// Expects every entry of `actual` within `tolerance` of `expected`.
func expectClose(
  _ actual: [Double], _ expected: [Double], tolerance: Double = 1e-10, _ comment: String = "",
  sourceLocation: SourceLocation = #_sourceLocation
) {
  #expect(
    actual.count == expected.count, "\(comment): \(actual.count) values, expected \(expected.count)",
    sourceLocation: sourceLocation)
  for (i, (a, e)) in zip(actual, expected).enumerated() where !(Swift.abs(a - e) <= tolerance) {
    Issue.record("\(comment): entry \(i) is \(a), expected \(e) ± \(tolerance)", sourceLocation: sourceLocation)
    return
  }
}

@Suite("Matrix")
struct MatrixTests {
  @Test func productsAndTransposes() {
    let a = Matrix([[1, 2, 3], [4, 5, 6]])
    let b = Matrix([[1, 0], [0, 1], [1, 1]])
    expectClose((a * b).values, [4, 5, 10, 11], "a·b")
    expectClose(a.matmul(a, transposeOther: true).values, [14, 32, 32, 77], "a·aᵀ")
    expectClose(a.matmul(a, transposeSelf: true).values, [17, 22, 27, 22, 29, 36, 27, 36, 45], "aᵀ·a")
    expectClose(a.gram().values, [17, 22, 27, 22, 29, 36, 27, 36, 45], "gram")
    expectClose(a.outerGram().values, [14, 32, 32, 77], "outerGram")
    expectClose(a.transposed.values, [1, 4, 2, 5, 3, 6], "transpose")
    expectClose(a.apply([1, 1, 1]), [6, 15], "A·v")
    expectClose(a.apply([1, -1], transposed: true), [-3, -3, -3], "Aᵀ·v")
    #expect(a.transposed.rows == 3)
    expectClose(a.columnMeans(), [2.5, 3.5, 4.5], "column means")
    expectClose(a.columns(1..<3).values, [2, 3, 5, 6], "column slice")
    expectClose(a.rows([1]).values, [4, 5, 6], "row select")
  }

  @Test func tensorRoundTrip() {
    let t = Tensor([[1, 2], [3, 4], [5, 6]])
    let m = Matrix(t)
    #expect(m.rows == 3 && m.columns == 2)
    #expect(m[2, 1] == 6)
    #expect(m.tensor().scalars == t.scalars)
    #expect(m.tensor().shape == [3, 2])
  }
}

@Suite("LAPACK wrappers")
struct LinearAlgebraTests {
  @Test func symmetricEigenOfTridiagonal() throws {
    // Eigenvalues of tridiag(−1, 2, −1) are 2 − √2, 2, 2 + √2.
    let a = Matrix([[2, -1, 0], [-1, 2, -1], [0, -1, 2]])
    let (values, vectors) = try symmetricEigen(a)
    let r = 2.0.squareRoot()
    expectClose(values, [2 - r, 2, 2 + r], "eigenvalues ascending")
    // A V = V Λ and VᵀV = I.
    expectClose((a * vectors).values, vectors.scalingColumns(values).values, "A V = V Λ")
    expectClose(vectors.gram().values, Matrix.identity(3).values, "orthonormal")
    expectClose(try symmetricEigenvalues(a), [2 - r, 2, 2 + r], "values only")
  }

  @Test func singlePrecisionEigen() throws {
    let a = Tensor([[4, 1], [1, 3]])
    let (values, vectors) = try symmetricEigen(a)
    // (7 ∓ √5) / 2
    expectClose(values.map(Double.init), [(7 - 5.0.squareRoot()) / 2, (7 + 5.0.squareRoot()) / 2], tolerance: 1e-5)
    let av = a.matmul(vectors).scalars, vl = vectors.scalars
    expectClose(
      av.map(Double.init),
      [vl[0] * values[0], vl[1] * values[1], vl[2] * values[0], vl[3] * values[1]].map(Double.init), tolerance: 1e-5)
  }

  @Test func svdMatchesNumPy() throws {
    let a = Matrix([[3, 1], [1, 3], [1, 1]])
    let (u, s, vt) = try svd(a)
    expectClose(s, [4.242640687119286, 2.0], "singular values (numpy)")
    #expect(u.rows == 3 && u.columns == 2 && vt.rows == 2 && vt.columns == 2)
    expectClose((u.scalingColumns(s) * vt).values, a.values, "U S Vᵀ = A")
    expectClose(try singularValues(a), s, "values only")
  }

  @Test func pseudoInverseOfRankDeficientMatrix() throws {
    let b = Matrix([[1, 2, 3], [2, 4, 6], [1, 0, 1]])
    let numpy: [Double] = [
      -0.03333333333333385, -0.06666666666666661, 0.8333333333333339, 0.0666666666666671, 0.13333333333333325,
      -0.666666666666667, 0.033333333333333236, 0.06666666666666664, 0.16666666666666682,
    ]
    expectClose(try pseudoInverse(b).values, numpy, tolerance: 1e-12, "np.linalg.pinv")
    #expect(try matrixRank(b) == 2)
  }

  @Test func choleskyAndSolves() throws {
    let a = Matrix([[4, 2], [2, 3]])
    expectClose(try cholesky(a).values, [2, 0, 1, 2.0.squareRoot()], "L")
    let b = Matrix([[2, 0], [1, 1]])
    // A X = B with X = A⁻¹ B, A⁻¹ = [[3, −2], [−2, 4]] / 8.
    let expected = [4.0 / 8, -2.0 / 8, 0, 4.0 / 8]
    expectClose(try solvePositiveDefinite(a, b).values, expected, "dposv")
    expectClose(try solve(a, b).values, expected, "dgesv")
    #expect(throws: LinearAlgebraError.self) { try cholesky(Matrix([[1, 2], [2, 1]])) }
    #expect(throws: LinearAlgebraError.self) { try solve(Matrix([[1, 2], [2, 4]]), b) }
  }

  @Test func leastSquaresOverAndUnderdetermined() throws {
    let x = Matrix([[1, 0], [1, 1], [1, 2], [1, 3]])
    let y = Matrix(column: [1, 2, 2, 4])
    let fit = try leastSquares(x, y)
    expectClose(fit.solution.values, [0.9, 0.9], tolerance: 1e-12, "np.linalg.lstsq")
    #expect(fit.rank == 2)
    let under = try leastSquares(Matrix([[1, 2, 3]]), Matrix(column: [6]))
    expectClose(
      under.solution.values, [0.4285714285714286, 0.8571428571428572, 1.285714285714286], tolerance: 1e-12,
      "minimum norm")
  }
}
