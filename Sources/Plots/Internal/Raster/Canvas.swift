// An opaque RGBA pixel buffer with alpha blending.

/// The pixels of a figure: 8-bit RGBA, always opaque, blended in sRGB space as matplotlib's Agg does.
final class Canvas {
  let width: Int
  let height: Int
  /// Row-major RGBA bytes.
  private(set) var pixels: [UInt8]

  init(width: Int, height: Int, background: RGB) {
    self.width = width
    self.height = height
    let count = width * height
    pixels = [UInt8](unsafeUninitializedCapacity: count * 4) { buffer, initialized in
      // One 32-bit store per pixel; the byte order in memory is R, G, B, A either way.
      let pixel = [background.r, background.g, background.b, 255].withUnsafeBytes { $0.load(as: UInt32.self) }
      UnsafeMutableRawPointer(buffer.baseAddress!).bindMemory(to: UInt32.self, capacity: count)
        .initialize(repeating: pixel, count: count)
      initialized = count * 4
    }
  }

  /// The colour at a pixel, for tests.
  func pixel(_ x: Int, _ y: Int) -> RGB {
    let i = (y * width + x) * 4
    return RGB(pixels[i], pixels[i + 1], pixels[i + 2])
  }

  /// Runs `body` with direct access to the bytes, for the rasterizer's inner loops.
  func withPixels<R>(_ body: (UnsafeMutablePointer<UInt8>) -> R) -> R {
    pixels.withUnsafeMutableBufferPointer { body($0.baseAddress!) }
  }

  /// The pixel index nearest `v`, clamped so far-off coordinates cannot trap.
  static func index(_ v: Double) -> Int {
    v.isNaN ? 0 : Int(min(max(v.rounded(), -1e9), 1e9))
  }

  /// Fills whole pixels `x0..<x1 × y0..<y1` (clamped to the canvas).
  func fill(x0: Int, y0: Int, x1: Int, y1: Int, color: RGB, alpha: Double = 1) {
    let a = Int((min(max(alpha, 0), 1) * 255).rounded())
    let (x0, x1) = (max(x0, 0), min(x1, width))
    let (y0, y1) = (max(y0, 0), min(y1, height))
    guard x0 < x1, y0 < y1, a > 0 else { return }
    withPixels { p in
      for y in y0..<y1 {
        for x in x0..<x1 { Canvas.blend(p + (y * width + x) * 4, color, a) }
      }
    }
  }

  /// Blends `color` with opacity `a` (0–255) into the pixel at `p`.
  @inline(__always)
  static func blend(_ p: UnsafeMutablePointer<UInt8>, _ color: RGB, _ a: Int) {
    if a >= 255 {
      p[0] = color.r
      p[1] = color.g
      p[2] = color.b
      return
    }
    let inverse = 255 - a
    p[0] = UInt8(truncatingIfNeeded: div255(Int(p[0]) * inverse + Int(color.r) * a))
    p[1] = UInt8(truncatingIfNeeded: div255(Int(p[1]) * inverse + Int(color.g) * a))
    p[2] = UInt8(truncatingIfNeeded: div255(Int(p[2]) * inverse + Int(color.b) * a))
  }

  /// `x / 255` rounded, exact for 0...65025.
  @inline(__always)
  static func div255(_ x: Int) -> Int {
    let t = x + 128
    return (t + (t >> 8)) >> 8
  }
}
