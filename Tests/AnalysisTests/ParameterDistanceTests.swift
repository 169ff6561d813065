import Analysis
import Foundation
import Tensors
import Testing

@Suite struct ParameterDistanceTests {
  private let a = [Tensor([3, 0]), Tensor([[0, 4]])]
  private let b = [Tensor([0, 0]), Tensor([[1, 4]])]

  @Test func normTreatsTheTensorsAsOneVector() {
    #expect(ParameterVector.norm(a) == 5)
    #expect(ParameterVector.norm([]) == 0)
  }

  @Test func dotDistanceAndCosine() {
    #expect(ParameterVector.dot(a, b) == 16)
    #expect(abs(ParameterVector.distance(a, b) - (9.0 + 1).squareRoot()) < 1e-12)
    #expect(abs(ParameterVector.cosine(a, b) - 16 / (5 * 17.0.squareRoot())) < 1e-12)
    #expect(ParameterVector.cosine(a, [Tensor([0, 0]), Tensor([[0, 0]])]) == 0)
    #expect(abs(ParameterVector.cosine(a, a.map { $0 * -2 }) + 1) < 1e-12)
  }

  @Test func smallChangesOfLargeVectorsAreResolved() {
    // Float32 sums would lose a relative change of 1e-6 on a vector of a million entries.
    let x = Tensor.full([1_000_000], 1000)
    let y = x + 1e-3
    let d = ParameterVector.distance([y], [x])
    #expect(abs(d - 1) < 0.05)
  }

  @Test func gradientsAreZeroWhereMissing() {
    let w = Tensor([1, 2]).requiringGrad()
    let v = Tensor([5]).requiringGrad()
    (w * w).sum().backward()
    let grads = ParameterVector.gradients([w, v])
    #expect(grads[0].scalars == [2, 4])
    #expect(grads[1].scalars == [0])
    #expect(abs(ParameterVector.cosine(grads, [w, v]) - 10 / (20.0.squareRoot() * 30.0.squareRoot())) < 1e-9)
  }

  @Test func snapshotIsAFrozenCopy() {
    let w = Tensor([1, 1, 1, 1]).requiringGrad()
    let snapshot = ParameterSnapshot([w])
    #expect(!snapshot.tensors[0].requiresGrad)
    #expect(snapshot.norm == 2)
    w.withUnsafeMutableBufferPointer { $0[0] += 3 }
    #expect(snapshot.tensors[0].scalars == [1, 1, 1, 1])
    #expect(snapshot.distance(to: [w]) == 3)
    #expect(snapshot.relativeDistance(to: [w]) == 1.5)
    snapshot.restore(into: [w])
    #expect(w.scalars == [1, 1, 1, 1])
    #expect(w.requiresGrad)
  }

  @Test func relativeDistanceOfAZeroSnapshot() {
    let z = Tensor.zeros([2])
    let snapshot = ParameterSnapshot([z])
    #expect(snapshot.relativeDistance(to: [z]) == 0)
    #expect(snapshot.relativeDistance(to: [Tensor([1, 0])]) == .infinity)
  }
}
