/// A contiguous, 64-byte aligned buffer of `Float` owned by one or more tensors.
///
/// Reshapes share a storage; every op that changes values allocates a new one, so a
/// storage is only written in place through the explicit mutation APIs (optimizer steps,
/// parameter surgery), exactly like PyTorch's in-place updates of leaf parameters.
final class Storage {
  let base: UnsafeMutablePointer<Float>
  let count: Int

  /// Allocates uninitialised memory for `count` floats.
  init(uninitializedCount count: Int) {
    self.count = count
    // Aligned for AVX loads; one extra element keeps zero-size allocations valid.
    let raw = UnsafeMutableRawPointer.allocate(
      byteCount: max(count, 1) * MemoryLayout<Float>.stride, alignment: 64)
    base = raw.bindMemory(to: Float.self, capacity: max(count, 1))
  }

  /// Allocates `count` floats all equal to `value`.
  convenience init(repeating value: Float, count: Int) {
    self.init(uninitializedCount: count)
    base.initialize(repeating: value, count: count)
  }

  deinit { UnsafeMutableRawPointer(base).deallocate() }

  var buffer: UnsafeMutableBufferPointer<Float> { .init(start: base, count: count) }
}
