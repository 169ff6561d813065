import Tensors
import TestSupport
import Testing

/// Edge cases a tester reported against the engine core: NaN propagation that depended on the
/// NaN's position, the variance of one sample, `uniform`'s upper bound, a misleading matmul
/// message, and the buffer pool behind every allocation.
@Suite("Edge cases")
struct EdgeCaseTests {
  @Test func nanPropagatesWhereverItSits() {
    for row: [Float] in [[.nan, 1, 2], [1, .nan, 2], [1, 2, .nan]] {
      let x = Tensor(row, shape: [1, 3])
      #expect(x.max(axis: 1).item.isNaN, "\(row)")
      #expect(x.min(axis: 1).item.isNaN, "\(row)")
      #expect(x.max().item.isNaN && x.min().item.isNaN)
    }
    let a = Tensor([.nan, 1, 3]), b = Tensor([2, .nan, 1])
    #expect(a.maximum(b).scalars.prefix(2).allSatisfy { $0.isNaN } && a.maximum(b).scalars[2] == 3)
    #expect(b.minimum(a).scalars.prefix(2).allSatisfy { $0.isNaN } && b.minimum(a).scalars[2] == 1)
    #expect(Tensor([.nan, 5]).clamp(min: 0, max: 1).scalars[0].isNaN)
  }

  @Test func varianceOfOneSampleIsNaNLikePyTorch() {
    #expect(Tensor([3]).variance(axes: [0]).item.isNaN)
    #expect(Tensor([3]).variance(axes: [0], correction: 0).item == 0)
    #expect(Tensor([[1, 2]]).variance(axis: 0).scalars.allSatisfy { $0.isNaN })
  }

  @Test func uniformStaysBelowItsUpperBound() {
    var rng = RandomGenerator(seed: 5)
    // A tiny interval far from zero makes `low + scale · u` round up to `high` often.
    let x = Tensor.uniform([10_000], low: 1, high: 1.000_000_2, generator: &rng)
    #expect(x.scalars.allSatisfy { $0 >= 1 && $0 < 1.000_000_2 })
  }

  @Test func transposeAOfABatchTimesAMatrixExplainsItself() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor.zeros([2, 3, 4]).matmul(Tensor.zeros([3, 5]), transposeA: true)
    }
    expectStandardError(result, contains: "error: matmul:", "transposeA", "[2, 3, 4]", "[3, 5]")
  }

  @Test func poolReusesBuffersAndStaysBounded() {
    // A training-like loop allocating the same shapes: the cache serves them and does not grow.
    let w = Tensor.ones([64, 64]).requiringGrad()
    var samples: [Int] = []
    for step in 0..<300 {
      let loss = (Tensor.ones([32, 64]).matmul(w).relu() * 0.5).sum()
      loss.backward()
      w.zeroGrad()
      if step % 100 == 99 { samples.append(BufferPool.cachedBytes) }
    }
    #expect(samples[2] <= samples[0] + (1 << 20), "cache grew: \(samples)")
  }

  @Test func gradientsAreAdoptedNotAliased() {
    // c = a + b hands the same gradient tensor to both leaves; each must own its gradient.
    let a = Tensor([1, 2]).requiringGrad(), b = Tensor([3, 4]).requiringGrad()
    (a + b).sum().backward()
    a.grad!.withUnsafeMutableBufferPointer { $0[0] = 100 }
    #expect(b.grad!.scalars == [1, 1])
    // A user-supplied seed is never adopted either.
    let x = Tensor([1, 2]).requiringGrad()
    let seed = Tensor([5, 6])
    x.backward(seed)
    x.grad!.withUnsafeMutableBufferPointer { $0[0] = 0 }
    #expect(seed.scalars == [5, 6])
  }
}
