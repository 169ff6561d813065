import Tensors
import Testing

/// Where `actual` and `expected` first differ by more than `atol + rtol·|expected|`, or nil.
///
/// NaN matches only NaN, and infinities only the same infinity.
public func firstMismatch(
  _ actual: [Float], _ expected: [Float], atol: Float = 1e-5, rtol: Float = 1e-5
) -> Int? {
  for (i, (a, e)) in zip(actual, expected).enumerated() {
    if a.isNaN || e.isNaN {
      if a.isNaN != e.isNaN { return i }
      continue
    }
    if a.isInfinite || e.isInfinite {
      if a != e { return i }
      continue
    }
    if Swift.abs(a - e) > atol + rtol * Swift.abs(e) { return i }
  }
  return nil
}

/// Expects `tensor` to hold `expected` (row-major) within `atol + rtol·|expected|`, and to have
/// `shape` when given. Records one issue naming the first bad element; returns whether it passed.
@discardableResult
public func assertClose(
  _ tensor: Tensor, _ expected: [Float], shape: [Int]? = nil,
  atol: Float = 1e-5, rtol: Float = 1e-5, _ comment: String = "",
  sourceLocation: SourceLocation = #_sourceLocation
) -> Bool {
  let prefix = comment.isEmpty ? "" : comment + ": "
  if let shape, tensor.shape != shape {
    Issue.record(
      Comment(rawValue: "\(prefix)shape \(tensor.shape) differs from expected \(shape)"),
      sourceLocation: sourceLocation)
    return false
  }
  return assertClose(
    tensor.scalars, expected, atol: atol, rtol: rtol, comment, shape: tensor.shape,
    sourceLocation: sourceLocation)
}

/// Expects two tensors to have the same shape and values within tolerance.
@discardableResult
public func assertClose(
  _ tensor: Tensor, _ expected: Tensor, atol: Float = 1e-5, rtol: Float = 1e-5,
  _ comment: String = "", sourceLocation: SourceLocation = #_sourceLocation
) -> Bool {
  assertClose(
    tensor, expected.scalars, shape: expected.shape, atol: atol, rtol: rtol, comment,
    sourceLocation: sourceLocation)
}

/// Expects two arrays to agree within `atol + rtol·|expected|`.
@discardableResult
public func assertClose(
  _ actual: [Float], _ expected: [Float], atol: Float = 1e-5, rtol: Float = 1e-5,
  _ comment: String = "", shape: [Int]? = nil, sourceLocation: SourceLocation = #_sourceLocation
) -> Bool {
  let prefix = comment.isEmpty ? "" : comment + ": "
  guard actual.count == expected.count else {
    Issue.record(
      Comment(rawValue: "\(prefix)\(actual.count) values, expected \(expected.count)"),
      sourceLocation: sourceLocation)
    return false
  }
  if let i = firstMismatch(actual, expected, atol: atol, rtol: rtol) {
    let at = shape.map { " \(multiIndex(i, in: $0))" } ?? ""
    Issue.record(
      Comment(
        rawValue: "\(prefix)element \(i)\(at): \(actual[i]) vs expected \(expected[i]) (atol \(atol), rtol \(rtol))"),
      sourceLocation: sourceLocation)
    return false
  }
  return true
}

/// Whether two tensors hold bitwise-identical values and the same shape.
public func bitwiseEqual(_ a: Tensor, _ b: Tensor) -> Bool {
  a.shape == b.shape && a.scalars.map(\.bitPattern) == b.scalars.map(\.bitPattern)
}
