import NN
import Optimizers
import Tensors
import Testing

/// The update loops run 8 lanes at a time with a scalar tail; both paths must give exactly
/// the same numbers. A 21-element parameter (two vector blocks and a tail of 5) is compared
/// with 21 one-element parameters, which only take the scalar tail.
@Suite struct VectorisedUpdateTests {
  nonisolated(unsafe) static let makers: [(String, ([Tensor]) -> Optimizer)] = [
    ("SGD", { SGD($0, learningRate: 0.1) }),
    ("SGD momentum", { SGD($0, learningRate: 0.1, momentum: 0.9) }),
    ("SGD weight decay", { SGD($0, learningRate: 0.1, momentum: 0.9, weightDecay: 0.01) }),
    ("SGD Nesterov", { SGD($0, learningRate: 0.1, momentum: 0.9, nesterov: true) }),
    ("Adam", { Adam($0, learningRate: 0.01, weightDecay: 0.1) }),
    ("AdamW", { AdamW($0, learningRate: 0.01, betas: (0.9, 0.98), weightDecay: 1) }),
  ]

  @Test func vectorAndScalarPathsAgreeBitwise() {
    for (name, make) in Self.makers {
      let start = (0..<21).map { Float($0) * 0.37 - 3 }
      let whole = Tensor.parameter(Tensor(start))
      let pieces = start.map { Tensor.parameter(Tensor([$0])) }
      let a = make([whole]), b = make(pieces)
      for _ in 0..<4 {
        a.zeroGrad()
        b.zeroGrad()
        (whole.square() * whole).sum().backward()
        for p in pieces { (p.square() * p).sum().backward() }
        a.step()
        b.step()
      }
      #expect(whole.scalars.map(\.bitPattern) == pieces.map { $0.item.bitPattern }, "\(name)")
    }
  }
}
