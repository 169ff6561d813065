import Litmus

/// Times W2's attention alone: `packedSelfAttention` forward and backward on [2822, 3, 384]
/// with 4 causal heads. Prints `attention litmus <threads> <steps_per_s>`.
enum AttentionKernelBench {
  static func run(threads: Int) {
    var rng = RandomGenerator(seed: 0)
    let qkv = Tensor.normal([2822, 3, 384], std: 0.3, generator: &rng).requiringGrad()
    let upstream = Tensor.normal([2822, 3, 128], generator: &rng)
    Harness(workload: "attention", threads: threads, flopsPerStep: 0).run(coldSteps: 5, blockSeconds: 0.3) {
      let out = Tensor.packedSelfAttention(qkv, heads: 4, mask: .causal)
      out.backward(upstream)
      qkv.zeroGrad()
      return 0
    }
  }
}
