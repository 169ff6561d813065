#if canImport(Glibc)
import Glibc
#endif

/// Stops the program with a message that survives release builds.
///
/// `precondition` drops its message under `-O`, so a user mistake (a shape mismatch, a label
/// out of range) would surface as a bare "precondition failure". This writes the message to
/// standard error first, then traps, so notebook runs show what went wrong and where.
/// - Parameters:
///   - op: the operation that detected the problem, e.g. `matmul`.
///   - message: what is wrong, naming the shapes or indices involved.
public func engineFailure(_ op: String, _ message: String) -> Never {
  let text = "error: \(op): \(message)\n"
  var bytes = Array(text.utf8)
  _ = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
  fatalError("\(op): \(message)")
}

/// Checks `condition` and fails with `message` (built lazily) when it is false.
@inline(__always)
func check(_ condition: Bool, _ op: @autoclosure () -> String, _ message: @autoclosure () -> String) {
  if !condition { engineFailure(op(), message()) }
}
