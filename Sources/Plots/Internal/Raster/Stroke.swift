// How a line is stroked: width, joins, caps and dashes, in pixels.

/// The pen for a polyline, in pixels.
struct Stroke: Sendable {
  enum Join: Sendable { case round, miter, bevel }
  enum Cap: Sendable { case butt, round, square }

  var width: Double
  var join: Join = .round
  var cap: Cap = .butt
  /// Alternating on/off lengths in pixels; empty for a solid line.
  var dashes: [Double] = []

  /// A data line: round joins, and round caps so that dotted lines are dots.
  static func line(width: Double, style: LineStyle) -> Stroke {
    let dashes = style.pattern.map { $0 * width }
    return Stroke(
      width: width, join: .round, cap: style == .solid ? .round : (style == .dashed ? .butt : .round),
      dashes: dashes)
  }
}
