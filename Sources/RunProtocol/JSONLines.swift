#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Encoding and decoding of the run channel, one JSON object per line.
public enum JSONLines {
  /// NaN and infinities as strings, since JSON has no literal for them: a claim measured as NaN
  /// must be recorded (and fail), not dropped.
  public static let nonConformingFloats = JSONEncoder.NonConformingFloatEncodingStrategy.convertToString(
    positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
  /// The decoding counterpart of `nonConformingFloats`.
  public static let nonConformingFloatsDecoding = JSONDecoder.NonConformingFloatDecodingStrategy.convertFromString(
    positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")

  /// The line (with its newline) for `event`; keys sorted so identical runs give identical bytes.
  public static func encode(_ event: RunEvent) -> [UInt8] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    encoder.nonConformingFloatEncodingStrategy = nonConformingFloats
    guard var data = try? encoder.encode(event) else { return [] }
    data.append(UInt8(ascii: "\n"))
    return Array(data)
  }

  /// The complete records in `bytes`; a trailing partial line (a run killed mid-write) and
  /// lines that do not decode are skipped and counted.
  public static func decode(_ bytes: [UInt8]) -> (events: [RunEvent], skipped: Int) {
    let decoder = JSONDecoder()
    decoder.nonConformingFloatDecodingStrategy = nonConformingFloatsDecoding
    var events: [RunEvent] = []
    var skipped = 0
    var start = 0
    for (i, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
      if i > start {
        if let event = try? decoder.decode(RunEvent.self, from: Data(bytes[start..<i])) {
          events.append(event)
        } else {
          skipped += 1
        }
      }
      start = i + 1
    }
    return (events, skipped)
  }
}
