import Foundation
import NN
import Tensors
import Testing

/// Central finite differences of a scalar function, accumulated in Double.
private func numericGradient(_ x: Tensor, eps: Float = 1e-2, _ f: (Tensor) -> Tensor) -> [Double] {
  var values = x.scalars
  return (0..<values.count).map { i in
    let original = values[i]
    values[i] = original + eps
    let plus = Double(withNoGrad { f(Tensor(values, shape: x.shape)) }.item)
    values[i] = original - eps
    let minus = Double(withNoGrad { f(Tensor(values, shape: x.shape)) }.item)
    values[i] = original
    return (plus - minus) / (2 * Double(eps))
  }
}

private func expectGradientMatches(
  _ x: Tensor, _ f: (Tensor) -> Tensor, sourceLocation: SourceLocation = #_sourceLocation
) {
  let input = x.copy().requiringGrad()
  f(input).backward()
  let analytic = input.grad!.scalars.map(Double.init)
  let numeric = numericGradient(x, f)
  let scale = max(1e-3, numeric.map(abs).max() ?? 0)
  let error = zip(analytic, numeric).map { abs($0 - $1) }.max() ?? 0
  #expect(
    error / scale < 1e-2, "gradient error \(error) (scale \(scale)): \(analytic) vs \(numeric)",
    sourceLocation: sourceLocation)
}

@Suite struct LossTests {
  private let logits = Tensor([[2, -1, 0.5, 0], [0.1, 0.2, -0.3, 1.5], [-2, 0, 2, 1]])
  private let labels = [0, 3, 1]

  @Test func uniformLogitsGiveLogClasses() {
    let loss = crossEntropy(Tensor.zeros([4, 10]), [0, 1, 2, 3]).item
    #expect(abs(loss - log(10)) < 1e-6)
  }

  @Test func crossEntropyMatchesTheDefinition() {
    let perSample = crossEntropy(logits, labels, reduction: .none).scalars
    for (i, label) in labels.enumerated() {
      let row = (0..<4).map { Double(logits[i, $0]) }
      let expected = log(row.map(exp).reduce(0, +)) - row[label]
      #expect(abs(Double(perSample[i]) - expected) < 1e-5)
    }
    let mean = crossEntropy(logits, labels).item, sum = crossEntropy(logits, labels, reduction: .sum).item
    #expect(abs(mean - perSample.reduce(0, +) / 3) < 1e-6 && abs(sum - perSample.reduce(0, +)) < 1e-5)
  }

  @Test func labelSmoothingEqualsSoftTargets() {
    let eps: Float = 0.1
    let smooth = Tensor.oneHot(labels, classes: 4) * (1 - eps) + eps / 4
    let a = crossEntropy(logits, labels, labelSmoothing: eps).item
    let b = crossEntropy(logits, targets: smooth).item
    #expect(abs(a - b) < 1e-5)
  }

  @Test func crossEntropyGradients() {
    expectGradientMatches(logits) { crossEntropy($0, labels) }
    expectGradientMatches(logits) { crossEntropy($0, labels, reduction: .sum, labelSmoothing: 0.2) }
    expectGradientMatches(logits) { (crossEntropy($0, labels, reduction: .none) * Tensor([1, 2, 3])).sum() }
    expectGradientMatches(logits) { crossEntropy($0, targets: Tensor.oneHot(labels, classes: 4) * 0.7 + 0.075) }
  }

  @Test func mseAndKLValues() {
    #expect(mse(Tensor([1, 2, 3]), Tensor([1, 0, 0])).item == 13.0 / 3)
    let p = Tensor([[0.5, 0.5]]), q = Tensor([[0.25, 0.75]])
    let kl = klDivergence(q.log(), target: p).item
    let expected = 0.5 * log(0.5 / 0.25) + 0.5 * log(0.5 / 0.75)
    #expect(abs(Double(kl) - expected) < 1e-6)
    #expect(abs(klDivergence(p.log(), target: p).item) < 1e-7)
  }

  @Test func lossGradients() {
    let target = Tensor([[0.5, -1, 2, 0], [1, 1, 0, -0.5], [0, 0, 3, 1]])
    expectGradientMatches(logits) { mse($0, target) }
    let probabilities = Tensor([[0.1, 0.2, 0.3, 0.4], [0.25, 0.25, 0.25, 0.25], [0.7, 0.1, 0.1, 0.1]])
    expectGradientMatches(logits) { klDivergence($0.logSoftmax(axis: -1), target: probabilities) }
    let binary = Tensor([[1, 0, 1, 0], [0, 0, 1, 1], [1, 1, 1, 0]])
    expectGradientMatches(logits) { binaryCrossEntropyWithLogits($0, binary) }
  }

  @Test func binaryCrossEntropyIsStableForLargeLogits() {
    let loss = binaryCrossEntropyWithLogits(Tensor([1000, -1000]), Tensor([0, 1]), reduction: .none).scalars
    #expect(loss.allSatisfy { abs($0 - 1000) < 1e-3 })
    let perfect = binaryCrossEntropyWithLogits(Tensor([1000, -1000]), Tensor([1, 0])).item
    #expect(perfect == 0)
  }

  @Test func accuracyCountsArgmaxHits() {
    #expect(abs(accuracy(logits, [0, 3, 1]) - 2.0 / 3) < 1e-6)
    #expect(accuracy(logits, [0, 3, 2]) == 1)
  }
}
