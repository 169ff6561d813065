import Litmus

/// The sgemm-only bound of a workload: the time of exactly the matrix products of one
/// training step (same shapes, same transposes, same thread policy), with nothing else.
///
/// `litmus-bench W1-bound 2` prints `W1-bound litmus 2 <steps_per_s>`, the best rate any
/// engine could reach with these OpenBLAS calls; the ratio to `W1` is the fraction of the
/// machine's sgemm throughput the engine turns into training steps.
enum SgemmBound {
  /// (m, n, k, transposeA, transposeB) of each product of one step.
  typealias Product = (m: Int, n: Int, k: Int, ta: Bool, tb: Bool)

  static func mlp(batch: Int, sizes: [Int]) -> [Product] {
    var out: [Product] = []
    for i in 0..<(sizes.count - 1) { out.append((batch, sizes[i + 1], sizes[i], false, false)) }
    for i in stride(from: sizes.count - 2, through: 0, by: -1) {
      out.append((sizes[i], sizes[i + 1], batch, true, false))  // dW = Xᵀ G
      if i > 0 { out.append((batch, sizes[i], sizes[i + 1], false, true)) }  // dX = G Wᵀ
    }
    return out
  }

  static let w2: [Product] = {
    let rows = 2822 * 3
    var out: [Product] = []
    for (k, n) in [(128, 384), (128, 128), (128, 512), (512, 128)] {
      out.append((rows, n, k, false, false))
      out.append((k, n, rows, true, false))
      out.append((rows, k, n, false, true))
    }
    out.append((2822, 97, 128, false, false))
    out.append((128, 97, 2822, true, false))
    out.append((2822, 128, 97, false, true))
    return out
  }()

  static func run(_ name: String, _ products: [Product], threads: Int) {
    var rng = RandomGenerator(seed: 0)
    let operands = products.map { p in
      (
        Tensor.randn(p.ta ? [p.k, p.m] : [p.m, p.k], generator: &rng),
        Tensor.randn(p.tb ? [p.n, p.k] : [p.k, p.n], generator: &rng)
      )
    }
    let flops = products.reduce(0.0) { $0 + 2 * Double($1.m * $1.n * $1.k) }
    Harness(workload: name, threads: threads, flopsPerStep: flops).run(coldSteps: 3) {
      for (i, p) in products.enumerated() {
        _ = operands[i].0.matmul(operands[i].1, transposeA: p.ta, transposeB: p.tb)
      }
      return 0
    }
  }
}
