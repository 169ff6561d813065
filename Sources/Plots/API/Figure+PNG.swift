// Rendering a figure to PNG bytes.

extension Figure {
  /// The figure as PNG bytes in the given theme: `size × scale` pixels, deterministic.
  ///
  /// - Throws: ``PlotError`` when the chart font is missing, the size is unusable, or a chart
  ///   call received arrays of different lengths.
  public func pngData(theme: Theme = .light) throws(PlotError) -> [UInt8] {
    let rendered = try render(theme: theme)
    return PNGEncoder.encode(rendered.canvas, scale: scale)
  }
}
