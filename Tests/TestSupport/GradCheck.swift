import Tensors
import Testing

// Numerical gradient checking shared by every engine test target.
//
// `gradCheck` compares the gradients that `backward()` computes against central finite
// differences. The output may have any shape: it is reduced to a scalar with fixed random
// weights, `L = Σ out ⊙ w`, so every output element (and every broadcast or reduction path)
// contributes to the gradient with a different coefficient and a transposed or misplaced
// gradient cannot cancel out.
//
// Finite differences are taken on the Float32 engine, but the weighted sum is accumulated in
// Double, so the only noise is the Float rounding of each output element. With `eps = 1e-2`
// and inputs of order 1 the truncation error (`eps² f''' / 6`) and the rounding error
// (`~6e-8 · Σ|out ⊙ w| / eps`) are both around 1e-4, an order of magnitude below the default
// tolerance of 1e-2 relative to the gradient's max-norm.

/// The result of one gradient check, also recorded as a test issue when it fails.
public struct GradCheckReport: CustomStringConvertible, Sendable {
  /// The op (or test case) name given to `gradCheck`.
  public var name: String
  /// `max |analytic − numeric| / max(‖analytic‖∞, ‖numeric‖∞, floor)` over all inputs.
  public var relativeError: Double
  /// The input, flat element index and multi-index of the worst element.
  public var worstInput: Int
  public var worstElement: Int
  public var worstIndex: [Int]
  /// The analytic and numeric gradients at the worst element.
  public var analytic: Double
  public var numeric: Double
  /// Whether the check passed.
  public var passed: Bool
  /// Problems that are not a numeric mismatch (wrong gradient shape, missing gradient).
  public var structuralProblems: [String]

  public var description: String {
    if !structuralProblems.isEmpty {
      return "gradCheck(\(name)): " + structuralProblems.joined(separator: "; ")
    }
    return "gradCheck(\(name)): input \(worstInput), element \(worstElement) \(worstIndex): "
      + "analytic \(analytic) vs numeric \(numeric) (relative max-norm error \(relativeError))"
  }
}

/// The multi-index of flat position `flat` in a row-major tensor of `shape`.
public func multiIndex(_ flat: Int, in shape: [Int]) -> [Int] {
  var index = [Int](repeating: 0, count: shape.count)
  var rest = flat
  for axis in stride(from: shape.count - 1, through: 0, by: -1) where shape[axis] > 0 {
    index[axis] = rest % shape[axis]
    rest /= shape[axis]
  }
  return index
}

/// Checks the gradients of `f` with respect to every input against central finite differences.
///
/// - Parameters:
///   - name: names the op in failure messages.
///   - inputs: the points at which to differentiate; they are copied, never modified.
///   - wrt: which inputs to check (default: all). Others are passed as constants.
///   - eps: the finite-difference step (applied in Float32).
///   - tolerance: the largest accepted `max|analytic − numeric| / max(‖analytic‖∞, ‖numeric‖∞, floor)`.
///   - floor: the smallest denominator, so that an all-zero gradient is compared absolutely.
///   - seed: seeds the output weights.
///   - f: the function; it may produce any shape and is also evaluated under `withNoGrad`.
/// - Returns: the report; a failure is also recorded as a test issue at the caller.
@discardableResult
public func gradCheck(
  _ name: String,
  _ inputs: [Tensor],
  wrt: [Int]? = nil,
  eps: Float = 1e-2,
  tolerance: Double = 1e-2,
  floor: Double = 1e-1,
  seed: UInt64 = 0x5EED,
  sourceLocation: SourceLocation = #_sourceLocation,
  _ f: ([Tensor]) -> Tensor
) -> GradCheckReport {
  let checked = wrt ?? Array(inputs.indices)
  let leaves = inputs.enumerated().map { i, t in t.copy().requiringGrad(checked.contains(i)) }

  // Analytic gradients of L = Σ out ⊙ w.
  let out = f(leaves)
  var rng = RandomGenerator(seed: seed)
  let weights = Tensor.uniform(out.shape, low: -1, high: 1, generator: &rng)
  let w = weights.scalars.map(Double.init)
  var report = GradCheckReport(
    name: name, relativeError: 0, worstInput: -1, worstElement: -1, worstIndex: [],
    analytic: 0, numeric: 0, passed: true, structuralProblems: [])
  guard out.requiresGrad else {
    report.passed = false
    report.structuralProblems.append("the output does not require gradients (nothing was recorded)")
    Issue.record(Comment(rawValue: report.description), sourceLocation: sourceLocation)
    return report
  }
  (out * weights).sum().backward()

  func loss() -> Double {
    let y = withNoGrad { f(leaves) }
    let ys = y.scalars
    var total = 0.0
    for (v, wk) in zip(ys, w) { total += Double(v) * wk }
    return total
  }

  var maxDiff = 0.0, maxAnalytic = 0.0, maxNumeric = 0.0
  for i in checked {
    let leaf = leaves[i]
    let analytic: [Float]
    if let grad = leaf.grad {
      if grad.shape != leaf.shape {
        report.structuralProblems.append(
          "input \(i): gradient shape \(grad.shape) differs from input shape \(leaf.shape)")
        continue
      }
      analytic = grad.scalars
    } else {
      analytic = [Float](repeating: 0, count: leaf.count)  // no gradient flowed: it must be zero
    }
    for j in 0..<leaf.count {
      let original = leaf.withUnsafeBufferPointer { $0[j] }
      let plus = original + eps, minus = original - eps
      leaf.withUnsafeMutableBufferPointer { $0[j] = plus }
      let lossPlus = loss()
      leaf.withUnsafeMutableBufferPointer { $0[j] = minus }
      let lossMinus = loss()
      leaf.withUnsafeMutableBufferPointer { $0[j] = original }
      let numeric = (lossPlus - lossMinus) / (Double(plus) - Double(minus))
      let a = Double(analytic[j])
      maxAnalytic = max(maxAnalytic, Swift.abs(a))
      maxNumeric = max(maxNumeric, Swift.abs(numeric))
      let diff = Swift.abs(a - numeric)
      if diff > maxDiff || diff.isNaN || report.worstInput < 0 {
        if !(maxDiff.isNaN) { maxDiff = diff }
        report.worstInput = i
        report.worstElement = j
        report.worstIndex = multiIndex(j, in: leaf.shape)
        report.analytic = a
        report.numeric = numeric
      }
    }
  }
  report.relativeError = maxDiff / max(maxAnalytic, maxNumeric, floor)
  report.passed = report.structuralProblems.isEmpty && report.relativeError <= tolerance
  if !report.passed {
    Issue.record(Comment(rawValue: report.description), sourceLocation: sourceLocation)
  }
  return report
}

