import RunProtocol

// Claims: checked statements of a paper's finding. Each records the statement, the measured
// value, the bound and whether it held; a NaN measurement never holds.

/// Records a claim that holds when `holds` is true.
@discardableResult
public func claim(_ statement: String, _ holds: Bool) -> Bool {
  record(ClaimRecord(statement: statement, passed: holds))
}

/// Records a claim that `value > bound`.
@discardableResult
public func claim<T: BinaryFloatingPoint>(_ statement: String, _ value: T, greaterThan bound: T) -> Bool {
  compare(statement, Double(value), ">", Double(bound), Double(value) > Double(bound))
}

/// Records a claim that `value < bound`.
@discardableResult
public func claim<T: BinaryFloatingPoint>(_ statement: String, _ value: T, lessThan bound: T) -> Bool {
  compare(statement, Double(value), "<", Double(bound), Double(value) < Double(bound))
}

/// Records a claim that `value ≥ bound`.
@discardableResult
public func claim<T: BinaryFloatingPoint>(_ statement: String, _ value: T, atLeast bound: T) -> Bool {
  compare(statement, Double(value), "≥", Double(bound), Double(value) >= Double(bound))
}

/// Records a claim that `value ≤ bound`.
@discardableResult
public func claim<T: BinaryFloatingPoint>(_ statement: String, _ value: T, atMost bound: T) -> Bool {
  compare(statement, Double(value), "≤", Double(bound), Double(value) <= Double(bound))
}

/// Records a claim that `|value − reference| ≤ tolerance`.
@discardableResult
public func claim<T: BinaryFloatingPoint>(
  _ statement: String, _ value: T, approximatelyEqual reference: T, tolerance: T
) -> Bool {
  let (v, r, t) = (Double(value), Double(reference), Double(tolerance))
  let passed = Swift.abs(v - r) <= t
  return record(
    ClaimRecord(
      statement: statement, passed: passed,
      check: "\(formatNumber(v)) ≈ \(formatNumber(r)) ± \(formatNumber(t))", measured: v, bound: r, tolerance: t))
}

/// Records a claim that `value` lies in `range` (ends included).
@discardableResult
public func claim<T: BinaryFloatingPoint>(_ statement: String, _ value: T, in range: ClosedRange<T>) -> Bool {
  let (v, lo, hi) = (Double(value), Double(range.lowerBound), Double(range.upperBound))
  return record(
    ClaimRecord(
      statement: statement, passed: v >= lo && v <= hi,
      check: "\(formatNumber(v)) ∈ [\(formatNumber(lo)), \(formatNumber(hi))]", measured: v, lower: lo, upper: hi))
}

private func compare(_ statement: String, _ value: Double, _ symbol: String, _ bound: Double, _ passed: Bool) -> Bool {
  record(
    ClaimRecord(
      statement: statement, passed: passed, check: "\(formatNumber(value)) \(symbol) \(formatNumber(bound))",
      measured: value, bound: bound))
}

private func record(_ claim: ClaimRecord) -> Bool {
  if _LitmusRun.eventsFD >= 0 {
    _LitmusRun.emit(RunEvent(.claim, cell: _LitmusRun.currentCell, time: _LitmusRun.elapsed(), claim: claim))
  } else {
    print("\(claim.passed ? "✓" : "✗") \(claim.statement)\(claim.check.map { " (\($0))" } ?? "")")
  }
  return claim.passed
}
