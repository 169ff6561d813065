import COpenBLAS
import Tensors

/// A dense row-major matrix of `Double`s: the exchange type of the analysis routines.
///
/// Analyses run outside autograd and in double precision (eigen-solvers, ridge paths, fits),
/// so they take and return `Matrix` rather than `Tensor`. Convert at the boundary with
/// `Matrix(tensor)` and `matrix.tensor()`. Products go to `cblas_dgemm`.
///
/// ```swift
/// let x = Matrix(features)                  // [n, d] Tensor → n×d Double matrix
/// let covariance = x.gram() / Double(x.rows)  // XᵀX / n
/// let (values, vectors) = try symmetricEigen(covariance)
/// ```
public struct Matrix: Equatable, Sendable, CustomStringConvertible {
  /// The number of rows.
  public let rows: Int
  /// The number of columns.
  public let columns: Int
  /// The entries, row after row: entry (i, j) is `values[i * columns + j]`.
  public var values: [Double]

  /// A matrix from row-major `values`; their count must be `rows * columns`.
  public init(rows: Int, columns: Int, values: [Double]) {
    if rows < 0 || columns < 0 || values.count != rows * columns {
      engineFailure("Matrix", "\(values.count) values cannot fill \(rows)×\(columns)")
    }
    self.rows = rows
    self.columns = columns
    self.values = values
  }

  /// A `rows`×`columns` matrix with every entry `value`.
  public init(rows: Int, columns: Int, repeating value: Double = 0) {
    self.init(rows: rows, columns: columns, values: Array(repeating: value, count: max(rows, 0) * max(columns, 0)))
  }

  /// A matrix from equal-length rows: `Matrix([[1, 2], [3, 4]])`.
  public init(_ rows: [[Double]]) {
    let columns = rows.first?.count ?? 0
    if let bad = rows.firstIndex(where: { $0.count != columns }) {
      engineFailure("Matrix", "row \(bad) has \(rows[bad].count) entries, row 0 has \(columns)")
    }
    self.init(rows: rows.count, columns: columns, values: rows.flatMap { $0 })
  }

  /// A matrix from a rank-2 tensor (a rank-1 tensor becomes one column), widened to `Double`.
  public init(_ tensor: Tensor) {
    switch tensor.rank {
    case 2: self.init(rows: tensor.shape[0], columns: tensor.shape[1], values: tensor.scalars.map(Double.init))
    case 1: self.init(rows: tensor.shape[0], columns: 1, values: tensor.scalars.map(Double.init))
    default: engineFailure("Matrix", "needs a rank-1 or rank-2 tensor, not shape \(tensor.shape)")
    }
  }

  /// A column vector.
  public init(column: [Double]) { self.init(rows: column.count, columns: 1, values: column) }

  /// The `n`×`n` identity.
  public static func identity(_ n: Int) -> Matrix { diagonal(Array(repeating: 1, count: n)) }

  /// The square matrix with `entries` on its diagonal.
  public static func diagonal(_ entries: [Double]) -> Matrix {
    var m = Matrix(rows: entries.count, columns: entries.count)
    for (i, v) in entries.enumerated() { m.values[i * entries.count + i] = v }
    return m
  }

  /// The matrix as a `Float` tensor of shape `[rows, columns]`.
  public func tensor() -> Tensor { Tensor(values.map(Float.init), shape: [rows, columns]) }

  /// Entry (i, j).
  public subscript(i: Int, j: Int) -> Double {
    get { values[i * columns + j] }
    set { values[i * columns + j] = newValue }
  }

  /// Row `i` as an array.
  public func row(_ i: Int) -> [Double] { Array(values[i * columns..<(i + 1) * columns]) }

  /// Column `j` as an array.
  public func column(_ j: Int) -> [Double] { (0..<rows).map { values[$0 * columns + j] } }

  /// The rows at `indices`, in that order.
  public func rows(_ indices: [Int]) -> Matrix {
    var out: [Double] = []
    out.reserveCapacity(indices.count * columns)
    for i in indices { out.append(contentsOf: values[i * columns..<(i + 1) * columns]) }
    return Matrix(rows: indices.count, columns: columns, values: out)
  }

  /// The rows in `range`.
  public func rows(_ range: Range<Int>) -> Matrix {
    Matrix(
      rows: range.count, columns: columns,
      values: Array(values[range.lowerBound * columns..<range.upperBound * columns]))
  }

