// The chart font: DejaVu Sans through FreeType, loaded once per process, with a glyph cache.

import CFreeType
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One FreeType face shared by every figure in the process.
///
/// FreeType faces are not thread-safe, so every call goes through one lock; rendered glyphs are
/// cached by size and quarter-pixel offset, so a figure's repeated tick digits render once.
final class FontFace: Sendable {
  /// The default font: `$LITMUS_FONT`, else DejaVu Sans from Debian's fonts-dejavu-core.
  static let shared: Result<FontFace, PlotError> = {
    let path = getenv("LITMUS_FONT").map { String(cString: $0) } ?? "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    return Result { () throws(PlotError) in try FontFace(path: path) }
  }()

  /// Quarter-pixel horizontal positioning keeps letter spacing even without blurring stems.
  static let subpixelSteps = 4

  private struct State: ~Copyable {
    var library: FT_Library
    var face: FT_Face
    var currentSize: Int = 0
    var glyphs: [GlyphKey: GlyphBitmap] = [:]
    var advances: [AdvanceKey: Double] = [:]
  }

  private struct GlyphKey: Hashable {
    var glyph: UInt32
    var size: Int
    var subpixel: Int
  }

  private struct AdvanceKey: Hashable {
    var glyph: UInt32
    var size: Int
  }

  private let state: Mutex<State>
  private let hasKerning: Bool
  /// Ascender and descender (positive) as fractions of the font size.
  let ascent: Double
  let descent: Double

  init(path: String) throws(PlotError) {
    var library: FT_Library?
    guard FT_Init_FreeType(&library) == 0, let library else { throw PlotError("FreeType failed to initialise") }
    var face: FT_Face?
    guard FT_New_Face(library, path, 0, &face) == 0, let face else {
      FT_Done_FreeType(library)
      throw .fontNotFound(path)
    }
    let unitsPerEm = Double(face.pointee.units_per_EM)
    ascent = Double(face.pointee.ascender) / unitsPerEm
    descent = -Double(face.pointee.descender) / unitsPerEm
    hasKerning = face.pointee.face_flags & Int(FT_FACE_FLAG_KERNING) != 0
    state = Mutex(State(library: library, face: face))
  }

  /// Glyph indices and pen positions for `text` at `size` pixels, with kerning.
  ///
  /// Unicode superscripts (`10⁻³`, `×10⁴`) are set as real superscripts: the ordinary digit at
  /// 70 % size, raised, which reads far better than the tiny superscript glyphs of the font.
  func layout(_ text: String, size: Double) -> TextRun {
    state.withLock { state in
      var run = TextRun(size: size, ascent: ascent * size, descent: descent * size)
      var pen = 0.0
      var previous: (glyph: UInt32, superscript: Bool) = (0, false)
      for scalar in text.unicodeScalars {
        let superscript = Self.superscripts[scalar]
        let glyphSize = superscript == nil ? size : size * 0.7
        let key = Int((glyphSize * 64).rounded())
        let glyph = UInt32(FT_Get_Char_Index(state.face, FT_ULong((superscript ?? scalar).value)))
        if hasKerning && previous.glyph != 0 && glyph != 0 && previous.superscript == (superscript != nil) {
          Self.setSize(key, &state)
          var delta = FT_Vector()
          if FT_Get_Kerning(state.face, previous.glyph, glyph, FT_KERNING_UNFITTED.rawValue, &delta) == 0 {
            pen += Double(delta.x) / 64
          }
        }
        run.glyphs.append(
          RunGlyph(glyph: glyph, offset: pen, size: glyphSize, rise: superscript == nil ? 0 : size * 0.4))
        pen += Self.advance(glyph, key, &state)
        previous = (glyph, superscript != nil)
      }
      run.width = pen
      return run
    }
  }

  /// Superscript characters and the ordinary characters drawn small and raised in their place.
  private static let superscripts: [Unicode.Scalar: Unicode.Scalar] = [
    "⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8", "⁹": "9",
    "⁻": "\u{2212}", "⁺": "+",
  ]

