import COpenBLAS
import Synchronization

/// Thread policy for OpenBLAS.
///
/// Small products run on one thread: waking OpenBLAS' pool costs more than it saves below
/// about `multithreadFlops` multiply-adds (measured with `litmus-bench sgemm-threshold`).
/// The settings are atomics, so threads that multiply matrices concurrently never race on them
/// (OpenBLAS' own thread count is process-wide, as in NumPy and PyTorch).
public enum BLAS {
  private static let threadCount = Atomic<Int>(Swift.max(1, Int(openblas_get_num_threads())))
  private static let current = Atomic<Int>(-1)
  private static let threshold = Atomic<Int>(1 << 20)

  /// The thread count for large products; set with `setThreads(_:)`.
  public static var threads: Int { threadCount.load(ordering: .relaxed) }

  /// Products of fewer multiply-adds than this run single-threaded.
  public static var multithreadFlops: Int {
    get { threshold.load(ordering: .relaxed) }
    set { threshold.store(newValue, ordering: .relaxed) }
  }

  /// Sets the number of threads OpenBLAS may use for large products (and that the engine's own
  /// parallel kernels may use).
  public static func setThreads(_ n: Int) {
    threadCount.store(Swift.max(1, n), ordering: .relaxed)
    use(Swift.max(1, n))
  }

  @inline(__always)
  static func use(_ n: Int) {
    if current.load(ordering: .relaxed) != n {
      openblas_set_num_threads(Int32(n))
      current.store(n, ordering: .relaxed)
    }
  }

  /// `C = op(A) op(B)` on row-major buffers, `op(A)` being `m × k` and `op(B)` `k × n`.
  /// `beta` 1 accumulates into `C`.
  @inline(__always)
  static func sgemm(
    _ a: UnsafePointer<Float>, transposeA: Bool, _ b: UnsafePointer<Float>, transposeB: Bool,
    _ c: UnsafeMutablePointer<Float>, m: Int, n: Int, k: Int, beta: Float = 0
  ) {
    sgemm(
      a, lda: transposeA ? m : k, transposeA: transposeA, b, ldb: transposeB ? k : n, transposeB: transposeB,
      c, ldc: n, m: m, n: n, k: k, beta: beta)
  }

  /// `C = alpha op(A) op(B) + beta C` with explicit leading dimensions (row strides), so that
  /// strided sub-matrices such as one head's columns of a packed Q|K|V tensor need no copy.
  @inline(__always)
  static func sgemm(
    _ a: UnsafePointer<Float>, lda: Int, transposeA: Bool, _ b: UnsafePointer<Float>, ldb: Int, transposeB: Bool,
    _ c: UnsafeMutablePointer<Float>, ldc: Int, m: Int, n: Int, k: Int, alpha: Float = 1, beta: Float = 0,
    singleThreaded: Bool = false
  ) {
    if m == 0 || n == 0 { return }
    if k == 0 {
      // BLAS leaves C untouched when k = 0 only for beta = 1; make the empty sum explicit.
      for i in 0..<m {
        let row = c + i * ldc
        for j in 0..<n { row[j] = beta == 0 ? 0 : beta * row[j] }
      }
      return
    }
    if m * n * k <= smallProductFlops && !transposeB && n >= 32 {
      smallProduct(
        a, lda: lda, transposeA: transposeA, b, ldb: ldb, transposeB: transposeB, c, ldc: ldc, m: m, n: n, k: k,
        alpha: alpha, beta: beta)
      return
    }
    use(!singleThreaded && m * n * k >= multithreadFlops ? threads : 1)
    cblas_sgemm(
      CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
      Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
  }

  /// Products of at most this many multiply-adds whose right operand is read row by row (not
  /// transposed, at least 32 columns) skip OpenBLAS: its fixed cost per call (argument checks,
  /// buffer allocation, packing) exceeds the arithmetic of, say, a 64 × 2 × 100 product, which
  /// the row-axpy loop below finishes in about a microsecond. Other tiny shapes (2 columns,
  /// transposed operands) are slower as plain loops than in OpenBLAS and stay there.
  nonisolated(unsafe) public static var smallProductFlops = 1 << 15

  /// `C = alpha op(A) op(B) + beta C` as plain vector loops, for tiny products.
  static func smallProduct(
    _ a: UnsafePointer<Float>, lda: Int, transposeA: Bool, _ b: UnsafePointer<Float>, ldb: Int, transposeB: Bool,
    _ c: UnsafeMutablePointer<Float>, ldc: Int, m: Int, n: Int, k: Int, alpha: Float, beta: Float
  ) {
    for i in 0..<m {
      let row = c + i * ldc
      if beta == 0 {
        row.update(repeating: 0, count: n)
      } else if beta != 1 {
        for j in 0..<n { row[j] *= beta }
      }
      if !transposeB {
        // Row i of C accumulates rows of B weighted by row i of op(A): contiguous in j.
        for p in 0..<k {
          let w = alpha * (transposeA ? a[p * lda + i] : a[i * lda + p])
          VectorMath.axpy(w, b + p * ldb, row, n)
        }
      } else if !transposeA {
        let ai = a + i * lda
        for j in 0..<n { row[j] += alpha * VectorMath.dot(ai, b + j * ldb, k) }
      } else {
        for j in 0..<n {
          let bj = b + j * ldb
          var total: Float = 0
          for p in 0..<k { total += a[p * lda + i] * bj[p] }
          row[j] += alpha * total
        }
      }
    }
  }
}
