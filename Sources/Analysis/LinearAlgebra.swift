import COpenBLAS
import Tensors

// Dense linear algebra through LAPACKE (OpenBLAS' LAPACK), in double precision unless a
// function says otherwise. Inputs are never modified; LAPACK works on copies.

/// A LAPACK routine that did not succeed: which routine and its `info` code, explained.
public struct LinearAlgebraError: Error, CustomStringConvertible, Sendable, Equatable {
  /// The LAPACK routine, e.g. `dposv`.
  public var routine: String
  /// LAPACK's `info`: negative = bad argument, positive = a numerical failure (see `description`).
  public var info: Int
  /// What the failure means for this routine.
  public var reason: String

  public var description: String { "\(routine) failed (info \(info)): \(reason)" }
}

@inline(__always)
private func char(_ c: Unicode.Scalar) -> CChar { CChar(UInt8(ascii: c)) }

private func requireSquare(_ a: Matrix, _ op: String) {
  if a.rows != a.columns { engineFailure(op, "needs a square matrix, not \(a.rows)×\(a.columns)") }
}

/// LAPACKE's `lapack_int` (a C macro, so not imported): 32-bit in Debian's LP64 OpenBLAS.
typealias LapackInt = Int32

// MARK: - Eigendecomposition

/// The eigendecomposition `A = V diag(λ) Vᵀ` of a symmetric matrix (LAPACK `dsyevd`,
/// divide and conquer), eigenvalues **ascending** as in NumPy's `eigh`.
///
/// Only the upper triangle of `a` is read. `vectors` holds the unit eigenvectors as columns:
/// column `i` belongs to `values[i]`.
/// - Throws: `LinearAlgebraError` when the algorithm fails to converge.
public func symmetricEigen(_ a: Matrix) throws(LinearAlgebraError) -> (values: [Double], vectors: Matrix) {
  requireSquare(a, "symmetricEigen")
  let n = a.rows
  if n == 0 { return ([], a) }
  var work = a.values
  var w = [Double](repeating: 0, count: n)
  let info = LAPACKE_dsyevd(LAPACK_ROW_MAJOR, char("V"), char("U"), LapackInt(n), &work, LapackInt(n), &w)
  if info != 0 {
    throw LinearAlgebraError(
      routine: "dsyevd", info: Int(info),
      reason: info < 0 ? "argument \(-info) is invalid" : "the algorithm did not converge")
  }
  return (w, Matrix(rows: n, columns: n, values: work))
}

/// The eigenvalues of a symmetric matrix, ascending (`dsyevd` without vectors: much cheaper).
public func symmetricEigenvalues(_ a: Matrix) throws(LinearAlgebraError) -> [Double] {
  requireSquare(a, "symmetricEigenvalues")
  let n = a.rows
  if n == 0 { return [] }
  var work = a.values
  var w = [Double](repeating: 0, count: n)
  let info = LAPACKE_dsyevd(LAPACK_ROW_MAJOR, char("N"), char("U"), LapackInt(n), &work, LapackInt(n), &w)
  if info != 0 {
    throw LinearAlgebraError(
      routine: "dsyevd", info: Int(info),
      reason: info < 0 ? "argument \(-info) is invalid" : "the algorithm did not converge")
  }
  return w
}

/// The eigendecomposition of a symmetric `Float` tensor `[n, n]` in single precision (LAPACK
/// `ssyevd`): about twice as fast as the `Double` version, for large well-conditioned matrices.
///
/// Eigenvalues ascending; `vectors` `[n, n]` holds the eigenvectors as columns.
public func symmetricEigen(_ a: Tensor) throws(LinearAlgebraError) -> (values: [Float], vectors: Tensor) {
  if a.rank != 2 || a.shape[0] != a.shape[1] {
    engineFailure("symmetricEigen", "needs a square [n, n] tensor, not \(a.shape)")
  }
  let n = a.shape[0]
  var work = a.scalars
  var w = [Float](repeating: 0, count: n)
  if n == 0 { return ([], a) }
  let info = LAPACKE_ssyevd(LAPACK_ROW_MAJOR, char("V"), char("U"), LapackInt(n), &work, LapackInt(n), &w)
  if info != 0 {
    throw LinearAlgebraError(
      routine: "ssyevd", info: Int(info),
      reason: info < 0 ? "argument \(-info) is invalid" : "the algorithm did not converge")
  }
  return (w, Tensor(work, shape: [n, n]))
}

// MARK: - Singular value decomposition

