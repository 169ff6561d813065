import RunProtocol

/// Reports where a training loop is, for the runner's live line and ETA.
///
/// Call it every step; records are rate-limited (at most about 4 per second, plus the last step),
/// so calling it in a tight loop costs little.
/// ```swift
/// progress(step: i + 1, total: steps, ["loss": loss.item, "acc": acc])
/// ```
public func progress(step: Int, total: Int? = nil, _ values: KeyValuePairs<String, Double> = [:]) {
  report(step: step, total: total) { values.map { NamedValue($0.key, $0.value) } }
}

/// Reports progress with `Float` values (losses and accuracies are usually `Float`).
public func progress(step: Int, total: Int? = nil, _ values: KeyValuePairs<String, Float>) {
  report(step: step, total: total) { values.map { NamedValue($0.key, Double($0.value)) } }
}

private func report(step: Int, total: Int?, _ values: () -> [NamedValue]) {
  let now = _LitmusRun.elapsed()
  guard step == total || now - ProgressThrottle.lastTime >= 0.25 else { return }
  ProgressThrottle.lastTime = now
  let record = ProgressRecord(step: step, total: total, values: values())
  _LitmusRun.emit(RunEvent(.progress, cell: _LitmusRun.currentCell, time: now, progress: record))
}

private enum ProgressThrottle {
  nonisolated(unsafe) static var lastTime: Double = -1
}
