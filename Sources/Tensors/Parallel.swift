import Dispatch

/// Splits loops over independent items across the engine's threads (`BLAS.setThreads`).
///
/// With one thread, or too little work to pay for waking a worker (~10 µs), the body runs
/// inline on the calling thread, so single-threaded runs stay exactly single-threaded.
public enum Parallel {
  /// Work (in floats touched) below which a loop stays on one thread; `Int.max` keeps every
  /// engine loop single-threaded.
  nonisolated(unsafe) public static var minimumParallelWork = 1 << 17

  /// Calls `body` on contiguous sub-ranges covering `0..<count`, concurrently when worthwhile
  /// (more than one thread and `count · workPerItem ≥ minimumParallelWork`). The sub-ranges
  /// must be independent.
  public static func forEachChunk(_ count: Int, workPerItem: Int, _ body: (Range<Int>) -> Void) {
    let threads = BLAS.threads
    guard threads > 1, count > 1, count * workPerItem >= minimumParallelWork else {
      if count > 0 { body(0..<count) }
      return
    }
    let chunks = Swift.min(threads, count)
    withoutActuallyEscaping(body) { body in
      nonisolated(unsafe) let run = body
      DispatchQueue.concurrentPerform(iterations: chunks) { c in
        run(c * count / chunks..<(c + 1) * count / chunks)
      }
    }
  }
}
