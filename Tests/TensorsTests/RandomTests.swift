import Tensors
import TestSupport
import Testing

@Suite("Seeded random numbers and reproducibility")
struct RandomTests {
  @Test func sameSeedSameStream() {
    var a = RandomGenerator(seed: 1234), b = RandomGenerator(seed: 1234)
    #expect((0..<1000).map { _ in a.next() } == (0..<1000).map { _ in b.next() })
    var c = RandomGenerator(seed: 1235)
    var d = RandomGenerator(seed: 1234)
    #expect((0..<8).map { _ in c.next() } != (0..<8).map { _ in d.next() })
    #expect(RandomGenerator(seed: 7).seed == 7)
    var e = RandomGenerator(seed: 5 as Int), f = RandomGenerator(seed: 5 as UInt64)
    #expect(e.next() == f.next())
  }

  @Test func knownFirstOutputs() {
    // Pins the stream itself (xoshiro256** seeded by SplitMix64, recomputed independently
    // below), so a refactor that silently changes every seeded experiment is caught.
    var g = RandomGenerator(seed: 0)
    let first = (0..<3).map { _ in g.next() }
    var h = RandomGenerator(seed: 0)
    #expect(first == (0..<3).map { _ in h.next() })
    #expect(Set(first).count == 3)
    #expect(first[0] == referenceXoshiroFirst(seed: 0))
    #expect(
      first[0] == referenceXoshiroFirst(seed: 0) && referenceSplitMixFirst(seed: 0) == 0xE220_A839_7B1D_CDAF,
      "the reference itself matches SplitMix64's published first output for seed 0")
  }

  @Test func splitIsReproducibleIndependentAndLeavesTheParentAlone() {
    let parent = RandomGenerator(seed: 99)
    var s1 = parent.split(1), s1again = parent.split(1), s2 = parent.split(2)
    let a = (0..<16).map { _ in s1.next() }
    #expect(a == (0..<16).map { _ in s1again.next() })
    #expect(a != (0..<16).map { _ in s2.next() })
    var p = parent, fresh = RandomGenerator(seed: 99)
    #expect(p.next() == fresh.next(), "split does not advance the parent")
    var other = RandomGenerator(seed: 100).split(1)
    var s1b = parent.split(1)
    #expect(other.next() != s1b.next(), "children of different seeds differ")
    // A child is not the parent's own stream.
    var child = parent.split(0), same = RandomGenerator(seed: 99)
    #expect(child.next() != same.next())
  }

  @Test func uniformIsInTheUnitIntervalWithTheRightMoments() {
    var g = RandomGenerator(seed: 3)
    let n = 100_000
    var sum = 0.0, sumSq = 0.0, low = Float.infinity, high = -Float.infinity
    var lowD = Double.infinity, highD = -Double.infinity
    for _ in 0..<n {
      let u = g.nextUniform()
      low = min(low, u)
      high = max(high, u)
      sum += Double(u)
      sumSq += Double(u) * Double(u)
      let d = g.nextDouble()
      lowD = min(lowD, d)
      highD = max(highD, d)
    }
    #expect(low >= 0 && high < 1)
    #expect(lowD >= 0 && highD < 1)
    let mean = sum / Double(n), variance = sumSq / Double(n) - mean * mean
    #expect(abs(mean - 0.5) < 0.005)  // σ of the mean ≈ 0.0009
    #expect(abs(variance - 1.0 / 12) < 0.002)
    #expect(low < 1e-3 && high > 1 - 1e-3)
  }

  @Test func normalHasZeroMeanUnitVariance() {
    var g = RandomGenerator(seed: 5)
    let n = 100_000
    var sum = 0.0, sumSq = 0.0, sumQuad = 0.0, nonFinite = 0
    for _ in 0..<n {
      let z = Double(g.nextNormal())
      if !z.isFinite { nonFinite += 1 }
      sum += z
      sumSq += z * z
      sumQuad += z * z * z * z
    }
    #expect(nonFinite == 0)
    let mean = sum / Double(n), variance = sumSq / Double(n) - mean * mean
    #expect(abs(mean) < 0.015)  // σ of the mean ≈ 0.0032
    #expect(abs(variance.squareRoot() - 1) < 0.015)
    #expect(abs(sumQuad / Double(n) - 3) < 0.1, "kurtosis of a Gaussian")
  }

  @Test func tensorsFromGenerators() {
    var g1 = RandomGenerator(seed: 11), g2 = RandomGenerator(seed: 11)
    let a = Tensor.normal([1000], mean: 3, std: 0.5, generator: &g1)
    let b = Tensor.normal([1000], mean: 3, std: 0.5, generator: &g2)
    #expect(bitwiseEqual(a, b))
    #expect(abs(a.mean().item - 3) < 0.06)
    let u = Tensor.uniform([1000], low: -2, high: 5, generator: &g1)
    #expect(u.min().item >= -2 && u.max().item < 5)
    #expect(Tensor.rand([2, 3], generator: &g1).shape == [2, 3])
    #expect(Tensor.randn([4], generator: &g1).shape == [4])
    #expect(!bitwiseEqual(Tensor.randn([4], generator: &g1), Tensor.randn([4], generator: &g1)))
  }

  @Test(arguments: [0, 1, 2, 10, 1000])
  func permutationIsAPermutation(_ n: Int) {
    var g = RandomGenerator(seed: UInt64(n))
    let p = g.permutation(n)
    #expect(p.sorted() == Array(0..<n))
    var again = RandomGenerator(seed: UInt64(n))
    #expect(again.permutation(n) == p)
    if n >= 10 { #expect(p != Array(0..<n)) }
  }

  @Test func permutationIsUniformOnThreeElements() {
    var g = RandomGenerator(seed: 8)
    var counts: [[Int]: Int] = [:]
    for _ in 0..<6000 { counts[g.permutation(3), default: 0] += 1 }
    #expect(counts.count == 6)
    for (_, c) in counts { #expect(abs(c - 1000) < 120) }  // σ ≈ 29
  }

  @Test func nextIntStaysBelowItsBound() {
    var g = RandomGenerator(seed: 13)
    var seen = Set<Int>()
    for _ in 0..<2000 {
      let v = g.nextInt(below: 7)
      #expect(v >= 0 && v < 7)
      seen.insert(v)
    }
    #expect(seen.count == 7)
  }

  /// The same seed twice gives bitwise-identical losses over a short training run that uses
  /// every kind of op a model does (matmul, broadcast bias, activations, softmax, reductions).
  @Test func sameSeedGivesBitwiseIdenticalLosses() {
    let first = trainTinyModel(seed: 2024), second = trainTinyModel(seed: 2024)
    #expect(first.map(\.bitPattern) == second.map(\.bitPattern))
    #expect(first.last! < first.first!, "the run actually trains")
    #expect(trainTinyModel(seed: 2025).map(\.bitPattern) != first.map(\.bitPattern))
  }
}

/// The first output of xoshiro256** seeded with SplitMix64, computed independently here.
func referenceXoshiroFirst(seed: UInt64) -> UInt64 {
  var state = seed
  func splitMix() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
  _ = splitMix()
  let s1 = splitMix()
  let x = s1 &* 5
  return ((x << 7) | (x >> 57)) &* 9
}

func referenceSplitMixFirst(seed: UInt64) -> UInt64 {
  var z = seed &+ 0x9E37_79B9_7F4A_7C15
  z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
  z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
  return z ^ (z >> 31)
}

/// Trains a two-layer classifier on random data with plain SGD and returns the losses.
func trainTinyModel(seed: UInt64) -> [Float] {
  let root = RandomGenerator(seed: seed)
  var dataRNG = root.split(1), initRNG = root.split(2), shuffleRNG = root.split(3)
  let x = Tensor.randn([32, 8], generator: &dataRNG)
  let labels = (0..<32).map { _ in dataRNG.nextInt(below: 4) }
  let w1 = (Tensor.randn([8, 16], generator: &initRNG) * 0.3).detach().requiringGrad()
  let b1 = Tensor.zeros([16]).requiringGrad()
  let w2 = (Tensor.randn([16, 4], generator: &initRNG) * 0.3).detach().requiringGrad()
  var losses: [Float] = []
  for _ in 0..<20 {
    let batch = Array(shuffleRNG.permutation(32).prefix(16))
    let xb = x.indexSelect(batch)
    let yb = Tensor.oneHot(batch.map { labels[$0] }, classes: 4)
    let hidden = (xb.matmul(w1) + b1).gelu()
    let logits = hidden.matmul(w2)
    let loss = -(logits.logSoftmax() * yb).sum(axis: -1).mean()
    losses.append(loss.item)
    loss.backward()
    withNoGrad {
      for p in [w1, b1, w2] {
        p.assign(p - p.grad! * 0.5)
        p.zeroGrad()
      }
    }
  }
  return losses
}
