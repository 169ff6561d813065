// One axis of a panel: its scale, limits, ticks, and the map from data to a 0…1 fraction.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The range of data along one axis, gathered from the marks before limits are chosen.
struct Extent {
  var lo = Double.infinity
  var hi = -Double.infinity
  /// Bars and histograms: the axis starts at their zero baseline, without a margin below it.
  var baselineZero = false
  /// Heatmaps: the limits are the cells' edges, without margins.
  var tight = false

  var isEmpty: Bool { lo > hi }

  mutating func include(_ v: Double, scale: Scale) {
    guard v.isFinite, scale == .linear || v > 0 else { return }
    lo = min(lo, v)
    hi = max(hi, v)
  }

  mutating func include(_ values: [Double], scale: Scale) {
    for v in values { include(v, scale: scale) }
  }
}

/// An axis ready to draw: limits, ticks, and the data → fraction map.
struct AxisModel {
  var scale: Scale
  var lo: Double
  var hi: Double
  /// Heatmap rows run downwards.
  var inverted = false
  /// Ticks fixed by the data (bar categories, heatmap cells) rather than chosen to fit.
  var fixedTicks: TickSet?
  var ticks = TickSet(major: [])

  /// Chooses limits from the extent: explicit limits win, else the range plus a margin.
  init(extent: Extent, limits: ClosedRange<Double>?, scale: Scale, margin: Double) {
    self.scale = scale
    if let limits, limits.upperBound > limits.lowerBound, scale == .linear || limits.lowerBound > 0 {
      (lo, hi) = (limits.lowerBound, limits.upperBound)
      return
    }
    var (lo, hi) = extent.isEmpty ? (scale == .log ? (1.0, 10.0) : (0.0, 1.0)) : (extent.lo, extent.hi)
    if hi == lo {
      if scale == .log {
        (lo, hi) = (lo / 2, hi * 2)
      } else {
        let d = lo == 0 ? 0.5 : abs(lo) * 0.1
        (lo, hi) = (lo - d, hi + d)
      }
    } else if !extent.tight {
      let (a, b) = scale == .log ? (log10(lo), log10(hi)) : (lo, hi)
      let pad = (b - a) * margin
      var (na, nb) = (a - pad, b + pad)
      // Bars stand on the axis: no margin below a zero baseline.
      if extent.baselineZero && scale == .linear {
        if lo == 0 { na = 0 }
        if hi == 0 { nb = 0 }
      }
      (lo, hi) = scale == .log ? (pow(10, na), pow(10, nb)) : (na, nb)
    }
    self.lo = lo
    self.hi = hi
  }

  /// Where `v` falls between the limits: 0 at `lo`, 1 at `hi`; NaN if it cannot be shown.
  @inline(__always)
  func fraction(_ v: Double) -> Double {
    switch scale {
    case .linear: return (v - lo) / (hi - lo)
    case .log: return v > 0 ? (log10(v) - log10(lo)) / (log10(hi) - log10(lo)) : .nan
    }
  }

  /// Nice ticks, about `target` of them.
  mutating func chooseTicks(target: Int) {
    if let fixedTicks {
      ticks = fixedTicks
      return
    }
    let target = max(2, target)
    ticks =
      scale == .log ? LogTicks.ticks(lo, hi, target: target) : TickSet(major: LinearTicks.ticks(lo, hi, target: target))
  }

  /// How many ticks suit an axis `length` points long: denser on short axes, sparser on long ones.
  ///
  /// About 6 on a 300-point y axis and 6 on a 560-point x axis, as matplotlib's defaults give.
  static func tickTarget(length: Double, horizontal: Bool) -> Int {
    let spacing = horizontal ? 45 + 0.08 * length : 30 + 0.07 * length
    return max(2, Int((length / spacing).rounded()))
  }
}
