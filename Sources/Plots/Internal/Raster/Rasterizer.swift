// Anti-aliased polygon filling by exact area coverage, in the manner of font-rs and stb_truetype.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
  // Raw buffers: these loops are the hot path, and arrays would add uniqueness and exclusivity checks.
  private let cells: UnsafeMutablePointer<Float>
  private let rowMin: UnsafeMutablePointer<Int32>
  private let rowMax: UnsafeMutablePointer<Int32>
  private var yMin = Int.max
  private var yMax = Int.min
  /// Pixels outside `x0..<x1 × y0..<y1` are never painted.
  private(set) var clip: (x0: Int, y0: Int, x1: Int, y1: Int)
  /// Coverage is rounded to multiples of 1/`levels`: invisible, but edges then compress about 20 % better.
  private let levels = 16
  private var pathStart = Point(0, 0)
  private var pathLast = Point(0, 0)

  init(width: Int, height: Int) {
    self.width = width
    self.height = height
    stride = width + 2
    // calloc: the kernel hands out zeroed pages lazily, so rows never drawn cost nothing.
    cells = calloc((width + 2) * height, MemoryLayout<Float>.size)!.bindMemory(
      to: Float.self, capacity: (width + 2) * height)
    rowMin = .allocate(capacity: height)
    rowMin.initialize(repeating: Int32.max, count: height)
    rowMax = .allocate(capacity: height)
    rowMax.initialize(repeating: Int32.min, count: height)
    clip = (0, 0, width, height)
  }

  deinit {
    free(cells)
    rowMin.deallocate()
    rowMax.deallocate()
  }

  /// Restricts painting to a rectangle (rounded outwards to whole pixels); `nil` is the canvas.
  func setClip(_ rect: Rect?) {
    guard let rect else {
      clip = (0, 0, width, height)
      return
    }
    let x0 = min(max(Int(rect.x0.rounded(.down)), 0), width)
    let y0 = min(max(Int(rect.y0.rounded(.down)), 0), height)
    let x1 = max(x0, min(Int(rect.x1.rounded(.up)), width))
    clip = (x0, y0, x1, max(y0, min(Int(rect.y1.rounded(.up)), height)))
  }

  /// Starts a polygon at `p`; continue with ``line(to:)`` and finish with ``close()``.
  @inline(__always)
  func move(to p: Point) {
    pathStart = p
    pathLast = p
  }

  @inline(__always)
  func line(to p: Point) {
    addLine(pathLast, p)
    pathLast = p
  }

  @inline(__always)
  func close() {
    addLine(pathLast, pathStart)
    pathLast = pathStart
  }

  /// Adds a closed polygon (the last point connects back to the first).
  func addPolygon(_ points: [Point]) {
    guard points.count > 2 else { return }
    move(to: points[0])
    for p in points.dropFirst() { line(to: p) }
    close()
  }

  /// Adds an axis-aligned rectangle.
  func addRect(_ r: Rect) {
    move(to: Point(r.x0, r.y0))
    line(to: Point(r.x1, r.y0))
    line(to: Point(r.x1, r.y1))
    line(to: Point(r.x0, r.y1))
    close()
  }

  /// Adds one directed edge, split where it crosses the clip's left and right sides.
  func addLine(_ a: Point, _ b: Point) {
    guard a.y != b.y, a.x.isFinite, a.y.isFinite, b.x.isFinite, b.y.isFinite else { return }
    let left = Double(clip.x0)
    let right = Double(clip.x1)
    let lo = min(a.x, b.x)
    let hi = max(a.x, b.x)
    if lo >= left && hi <= right {
      accumulate(a.x, a.y, b.x, b.y)
      return
    }
    // Walk the pieces in order along the edge: cut points at x = left and x = right.
    var t1 = lo < left && hi > left ? (left - a.x) / (b.x - a.x) : 2
    var t2 = lo < right && hi > right ? (right - a.x) / (b.x - a.x) : 2
    if t1 > t2 { swap(&t1, &t2) }
    var start = a
    for t in [t1, t2, 1] where t <= 1 {
      let end = t == 1 ? b : Point(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t)
      piece(start, end, left: left, right: right)
      start = end
    }
  }

  /// One piece that lies entirely left of, inside, or right of the clip.
  private func piece(_ p: Point, _ q: Point, left: Double, right: Double) {
    let mid = (p.x + q.x) / 2
    if mid >= right {
      // Area right of the clip never shows, but the row must still be swept up to the clip's edge.
      for y in rowRange(p.y, q.y) { touch(y, clip.x1, clip.x1) }
    } else if mid <= left {
      // Everything left of the clip covers its first column: the same as a vertical edge there.
      accumulate(left, p.y, left, q.y)
    } else {
      accumulate(min(max(p.x, left), right), p.y, min(max(q.x, left), right), q.y)
    }
  }

  /// Paints the accumulated coverage in `color` at `opacity`, then clears the buffer.
  func fill(_ canvas: Canvas, color: RGB, opacity: Double = 1) {
    guard yMin <= yMax else { return }
    // Opacity per quantised coverage level, so the inner loop is a lookup.
    let levels = self.levels
    let alpha = (0...levels).map { Int(Double($0) / Double(levels) * min(max(opacity, 0), 1) * 255 + 0.5) }
    let scale = Float(levels)
    let width = self.width
    alpha.withUnsafeBufferPointer { alpha in
      canvas.withPixels { pixels in
        for y in yMin...yMax {
          let lo = Int(rowMin[y])
          let hi = Int(rowMax[y])
          rowMin[y] = Int32.max
          rowMax[y] = Int32.min
          guard lo <= hi else { continue }
          let row = cells + y * stride
          let out = pixels + y * width * 4
          var sum: Float = 0
          for x in lo...hi {
            sum += row[x]
            row[x] = 0
            let a = alpha[Int(min(abs(sum), 1) * scale + 0.5)]
            if a > 0 && x < width { Canvas.blend(out + x * 4, color, a) }
          }
        }
      }
    }
    yMin = Int.max
    yMax = Int.min
  }

  private func rowRange(_ ya: Double, _ yb: Double) -> Range<Int> {
    // Clamped before conversion: far-off coordinates must not trap, and rows outside never draw.
    let top = min(max(min(ya, yb), -1), Double(height + 1))
    let bottom = min(max(max(ya, yb), -1), Double(height + 1))
    let first = max(Int(top.rounded(.down)), clip.y0)
    let end = min(Int(bottom.rounded(.up)), clip.y1)
    return first < end ? first..<end : 0..<0
  }

  @inline(__always)
  private func touch(_ y: Int, _ lo: Int, _ hi: Int) {
    if Int32(lo) < rowMin[y] { rowMin[y] = Int32(lo) }
    if Int32(hi) > rowMax[y] { rowMax[y] = Int32(hi) }
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
    let minX = Double(clip.x0)
    let maxX = Double(clip.x1)
    for y in rows {
      let dy = min(Double(y + 1), by) - max(Double(y), ay)
      let xNext = min(max(x + dxdy * dy, minX), maxX)
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