/// The thin singular value decomposition `A = U diag(s) Vᵀ` (LAPACK `dgesdd`), singular values
/// **descending**.
///
/// For an m×n matrix with k = min(m, n): `u` is m×k, `s` has k entries, `vt` is k×n.
/// - Throws: `LinearAlgebraError` when the algorithm fails to converge.
public func svd(_ a: Matrix) throws(LinearAlgebraError) -> (u: Matrix, s: [Double], vt: Matrix) {
  let (m, n) = (a.rows, a.columns)
  let k = min(m, n)
  if k == 0 { return (Matrix(rows: m, columns: 0), [], Matrix(rows: 0, columns: n)) }
  var work = a.values
  var s = [Double](repeating: 0, count: k)
  var u = [Double](repeating: 0, count: m * k)
  var vt = [Double](repeating: 0, count: k * n)
  let info = LAPACKE_dgesdd(
    LAPACK_ROW_MAJOR, char("S"), LapackInt(m), LapackInt(n), &work, LapackInt(n), &s, &u, LapackInt(k), &vt,
    LapackInt(n))
  if info != 0 {
    throw LinearAlgebraError(
      routine: "dgesdd", info: Int(info),
      reason: info < 0 ? "argument \(-info) is invalid" : "the algorithm did not converge")
  }
  return (Matrix(rows: m, columns: k, values: u), s, Matrix(rows: k, columns: n, values: vt))
}

/// The singular values of `a`, descending (`dgesdd` without vectors).
public func singularValues(_ a: Matrix) throws(LinearAlgebraError) -> [Double] {
  let (m, n) = (a.rows, a.columns)
  let k = min(m, n)
  if k == 0 { return [] }
  var work = a.values
  var s = [Double](repeating: 0, count: k)
  // U and Vᵀ are not computed, but row-major LAPACKE checks their leading dimensions anyway.
  var unusedU = [Double](repeating: 0, count: k)
  var unusedVt = [Double](repeating: 0, count: n)
  let info = LAPACKE_dgesdd(
    LAPACK_ROW_MAJOR, char("N"), LapackInt(m), LapackInt(n), &work, LapackInt(n), &s, &unusedU, LapackInt(k),
    &unusedVt, LapackInt(n))
  if info != 0 {
    throw LinearAlgebraError(
      routine: "dgesdd", info: Int(info),
      reason: info < 0 ? "argument \(-info) is invalid" : "the algorithm did not converge")
  }
  return s
}

/// The Moore–Penrose pseudo-inverse through the SVD; singular values at or below
/// `rcond · s_max` count as zero. The default `rcond` is `max(m, n) · ε` (NumPy's `matrix_rank`
/// tolerance), which treats exactly rank-deficient matrices (e.g. a between-class covariance of
/// rank K − 1) correctly.
public func pseudoInverse(_ a: Matrix, rcond: Double? = nil) throws(LinearAlgebraError) -> Matrix {
  let (u, s, vt) = try svd(a)
  let cutoff = (rcond ?? Double(max(a.rows, a.columns)) * Double.ulpOfOne) * (s.first ?? 0)
  let inverse = s.map { $0 > cutoff ? 1 / $0 : 0 }
  // A⁺ = V diag(1/s) Uᵀ
  return vt.scalingRows(inverse).matmul(u, transposeSelf: true, transposeOther: true)
}

/// The numerical rank: singular values above `rcond · s_max` (default `max(m, n) · ε`).
public func matrixRank(_ a: Matrix, rcond: Double? = nil) throws(LinearAlgebraError) -> Int {
  let s = try singularValues(a)
  let cutoff = (rcond ?? Double(max(a.rows, a.columns)) * Double.ulpOfOne) * (s.first ?? 0)
  return s.filter { $0 > cutoff }.count
}

// MARK: - Cholesky and linear solves

/// The lower-triangular Cholesky factor `L` with `A = L Lᵀ` of a symmetric positive definite
/// matrix (LAPACK `dpotrf`); only the lower triangle of `a` is read.
/// - Throws: `LinearAlgebraError` when `a` is not positive definite.
public func cholesky(_ a: Matrix) throws(LinearAlgebraError) -> Matrix {
  requireSquare(a, "cholesky")
  let n = a.rows
  var work = a.values
  let info = LAPACKE_dpotrf(LAPACK_ROW_MAJOR, char("L"), LapackInt(n), &work, LapackInt(n))
  if info != 0 {
    throw LinearAlgebraError(
      routine: "dpotrf", info: Int(info),
      reason: info < 0 ? "argument \(-info) is invalid" : "the leading minor of order \(info) is not positive definite")
  }
  for i in 0..<n { for j in (i + 1)..<max(i + 1, n) { work[i * n + j] = 0 } }
  return Matrix(rows: n, columns: n, values: work)
}

