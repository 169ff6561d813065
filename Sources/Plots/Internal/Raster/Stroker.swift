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
      if pen.cap == .round, let p = run.first { wedge(r, center: p, start: 0, sweep: 2 * Double.pi, radius: hw) }
      return
    }
    var previousNormal = Point(0, 0)
    for i in 0..<(run.count - 1) {
      let a = run[i]
      let b = run[i + 1]
      let d = b - a
      let n = Point(-d.y, d.x) * (hw / d.length)
      // This vertex order has positive area for every direction.
      r.move(to: a - n)
      r.line(to: b - n)
      r.line(to: b + n)
      r.line(to: a + n)
      r.close()
      if i > 0 { join(r, at: a, previousNormal, n, incoming: run[i] - run[i - 1], pen) }
      previousNormal = n
    }
    let first = run[1] - run[0]
    let last = run[run.count - 1] - run[run.count - 2]
    cap(r, run[0], direction: first * -1, pen)
    cap(r, run[run.count - 1], direction: last, pen)
  }

  /// The wedge on the outer side of the turn at `p` from normal `n1` to `n2`.
  private static func join(_ r: Rasterizer, at p: Point, _ n1: Point, _ n2: Point, incoming: Point, _ pen: Stroke) {
    let cross = n1.x * n2.y - n1.y * n2.x
    let dot = n1.x * n2.x + n1.y * n2.y
    let hw = pen.width / 2
    if abs(cross) < 1e-9 * hw * hw && dot > 0 { return }
    // Turning towards +n puts the outside on -n.
    let side: Double = cross > 0 ? -1 : 1
    let u1 = n1 * side
    let u2 = n2 * side
    switch pen.join {
    case .bevel:
      triangle(r, p, p + u1, p + u2)
    case .miter:
      let cosine = dot / (hw * hw)
      if 2 / max(1 + cosine, 1e-12) > 16 {
        triangle(r, p, p + u1, p + u2)
      } else {
        let tip = p + (u1 + u2) * (1 / (1 + cosine))
        triangle(r, p, p + u1, tip)
        triangle(r, p, tip, p + u2)
      }
    case .round:
      // Turns whose arc lies within 0.02 px of its chord are bevels; no trigonometry needed.
      let half = max(1 - 0.02 / hw, 0)
      if dot / (hw * hw) > 2 * half * half - 1 {
        triangle(r, p, p + u1, p + u2)
        return
      }
      let start = atan2(u1.y, u1.x)
      var sweep = atan2(u1.x * u2.y - u1.y * u2.x, u1.x * u2.x + u1.y * u2.y)
      // A full reversal is ambiguous: go round the far side, ahead of the incoming segment.
      if abs(abs(sweep) - Double.pi) < 1e-9 {
        let mid = start + sweep / 2
        if cos(mid) * incoming.x + sin(mid) * incoming.y < 0 { sweep = -sweep }
      }
      wedge(r, center: p, start: start, sweep: sweep, radius: hw)
    }
  }

  private static func cap(_ r: Rasterizer, _ p: Point, direction: Point, _ pen: Stroke) {
    let hw = pen.width / 2
    let unit = direction * (1 / direction.length)
    let n = Point(-unit.y, unit.x) * hw
    switch pen.cap {
    case .butt: return
    case .square:
      let out = unit * hw
      triangle(r, p + n, p + n + out, p - n + out)
      triangle(r, p + n, p - n + out, p - n)
    case .round:
      // Half a disc, from +n round the front to -n.
      wedge(r, center: p, start: atan2(n.y, n.x), sweep: -Double.pi, radius: hw)
    }
  }

  /// A pie slice from angle `start` through `sweep`, emitted with positive area.
  private static func wedge(_ r: Rasterizer, center: Point, start: Double, sweep: Double, radius: Double) {
    let (from, span) = sweep < 0 ? (start + sweep, -sweep) : (start, sweep)
    let steps = max(1, Int((span / Shapes.angleStep(radius: radius)).rounded(.up)))
    r.move(to: center)
    for k in 0...steps {
      let angle = from + span * Double(k) / Double(steps)
      r.line(to: center + Point(cos(angle), sin(angle)) * radius)
    }
    r.close()
  }

  /// A triangle, emitted with positive area.
  private static func triangle(_ r: Rasterizer, _ a: Point, _ b: Point, _ c: Point) {
    let area = (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x)
    r.move(to: a)
    if area >= 0 {
      r.line(to: b)
      r.line(to: c)
    } else {
      r.line(to: c)
      r.line(to: b)
    }
    r.close()
  }
}
