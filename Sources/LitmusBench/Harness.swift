import Litmus

#if canImport(Glibc)
import Glibc
#endif

/// The timing protocol of `WORKLOADS.md`: a cold phase (creation and the first steps), a block
/// size calibrated to about one second, five timed blocks; the best block's steps/s is the
/// result and the median is printed beside it.
struct Harness {
  let workload: String
  let threads: Int
  /// Multiply-adds ×2 of the matrix products of one step, for the GFLOP/s line.
  let flopsPerStep: Double

  /// Runs `coldSteps` steps (after the creation already done by the caller), calibrates, times
  /// five blocks and prints the result lines; `step` returns the step's loss.
  ///
  /// `report` adds lines (e.g. peak memory) just before the contract line, which stays last.
  func run(
    coldSteps: Int, blockSeconds: Double = 1, blocks: Int = 5, report: () -> [String] = { [] }, _ step: () -> Float
  ) {
    let coldStart = now()
    var loss: Float = .nan
    for _ in 0..<coldSteps { loss = step() }
    let coldSeconds = now() - coldStart
    print("\(workload) loss_after_cold \(loss) cold_steps \(coldSteps) cold_seconds \(fixed(coldSeconds, 3))")

    // For profilers (callgrind, perf): a fixed number of steps instead of the timing protocol.
    if let text = getenv("LITMUS_BENCH_STEPS"), let fixedSteps = Int(String(cString: text)) {
      let t0 = now()
      for _ in 0..<fixedSteps { loss = step() }
      print("\(workload) fixed_steps \(fixedSteps) seconds \(fixed(now() - t0, 3)) loss \(loss)")
      return
    }

    // Calibrate on a short run, doubling until it lasts long enough to time reliably.
    var probe = 1
    var perStep = 0.0
    while true {
      let t0 = now()
      for _ in 0..<probe { loss = step() }
      let elapsed = now() - t0
      if elapsed > 0.2 || probe >= 1 << 20 {
        perStep = elapsed / Double(probe)
        break
      }
      probe *= 2
    }
    let blockSteps = Swift.max(1, Int((blockSeconds / perStep).rounded()))
    var rates: [Double] = []
    for _ in 0..<blocks {
      let t0 = now()
      for _ in 0..<blockSteps { loss = step() }
      rates.append(Double(blockSteps) / (now() - t0))
    }
    let best = rates.max()!, median = rates.sorted()[rates.count / 2]
    print("\(workload) loss_final \(loss)")
    print("\(workload) block_steps \(blockSteps) blocks \(rates.map { fixed($0, 1) }.joined(separator: " "))")
    print("\(workload) median \(fixed(median, 2)) best \(fixed(best, 2)) gflops \(fixed(best * flopsPerStep / 1e9, 1))")
    for line in report() { print(line) }
    print("\(workload) litmus \(threads) \(fixed(best, 2))")
  }
}

/// W1's data: 10,000 × 784 inputs from U[0, 1) labelled by a fixed linear teacher,
/// `y = argmax((X − 0.5) R)` with `R ~ N(0, 1)` of shape 784 × 10.
struct TeacherData {
  let inputs: Tensor
  let labels: [Int]

  init(seed: Int = 0) {
    var rng = RandomGenerator(seed: seed)
    let x = Tensor.uniform([10_000, 784], generator: &rng)
    let teacher = Tensor.normal([784, 10], generator: &rng)
    inputs = x
    labels = withNoGrad { (x - 0.5).matmul(teacher).argmax(axis: -1).intScalars }
  }

  /// Contiguous batches of 128 rows (the last partial one dropped), each its own tensor.
  func batches(order: [Int]? = nil) -> [(Tensor, [Int])] {
    (0..<78).map { b in
      let rows = order.map { Array($0[b * 128..<(b + 1) * 128]) } ?? Array(b * 128..<(b + 1) * 128)
      return (inputs.indexSelect(axis: 0, rows), rows.map { labels[$0] })
    }
  }
}

/// The resident set size of this process, in MiB (from /proc/self/statm).
func residentMegabytes() -> Double {
  guard let f = fopen("/proc/self/statm", "r") else { return 0 }
  defer { fclose(f) }
  var line = [CChar](repeating: 0, count: 256)
  guard fgets(&line, Int32(line.count), f) != nil else { return 0 }
  let parts = cString(line).split(separator: " ")
  guard parts.count >= 2, let pages = Double(parts[1]) else { return 0 }
  return pages * Double(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
}

/// The peak resident set size of this process, in MiB (VmHWM in /proc/self/status).
func peakResidentMegabytes() -> Double {
  guard let f = fopen("/proc/self/status", "r") else { return 0 }
  defer { fclose(f) }
  var line = [CChar](repeating: 0, count: 256)
  while fgets(&line, Int32(line.count), f) != nil {
    let text = cString(line)
    if text.hasPrefix("VmHWM:") {
      let digits = text.filter(\.isNumber)
      return (Double(digits) ?? 0) / 1024
    }
  }
  return 0
}

/// The text of a NUL-terminated C buffer.
private func cString(_ buffer: [CChar]) -> String {
  String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
