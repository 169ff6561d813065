// What an axes holds: one value per call such as `line` or `bar`, drawn in layers.

/// One drawable element of an ``Axes``, in data units.
enum Mark: Sendable {
  case line(LineMark)
  case scatter(ScatterMark)
  case band(BandMark)
  case bars(BarMark)
  case histogram(HistogramMark)
  case heatmap(HeatmapMark)
  case rule(RuleMark)
  case text(TextMark)

  /// Drawing layer: areas first, then lines and points, then reference lines and text.
  var layer: Int {
    switch self {
    case .heatmap: 0
    case .band, .bars, .histogram: 1
    case .line: 2
    case .scatter: 3
    case .rule: 4
    case .text: 5
    }
  }
}

struct LineMark: Sendable {
  var x: [Double]
  var y: [Double]
  var label: String?
  var color: Color
  var style: LineStyle
  /// Stroke width in points.
  var width: Double
  var marker: Marker?
}

struct ScatterMark: Sendable {
  enum Coloring: Sendable {
    case single(Color)
    /// Palette colour (and marker shape) per class index, with optional class names for the legend.
    case classes([Int], names: [String]?)
    case values([Double], Colormap, colorbar: Bool)
  }

  var x: [Double]
  var y: [Double]
  var label: String?
  var coloring: Coloring
  var marker: Marker
  /// Marker diameter in points.
  var size: Double
  var opacity: Double
}

struct BandMark: Sendable {
  var x: [Double]
  var lower: [Double]
  var upper: [Double]
  var label: String?
  var color: Color
  var opacity: Double
}

struct BarMark: Sendable {
  var categories: [String]
  var values: [Double]
  var errors: [Double]?
  var label: String?
  var color: Color
}

struct HistogramMark: Sendable {
  /// Bin edges, one more than `counts`.
  var edges: [Double]
  var counts: [Double]
  var label: String?
  var color: Color
}

struct HeatmapMark: Sendable {
  var rows: Int
  var columns: Int
  /// Row-major; row 0 is drawn at the top, as in an image.
  var values: [Double]
  var colormap: Colormap
  var range: ClosedRange<Double>
  var colorbar: Bool
  var xLabels: [String]?
  var yLabels: [String]?
  var showValues: Bool
}

struct RuleMark: Sendable {
  enum Orientation: Sendable { case vertical, horizontal }
  var orientation: Orientation
  var value: Double
  var label: String?
  var color: Color
  var style: LineStyle
}

struct TextMark: Sendable {
  var text: String
  var x: Double
  var y: Double
  var color: Color
}
