import Synchronization

/// What registering a hook returns: `remove()` unregisters that hook alone.
///
/// Dropping the handle does not remove the hook (as in PyTorch); keep it to remove the hook
/// later, or ignore it to keep the hook for the tensor's or module's lifetime.
public final class HookHandle {
  private var removal: (() -> Void)?
  private static let counter = Atomic<Int>(0)

  /// Creates a handle that runs `removal` on the first call to `remove()`.
  public init(_ removal: @escaping () -> Void) { self.removal = removal }

  /// Unregisters the hook; later calls do nothing.
  public func remove() {
    removal?()
    removal = nil
  }

  /// A process-wide unique identifier for a new hook.
  public static func makeIdentifier() -> Int { counter.wrappingAdd(1, ordering: .relaxed).newValue }
}
