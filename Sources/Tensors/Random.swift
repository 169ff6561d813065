/// The process-wide default generator that layers and data helpers draw from when no
/// generator is passed, like `torch.manual_seed`.
public enum Random {
  /// The default stream. Reseed with `manualSeed(_:)` at the top of a notebook.
  nonisolated(unsafe) public static var global = RandomGenerator(seed: 0)

  /// Restarts the default stream from `seed`.
  public static func manualSeed(_ seed: Int) { global = RandomGenerator(seed: seed) }
}
