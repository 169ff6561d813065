/// A failure of the runner's environment (not of a notebook): the engine cannot be found or
/// built, the compiler is missing, the cache folder is not writable.
public enum ExecutionError: Error, Sendable, CustomStringConvertible {
  /// The engine build is missing or failed.
  case engine(String)
  /// A program could not be started.
  case spawn(String)
  /// The cache could not be written.
  case cache(String)
  /// The run was interrupted (SIGINT); nothing was written to the cache.
  case interrupted

  public var description: String {
    switch self {
    case .engine(let message): "engine: \(message)"
    case .spawn(let message): "cannot start a process: \(message)"
    case .cache(let message): "cache: \(message)"
    case .interrupted: "interrupted; the cache was left as it was"
    }
  }
}
