// A labelled position along an axis.

/// A tick mark: where it goes (in data units) and what it says.
struct Tick: Sendable, Equatable {
  var value: Double
  var label: String
}

/// The ticks of one axis.
struct TickSet: Sendable, Equatable {
  var major: [Tick]
  /// Unlabelled short ticks, such as 2…9 × 10ⁿ on a log axis.
  var minor: [Double] = []
}
