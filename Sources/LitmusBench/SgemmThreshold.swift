import Litmus

/// Times square-ish products on 1 and `threads` threads to find where OpenBLAS threading
/// starts paying off; prints one line per size: `sgemm m n k seconds_1 seconds_n`.
enum SgemmThreshold {
  static func run(threads: Int) throws {
    var rng = RandomGenerator(seed: 0)
    let saved = BLAS.multithreadFlops
    defer { BLAS.multithreadFlops = saved }
    for size in [8, 16, 32, 48, 64, 96, 128, 192, 256, 384, 512] {
      let a = Tensor.randn([size, size], generator: &rng), b = Tensor.randn([size, size], generator: &rng)
      var seconds: [Double] = []
      for forced in [Int.max, 0] {  // single-threaded, then always-threaded
        BLAS.multithreadFlops = forced
        _ = a.matmul(b)
        let reps = max(5, 20_000_000 / (size * size * size))
        var best = Double.infinity
        for _ in 0..<5 {
          let t0 = now()
          for _ in 0..<reps { _ = a.matmul(b) }
          best = min(best, (now() - t0) / Double(reps))
        }
        seconds.append(best)
      }
      print(
        "sgemm \(size) \(size) \(size) flops \(size * size * size) seconds_1 \(seconds[0]) seconds_\(threads) \(seconds[1]) speedup \(fixed(seconds[0] / seconds[1], 2))"
      )
    }
  }
}
