// Turns polylines into the polygons of their outline: segment quads plus joins and caps.

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Converts a polyline and a ``Stroke`` into polygons for the ``Rasterizer``.
///
/// Each segment becomes a quad; each vertex gets a wedge on the outer side of the turn (a round
/// arc, a miter or a bevel), which tiles the gap between neighbouring quads without overlapping
/// them, so anti-aliased edges stay exact on the outside of every turn. All pieces share one
/// orientation, so the rasterizer merges their overlaps on the inside.
enum Stroker {
  /// Adds the outline of `points` (NaN points split the line) to `rasterizer`.
  static func stroke(_ points: [Point], _ pen: Stroke, into rasterizer: Rasterizer) {
    for run in runs(points) {
      if pen.dashes.count >= 2 && pen.dashes.contains(where: { $0 > 0 }) {
        for dash in dashed(run, pen.dashes) { strokeRun(dash, pen, rasterizer) }
      } else {
        strokeRun(run, pen, rasterizer)
      }
    }
  }

  /// Splits at non-finite points and drops repeated points.
  private static func runs(_ points: [Point]) -> [[Point]] {
    var runs: [[Point]] = []
    var current: [Point] = []
    for p in points {
      guard p.x.isFinite, p.y.isFinite else {
        if !current.isEmpty { runs.append(current) }
        current = []
        continue
      }
      if let last = current.last, abs(last.x - p.x) < 1e-9, abs(last.y - p.y) < 1e-9 { continue }
      current.append(p)
    }
    if !current.isEmpty { runs.append(current) }
    return runs
  }

  /// Cuts a run into its "on" pieces; a zero-length piece is a single point (a dot with round caps).
  private static func dashed(_ run: [Point], _ pattern: [Double]) -> [[Point]] {
    var pieces: [[Point]] = []
    var index = 0
    var remaining = pattern[0]
    var on = true
    var current: [Point] = [run[0]]
    for i in 1..<max(run.count, 1) {
      var a = run[i - 1]
      let b = run[i]
      var segment = (b - a).length
      while segment > 0 {
        if remaining > segment {
          remaining -= segment
          if on { current.append(b) }
          segment = 0
        } else {
          let p = a + (b - a) * (remaining / segment)
          segment -= remaining
          a = p
          if on {
            current.append(p)
            pieces.append(current)
          }
          on.toggle()
          index = (index + 1) % pattern.count
          remaining = pattern[index]
          current = [p]
          // Dots: emit zero-length "on" pieces immediately and move on.
          while remaining == 0 {
            if on { pieces.append([p]) }
            on.toggle()
            index = (index + 1) % pattern.count
            remaining = pattern[index]
          }
        }
      }
    }
    if on && current.count > 1 { pieces.append(current) }
    return pieces
  }

  private static func strokeRun(_ points: [Point], _ pen: Stroke, _ r: Rasterizer) {
    let hw = pen.width / 2
    var run: [Point] = []
    run.reserveCapacity(points.count)
    for p in points {
      if let last = run.last, abs(last.x - p.x) < 1e-9, abs(last.y - p.y) < 1e-9 { continue }
      run.append(p)
    }
    guard run.count > 1 else {
      if pen.cap == .round, let p = run.first { r.addPolygon(Shapes.circle(p, radius: hw)) }
      return
    }
    var normals: [Point] = []
    normals.reserveCapacity(run.count - 1)
    for i in 0..<(run.count - 1) {
      let d = run[i + 1] - run[i]
      let n = Point(-d.y, d.x) * (hw / d.length)
      normals.append(n)
      let a = run[i]
      let b = run[i + 1]
      add([a + n, b + n, b - n, a - n], to: r)
    }
    for i in 1..<(run.count - 1) {
      join(at: run[i], normals[i - 1], normals[i], run[i] - run[i - 1], pen, r)
    }
    cap(run[0], direction: run[0] - run[1], normal: normals[0] * -1, pen, r)
    cap(run[run.count - 1], direction: run[run.count - 1] - run[run.count - 2], normal: normals[normals.count - 1], pen, r)
  }

  /// The wedge on the outer side of the turn at `p` from normal `n1` to `n2`.
  private static func join(at p: Point, _ n1: Point, _ n2: Point, _ incoming: Point, _ pen: Stroke, _ r: Rasterizer) {
    let cross = n1.x * n2.y - n1.y * n2.x
    let dot = n1.x * n2.x + n1.y * n2.y
    let hw = pen.width / 2
    if abs(cross) < 1e-12 * hw * hw && dot > 0 { return }
    // Turning towards +n puts the outside on -n.
    let side: Double = cross > 0 ? -1 : 1
    let u1 = n1 * side
    let u2 = n2 * side
    switch pen.join {
    case .bevel:
      add([p, p + u1, p + u2], to: r)
    case .miter:
      let cosine = dot / (hw * hw)
      let ratio = (2 / max(1 + cosine, 1e-12)).squareRoot()
      if ratio > 4 {
        add([p, p + u1, p + u2], to: r)
      } else {
        add([p, p + u1, p + (u1 + u2) * (1 / (1 + cosine)), p + u2], to: r)
      }
    case .round:
      var points = [p]
      points.append(contentsOf: arc(center: p, from: u1, to: u2, through: incoming, radius: hw))
      add(points, to: r)
    }
  }

  private static func cap(_ p: Point, direction: Point, normal n: Point, _ pen: Stroke, _ r: Rasterizer) {
    let hw = pen.width / 2
    switch pen.cap {
    case .butt: return
    case .square:
      let out = direction * (hw / direction.length)
      add([p + n, p + n + out, p - n + out, p - n], to: r)
    case .round:
      add(arc(center: p, from: n, to: n * -1, through: direction, radius: hw), to: r)
    }
  }

  /// Points on the circle around `center` from offset `u` to offset `v`, on the side of `through`.
  private static func arc(center: Point, from u: Point, to v: Point, through: Point, radius: Double) -> [Point] {
    let start = atan2(u.y, u.x)
    var sweep = atan2(u.x * v.y - u.y * v.x, u.x * v.x + u.y * v.y)
    let midAngle = start + sweep / 2
    if cos(midAngle) * through.x + sin(midAngle) * through.y < 0 {
      sweep += sweep > 0 ? -2 * Double.pi : 2 * Double.pi
    }
    let steps = max(1, Int((abs(sweep) / Shapes.angleStep(radius: radius)).rounded(.up)))
    return (0...steps).map { k in
      let angle = start + sweep * Double(k) / Double(steps)
      return center + Point(cos(angle), sin(angle)) * radius
    }
  }

  /// Adds a polygon, reversed if needed so that every piece winds the same way.
  private static func add(_ polygon: [Point], to r: Rasterizer) {
    r.addPolygon(Shapes.signedArea(polygon) >= 0 ? polygon : polygon.reversed())
  }
}
