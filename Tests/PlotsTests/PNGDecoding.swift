// Test helpers: decode PNG bytes with libpng and read their chunks.

import CPNG

/// A decoded image: 8-bit RGBA, row-major.
struct DecodedImage {
  var width: Int
  var height: Int
  var rgba: [UInt8]

  /// Decodes with libpng's simplified API, which reports errors instead of jumping.
  init(png: [UInt8]) throws {
    var image = png_image()
    image.version = UInt32(PNG_IMAGE_VERSION)
    let began = png.withUnsafeBytes { png_image_begin_read_from_memory(&image, $0.baseAddress, $0.count) }
    guard began != 0 else { throw DecodeError.invalid }
    image.format = 3  // PNG_FORMAT_RGBA
    width = Int(image.width)
    height = Int(image.height)
    var pixels = [UInt8](repeating: 0, count: width * height * 4)
    let finished = png_image_finish_read(&image, nil, &pixels, 0, nil)
    png_image_free(&image)
    guard finished != 0 else { throw DecodeError.invalid }
    rgba = pixels
  }

  enum DecodeError: Error { case invalid }

  func pixel(_ x: Int, _ y: Int) -> (r: Int, g: Int, b: Int, a: Int) {
    let i = (y * width + x) * 4
    return (Int(rgba[i]), Int(rgba[i + 1]), Int(rgba[i + 2]), Int(rgba[i + 3]))
  }

  /// Whether the pixel differs from `background` by more than `tolerance` in any channel.
  func isInk(_ x: Int, _ y: Int, background: (Int, Int, Int), tolerance: Int = 24) -> Bool {
    let p = pixel(x, y)
    return abs(p.r - background.0) > tolerance || abs(p.g - background.1) > tolerance
      || abs(p.b - background.2) > tolerance
  }
}

/// The chunks of a PNG file in order: type and data.
func pngChunks(_ png: [UInt8]) -> [(type: String, data: [UInt8])] {
  var chunks: [(String, [UInt8])] = []
  var i = 8
  while i + 8 <= png.count {
    let length = Int(png[i]) << 24 | Int(png[i + 1]) << 16 | Int(png[i + 2]) << 8 | Int(png[i + 3])
    let type = String(decoding: png[(i + 4)..<(i + 8)], as: UTF8.self)
    chunks.append((type, Array(png[(i + 8)..<min(i + 8 + length, png.count)])))
    i += 12 + length
  }
  return chunks
}

/// A tiny seeded generator (SplitMix64), so random tests are reproducible.
struct SeededGenerator: RandomNumberGenerator {
  var state: UInt64

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
