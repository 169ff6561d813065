// The numbers a chart accepts: every standard floating-point and integer type.

/// A number that can be plotted, such as `Double`, `Float` or `Int`.
///
/// Charts take `[Float]` straight from a tensor, `[Int]` step counts or `[Double]` metrics
/// without conversions in the cell.
public protocol PlotValue {
  /// The value as a `Double`, the type every chart computes in.
  var plotValue: Double { get }
}

extension Double: PlotValue {
  /// The value itself.
  public var plotValue: Double { self }
}

extension Float: PlotValue {
  /// The value widened to `Double`.
  public var plotValue: Double { Double(self) }
}

extension Int: PlotValue {
  /// The value converted to `Double`.
  public var plotValue: Double { Double(self) }
}

extension Int32: PlotValue {
  /// The value converted to `Double`.
  public var plotValue: Double { Double(self) }
}

extension Int64: PlotValue {
  /// The value converted to `Double`.
  public var plotValue: Double { Double(self) }
}

extension UInt8: PlotValue {
  /// The value converted to `Double`.
  public var plotValue: Double { Double(self) }
}

extension UInt32: PlotValue {
  /// The value converted to `Double`.
  public var plotValue: Double { Double(self) }
}

extension Sequence where Element: PlotValue {
  /// The elements as `Double`s.
  var plotValues: [Double] { map(\.plotValue) }
}
