// The one error type of the plotting module.

/// A problem that stops a figure from rendering, with what to do about it.
public struct PlotError: Error, CustomStringConvertible, Sendable, Equatable {
  /// What went wrong.
  public var message: String
  /// How to fix it, when there is something to do.
  public var hint: String?

  /// Creates an error from a message and an optional hint.
  public init(_ message: String, hint: String? = nil) {
    self.message = message
    self.hint = hint
  }

  /// The message and hint as one line each: `error: …` then `hint: …`.
  public var description: String {
    guard let hint else { return "error: \(message)" }
    return "error: \(message)\nhint: \(hint)"
  }

  /// The font file for chart text is missing or unreadable.
  static func fontNotFound(_ path: String) -> PlotError {
    PlotError(
      "cannot load the chart font at \(path)",
      hint: "apt-get install fonts-dejavu-core, or set LITMUS_FONT to a .ttf file")
  }
}
