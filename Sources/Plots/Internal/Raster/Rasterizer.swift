// Anti-aliased polygon filling by exact area coverage, in the manner of font-rs and stb_truetype.

/// Fills polygons with exact-area anti-aliasing, clipped to a pixel rectangle.
///
/// Each edge adds its signed area to an accumulation buffer; a running sum along each row then
/// gives every pixel's coverage, clamped to 1. Overlapping polygons of the same winding
/// therefore merge (as the non-zero rule), which lets the stroker emit a line as independent
/// quads and joins. Only the rows and columns an edge touched are visited, so the cost follows
/// the drawn area, not the canvas size.
final class Rasterizer {
  let width: Int
  let height: Int
  private let stride: Int
  private var cells: [Float]
  private var rowMin: [Int]
  private var rowMax: [Int]
  private var yMin = Int.max
  private var yMax = Int.min
  /// Pixels outside `x0..<x1 × y0..<y1` are never painted.
  private(set) var clip: (x0: Int, y0: Int, x1: Int, y1: Int)

  init(width: Int, height: Int) {
    self.width = width
    self.height = height
    stride = width + 2
    cells = [Float](repeating: 0, count: (width + 2) * height)
    rowMin = [Int](repeating: Int.max, count: height)
    rowMax = [Int](repeating: Int.min, count: height)
    clip = (0, 0, width, height)
  }

  /// Restricts painting to a rectangle (rounded outwards to whole pixels); `nil` is the canvas.
  func setClip(_ rect: Rect?) {
    guard let rect else {
      clip = (0, 0, width, height)
      return
    }
    let x0 = min(max(Int(rect.x0.rounded(.down)), 0), width)
    let y0 = min(max(Int(rect.y0.rounded(.down)), 0), height)
    clip = (x0, y0, max(x0, min(Int(rect.x1.rounded(.up)), width)), max(y0, min(Int(rect.y1.rounded(.up)), height)))
  }

  /// Adds a closed polygon (the last point connects back to the first).
  func addPolygon(_ points: [Point]) {
    guard points.count > 2 else { return }
    var previous = points[points.count - 1]
    for p in points {
      addLine(previous, p)
      previous = p
    }
  }

  /// Adds an axis-aligned rectangle.
  func addRect(_ r: Rect) {
    addPolygon([Point(r.x0, r.y0), Point(r.x1, r.y0), Point(r.x1, r.y1), Point(r.x0, r.y1)])
  }

  /// Adds one directed edge, splitting it at the clip's left and right sides.
  func addLine(_ a: Point, _ b: Point) {
    guard a.y != b.y, a.x.isFinite, a.y.isFinite, b.x.isFinite, b.y.isFinite else { return }
    let left = Double(clip.x0)
    let right = Double(clip.x1)
    var cuts: [Double] = [0, 1]
    for edge in [left, right] where (a.x - edge) * (b.x - edge) < 0 {
      cuts.append((edge - a.x) / (b.x - a.x))
    }
    cuts.sort()
    for i in 0..<(cuts.count - 1) {
      let p = lerp(a, b, cuts[i])
      let q = lerp(a, b, cuts[i + 1])
      let mid = (p.x + q.x) / 2
      if mid >= right {
        // Area right of the clip never shows, but the row must be swept up to the clip's edge.
        markRows(p.y, q.y, column: clip.x1)
      } else if mid <= left {
        // Everything left of the clip covers the clip's first column fully: a vertical edge there.
        accumulate(left, p.y, left, q.y)
      } else {
        accumulate(min(max(p.x, left), right), p.y, min(max(q.x, left), right), q.y)
      }
    }
  }

