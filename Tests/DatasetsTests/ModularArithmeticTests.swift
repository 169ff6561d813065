import Datasets
import Testing

@Suite struct ModularArithmeticTests {
  @Test func splitsAllPairsWithCorrectLabels() {
    for operation in ModularArithmetic.Operation.allCases {
      let task = ModularArithmetic(operation: operation, p: 13, trainFraction: 0.3, seed: 2)
      let total = operation == .divide ? 13 * 12 : 13 * 13
      #expect(task.train.count == Int((0.3 * Double(total)).rounded()))
      #expect(task.train.count + task.test.count == total)
      #expect(task.vocabularySize == 14 && task.train.classes == 13)
      var pairs = Set<[Int]>()
      for split in [task.train, task.test] {
        for i in 0..<split.count {
          let sequence = split.sequence(i)
          let (a, b) = (sequence[0], sequence[1])
          #expect(sequence[2] == task.equalsToken)
          pairs.insert([a, b])
          let label = split.labels[i]
          switch operation {
          case .add: #expect(label == (a + b) % 13)
          case .subtract: #expect((label + b) % 13 == a)
          case .multiply: #expect(label == a * b % 13)
          case .divide: #expect(b != 0 && label * b % 13 == a)
          }
        }
      }
      #expect(pairs.count == total)
    }
  }

  @Test func inversesAreInverses() {
    for p in [2, 5, 97, 113] {
      for b in 1..<p { #expect(ModularArithmetic.inverse(b, modulo: p)! * b % p == 1) }
    }
    #expect(ModularArithmetic.inverse(4, modulo: 10) == nil)
    #expect(ModularArithmetic.inverse(3, modulo: 10) == 7)
    #expect(ModularArithmetic.result(.divide, 1, 3, p: 7) == 5)
  }

  @Test func isDeterministicPerSeed() {
    let a = ModularArithmetic(operation: .add, p: 11, trainFraction: 0.5, corruptedFraction: 0.2, seed: 1)
    let b = ModularArithmetic(operation: .add, p: 11, trainFraction: 0.5, corruptedFraction: 0.2, seed: 1)
    let c = ModularArithmetic(operation: .add, p: 11, trainFraction: 0.5, corruptedFraction: 0.2, seed: 2)
    #expect(a.train.tokens == b.train.tokens && a.train.labels == b.train.labels)
    #expect(a.train.tokens != c.train.tokens)
  }

  @Test func corruptsOnlyTrainLabels() {
    let task = ModularArithmetic(operation: .multiply, p: 17, trainFraction: 0.5, corruptedFraction: 0.25, seed: 3)
    let clean = task.train.cleanLabels!
    #expect(task.train.corruptedIndices.count == Int((0.25 * Double(task.train.count)).rounded()))
    for i in 0..<task.train.count {
      let s = task.train.sequence(i)
      #expect(clean[i] == s[0] * s[1] % 17)
    }
    for i in task.train.corruptedIndices { #expect(task.train.labels[i] != clean[i]) }
    #expect(task.test.cleanLabels == nil)
  }

  @Test func encodesForEmbeddingsAndMLPs() {
    let task = ModularArithmetic(operation: .add, p: 5, trainFraction: 1, seed: 0)
    let (tokens, labels) = task.train.batch([0, 7])
    #expect(tokens == [0, 0, 5, 1, 2, 5] && labels == [0, 3])
    #expect(task.train.tokenTensor([7]).scalars == [1, 2, 5])
    let oneHot = task.train.oneHotEncoded(positions: [0, 1])
    #expect(oneHot.inputs.shape == [25, 12])
    let row = Array(oneHot.inputs.scalars[7 * 12..<8 * 12])
    #expect(row == [0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0])
  }
}