  /// The columns in `range`.
  public func columns(_ range: Range<Int>) -> Matrix {
    var out: [Double] = []
    out.reserveCapacity(rows * range.count)
    for i in 0..<rows {
      out.append(contentsOf: values[i * columns + range.lowerBound..<i * columns + range.upperBound])
    }
    return Matrix(rows: rows, columns: range.count, values: out)
  }

  /// The columns at `indices`, in that order.
  public func columns(_ indices: [Int]) -> Matrix {
    var out: [Double] = []
    out.reserveCapacity(rows * indices.count)
    for i in 0..<rows { for j in indices { out.append(values[i * columns + j]) } }
    return Matrix(rows: rows, columns: indices.count, values: out)
  }

  /// The transpose.
  public var transposed: Matrix {
    var out = [Double](repeating: 0, count: values.count)
    values.withUnsafeBufferPointer { a in
      for i in 0..<rows { for j in 0..<columns { out[j * rows + i] = a[i * columns + j] } }
    }
    return Matrix(rows: columns, columns: rows, values: out)
  }

  /// The sum of the diagonal.
  public var trace: Double { (0..<min(rows, columns)).reduce(0) { $0 + values[$1 * columns + $1] } }

  /// The Frobenius norm √(Σ aᵢⱼ²).
  public var frobeniusNorm: Double { values.reduce(0) { $0 + $1 * $1 }.squareRoot() }

  /// `op(self) · op(other)` through `cblas_dgemm`, with optional transposes (never copied).
  public func matmul(_ other: Matrix, transposeSelf: Bool = false, transposeOther: Bool = false) -> Matrix {
    let (m, k) = transposeSelf ? (columns, rows) : (rows, columns)
    let (k2, n) = transposeOther ? (other.columns, other.rows) : (other.rows, other.columns)
    if k != k2 {
      engineFailure("Matrix.matmul", "inner dimensions differ: \(m)×\(k) · \(k2)×\(n)")
    }
    var out = [Double](repeating: 0, count: m * n)
    if m > 0, n > 0, k > 0 {
      values.withUnsafeBufferPointer { a in
        other.values.withUnsafeBufferPointer { b in
          out.withUnsafeMutableBufferPointer { c in
            cblas_dgemm(
              CblasRowMajor, transposeSelf ? CblasTrans : CblasNoTrans, transposeOther ? CblasTrans : CblasNoTrans,
              Int32(m), Int32(n), Int32(k), 1, a.baseAddress, Int32(columns), b.baseAddress, Int32(other.columns), 0,
              c.baseAddress, Int32(n))
          }
        }
      }
    }
    return Matrix(rows: m, columns: n, values: out)
  }

  /// `selfᵀ · self` (columns × columns) through `cblas_dsyrk`: the Gram matrix of the columns.
  public func gram() -> Matrix { syrk(transpose: true) }

  /// `self · selfᵀ` (rows × rows) through `cblas_dsyrk`: the Gram matrix of the rows (a kernel matrix).
  public func outerGram() -> Matrix { syrk(transpose: false) }

  private func syrk(transpose: Bool) -> Matrix {
    let n = transpose ? columns : rows
    let k = transpose ? rows : columns
    var out = [Double](repeating: 0, count: n * n)
    if n > 0, k > 0 {
      values.withUnsafeBufferPointer { a in
        out.withUnsafeMutableBufferPointer { c in
          cblas_dsyrk(
            CblasRowMajor, CblasUpper, transpose ? CblasTrans : CblasNoTrans, Int32(n), Int32(k), 1, a.baseAddress,
            Int32(columns), 0, c.baseAddress, Int32(n))
          // dsyrk fills the upper triangle only; mirror it.
          for i in 0..<n { for j in 0..<i { c[i * n + j] = c[j * n + i] } }
        }
      }
    }
    return Matrix(rows: n, columns: n, values: out)
  }

  /// `self · v` for a vector `v` of length `columns` (or `selfᵀ · v`, `v` of length `rows`), via `cblas_dgemv`.
  public func apply(_ v: [Double], transposed: Bool = false) -> [Double] {
    let (inCount, outCount) = transposed ? (rows, columns) : (columns, rows)
    if v.count != inCount {
      engineFailure(
        "Matrix.apply", "a vector of \(v.count) for a \(rows)×\(columns) matrix\(transposed ? " (transposed)" : "")")
    }
    var out = [Double](repeating: 0, count: outCount)
    if rows > 0, columns > 0 {
      values.withUnsafeBufferPointer { a in
        v.withUnsafeBufferPointer { x in
          out.withUnsafeMutableBufferPointer { y in
            cblas_dgemv(
              CblasRowMajor, transposed ? CblasTrans : CblasNoTrans, Int32(rows), Int32(columns), 1, a.baseAddress,
              Int32(columns), x.baseAddress, 1, 0, y.baseAddress, 1)
          }
        }
      }
    }
    return out
  }