  /// The coverage bitmap of `glyph` at `size` pixels, shifted right by `subpixel / subpixelSteps`.
  func bitmap(_ glyph: UInt32, size: Double, subpixel: Int) -> GlyphBitmap {
    let key = GlyphKey(glyph: glyph, size: Int((size * 64).rounded()), subpixel: subpixel)
    return state.withLock { state in
      if let cached = state.glyphs[key] { return cached }
      Self.setSize(key.size, &state)
      let bitmap = Self.render(key, state.face)
      state.glyphs[key] = bitmap
      return bitmap
    }
  }

  private static func setSize(_ size: Int, _ state: inout State) {
    guard state.currentSize != size else { return }
    FT_Set_Char_Size(state.face, 0, FT_F26Dot6(size), 72, 72)
    state.currentSize = size
  }

  /// Light hinting (vertical only), matching FreeType's defaults for modern desktops.
  private static let loadFlags = Int32(FT_LOAD_NO_BITMAP) | Int32(1 << 16)

  private static func advance(_ glyph: UInt32, _ size: Int, _ state: inout State) -> Double {
    let key = AdvanceKey(glyph: glyph, size: size)
    if let cached = state.advances[key] { return cached }
    setSize(size, &state)
    var advance = 0.0
    if FT_Load_Glyph(state.face, glyph, loadFlags) == 0 {
      // The unhinted advance (16.16) keeps spacing proportional at every size.
      advance = Double(state.face.pointee.glyph.pointee.linearHoriAdvance) / 65536
    }
    state.advances[key] = advance
    return advance
  }

  private static func render(_ key: GlyphKey, _ face: FT_Face) -> GlyphBitmap {
    guard FT_Load_Glyph(face, key.glyph, loadFlags) == 0 else { return GlyphBitmap.empty }
    let slot = face.pointee.glyph!
    let shift = FT_Pos(key.subpixel * 64 / subpixelSteps)
    FT_Outline_Translate(&slot.pointee.outline, shift, 0)
    guard FT_Render_Glyph(slot, FT_RENDER_MODE_NORMAL) == 0 else { return GlyphBitmap.empty }
    let source = slot.pointee.bitmap
    let width = Int(source.width)
    let rows = Int(source.rows)
    var coverage = [UInt8](repeating: 0, count: width * rows)
    if let buffer = source.buffer {
      for y in 0..<rows {
        let row = buffer + y * Int(source.pitch)
        // 16 coverage levels, as for shapes: the same look, and text compresses 10 % better.
        for x in 0..<width { coverage[y * width + x] = UInt8((Int(row[x]) + 8) / 17 * 17) }
      }
    }
    return GlyphBitmap(
      width: width, rows: rows, left: Int(slot.pointee.bitmap_left), top: Int(slot.pointee.bitmap_top),
      coverage: coverage)
  }
}

/// A rendered glyph: 8-bit coverage, placed relative to the pen position on the baseline.
struct GlyphBitmap: Sendable {
  var width: Int
  var rows: Int
  /// Pixels from the pen to the bitmap's left edge.
  var left: Int
  /// Pixels from the baseline up to the bitmap's top edge.
  var top: Int
  var coverage: [UInt8]

  static let empty = GlyphBitmap(width: 0, rows: 0, left: 0, top: 0, coverage: [])
}

/// One positioned glyph of a ``TextRun``.
struct RunGlyph: Sendable {
  var glyph: UInt32
  /// Pen position before the glyph, in pixels from the start of the run.
  var offset: Double
  /// Pixel size of this glyph (smaller for superscripts).
  var size: Double
  /// Pixels above the baseline (superscripts).
  var rise: Double
}

/// Shaped text: which glyphs, where the pen stands before each, and the line's extent.
struct TextRun: Sendable {
  var glyphs: [RunGlyph] = []
  /// Advance width in pixels.
  var width: Double = 0
  /// The font size in pixels.
  var size: Double
  /// Font ascender and descender in pixels (the same for every string at a size).
  var ascent: Double
  var descent: Double
  var height: Double { ascent + descent }
}
