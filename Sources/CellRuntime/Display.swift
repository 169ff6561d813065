@preconcurrency import Glibc
import RunProtocol

/// Prints `value` as a cell output (its `description`), like the last expression of a Jupyter cell.
public func show<T>(_ value: T) {
  print(value)
}

/// Shows a table with a header; numbers are formatted with `formatNumber` (4 significant digits).
///
/// ```swift
/// table(columns: ["lr", "test accuracy"], rows: [[0.1, 0.91], [0.01, 0.88]])
/// ```
public func table(columns: [String], rows: [[Any]]) {
  for (i, row) in rows.enumerated() where row.count != columns.count {
    fatalError("table: row \(i) has \(row.count) cells for \(columns.count) columns")
  }
  let formatted = rows.map { $0.map(formatCell) }
  if _LitmusRun.eventsFD >= 0 {
    _LitmusRun.emit(
      RunEvent(.table, cell: _LitmusRun.currentCell, time: _LitmusRun.elapsed(), columns: columns, rows: formatted))
  } else {
    print(([columns] + formatted).map { $0.joined(separator: "\t") }.joined(separator: "\n"))
  }
}

/// Records a named number of this run (shown with the cell and in the run's metrics).
public func metric<T: BinaryFloatingPoint>(_ name: String, _ value: T) {
  recordMetric(name, Double(value))
}

/// Records a named integer of this run.
public func metric<T: BinaryInteger>(_ name: String, _ value: T) {
  recordMetric(name, Double(value))
}

private func recordMetric(_ name: String, _ value: Double) {
  if _LitmusRun.eventsFD >= 0 {
    _LitmusRun.emit(
      RunEvent(.metric, cell: _LitmusRun.currentCell, time: _LitmusRun.elapsed(), text: name, value: value))
  } else {
    print("\(name) = \(formatNumber(value))")
  }
}

/// Formats a number for display: integers exactly, others with 4 significant digits.
public func formatNumber(_ value: Double) -> String {
  if value.isNaN { return "nan" }
  if value.isInfinite { return value > 0 ? "inf" : "-inf" }
  if value == value.rounded(), Swift.abs(value) < 1e15 { return String(Int64(value)) }
  var buffer = [CChar](repeating: 0, count: 32)
  _ = withVaList([value]) { vsnprintf(&buffer, buffer.count, "%.4g", $0) }
  return String(cString: buffer)
}

private func formatCell(_ value: Any) -> String {
  switch value {
  case let v as Double: formatNumber(v)
  case let v as Float: formatNumber(Double(v))
  case let v as Int: String(v)
  case let v as String: v
  default: String(describing: value)
  }
}