  /// The mean of each column (length `columns`).
  public func columnMeans() -> [Double] {
    var sums = [Double](repeating: 0, count: columns)
    for i in 0..<rows { for j in 0..<columns { sums[j] += values[i * columns + j] } }
    return sums.map { rows > 0 ? $0 / Double(rows) : 0 }
  }

  /// Each row minus `vector` (length `columns`), e.g. centring by the column means.
  public func subtractingRow(_ vector: [Double]) -> Matrix {
    if vector.count != columns {
      engineFailure("Matrix.subtractingRow", "\(vector.count) entries for \(columns) columns")
    }
    var out = values
    for i in 0..<rows { for j in 0..<columns { out[i * columns + j] -= vector[j] } }
    return Matrix(rows: rows, columns: columns, values: out)
  }

  /// Each column j multiplied by `scales[j]` (`self · diag(scales)`).
  public func scalingColumns(_ scales: [Double]) -> Matrix {
    if scales.count != columns {
      engineFailure("Matrix.scalingColumns", "\(scales.count) scales for \(columns) columns")
    }
    var out = values
    for i in 0..<rows { for j in 0..<columns { out[i * columns + j] *= scales[j] } }
    return Matrix(rows: rows, columns: columns, values: out)
  }

  /// Each row i multiplied by `scales[i]` (`diag(scales) · self`).
  public func scalingRows(_ scales: [Double]) -> Matrix {
    if scales.count != rows { engineFailure("Matrix.scalingRows", "\(scales.count) scales for \(rows) rows") }
    var out = values
    for i in 0..<rows { for j in 0..<columns { out[i * columns + j] *= scales[i] } }
    return Matrix(rows: rows, columns: columns, values: out)
  }

  /// The largest absolute difference between the entries of two matrices of the same shape.
  public func maxAbsDifference(_ other: Matrix) -> Double {
    if rows != other.rows || columns != other.columns {
      engineFailure("Matrix.maxAbsDifference", "shapes \(rows)×\(columns) and \(other.rows)×\(other.columns) differ")
    }
    return zip(values, other.values).reduce(0) { max($0, Swift.abs($1.0 - $1.1)) }
  }

  public var description: String {
    let shown = (0..<min(rows, 6)).map { i in
      "[" + (0..<min(columns, 6)).map { String(values[i * columns + $0]) }.joined(separator: ", ")
        + (columns > 6 ? ", …" : "") + "]"
    }
    return "Matrix \(rows)×\(columns) [" + shown.joined(separator: ", ") + (rows > 6 ? ", …" : "") + "]"
  }
}

// MARK: - Elementwise arithmetic

extension Matrix {
  private static func combine(_ a: Matrix, _ b: Matrix, _ op: String, _ f: (Double, Double) -> Double) -> Matrix {
    if a.rows != b.rows || a.columns != b.columns {
      engineFailure("Matrix \(op)", "shapes \(a.rows)×\(a.columns) and \(b.rows)×\(b.columns) differ")
    }
    return Matrix(rows: a.rows, columns: a.columns, values: zip(a.values, b.values).map(f))
  }

  /// The entrywise sum.
  public static func + (a: Matrix, b: Matrix) -> Matrix { combine(a, b, "+", +) }
  /// The entrywise difference.
  public static func - (a: Matrix, b: Matrix) -> Matrix { combine(a, b, "-", -) }
  /// The matrix product (`a.matmul(b)`).
  public static func * (a: Matrix, b: Matrix) -> Matrix { a.matmul(b) }
  /// Every entry times `s`.
  public static func * (a: Matrix, s: Double) -> Matrix {
    Matrix(rows: a.rows, columns: a.columns, values: a.values.map { $0 * s })
  }
  /// Every entry times `s`.
  public static func * (s: Double, a: Matrix) -> Matrix { a * s }
  /// Every entry divided by `s`.
  public static func / (a: Matrix, s: Double) -> Matrix { a * (1 / s) }
  /// `a + s·I` for a square `a`: adds `s` to the diagonal (a ridge).
  public func addingToDiagonal(_ s: Double) -> Matrix {
    var out = self
    for i in 0..<min(rows, columns) { out.values[i * columns + i] += s }
    return out
  }
}
