import Analysis
import Testing

@Suite struct GrokkingCurvesTests {
  private let steps = [0, 50, 100, 150, 200]
  private let accuracy: [Float] = [0.0, 0.95, 0.4, 0.92, 0.97]

  @Test func firstStepFindsTheFirstCrossing() {
    #expect(CurveMilestones.firstStep(steps, accuracy, atLeast: 0.9) == 50)
    #expect(CurveMilestones.firstStep(steps, accuracy, atLeast: 0.99) == nil)
    #expect(CurveMilestones.firstStep(steps, [2.0, 1.0, 0.1, 0.05, 0.2], atMost: 0.1) == 100)
    #expect(CurveMilestones.firstStep(steps, [2.0, .nan, 1, 1, 1], atMost: 0.1) == nil)
  }

  @Test func ratioCountsNeverAsTheGivenStep() {
    #expect(CurveMilestones.ratio(300, 100, neverStep: 1001) == 3)
    #expect(CurveMilestones.ratio(nil, 100, neverStep: 1001) == 10.01)
    #expect(CurveMilestones.ratio(0, 0, neverStep: 1001) == 0)
  }
}
