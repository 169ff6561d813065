// Points and rectangles in pixel space (y grows downwards).

/// A point in pixels; (0, 0) is the top-left corner of the top-left pixel.
struct Point: Sendable, Equatable {
  var x: Double
  var y: Double

  init(_ x: Double, _ y: Double) {
    self.x = x
    self.y = y
  }

  static func + (a: Point, b: Point) -> Point { Point(a.x + b.x, a.y + b.y) }
  static func - (a: Point, b: Point) -> Point { Point(a.x - b.x, a.y - b.y) }
  static func * (a: Point, k: Double) -> Point { Point(a.x * k, a.y * k) }
  var length: Double { (x * x + y * y).squareRoot() }
}

/// An axis-aligned rectangle in pixels.
struct Rect: Sendable, Equatable {
  var x0: Double
  var y0: Double
  var x1: Double
  var y1: Double

  init(x0: Double, y0: Double, x1: Double, y1: Double) {
    self.x0 = x0
    self.y0 = y0
    self.x1 = x1
    self.y1 = y1
  }

  init(x: Double, y: Double, width: Double, height: Double) {
    self.init(x0: x, y0: y, x1: x + width, y1: y + height)
  }

  var width: Double { x1 - x0 }
  var height: Double { y1 - y0 }
  var center: Point { Point((x0 + x1) / 2, (y0 + y1) / 2) }

  func insetBy(_ d: Double) -> Rect { Rect(x0: x0 + d, y0: y0 + d, x1: x1 - d, y1: y1 - d) }

  func intersects(_ o: Rect) -> Bool { x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1 }

  func contains(_ p: Point) -> Bool { p.x >= x0 && p.x <= x1 && p.y >= y0 && p.y <= y1 }

  func contains(_ o: Rect) -> Bool { o.x0 >= x0 && o.x1 <= x1 && o.y0 >= y0 && o.y1 <= y1 }

  /// The part of the segment `a`–`b` inside the rectangle, if any (Liang–Barsky).
  func clip(_ a: Point, _ b: Point) -> (Point, Point)? {
    let d = b - a
    var t0 = 0.0
    var t1 = 1.0
    for (p, q) in [(-d.x, a.x - x0), (d.x, x1 - a.x), (-d.y, a.y - y0), (d.y, y1 - a.y)] {
      if p == 0 {
        if q < 0 { return nil }
      } else {
        let r = q / p
        if p < 0 { t0 = max(t0, r) } else { t1 = min(t1, r) }
        if t0 > t1 { return nil }
      }
    }
    return (a + d * t0, a + d * t1)
  }
}
