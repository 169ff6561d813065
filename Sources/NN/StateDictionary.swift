import Tensors

#if canImport(Glibc)
import Glibc
#endif

/// A named snapshot of a model's tensors (parameters and buffers), like PyTorch's `state_dict`,
/// with parameter arithmetic for model soups, task vectors and interpolation.
///
/// Entries keep the module's order. The tensors are copies owned by the dictionary: training the
/// model afterwards does not change a snapshot, and loading one copies its values in.
///
/// ```swift
/// let start = model.stateDictionary()
/// train(model)
/// let taskVector = model.stateDictionary() - start
/// try model.load(start + 0.5 * taskVector)
/// try model.save(to: "checkpoint.litmus")
/// ```
public struct StateDictionary {
  /// One named tensor.
  public struct Entry {
    /// The property path, e.g. `body.layers.0.weight`.
    public var name: String
    /// The values (no graph, no gradient).
    public var tensor: Tensor
    /// Whether the tensor is a trainable parameter (as opposed to a buffer such as a running
    /// mean).
    public var isParameter: Bool

    /// Creates an entry.
    public init(name: String, tensor: Tensor, isParameter: Bool = true) {
      self.name = name
      self.tensor = tensor
      self.isParameter = isParameter
    }
  }

  /// The entries in module order.
  public private(set) var entries: [Entry]

  /// Creates a dictionary from entries; names must be unique.
  public init(_ entries: [Entry]) {
    var seen = Set<String>()
    for e in entries where !seen.insert(e.name).inserted {
      engineFailure("StateDictionary", "name \"\(e.name)\" appears twice")
    }
    self.entries = entries
  }

  /// The names in order.
  public var names: [String] { entries.map(\.name) }

  /// The number of entries.
  public var count: Int { entries.count }

  /// The total number of scalars.
  public var scalarCount: Int { entries.reduce(0) { $0 + $1.tensor.count } }

  /// The tensor stored under `name`, or nil.
  public subscript(name: String) -> Tensor? { entries.first { $0.name == name }?.tensor }

  /// Only the parameter entries (buffers dropped), e.g. for a task vector of trainable weights.
  public var parametersOnly: StateDictionary { StateDictionary(entries.filter(\.isParameter)) }

  /// A dictionary with every tensor replaced by `transform(name, tensor)` (computed without
  /// recording gradients; shapes must not change).
  public func mapTensors(_ transform: (String, Tensor) -> Tensor) -> StateDictionary {
    StateDictionary(
      entries.map { e in
        let t = withNoGrad { transform(e.name, e.tensor) }
        check(
          t.shape == e.tensor.shape, "StateDictionary.mapTensors",
          "\(e.name): transform changed shape \(e.tensor.shape) to \(t.shape)")
        return Entry(name: e.name, tensor: t.detach(), isParameter: e.isParameter)
      })
  }

  /// Combines two dictionaries with the same names and shapes entry by entry.
  public func combined(with other: StateDictionary, _ op: String = "combine", _ f: (Tensor, Tensor) -> Tensor)
    -> StateDictionary
  {
    checkCompatible(other, op)
    return StateDictionary(
      zip(entries, other.entries).map { a, b in
        Entry(name: a.name, tensor: withNoGrad { f(a.tensor, b.tensor) }.detach(), isParameter: a.isParameter)
      })
  }

  /// Entry-wise sum.
  public static func + (a: StateDictionary, b: StateDictionary) -> StateDictionary {
    a.combined(with: b, "+") { $0 + $1 }
  }

  /// Entry-wise difference (a task vector: `finetuned − base`).
  public static func - (a: StateDictionary, b: StateDictionary) -> StateDictionary {
    a.combined(with: b, "-") { $0 - $1 }
  }

  /// Every tensor scaled by `s`.
  public static func * (s: Float, a: StateDictionary) -> StateDictionary { a.mapTensors { $1 * s } }

  /// Every tensor scaled by `s`.
  public static func * (a: StateDictionary, s: Float) -> StateDictionary { s * a }

  /// Every tensor divided by `s`.
  public static func / (a: StateDictionary, s: Float) -> StateDictionary { a.mapTensors { $1 / s } }

  /// `self + t · (other − self)`: `t = 0` is `self`, `t = 1` is `other` (linear mode
  /// connectivity, interpolation between checkpoints).
  public func interpolated(to other: StateDictionary, by t: Float) -> StateDictionary {
    combined(with: other, "interpolated") { a, b in a + (b - a) * t }
  }

  /// The entry-wise mean of several dictionaries (a uniform model soup).
  public static func mean(_ dictionaries: [StateDictionary]) -> StateDictionary {
    weightedSum(
      dictionaries, weights: [Float](repeating: 1 / Float(Swift.max(dictionaries.count, 1)), count: dictionaries.count))
  }

