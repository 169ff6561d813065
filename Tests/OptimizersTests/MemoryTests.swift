import NN
import Optimizers
import Tensors
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The resident set size in bytes, from /proc/self/statm.
private func residentBytes() -> Int {
  guard let f = fopen("/proc/self/statm", "r") else { return 0 }
  defer { fclose(f) }
  var line = [CChar](repeating: 0, count: 128)
  guard fgets(&line, Int32(line.count), f) != nil else { return 0 }
  let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
  let fields = text.split(separator: " ")
  return fields.count > 1 ? (Int(fields[1]) ?? 0) * Int(sysconf(Int32(_SC_PAGESIZE))) : 0
}

@Suite struct MemoryTests {
  /// 2,000 training steps must not grow memory: every tensor a step allocates is released by
  /// the next step and its buffer reused from the pool.
  @Test func trainingDoesNotLeakAcrossSteps() {
    var rng = RandomGenerator(seed: 3)
    let model = MLP([8, 16, 16, 4], generator: &rng)
    let optimizer = Adam(model.parameters(), learningRate: 1e-3)
    let x = Tensor.uniform([16, 8], generator: &rng)
    let labels = (0..<16).map { $0 % 4 }
    var rssAt500 = 0
    weak var oldLoss: Tensor?
    weak var oldActivation: Tensor?
    weak var oldGradient: Tensor?
    for step in 1...2000 {
      optimizer.zeroGrad()
      let hidden = model.body.layers[0](x)
      let loss = crossEntropy(model.body.layers[4](model.body.layers[2](hidden.relu()).relu()), labels)
      loss.backward()
      optimizer.step()
      if step == 500 {
        rssAt500 = residentBytes()
        oldLoss = loss
        oldActivation = hidden
        oldGradient = model.parameters()[0].grad
      }
    }
    // Nothing from step 500 survives: not its graph, activations or gradients.
    #expect(oldLoss == nil && oldActivation == nil && oldGradient == nil)
    // Other tests run in parallel in this process, so RSS is only a loose bound.
    #expect(residentBytes() - rssAt500 < 16 << 20)
  }
}
