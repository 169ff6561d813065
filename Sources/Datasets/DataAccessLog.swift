/// Reports every data file the loaders open, so whoever runs the code (the notebook runner)
/// can tie a result to the exact bytes it was computed from and invalidate it when they change.
///
/// The engine knows nothing about notebooks: it only calls the observer, if one is set.
public enum DataAccessLog {
  /// Called with the path of each data file opened, on the thread that opens it.
  nonisolated(unsafe) public static var observer: ((String) -> Void)?

  /// Reports that the file at `path` is being read.
  public static func record(_ path: String) { observer?(path) }
}
