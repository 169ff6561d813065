import Tensors
import TestSupport
import Testing

/// The checker must itself catch wrong gradients, or every passing gradient test is vacuous.
@Suite("gradCheck and assertClose catch mistakes")
struct GradCheckSelfTests {
  /// `x³` whose backward forgets the factor 3 (or another plausible mistake).
  func brokenCube(_ x: Tensor, _ backward: @escaping (Tensor, Tensor) -> Tensor) -> Tensor {
    Tensor.differentiable([x], forward: { $0[0] * $0[0] * $0[0] }, backward: { g, i, _ in [backward(g, i[0])] })
  }

  @Test func catchesAMissingFactor() {
    let x = Tensor([0.5, -1, 1.5])
    withKnownIssue("the backward forgets the factor 3") {
      gradCheck("x³ without 3", [x]) { brokenCube($0[0], { g, x in g * x.square() }) }
    }
  }

  @Test func reportsTheWorstElement() {
    // Only element 2 is wrong: the report must name input 0, element 2, and both values.
    let x = Tensor([0.5, -1, 1.5, 0.7], shape: [2, 2])
    var report: GradCheckReport?
    withKnownIssue {
      report = gradCheck("one bad element", [x]) {
        brokenCube($0[0], { g, x in g * x.square() * 3 + Tensor([0, 0, 1, 0], shape: [2, 2]) })
      }
    }
    #expect(report?.passed == false)
    #expect(report?.worstInput == 0 && report?.worstElement == 2 && report?.worstIndex == [1, 0])
    #expect(abs((report?.analytic ?? 0) - (report?.numeric ?? 0) - 1) < 1e-2)
    #expect(report?.description.contains("one bad element") == true)
  }

  @Test func catchesATransposedGradient() {
    // A [2, 2] op whose backward transposes the gradient: invisible with uniform weights,
    // caught by the random output weights.
    let x = Tensor([0.5, -1, 1.5, 0.7], shape: [2, 2])
    withKnownIssue {
      gradCheck("transposed gradient", [x]) {
        Tensor.differentiable($0, forward: { $0[0] * 2 }, backward: { g, _, _ in [g.T * 2] })
      }
    }
  }

  @Test func catchesAGradientOfTheWrongShapeAndAnUnrecordedOutput() {
    let x = Tensor([1, 2, 3])
    withKnownIssue {
      gradCheck("not recorded", [x]) { $0[0].detach() * 2 }
    }
  }

  @Test func passesACorrectGradientWithMargin() {
    let report = gradCheck("x³", [Tensor([0.5, -1, 1.5])]) { brokenCube($0[0], { g, x in g * x.square() * 3 }) }
    #expect(report.passed && report.relativeError < 1e-3)
  }

  @Test func assertCloseCatchesDifferences() {
    withKnownIssue { assertClose(Tensor([1, 2]), [1, 2.1]) }
    withKnownIssue { assertClose(Tensor([1, 2]), [1, 2], shape: [2, 1]) }
    withKnownIssue { assertClose(Tensor([1, .nan]), [1, 2]) }
    withKnownIssue { assertClose([1, 2], [1]) }
    #expect(assertClose(Tensor([1, .nan, .infinity]), [1, .nan, .infinity]))
    #expect(assertClose(Tensor([100]), [100.5], atol: 0, rtol: 1e-2))
    #expect(firstMismatch([1, 2, 3], [1, 2.5, 3]) == 1)
  }
}