/// Solves `A X = B` for a symmetric positive definite `A` by Cholesky (LAPACK `dposv`); `B` may
/// hold several right-hand sides as columns. Ridge regression's normal equations are the
/// typical use: `solvePositiveDefinite(XᵀX + λI, XᵀY)`.
/// - Throws: `LinearAlgebraError` when `A` is not positive definite.
public func solvePositiveDefinite(_ a: Matrix, _ b: Matrix) throws(LinearAlgebraError) -> Matrix {
  requireSquare(a, "solvePositiveDefinite")
  if b.rows != a.rows { engineFailure("solvePositiveDefinite", "A is \(a.rows)×\(a.columns) but B has \(b.rows) rows") }
  var work = a.values
  var x = b.values
  if b.columns == 0 || a.rows == 0 { return b }
  let info = LAPACKE_dposv(
    LAPACK_ROW_MAJOR, char("U"), LapackInt(a.rows), LapackInt(b.columns), &work, LapackInt(a.rows), &x,
    LapackInt(b.columns))
  if info != 0 {
    throw LinearAlgebraError(
      routine: "dposv", info: Int(info),
      reason: info < 0 ? "argument \(-info) is invalid" : "the leading minor of order \(info) is not positive definite")
  }
  return Matrix(rows: b.rows, columns: b.columns, values: x)
}

/// Solves a square system `A X = B` by LU with partial pivoting (LAPACK `dgesv`).
/// - Throws: `LinearAlgebraError` when `A` is singular.
public func solve(_ a: Matrix, _ b: Matrix) throws(LinearAlgebraError) -> Matrix {
  requireSquare(a, "solve")
  if b.rows != a.rows { engineFailure("solve", "A is \(a.rows)×\(a.columns) but B has \(b.rows) rows") }
  if b.columns == 0 || a.rows == 0 { return b }
  var work = a.values
  var x = b.values
  var pivots = [LapackInt](repeating: 0, count: a.rows)
  let info = LAPACKE_dgesv(
    LAPACK_ROW_MAJOR, LapackInt(a.rows), LapackInt(b.columns), &work, LapackInt(a.rows), &pivots, &x,
    LapackInt(b.columns))
  if info != 0 {
    throw LinearAlgebraError(
      routine: "dgesv", info: Int(info),
      reason: info < 0 ? "argument \(-info) is invalid" : "the matrix is singular (U[\(info),\(info)] = 0)")
  }
  return Matrix(rows: b.rows, columns: b.columns, values: x)
}

/// The minimum-norm least-squares solution of `A X ≈ B` (LAPACK `dgelsd`, SVD-based, so
/// rank-deficient and under-determined systems are fine).
///
/// - Parameter rcond: singular values at or below `rcond · s_max` are treated as zero; the
///   default is `max(m, n) · ε`.
/// - Returns: `solution` (columns × B.columns), the effective `rank` and `A`'s singular values.
public func leastSquares(
  _ a: Matrix, _ b: Matrix, rcond: Double? = nil
) throws(LinearAlgebraError) -> (solution: Matrix, rank: Int, singularValues: [Double]) {
  if b.rows != a.rows { engineFailure("leastSquares", "A is \(a.rows)×\(a.columns) but B has \(b.rows) rows") }
  let (m, n, k) = (a.rows, a.columns, b.columns)
  let ldb = max(m, n)
  var work = a.values
  // B is padded to max(m, n) rows: dgelsd writes the n-row solution in place.
  var x = [Double](repeating: 0, count: ldb * k)
  for i in 0..<m { for j in 0..<k { x[i * k + j] = b.values[i * k + j] } }
  var s = [Double](repeating: 0, count: max(min(m, n), 1))
  var rank: LapackInt = 0
  let tolerance = rcond ?? Double(max(m, n)) * Double.ulpOfOne
  if m == 0 || n == 0 || k == 0 { return (Matrix(rows: n, columns: k), 0, []) }
  let info = LAPACKE_dgelsd(
    LAPACK_ROW_MAJOR, LapackInt(m), LapackInt(n), LapackInt(k), &work, LapackInt(n), &x, LapackInt(k), &s,
    tolerance, &rank)
  if info != 0 {
    throw LinearAlgebraError(
      routine: "dgelsd", info: Int(info), reason: info < 0 ? "argument \(-info) is invalid" : "the SVD did not converge"
    )
  }
  return (Matrix(rows: n, columns: k, values: Array(x[0..<(n * k)])), Int(rank), Array(s.prefix(min(m, n))))
}
