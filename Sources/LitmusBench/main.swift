// litmus-bench: engine benchmarks. `litmus-bench <workload> [threads]`; each workload prints
// machine-readable result lines, the last one being its contract line.

import Litmus

#if canImport(Glibc)
import Glibc
#endif

let workloads: [String: (Int) throws -> Void] = [
  "W1": W1.run,
  "W2": W2.run,
  "W3": W3.run,
  "W4": W4.run,
  "W1-memory": MemoryCheck.run,
  "W1-bound": { SgemmBound.run("W1-bound", SgemmBound.mlp(batch: 128, sizes: [784, 256, 256, 10]), threads: $0) },
  "W2-bound": { SgemmBound.run("W2-bound", SgemmBound.w2, threads: $0) },
  "W3-bound": { SgemmBound.run("W3-bound", SgemmBound.mlp(batch: 64, sizes: [2, 100, 100, 2]), threads: $0) },
  "attention": AttentionKernelBench.run,
  "utilities": UtilitiesCheck.run,
  "fmnist-mlp": FashionMNISTMLP.run,
  "sgemm-threshold": SgemmThreshold.run,
]

let arguments = CommandLine.arguments.dropFirst()
guard let name = arguments.first, let workload = workloads[name] else {
  let list = workloads.keys.sorted().joined(separator: ", ")
  printError("usage: litmus-bench <workload> [threads]\nworkloads: \(list)")
  exit(64)
}
let threads = arguments.dropFirst().first.flatMap(Int.init) ?? 2
BLAS.setThreads(threads)
// A/B switch for the engine's own parallel loops (OpenBLAS still uses `threads`).
if getenv("LITMUS_SERIAL_KERNELS") != nil { Parallel.minimumParallelWork = .max }
do {
  try workload(threads)
} catch {
  printError("litmus-bench: \(error)")
  exit(1)
}
