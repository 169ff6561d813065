// Polygons for discs, rounded rectangles and markers.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Polygon builders; all return polygons of positive signed area (clockwise on screen).
enum Shapes {
  /// The angle per polygon side that keeps a circle of `radius` within 0.05 px of true.
  static func angleStep(radius: Double) -> Double {
    let r = max(radius, 0.5)
    return 2 * acos(max(1 - 0.05 / r, 0))
  }

  static func circle(_ c: Point, radius: Double) -> [Point] {
    let steps = max(8, Int((2 * Double.pi / angleStep(radius: radius)).rounded(.up)))
    return (0..<steps).map { k in
      let angle = 2 * Double.pi * Double(k) / Double(steps)
      return c + Point(cos(angle), sin(angle)) * radius
    }
  }

  static func roundedRect(_ r: Rect, radius: Double) -> [Point] {
    let radius = min(radius, r.width / 2, r.height / 2)
    guard radius > 0.01 else {
      return [Point(r.x0, r.y0), Point(r.x1, r.y0), Point(r.x1, r.y1), Point(r.x0, r.y1)]
    }
    let corners = [
      (Point(r.x1 - radius, r.y0 + radius), -Double.pi / 2), (Point(r.x1 - radius, r.y1 - radius), 0.0),
      (Point(r.x0 + radius, r.y1 - radius), Double.pi / 2), (Point(r.x0 + radius, r.y0 + radius), Double.pi),
    ]
    let steps = max(2, Int((Double.pi / 2 / angleStep(radius: radius)).rounded(.up)))
    return corners.flatMap { center, start in
      (0...steps).map { k in
        let angle = start + Double.pi / 2 * Double(k) / Double(steps)
        return center + Point(cos(angle), sin(angle)) * radius
      }
    }
  }

  /// A marker of diameter `size` centred on `c`, with areas balanced so shapes look equally heavy.
  static func marker(_ marker: Marker, at c: Point, size: Double) -> [[Point]] {
    let r = size / 2
    switch marker {
    case .circle:
      return [circle(c, radius: r)]
    case .square:
      let h = r * 0.886  // same area as the circle
      return [[c + Point(-h, -h), c + Point(h, -h), c + Point(h, h), c + Point(-h, h)]]
    case .diamond:
      let h = r * 1.25
      return [[c + Point(0, -h), c + Point(h, 0), c + Point(0, h), c + Point(-h, 0)]]
    case .triangle:
      let h = r * 1.35
      return [[c + Point(0, -h), c + Point(h * 0.866, h * 0.5), c + Point(-h * 0.866, h * 0.5)]]
    case .cross:
      let h = r * 0.95
      let w = r * 0.32
      let bar1 = [
        c + Point(-h - w, -h + w), c + Point(-h + w, -h - w), c + Point(h + w, h - w), c + Point(h - w, h + w),
      ]
      let bar2 = [
        c + Point(h - w, -h - w), c + Point(h + w, -h + w), c + Point(-h + w, h + w), c + Point(-h - w, h - w),
      ]
      return [positive(bar1), positive(bar2)]
    }
  }

  static func signedArea(_ polygon: [Point]) -> Double {
    var area = 0.0
    var previous = polygon[polygon.count - 1]
    for p in polygon {
      area += previous.x * p.y - p.x * previous.y
      previous = p
    }
    return area / 2
  }

  static func positive(_ polygon: [Point]) -> [Point] {
    signedArea(polygon) >= 0 ? polygon : polygon.reversed()
  }
}
