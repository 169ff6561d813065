import Tensors

// Reading logged training curves: when a metric first reaches a level (time to 90% test
// accuracy, the step train loss falls 10x), and how long generalisation lags memorisation.

/// Milestones of a logged curve: `steps[i]` is the step at which `values[i]` was measured.
public enum CurveMilestones {
  /// The first logged step whose value is at least `level`, or `nil` if it never gets there.
  public static func firstStep<V: BinaryFloatingPoint>(_ steps: [Int], _ values: [V], atLeast level: V) -> Int? {
    check(steps, values.count)
    return zip(steps, values).first { !$0.1.isNaN && $0.1 >= level }?.0
  }

  /// The first logged step whose value is at most `level`, or `nil` if it never gets there.
  public static func firstStep<V: BinaryFloatingPoint>(_ steps: [Int], _ values: [V], atMost level: V) -> Int? {
    check(steps, values.count)
    return zip(steps, values).first { !$0.1.isNaN && $0.1 <= level }?.0
  }

  /// The delay between two milestones, `later / earlier`, with `nil` (never) counted as `neverStep`.
  ///
  /// The grokking delay is `ratio(tTest, tTrain, neverStep: steps + 1)`.
  public static func ratio(_ later: Int?, _ earlier: Int?, neverStep: Int) -> Double {
    Double(later ?? neverStep) / Double(Swift.max(earlier ?? neverStep, 1))
  }

  static func check(_ steps: [Int], _ count: Int) {
    if steps.count != count {
      engineFailure("CurveMilestones", "\(steps.count) steps for \(count) values")
    }
  }
}
