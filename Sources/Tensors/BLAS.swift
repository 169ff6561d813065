import COpenBLAS

/// Thread policy for OpenBLAS.
///
/// Small products run on one thread: waking OpenBLAS' pool costs more than it saves below
/// about `multithreadFlops` multiply-adds (measured with `litmus-bench sgemm-threshold`).
public enum BLAS {
  /// The thread count for large products; set with `setThreads(_:)`.
  nonisolated(unsafe) public private(set) static var threads: Int = Int(openblas_get_num_threads())
  nonisolated(unsafe) private static var current: Int = -1
  /// Products of fewer multiply-adds than this run single-threaded.
  nonisolated(unsafe) public static var multithreadFlops = 1 << 20

  /// Sets the number of threads OpenBLAS may use for large products.
  public static func setThreads(_ n: Int) {
    threads = Swift.max(1, n)
    use(threads)
  }

  @inline(__always)
  static func use(_ n: Int) {
    if n != current {
      openblas_set_num_threads(Int32(n))
      current = n
    }
  }

  /// `C = op(A) op(B)` on row-major buffers, `op(A)` being `m × k` and `op(B)` `k × n`.
  /// `beta` 1 accumulates into `C`.
  @inline(__always)
  static func sgemm(
    _ a: UnsafePointer<Float>, transposeA: Bool, _ b: UnsafePointer<Float>, transposeB: Bool,
    _ c: UnsafeMutablePointer<Float>, m: Int, n: Int, k: Int, beta: Float = 0
  ) {
    use(m * n * k >= multithreadFlops ? threads : 1)
    cblas_sgemm(
      CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
      Int32(m), Int32(n), Int32(k), 1, a, Int32(transposeA ? m : k), b, Int32(transposeB ? k : n),
      beta, c, Int32(n))
  }
}
