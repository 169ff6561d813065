@preconcurrency import Glibc
import Plots
import RunProtocol

/// Shows a figure as an output of the current cell: a light and a dark PNG in the run folder,
/// which the site shows with the cell's caption (matching the reader's colour scheme).
///
/// Outside the runner the PNG is written to the working folder and its name printed.
public func show(_ figure: Figure) {
  _LitmusRun.figureCount += 1
  let number = _LitmusRun.figureCount
  let cell = max(_LitmusRun.currentCell, 0)
  let stem = "fig-\(cell + 1)-\(number)"
  do {
    let light = try figure.pngData(theme: .light)
    let dark = try figure.pngData(theme: .dark)
    try writeFile(_LitmusRun.path(stem + ".png"), light)
    try writeFile(_LitmusRun.path(stem + "-dark.png"), dark)
  } catch {
    // A figure that cannot be drawn (e.g. the font is missing) is the cell's error, not a crash.
    fatalError("show(figure): \(error)")
  }
  if _LitmusRun.eventsFD >= 0 {
    let record = FigureRecord(
      light: stem + ".png", dark: stem + "-dark.png", width: Int(figure.width), height: Int(figure.height),
      title: figure.altText)
    _LitmusRun.emit(RunEvent(.figure, cell: _LitmusRun.currentCell, time: _LitmusRun.elapsed(), figure: record))
  } else {
    print("figure written to \(_LitmusRun.path(stem + ".png"))")
  }
}

private struct WriteError: Error, CustomStringConvertible {
  let path: String
  var description: String { "cannot write \(path): \(String(cString: strerror(errno)))" }
}

/// Writes bytes to a temporary name and renames it into place.
private func writeFile(_ path: String, _ bytes: [UInt8]) throws {
  let temporary = path + ".tmp"
  guard let file = fopen(temporary, "wb") else { throw WriteError(path: temporary) }
  let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
  fclose(file)
  guard written == bytes.count, rename(temporary, path) == 0 else { throw WriteError(path: path) }
}
