import Tensors
import TestSupport
import Testing

/// Expects the standard error of an exit test to contain every one of `fragments`.
func expectStandardError(
  _ result: ExitTest.Result?, contains fragments: String...,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  guard let result else { return }  // the exit expectation itself already failed
  let text = String(decoding: result.standardErrorContent, as: UTF8.self)
  for fragment in fragments where !text.contains(fragment) {
    Issue.record("standard error does not mention \"\(fragment)\":\n\(text)", sourceLocation: sourceLocation)
  }
}

/// Pairs of shapes that do not broadcast, of mixed ranks.
let incompatiblePairs: [([Int], [Int])] = [
  ([2], [3]), ([2, 3], [3, 2]), ([3, 1, 2], [2, 3, 3]), ([2, 3], [1, 2, 2]),
]

/// Bad input must stop the program with a message naming the op and the offending shapes or
/// indices (`error: <op>: <message>` on standard error), never produce a silent wrong answer.
@Suite("Error messages")
struct ErrorMessageTests {
  @Test func addOfIncompatibleShapes() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor.zeros([2, 3]) + Tensor.zeros([4, 5])
    }
    expectStandardError(result, contains: "error: add:", "[2, 3]", "[4, 5]")
  }

  @Test(arguments: incompatiblePairs)
  func multiplyOfIncompatibleShapes(_ shapes: ([Int], [Int])) async {
    let (sa, sb) = shapes
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      [sa = sa as [Int], sb = sb as [Int]] in
      _ = Tensor.ones(sa) * Tensor.ones(sb)
    }
    expectStandardError(
      result, contains: "error: multiply:", "[" + sa.map(String.init).joined(separator: ", ") + "]",
      "[" + sb.map(String.init).joined(separator: ", ") + "]")
  }

  @Test func matmulInnerDimensionMismatch() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor.zeros([2, 3]).matmul(Tensor.zeros([4, 5]))
    }
    expectStandardError(result, contains: "error: matmul:", "[2, 3]", "[4, 5]")
  }

  @Test func matmulBatchMismatch() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor.zeros([2, 3, 4]).matmul(Tensor.zeros([3, 4, 5]))
    }
    expectStandardError(result, contains: "error: matmul:", "[2, 3, 4]", "[3, 4, 5]")
  }

  @Test func reshapeToTheWrongSize() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor.zeros([2, 3]).reshaped([4, 2])
    }
    expectStandardError(result, contains: "error: reshape:", "[2, 3]", "[4, 2]")
  }

  @Test func reshapeToNegativeDimensions() async {
    // [-2, -3] has the right product but is not a shape.
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor.zeros([6]).reshaped([-2, -3])
    }
    expectStandardError(result, contains: "error: reshape:", "[-2, -3]")
  }

  @Test func indexSelectOutOfRange() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor.zeros([4, 2]).indexSelect([1, 5, 0])
    }
    expectStandardError(result, contains: "error: indexSelect:", "index 5", "position 1", "[4, 2]")
  }

  @Test func oneHotLabelOutOfRange() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor.oneHot([0, 2, 7], classes: 5)
    }
    expectStandardError(result, contains: "error: oneHot:", "label 7", "index 2", "0..<5")
  }

  @Test func gatherIndexOutOfRange() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor.zeros([2, 3]).gather(axis: 1, Tensor([[0], [3]]))
    }
    expectStandardError(result, contains: "error: gather:", "3", "0..<3")
  }

  @Test func gatherIndexThatIsNotAnInteger() async {
    // NaN (e.g. from a broken label pipeline) must be reported, not crash in a conversion.
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor.zeros([2, 3]).gather(axis: 1, Tensor([[0], [.nan]]))
    }
    expectStandardError(result, contains: "error: gather:", "nan")
  }

  @Test func broadcastToAnIncompatibleShape() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor.zeros([2, 3]).broadcast(to: [3, 3])
    }
    expectStandardError(result, contains: "error: broadcast:", "[2, 3]", "[3, 3]")
  }

  @Test func concatenateMismatch() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor.concatenate([Tensor.zeros([2, 3]), Tensor.zeros([3, 3])], axis: 1)
    }
    expectStandardError(result, contains: "error: concatenate:", "[2, 3]", "[3, 3]")
  }

  @Test func implicitBackwardOfANonScalar() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      (Tensor.ones([2, 2]).requiringGrad() * 2).backward()
    }
    expectStandardError(result, contains: "error: backward:", "[2, 2]")
  }

  @Test func backwardOfATensorThatRecordedNothing() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      (Tensor.ones([2]) * 2).sum().backward()
    }
    expectStandardError(result, contains: "error: backward:", "does not require gradients")
  }

  @Test func customBackwardReturningTheWrongShape() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let x = Tensor.ones([2, 3]).requiringGrad()
      let y = Tensor.differentiable([x], forward: { $0[0] * 2 }, backward: { g, _, _ in [g.sum(axis: 0)] })
      y.sum().backward()
    }
    expectStandardError(result, contains: "error: differentiable:", "[3]", "[2, 3]")
  }

  @Test func axisOfAScalar() async {
    // A scalar has no axis 0: a clear message, not an index-out-of-range trap.
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor(scalar: 1).sum(axis: 0)
    }
    expectStandardError(result, contains: "error: sum:", "axis 0", "rank 0")
    let stacked = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor.concatenate([Tensor(scalar: 1), Tensor(scalar: 2)])
    }
    expectStandardError(stacked, contains: "error: concatenate:", "rank 0")
  }

  @Test func gradHookReturningTheWrongShape() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let x = Tensor([1, 2]).requiringGrad()
      x.registerGradHook { $0.sum() }
      x.sum().backward()
    }
    expectStandardError(result, contains: "error: registerGradHook:", "[]", "[2]")
  }

  @Test func axisOutOfRange() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor.zeros([2, 3]).sum(axis: 2)
    }
    expectStandardError(result, contains: "error: sum:", "axis 2", "rank 2")
  }
}
