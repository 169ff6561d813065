// Places shaped text on the canvas: alignment, rotation, and a record of every box drawn.

/// Horizontal alignment of a text box to its anchor point.
enum HAlign { case left, center, right }
/// Vertical alignment of a text box (font ascender to descender) to its anchor point.
enum VAlign {
  case top, center, bottom, baseline
  /// Centres capital letters and digits on the anchor, as tick labels beside a tick should be.
  case capCenter
}

/// Draws text with the shared font and records where each label went.
final class TextPainter {
  let font: FontFace
  /// Every label's box in pixels, in drawing order (tests check ink inside and figure bounds).
  private(set) var boxes: [(text: String, box: Rect)] = []

  init(font: FontFace) {
    self.font = font
  }

  func measure(_ text: String, size: Double) -> TextRun { font.layout(text, size: size) }

  /// `text`, shortened with an ellipsis if needed so that it is at most `maxWidth` pixels wide.
  func truncated(_ text: String, size: Double, maxWidth: Double) -> String {
    guard measure(text, size: size).width > maxWidth else { return text }
    let characters = Array(text)
    var (lo, hi) = (0, characters.count)
    while lo < hi {
      let mid = (lo + hi + 1) / 2
      if measure(String(characters[..<mid]) + "…", size: size).width <= maxWidth { lo = mid } else { hi = mid - 1 }
    }
    return String(characters[..<lo]) + "…"
  }

  /// The box `text` would occupy anchored at `p`.
  func box(_ run: TextRun, at p: Point, h: HAlign, v: VAlign, rotated: Bool = false) -> Rect {
    let (along, across) = (run.width, run.height)
    let start: Double
    switch h {
    case .left: start = 0
    case .center: start = -along / 2
    case .right: start = -along
    }
    let top: Double
    switch v {
    case .top: top = 0
    case .center: top = -across / 2
    case .bottom: top = -across
    case .baseline: top = -run.ascent
    case .capCenter: top = -run.ascent + run.size * 0.729 / 2
    }
    if rotated {
      // Reads bottom to top: "along" runs up the screen, "across" runs right.
      return Rect(x0: p.x + top, y0: p.y - start - along, x1: p.x + top + across, y1: p.y - start)
    }
    return Rect(x0: p.x + start, y0: p.y + top, x1: p.x + start + along, y1: p.y + top + across)
  }

  /// Draws `text` anchored at `p`, shortened to `maxWidth` if needed; returns its box.
  @discardableResult
  func draw(
    _ text: String, size: Double, at p: Point, h: HAlign = .left, v: VAlign = .baseline, color: RGB,
    rotated: Bool = false, maxWidth: Double = .infinity, on canvas: Canvas
  ) -> Rect {
    let text = truncated(text, size: size, maxWidth: maxWidth)
    let run = measure(text, size: size)
    let box = box(run, at: p, h: h, v: v, rotated: rotated)
    draw(run, in: box, color: color, rotated: rotated, on: canvas)
    boxes.append((text, box))
    return box
  }

  /// Blits every glyph; the baseline snaps to a whole pixel so light hinting keeps stems crisp.
  private func draw(_ run: TextRun, in box: Rect, color: RGB, rotated: Bool, on canvas: Canvas) {
    let steps = Double(FontFace.subpixelSteps)
    let width = canvas.width
    let height = canvas.height
    // Pen origin: the start of the baseline in text space, and the canvas point it maps to.
    let baseline = rotated ? (box.x0 + run.ascent).rounded() : (box.y0 + run.ascent).rounded()
    let start = rotated ? -box.y1 : box.x0
    canvas.withPixels { pixels in
      for glyph in run.glyphs {
        let pen = start + glyph.offset
        var whole = pen.rounded(.down)
        var sub = Int(((pen - whole) * steps).rounded())
        if sub == FontFace.subpixelSteps {
          sub = 0
          whole += 1
        }
        let bitmap = font.bitmap(glyph.glyph, size: glyph.size, subpixel: sub)
        guard bitmap.width > 0 else { continue }
        let u0 = Int(whole) + bitmap.left
        let v0 = Int(baseline - glyph.rise.rounded()) - bitmap.top
        for by in 0..<bitmap.rows {
          for bx in 0..<bitmap.width {
            let c = Int(bitmap.coverage[by * bitmap.width + bx])
            guard c > 0 else { continue }
            // Horizontal: (u, v) is (x, y). Rotated: x = v, y = -(u + 1) so text reads upwards.
            let (x, y) = rotated ? (v0 + by, -(u0 + bx) - 1) : (u0 + bx, v0 + by)
            guard x >= 0, y >= 0, x < width, y < height else { continue }
            Canvas.blend(pixels + (y * width + x) * 4, color, c)
          }
        }
      }
    }
  }
}
