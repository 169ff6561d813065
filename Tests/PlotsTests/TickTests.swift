// Ticks are nice numbers for random linear and log ranges.

import Foundation
import Testing

@testable import Plots

@Suite struct TickTests {
  /// Whether `step` is 1, 2, 2.5 or 5 times a power of ten.
  static func isNiceStep(_ step: Double) -> Bool {
    let mantissa = step / pow(10, floor(log10(step) + 1e-12))
    return [1, 2, 2.5, 5, 10].contains { abs(mantissa - $0) < 1e-6 }
  }

  /// Evenly spaced, inside the range, integer multiples of a nice step, distinct labels.
  static func checkLinear(_ ticks: [Tick], _ lo: Double, _ hi: Double) {
    #expect(ticks.count >= 2 && ticks.count <= 12, "\(ticks.count) ticks for \(lo)…\(hi)")
    guard ticks.count >= 2 else { return }
    let step = ticks[1].value - ticks[0].value
    #expect(isNiceStep(step), "step \(step) for \(lo)…\(hi)")
    for (a, b) in zip(ticks, ticks.dropFirst()) {
      #expect(abs((b.value - a.value) - step) <= 1e-9 * abs(step) * 100)
    }
    let slack = (hi - lo) * 1e-9
    for t in ticks {
      #expect(t.value >= lo - slack && t.value <= hi + slack, "\(t.value) outside \(lo)…\(hi)")
      let multiple = t.value / step
      #expect(abs(multiple - multiple.rounded()) < 1e-6, "\(t.value) is not a multiple of \(step)")
    }
    #expect(Set(ticks.map(\.label)).count == ticks.count, "duplicate labels \(ticks.map(\.label))")
  }

  @Test func linearTicksAreNiceForFiftyRandomRanges() {
    var rng = SeededGenerator(state: 42)
    for _ in 0..<50 {
      let span = pow(10, Double.random(in: -6...6, using: &rng))
      let lo = Double.random(in: -3...3, using: &rng) * span
      let hi = lo + span * Double.random(in: 0.1...1, using: &rng)
      let target = Int.random(in: 3...9, using: &rng)
      Self.checkLinear(LinearTicks.ticks(lo, hi, target: target), lo, hi)
    }
  }

  @Test func logTicksAreNiceForFiftyRandomRanges() {
    var rng = SeededGenerator(state: 7)
    for _ in 0..<50 {
      let lo = pow(10, Double.random(in: -8...4, using: &rng))
      let hi = lo * pow(10, Double.random(in: 0.2...12, using: &rng))
      let ticks = LogTicks.ticks(lo, hi, target: 6)
      let major = ticks.major
      #expect(major.count >= 2, "\(major.count) ticks for \(lo)…\(hi)")
      #expect(Set(major.map(\.label)).count == major.count)
      for t in major { #expect(t.value >= lo * (1 - 1e-9) && t.value <= hi * (1 + 1e-9)) }
      let decades = major.map { log10($0.value) }
      if decades.allSatisfy({ abs($0 - $0.rounded()) < 1e-9 }) && major.count >= 2 {
        // Labelled decades: evenly spaced powers of ten, labelled 10ⁿ.
        let stride = decades[1] - decades[0]
        for (a, b) in zip(decades, decades.dropFirst()) { #expect(abs((b - a) - stride) < 1e-9) }
        for t in major { #expect(t.label.hasPrefix("10") || t.label.hasPrefix("1")) }
      } else {
        // Within a decade or two: integer mantissas (1, 2, 5, …) or linear nice ticks.
        let integerMantissas = major.allSatisfy { t in
          let m = t.value / pow(10, floor(log10(t.value) + 1e-12))
          return abs(m - m.rounded()) < 1e-6
        }
        if !integerMantissas { Self.checkLinear(major, lo, hi) }
      }
    }
  }

  @Test func logAxisOverSeveralDecadesHasMinorTicks() {
    let ticks = LogTicks.ticks(1, 1000, target: 6)
    #expect(ticks.major.map(\.label) == ["10⁰", "10¹", "10²", "10³"])
    #expect(ticks.minor.count == 24)  // 2…9 × 10⁰, 10¹, 10²
  }

  @Test func labelsUseTrueMinusSignsAndCompactLargeNumbers() {
    #expect(LinearTicks.ticks(-1, 1, target: 5).map(\.label) == ["−1.0", "−0.5", "0.0", "0.5", "1.0"])
    #expect(LinearTicks.ticks(0, 200_000, target: 5).map(\.label) == ["0", "50k", "100k", "150k", "200k"])
    #expect(NumberFormat.scientific(0.0003, digits: 2) == "3×10⁻⁴")
  }
}
