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
do {
  try workload(threads)
} catch {
  printError("litmus-bench: \(error)")
  exit(1)
}