  /// Paints the accumulated coverage in `color` at `opacity`, then clears the buffer.
  func fill(_ canvas: Canvas, color: RGB, opacity: Double = 1) {
    guard yMin <= yMax else { return }
    let scale = Float(min(max(opacity, 0), 1) * 255)
    let width = self.width
    cells.withUnsafeMutableBufferPointer { cellBuffer in
      canvas.withPixels { pixels in
        let cells = cellBuffer.baseAddress!
        for y in yMin...yMax {
          let lo = rowMin[y]
          let hi = rowMax[y]
          guard lo <= hi else { continue }
          let row = cells + y * stride
          let out = pixels + y * width * 4
          var sum: Float = 0
          for x in lo...hi {
            sum += row[x]
            row[x] = 0
            guard x < width else { continue }
            let coverage = min(abs(sum), 1)
            let a = Int(coverage * scale + 0.5)
            if a > 0 { Canvas.blend(out + x * 4, color, a) }
          }
          rowMin[y] = Int.max
          rowMax[y] = Int.min
        }
      }
    }
    yMin = Int.max
    yMax = Int.min
  }

  private func lerp(_ a: Point, _ b: Point, _ t: Double) -> Point {
    t == 0 ? a : t == 1 ? b : Point(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t)
  }

  private func rowRange(_ ya: Double, _ yb: Double) -> Range<Int> {
    let top = min(ya, yb)
    let bottom = max(ya, yb)
    let first = max(Int(top.rounded(.down)), clip.y0)
    let end = min(Int(bottom.rounded(.up)), clip.y1)
    return first < end ? first..<end : 0..<0
  }

  private func markRows(_ ya: Double, _ yb: Double, column: Int) {
    for y in rowRange(ya, yb) { touch(y, column, column) }
  }

  @inline(__always)
  private func touch(_ y: Int, _ lo: Int, _ hi: Int) {
    if lo < rowMin[y] { rowMin[y] = lo }
    if hi > rowMax[y] { rowMax[y] = hi }
    if y < yMin { yMin = y }
    if y > yMax { yMax = y }
  }

  /// Adds the signed area right of the edge to each cell it crosses (x already inside the clip).
  private func accumulate(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) {
    let rows = rowRange(y0, y1)
    guard !rows.isEmpty else { return }
    let direction: Double = y0 < y1 ? 1 : -1
    let (ax, ay, bx, by) = y0 < y1 ? (x0, y0, x1, y1) : (x1, y1, x0, y0)
    let dxdy = (bx - ax) / (by - ay)
    var x = ax + (max(ay, Double(rows.lowerBound)) - ay) * dxdy
    let maxX = Double(clip.x1)
    cells.withUnsafeMutableBufferPointer { buffer in
      let cells = buffer.baseAddress!
      for y in rows {
        let dy = min(Double(y + 1), by) - max(Double(y), ay)
        let xNext = min(max(x + dxdy * dy, Double(clip.x0)), maxX)
        let d = Float(dy * direction)
        let (lx, rx) = x < xNext ? (x, xNext) : (xNext, x)
        let lxFloor = lx.rounded(.down)
        let li = Int(lxFloor)
        let ri = Int(rx.rounded(.up))
        let row = cells + y * stride
        if ri <= li + 1 {
          let mid = Float(0.5 * (x + xNext) - lxFloor)
          row[li] += d - d * mid
          row[li + 1] += d * mid
          touch(y, li, li + 1)
        } else {
          let s = 1 / (rx - lx)
          let x0f = lx - lxFloor
          let a0 = 0.5 * s * (1 - x0f) * (1 - x0f)
          let x1f = rx - Double(ri) + 1
          let am = 0.5 * s * x1f * x1f
          row[li] += d * Float(a0)
          if ri == li + 2 {
            row[li + 1] += d * Float(1 - a0 - am)
          } else {
            let a1 = s * (1.5 - x0f)
            row[li + 1] += d * Float(a1 - a0)
            let ds = d * Float(s)
            for xi in (li + 2)..<(ri - 1) { row[xi] += ds }
            let a2 = a1 + Double(ri - li - 3) * s
            row[ri - 1] += d * Float(1 - a2 - am)
          }
          row[ri] += d * Float(am)
          touch(y, li, ri)
        }
        x = xNext
      }
    }
  }
}
