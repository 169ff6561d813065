import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A contiguous, 64-byte aligned buffer of `Float` owned by one or more tensors.
///
/// Reshapes share a storage; every op that changes values allocates a new one, so a
/// storage is only written in place through the explicit mutation APIs (optimizer steps,
/// parameter surgery), exactly like PyTorch's in-place updates of leaf parameters.
/// Buffers come from `BufferPool`, so a training loop that allocates the same shapes every
/// step reuses warm memory instead of calling the system allocator (and, for large buffers,
/// faulting in fresh pages) each time.
final class Storage {
  let base: UnsafeMutablePointer<Float>
  let count: Int

  /// Allocates uninitialised memory for `count` floats.
  init(uninitializedCount count: Int) {
    self.count = count
    base = BufferPool.allocate(count)
  }

  /// Allocates `count` floats all equal to `value`.
  convenience init(repeating value: Float, count: Int) {
    self.init(uninitializedCount: count)
    base.initialize(repeating: value, count: count)
  }

  deinit { BufferPool.release(base, count: count) }

  var buffer: UnsafeMutableBufferPointer<Float> { .init(start: base, count: count) }
}

/// A caching allocator for tensor buffers, like PyTorch's CPU caching allocator.
///
/// Freed buffers are kept in per-size free lists and handed out again for the next request of
/// the same size class; the cache holds at most `BufferPool.capacityBytes`, beyond which freed
/// buffers go back to the system. Sizes are rounded up to 16 floats (64 bytes) below 64 Ki
/// floats and to 1/16 of their power of two above, so a buffer may serve slightly smaller
/// requests without wasting more than ~6 %.
public enum BufferPool {
  private struct State {
    var free: [Int: [UInt]] = [:]  // addresses, which are Sendable
    var cachedBytes = 0
    var capacityBytes = 512 << 20
  }
  private static let state = Mutex(State())

  /// The most bytes the cache keeps for reuse (default 512 MiB); `0` disables caching.
  public static var capacityBytes: Int {
    get { state.withLock { $0.capacityBytes } }
    set {
      state.withLock { $0.capacityBytes = Swift.max(0, newValue) }
      if newValue <= 0 { trim() }
    }
  }

  /// The bytes currently held in the cache (not in use by any tensor).
  public static var cachedBytes: Int { state.withLock { $0.cachedBytes } }

  /// Returns every cached buffer to the system.
  public static func trim() {
    let buffers = state.withLock { s -> [UInt] in
      let all = s.free.values.flatMap { $0 }
      s.free.removeAll()
      s.cachedBytes = 0
      return all
    }
    for b in buffers { UnsafeMutableRawPointer(bitPattern: b)!.deallocate() }
  }

  /// The number of floats actually allocated for a request of `count`.
  @inline(__always)
  static func sizeClass(_ count: Int) -> Int {
    let n = Swift.max(count, 1)
    if n <= 1 << 16 { return (n + 15) & ~15 }
    let step = 1 << (Int.bitWidth - n.leadingZeroBitCount - 5)  // 1/16 of the power of two below
    return (n + step - 1) & ~(step - 1)
  }

  @inline(__always)
  static func allocate(_ count: Int) -> UnsafeMutablePointer<Float> {
    let size = sizeClass(count)
    let cached = state.withLock { s -> UInt? in
      guard let p = s.free[size]?.popLast() else { return nil }
      s.cachedBytes -= size * 4
      return p
    }
    let raw =
      cached.flatMap { UnsafeMutableRawPointer(bitPattern: $0) }
      ?? UnsafeMutableRawPointer.allocate(byteCount: size * 4, alignment: 64)
    return raw.bindMemory(to: Float.self, capacity: size)
  }

  @inline(__always)
  static func release(_ pointer: UnsafeMutablePointer<Float>, count: Int) {
    let size = sizeClass(count)
    let raw = UnsafeMutableRawPointer(pointer)
    let address = UInt(bitPattern: raw)
    let kept = state.withLock { s -> Bool in
      guard s.cachedBytes + size * 4 <= s.capacityBytes else { return false }
      s.free[size, default: []].append(address)
      s.cachedBytes += size * 4
      return true
    }
    if !kept { raw.deallocate() }
  }
}