  /// `Σ wᵢ dᵢ` (weighted soups, task arithmetic with several task vectors).
  public static func weightedSum(_ dictionaries: [StateDictionary], weights: [Float]) -> StateDictionary {
    guard let first = dictionaries.first else {
      engineFailure("StateDictionary.weightedSum", "needs at least one dictionary")
    }
    check(
      weights.count == dictionaries.count, "StateDictionary.weightedSum",
      "\(weights.count) weights for \(dictionaries.count) dictionaries")
    for d in dictionaries.dropFirst() { first.checkCompatible(d, "weightedSum") }
    return StateDictionary(
      first.entries.indices.map { i in
        let total = Tensor.zeros(first.entries[i].tensor.shape)
        total.withUnsafeMutableBufferPointer { out in
          for (d, w) in zip(dictionaries, weights) {
            d.entries[i].tensor.withUnsafeBufferPointer { src in for k in 0..<out.count { out[k] += w * src[k] } }
          }
        }
        return Entry(name: first.entries[i].name, tensor: total, isParameter: first.entries[i].isParameter)
      })
  }

  /// `Σ a·b` over every scalar of the parameter entries (accumulated in Double).
  public func dot(_ other: StateDictionary) -> Float {
    checkCompatible(other, "dot")
    var total = 0.0
    for (a, b) in zip(entries, other.entries) where a.isParameter {
      a.tensor.withUnsafeBufferPointer { x in
        b.tensor.withUnsafeBufferPointer { y in for k in 0..<x.count { total += Double(x[k]) * Double(y[k]) } }
      }
    }
    return Float(total)
  }

  /// The L2 norm over every scalar of the parameter entries.
  public var norm: Float { dot(self).squareRoot() }

  /// Every entry concatenated into one vector, in order.
  public func flattened() -> Tensor {
    var values: [Float] = []
    values.reserveCapacity(scalarCount)
    for e in entries { e.tensor.withUnsafeBufferPointer { values.append(contentsOf: $0) } }
    return Tensor(values)
  }

  func checkCompatible(_ other: StateDictionary, _ op: String) {
    guard names == other.names else {
      let missing = Set(names).subtracting(other.names).sorted(), extra = Set(other.names).subtracting(names).sorted()
      engineFailure(
        "StateDictionary.\(op)",
        "the dictionaries have different entries (only in the first: \(missing), only in the second: \(extra))")
    }
    for (a, b) in zip(entries, other.entries) where a.tensor.shape != b.tensor.shape {
      engineFailure(
        "StateDictionary.\(op)",
        "\(a.name) has shape \(a.tensor.shape) in one dictionary and \(b.tensor.shape) in the other")
    }
  }
}

/// Why a state dictionary could not be loaded, read or written. Loading checks everything
/// before changing anything, so after an error the model is exactly as it was.
public enum StateDictionaryError: Error, CustomStringConvertible, Equatable {
  /// Names the model has that the dictionary lacks.
  case missingEntries([String])
  /// Names the dictionary has that the model lacks.
  case unexpectedEntries([String])
  /// A name whose shape differs: the model's shape, then the dictionary's.
  case shapeMismatch(name: String, model: [Int], dictionary: [Int])
  /// A file that could not be opened, read or written.
  case io(path: String, reason: String)
  /// A file that is not a Litmus state file.
  case notAStateFile(path: String)
  /// A state file written by a newer format version.
  case unsupportedVersion(path: String, version: Int, supported: Int)
  /// A file that ends early or whose checksum does not match (truncated or corrupted).
  case corrupted(path: String, reason: String)

  public var description: String {
    switch self {
    case .missingEntries(let names):
      return "state dictionary lacks \(names.count) of the model's entries: \(names.joined(separator: ", "))"
    case .unexpectedEntries(let names):
      return "state dictionary has \(names.count) entries the model does not: \(names.joined(separator: ", "))"
    case .shapeMismatch(let name, let model, let dictionary):
      return "\(name) has shape \(model) in the model but \(dictionary) in the state dictionary"
    case .io(let path, let reason):
      return "\(path): \(reason)"
    case .notAStateFile(let path):
      return "\(path) is not a Litmus state file (bad magic bytes)"
    case .unsupportedVersion(let path, let version, let supported):
      return "\(path) has state file format version \(version); this engine reads version \(supported) and older"
    case .corrupted(let path, let reason):
      return "\(path) is corrupted: \(reason)"
    }
  }
}

extension Module {
  /// A snapshot of every parameter and (unless `includeBuffers` is false) buffer, copied.
  public func stateDictionary(includeBuffers: Bool = true) -> StateDictionary {
    let tensors = includeBuffers ? namedTensors() : namedParameters()
    return StateDictionary(
      tensors.map { name, t in
        let copy = t.copy()
        copy.requiringGrad(false)
        return StateDictionary.Entry(name: name, tensor: copy, isParameter: t.isParameter)
      })
  }

