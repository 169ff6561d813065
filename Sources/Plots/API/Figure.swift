// A figure: a size, an optional title and a grid of plots; renders to PNG bytes.

/// A chart ready to render: one or more ``Axes`` in a grid, a title, a size in points.
///
/// Build one in a line with ``line(x:series:xLabel:yLabel:title:logX:logY:)`` and friends, or
/// compose:
///
/// ```swift
/// var fig = Figure(width: 960, height: 320, title: "Three learning rates")
/// fig.panels = [ax1, ax2, ax3]            // one row of three panels
/// let png = try fig.pngData(theme: .dark)
/// ```
///
/// Rendering is deterministic: the same figure gives the same bytes.
public struct Figure: Sendable {
  /// Width in points; the PNG is `width × scale` pixels wide.
  public var width: Double
  /// Height in points; the PNG is `height × scale` pixels high.
  public var height: Double
  /// The title above all panels.
  public var title: String?
  /// The plots, laid out row by row.
  public var panels: [Axes]
  /// Panels per row; by default one row of up to three panels, then a near-square grid.
  public var columns: Int?
  /// Pixels per point: 2 renders sharp on high-density screens (the PNG's pHYs says 144 dpi).
  public var scale = 2
  private var customAltText: String?

  /// Creates a figure from panels.
  public init(
    width: Double = 640, height: Double = 400, title: String? = nil, panels: [Axes] = [], columns: Int? = nil
  ) {
    self.width = width
    self.height = height
    self.title = title
    self.panels = panels
    self.columns = columns
  }

  /// Creates a figure showing one axes.
  public init(_ axes: Axes, width: Double = 640, height: Double = 400, title: String? = nil) {
    self.init(width: width, height: height, title: title, panels: [axes])
  }

  /// The first panel, created on first use, for single-plot figures: `fig.axes.line(x, y)`.
  public var axes: Axes {
    get { panels.first ?? Axes() }
    set {
      if panels.isEmpty { panels = [newValue] } else { panels[0] = newValue }
    }
  }

  /// The size in points, which is the size to show the PNG at.
  public var size: (width: Double, height: Double) { (width, height) }

  /// A text description for screen readers: set one, or get a summary of titles, labels and series.
  public var altText: String {
    get { customAltText ?? summary }
    set { customAltText = newValue }
  }

  /// Rows and columns of the panel grid.
  var grid: (rows: Int, columns: Int) {
    let n = max(panels.count, 1)
    var columns = self.columns ?? (n <= 3 ? n : Int(Double(n).squareRoot().rounded(.up)))
    columns = min(max(columns, 1), n)
    return ((n + columns - 1) / columns, columns)
  }
}
