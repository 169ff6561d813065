/// Shape arithmetic shared by every op: element counts, strides and NumPy broadcasting.
enum Shapes {
  /// The number of elements of a tensor with this shape.
  @inline(__always)
  static func count(_ shape: [Int]) -> Int {
    var n = 1
    for d in shape { n &*= d }
    return n
  }

  /// Row-major strides (in elements) for `shape`.
  static func strides(_ shape: [Int]) -> [Int] {
    var strides = [Int](repeating: 1, count: shape.count)
    var s = 1
    for i in stride(from: shape.count - 1, through: 0, by: -1) {
      strides[i] = s
      s *= shape[i]
    }
    return strides
  }

  /// The broadcast shape of `a` and `b` under NumPy rules, or `nil` when incompatible.
  static func broadcast(_ a: [Int], _ b: [Int]) -> [Int]? {
    if a == b { return a }
    let rank = max(a.count, b.count)
    var out = [Int](repeating: 1, count: rank)
    for i in 0..<rank {
      let da = i < rank - a.count ? 1 : a[i - (rank - a.count)]
      let db = i < rank - b.count ? 1 : b[i - (rank - b.count)]
      if da == db || db == 1 {
        out[i] = da
      } else if da == 1 {
        out[i] = db
      } else {
        return nil
      }
    }
    return out
  }

  /// Strides that read a tensor of `shape` as if it had the (broadcast) shape `target`:
  /// broadcast dimensions get stride 0.
  static func broadcastStrides(_ shape: [Int], to target: [Int]) -> [Int] {
    let own = strides(shape)
    let offset = target.count - shape.count
    var out = [Int](repeating: 0, count: target.count)
    for i in 0..<shape.count where shape[i] != 1 || target[i + offset] == 1 {
      out[i + offset] = shape[i] == 1 ? 0 : own[i]
    }
    return out
  }

  /// Resolves a possibly negative axis against `rank`, failing with a clear message.
  static func axis(_ axis: Int, rank: Int, op: String) -> Int {
    let a = axis < 0 ? axis + rank : axis
    // A scalar has no axis: accepting axis 0 at rank 0 made later `shape[a]` reads trap with a
    // bare "Index out of range" (scalar.sum(axis: 0), squeezed, concatenate of scalars).
    check(a >= 0 && a < rank, op, "axis \(axis) is out of range for rank \(rank)")
    return a
  }

  /// Formats a shape the way error messages print it: `[2, 3]`.
  static func describe(_ shape: [Int]) -> String { "[" + shape.map(String.init).joined(separator: ", ") + "]" }
}
