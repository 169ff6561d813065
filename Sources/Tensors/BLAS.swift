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
    use(!singleThreaded && m * n * k >= multithreadFlops ? threads : 1)
    cblas_sgemm(
      CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
      Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
  }
}