/// Checks the gradients that `backward()` leaves in `parameters` (e.g. a module's
/// `namedParameters()`) against central finite differences of `output`, which recomputes the
/// model's output from its current parameter values.
///
/// The output is reduced with fixed random weights as in `gradCheck`. At most
/// `elementsPerTensor` elements of each parameter (chosen at random) are perturbed, which keeps
/// checks of whole layers fast; the parameters are restored afterwards.
@discardableResult
public func gradCheckParameters(
  _ name: String,
  _ parameters: [(String, Tensor)],
  elementsPerTensor: Int = 16,
  eps: Float = 1e-2,
  tolerance: Double = 1e-2,
  floor: Double = 1e-1,
  seed: UInt64 = 0x5EED,
  sourceLocation: SourceLocation = #_sourceLocation,
  _ output: () -> Tensor
) -> GradCheckReport {
  for (_, p) in parameters { p.zeroGrad() }
  let out = output()
  var rng = RandomGenerator(seed: seed)
  let weights = Tensor.uniform(out.shape, low: -1, high: 1, generator: &rng)
  let w = weights.scalars.map(Double.init)
  var report = GradCheckReport(
    name: name, relativeError: 0, worstInput: -1, worstElement: -1, worstIndex: [],
    analytic: 0, numeric: 0, passed: true, structuralProblems: [])
  (out * weights).sum().backward()

  func loss() -> Double {
    let ys = withNoGrad { output() }.scalars
    var total = 0.0
    for (v, wk) in zip(ys, w) { total += Double(v) * wk }
    return total
  }

  var maxDiff = 0.0, maxAnalytic = 0.0, maxNumeric = 0.0
  for (i, (label, p)) in parameters.enumerated() {
    guard p.requiresGrad else { continue }
    guard let grad = p.grad else {
      report.structuralProblems.append("\(label): no gradient reached this parameter")
      continue
    }
    let analytic = grad.scalars
    let picks =
      p.count <= elementsPerTensor
      ? Array(0..<p.count) : (0..<elementsPerTensor).map { _ in rng.nextInt(below: p.count) }
    for j in picks {
      let original = p.withUnsafeBufferPointer { $0[j] }
      p.withUnsafeMutableBufferPointer { $0[j] = original + eps }
      let lossPlus = loss()
      p.withUnsafeMutableBufferPointer { $0[j] = original - eps }
      let lossMinus = loss()
      p.withUnsafeMutableBufferPointer { $0[j] = original }
      let numeric = (lossPlus - lossMinus) / (Double(original + eps) - Double(original - eps))
      let a = Double(analytic[j])
      maxAnalytic = max(maxAnalytic, Swift.abs(a))
      maxNumeric = max(maxNumeric, Swift.abs(numeric))
      let diff = Swift.abs(a - numeric)
      if diff > maxDiff || diff.isNaN || report.worstInput < 0 {
        if !maxDiff.isNaN { maxDiff = diff }
        report.worstInput = i
        report.worstElement = j
        report.worstIndex = multiIndex(j, in: p.shape)
        report.analytic = a
        report.numeric = numeric
      }
    }
  }
  report.relativeError = maxDiff / max(maxAnalytic, maxNumeric, floor)
  report.passed = report.structuralProblems.isEmpty && report.relativeError <= tolerance
  if !report.passed {
    let whereOp = report.worstInput >= 0 ? " (\(parameters[report.worstInput].0))" : ""
    Issue.record(Comment(rawValue: report.description + whereOp), sourceLocation: sourceLocation)
  }
  for (_, p) in parameters { p.zeroGrad() }
  return report
}