  /// Copies the values of `state` into this module's tensors, in place.
  ///
  /// Every name and shape is checked before anything is written, so a mismatch throws and
  /// leaves the module unchanged. With `strict: false`, names present on only one side are
  /// skipped (shapes of shared names must still agree); buffers absent from a dictionary that
  /// was saved without them are always skipped.
  public func load(_ state: StateDictionary, strict: Bool = true) throws {
    let own = namedTensors()
    let ownNames = Set(own.map(\.0))
    let theirs = Dictionary(uniqueKeysWithValues: state.entries.map { ($0.name, $0.tensor) })
    let savedBuffers = state.entries.contains { !$0.isParameter }
    if strict {
      let missing = own.filter { theirs[$0.0] == nil && ($0.1.isParameter || savedBuffers) }.map(\.0)
      if !missing.isEmpty { throw StateDictionaryError.missingEntries(missing) }
      let unexpected = state.names.filter { !ownNames.contains($0) }
      if !unexpected.isEmpty { throw StateDictionaryError.unexpectedEntries(unexpected) }
    }
    for (name, t) in own {
      if let source = theirs[name], source.shape != t.shape {
        throw StateDictionaryError.shapeMismatch(name: name, model: t.shape, dictionary: source.shape)
      }
    }
    for (name, t) in own {
      if let source = theirs[name] { t.assign(source) }
    }
  }

  /// Writes `stateDictionary()` to a binary file (see `StateDictionary.write(to:)`).
  public func save(to path: String) throws { try stateDictionary().write(to: path) }

  /// Reads a state file and loads it (see `load(_:strict:)`); the module is unchanged if the
  /// file is unreadable or does not match.
  public func load(from path: String, strict: Bool = true) throws {
    try load(StateDictionary(contentsOf: path), strict: strict)
  }
}

// MARK: - File format

extension StateDictionary {
  /// The current file format version.
  public static let formatVersion = 1
  static let magic: [UInt8] = Array("LITMUSSD".utf8)

  /// Writes the dictionary to `path` atomically (a temporary file renamed into place).
  ///
  /// Format (little-endian): the magic bytes `LITMUSSD`, `u32` version, `u32` entry count; per
  /// entry `u32` name length, the UTF-8 name, `u8` kind (1 parameter, 0 buffer), `u8` element
  /// type (0 = float32), `u32` rank, `u64` per dimension, then the float32 values; finally a
  /// `u64` FNV-1a checksum of everything before it.
  public func write(to path: String) throws {
    var out = ByteWriter()
    out.bytes.append(contentsOf: Self.magic)
    out.u32(UInt32(Self.formatVersion))
    out.u32(UInt32(entries.count))
    for e in entries {
      let name = Array(e.name.utf8)
      out.u32(UInt32(name.count))
      out.bytes.append(contentsOf: name)
      out.bytes.append(e.isParameter ? 1 : 0)
      out.bytes.append(0)
      out.u32(UInt32(e.tensor.rank))
      for d in e.tensor.shape { out.u64(UInt64(d)) }
      e.tensor.withUnsafeBufferPointer { values in
        out.bytes.reserveCapacity(out.bytes.count + values.count * 4)
        for v in values { out.u32(v.bitPattern) }
      }
    }
    out.u64(fnv1a(out.bytes))
    let temporary = path + ".tmp-\(getpid())"
    guard let file = fopen(temporary, "wb") else {
      throw StateDictionaryError.io(
        path: path, reason: "cannot create \(temporary): \(String(cString: strerror(errno)))")
    }
    let written = out.bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
    let flushed = fflush(file) == 0
    fclose(file)
    guard written == out.bytes.count, flushed else {
      unlink(temporary)
      throw StateDictionaryError.io(path: path, reason: "write failed: \(String(cString: strerror(errno)))")
    }
    guard rename(temporary, path) == 0 else {
      let reason = String(cString: strerror(errno))
      unlink(temporary)
      throw StateDictionaryError.io(path: path, reason: "cannot move the written file into place: \(reason)")
    }
  }

