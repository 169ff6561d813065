import Litmus

/// W1 for 2,000 steps, sampling the resident set size: the engine must not grow across steps
/// (buffers are reused through the pool; nothing a step allocates outlives the next step).
///
/// Contract: the last line is `W1-memory peak_rss_mb <peak> growth_mb <rss(2000) − rss(200)>`.
enum MemoryCheck {
  static func run(threads: Int) {
    let data = TeacherData()
    let batches = data.batches()
    var rng = RandomGenerator(seed: 0)
    let model = MLP([784, 256, 256, 10], generator: &rng)
    let optimizer = SGD(model.parameters(), learningRate: 0.05, momentum: 0.9)
    var atWarm = 0.0
    for step in 1...2000 {
      let (x, y) = batches[step % batches.count]
      optimizer.zeroGrad()
      let loss = crossEntropy(model(x), y)
      loss.backward()
      optimizer.step()
      if step % 200 == 0 {
        let rss = residentMegabytes()
        if step == 200 { atWarm = rss }
        print(
          "W1-memory step \(step) loss \(fixed(Double(loss.item), 4)) rss_mb \(fixed(rss, 1)) pool_mb \(fixed(Double(BufferPool.cachedBytes) / 1_048_576, 1))"
        )
      }
    }
    print(
      "W1-memory peak_rss_mb \(fixed(peakResidentMegabytes(), 1)) growth_mb \(fixed(residentMegabytes() - atWarm, 1))")
  }
}