  /// Reads a dictionary written by `write(to:)`, checking the magic bytes, version, structure
  /// and checksum.
  public init(contentsOf path: String) throws {
    guard let file = fopen(path, "rb") else {
      throw StateDictionaryError.io(path: path, reason: String(cString: strerror(errno)))
    }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
      if n == 0 { break }
      bytes.append(contentsOf: chunk[0..<n])
    }
    let failed = ferror(file) != 0
    fclose(file)
    if failed { throw StateDictionaryError.io(path: path, reason: "read error") }
    self = try StateDictionary.decode(bytes, path: path)
  }

  static func decode(_ bytes: [UInt8], path: String) throws -> StateDictionary {
    guard bytes.count >= 8, Array(bytes[0..<8]) == magic else { throw StateDictionaryError.notAStateFile(path: path) }
    var reader = ByteReader(bytes: bytes, position: 8, path: path)
    let version = Int(try reader.u32())
    guard version >= 1 && version <= formatVersion else {
      throw StateDictionaryError.unsupportedVersion(path: path, version: version, supported: formatVersion)
    }
    guard bytes.count >= 8 + 8 + 8 else {
      throw StateDictionaryError.corrupted(path: path, reason: "the file ends early")
    }
    let body = bytes.count - 8
    var stored: UInt64 = 0
    for k in 0..<8 { stored |= UInt64(bytes[body + k]) << (8 * UInt64(k)) }
    guard fnv1a(bytes[0..<body]) == stored else {
      throw StateDictionaryError.corrupted(path: path, reason: "checksum mismatch (truncated or modified)")
    }
    reader.limit = body
    let count = Int(try reader.u32())
    var entries: [Entry] = []
    var names = Set<String>()
    for _ in 0..<count {
      let nameLength = Int(try reader.u32())
      guard let name = String(validating: try reader.take(nameLength), as: UTF8.self) else {
        throw StateDictionaryError.corrupted(path: path, reason: "an entry name is not UTF-8")
      }
      guard names.insert(name).inserted else {
        throw StateDictionaryError.corrupted(path: path, reason: "entry \(name) appears twice")
      }
      let kind = try reader.take(1).first!
      let elementType = try reader.take(1).first!
      guard elementType == 0 else {
        throw StateDictionaryError.corrupted(path: path, reason: "\(name) has unknown element type \(elementType)")
      }
      let rank = Int(try reader.u32())
      guard rank <= 32 else { throw StateDictionaryError.corrupted(path: path, reason: "\(name) has rank \(rank)") }
      var shape: [Int] = []
      var elements = 1
      for _ in 0..<rank {
        let d = try reader.u64()
        guard d < 1 << 40 else {
          throw StateDictionaryError.corrupted(path: path, reason: "\(name) has dimension \(d)")
        }
        shape.append(Int(d))
        elements = elements.multipliedReportingOverflow(by: Int(d)).partialValue
      }
      guard elements <= (reader.limit - reader.position) / 4 else {
        throw StateDictionaryError.corrupted(path: path, reason: "the file ends inside \(name)")
      }
      let raw = try reader.take(elements * 4)
      var values = [Float](repeating: 0, count: elements)
      raw.withUnsafeBytes { src in
        for k in 0..<elements {
          values[k] = Float(bitPattern: UInt32(littleEndian: src.loadUnaligned(fromByteOffset: 4 * k, as: UInt32.self)))
        }
      }
      entries.append(Entry(name: name, tensor: Tensor(values, shape: shape), isParameter: kind != 0))
    }
    guard reader.position == body else {
      throw StateDictionaryError.corrupted(
        path: path, reason: "\(body - reader.position) unexpected bytes after the last entry")
    }
    return StateDictionary(entries)
  }
}

private struct ByteWriter {
  var bytes: [UInt8] = []
  mutating func u32(_ v: UInt32) { for k in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * UInt32(k)))) } }
  mutating func u64(_ v: UInt64) { for k in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(k)))) } }
}

private struct ByteReader {
  let bytes: [UInt8]
  var position: Int
  let path: String
  var limit: Int

  init(bytes: [UInt8], position: Int, path: String) {
    self.bytes = bytes
    self.position = position
    self.path = path
    limit = bytes.count
  }

  mutating func take(_ n: Int) throws -> ArraySlice<UInt8> {
    guard n >= 0, n <= limit - position else {
      throw StateDictionaryError.corrupted(path: path, reason: "the file ends early")
    }
    defer { position += n }
    return bytes[position..<position + n]
  }

  mutating func u32() throws -> UInt32 {
    var v: UInt32 = 0
    for (k, b) in try take(4).enumerated() { v |= UInt32(b) << (8 * UInt32(k)) }
    return v
  }

  mutating func u64() throws -> UInt64 {
    var v: UInt64 = 0
    for (k, b) in try take(8).enumerated() { v |= UInt64(b) << (8 * UInt64(k)) }
    return v
  }
}

/// The 64-bit FNV-1a hash of `bytes`.
private func fnv1a<C: Collection>(_ bytes: C) -> UInt64 where C.Element == UInt8 {
  var hash: UInt64 = 0xcbf2_9ce4_8422_2325
  for b in bytes {
    hash ^= UInt64(b)
    hash &*= 0x0000_0100_0000_01b3
  }
  return hash
}
