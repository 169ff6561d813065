#if canImport(Glibc)
import Glibc
#endif

/// Which keys each query position may attend to.
///
/// ```swift
/// .causal          // query i sees keys 0...i (decoder-only language models)
/// .none            // every query sees every key (encoders); also spelled .bidirectional
/// .prefix(4)       // prefix LM: positions < 4 see each other both ways, later ones are causal
/// .custom(allowed) // 0/1 tensor, non-zero = may attend
/// ```
public enum AttentionMask {
  /// Every query sees every key.
  case none
  /// Query `i` sees keys `0...i`, as PyTorch's `is_causal` (aligned at the top left when the
  /// query and key lengths differ).
  case causal
  /// A prefix LM (Raffel et al., T5): the first `n` positions see the whole prefix in both
  /// directions; every later position sees the prefix and the positions up to itself.
  case prefix(Int)
  /// Any pattern: a tensor whose non-zero entries mark the allowed (query, key) pairs, of shape
  /// `[queries, keys]` (one pattern for all), `[batch, queries, keys]` (one per sequence) or
  /// `[batch, heads, queries, keys]`; any axis may be 1 to broadcast, so `[batch, 1, 1, keys]`
  /// masks padded keys.
  case custom(Tensor)

  /// Every query sees every key (the same as `.none`).
  public static var bidirectional: AttentionMask { .none }
}

/// Where one head's rows live in a tensor: element `(b, t, h, j)` is at
/// `base + b * batchStride + t * rowStride + h * headSize + j`.
struct HeadView {
  let base: UnsafeMutablePointer<Float>
  let batchStride: Int
  let rowStride: Int
  let headSize: Int

  @inline(__always)
  func row(_ b: Int, _ t: Int, _ h: Int) -> UnsafeMutablePointer<Float> {
    base + b * batchStride + t * rowStride + h * headSize
  }

  @inline(__always)
  func block(_ b: Int, _ h: Int) -> UnsafeMutablePointer<Float> { base + b * batchStride + h * headSize }
}

/// An attention mask as flags: allowed(b, h, i, j) = `bytes[b·bs + h·hs + i·rs + j·cs] != 0`.
struct MaskFlags {
  let bytes: [UInt8]
  let batchStride: Int, headStride: Int, rowStride: Int, columnStride: Int

  /// Resolves `mask` for `batch × heads` attention maps of `queries × keys`; nil when every
  /// pair is allowed.
  static func resolve(_ mask: AttentionMask, batch: Int, heads: Int, queries: Int, keys: Int, op: String) -> MaskFlags?
  {
    switch mask {
    case .none:
      return nil
    case .causal:
      return pattern(queries, keys) { i, j in j <= i }
    case .prefix(let n):
      check(n >= 0, op, "prefix length \(n) is negative")
      return pattern(queries, keys) { i, j in j <= i || j < n }
    case .custom(let tensor):
      var shape = tensor.shape
      check(
        shape.count >= 2 && shape.count <= 4, op,
        "a custom mask must be [queries, keys], [batch, queries, keys] or [batch, heads, queries, keys], got \(Shapes.describe(shape))"
      )
      if shape.count == 3 { shape.insert(1, at: 1) }  // [batch, queries, keys]: one map per sequence
      while shape.count < 4 { shape.insert(1, at: 0) }
      let target = [batch, heads, queries, keys]
      for (d, t) in zip(shape, target) where d != 1 && d != t {
        engineFailure(
          op,
          "mask of shape \(Shapes.describe(tensor.shape)) does not fit attention maps [batch \(batch), heads \(heads), queries \(queries), keys \(keys)]"
        )
      }
      let strides = Shapes.strides(shape)
      let s = zip(shape, strides).map { $0 == 1 ? 0 : $1 }
      let bytes = tensor.withUnsafeBufferPointer { values in values.map { $0 != 0 ? UInt8(1) : 0 } }
      return MaskFlags(bytes: bytes, batchStride: s[0], headStride: s[1], rowStride: s[2], columnStride: s[3])
    }
  }

  private static func pattern(_ queries: Int, _ keys: Int, _ allowed: (Int, Int) -> Bool) -> MaskFlags {
    var bytes = [UInt8](repeating: 0, count: queries * keys)
    for i in 0..<queries { for j in 0..<keys where allowed(i, j) { bytes[i * keys + j] = 1 } }
    return MaskFlags(bytes: bytes, batchStride: 0, headStride: 0, rowStride: keys, columnStride: 1)
  }
}

/// The attention kernels: per (batch, head), `P = softmax(scale · Q Kᵀ + mask)`, `O = P V`.
///
/// Short sequences (the grokking model has 3 positions) run as direct SIMD loops, because one
/// BLAS call per 3 × 3 map costs more than the arithmetic; longer ones call `sgemm` on strided
/// views of the inputs, so that neither heads nor a packed Q|K|V tensor are ever copied apart.
/// Every output and gradient row is written exactly once (no zero fill, no read-modify-write),
/// and batches are split across the engine's threads.
enum AttentionKernel {
  /// Maps with at least this many `queries · keys · headSize` multiply-adds use BLAS.
  nonisolated(unsafe) static var blasThreshold = 16 * 16 * 32

  static func forward(
    q: HeadView, k: HeadView, v: HeadView, out: HeadView, probabilities: UnsafeMutablePointer<Float>,
    batch: Int, heads: Int, queries tq: Int, keys tk: Int, scale: Float, mask: MaskFlags?
  ) {
    let dk = q.headSize, dv = v.headSize
    let useBLAS = tq * tk * Swift.max(dk, dv) >= blasThreshold
    withMask(mask) { flags in
      Parallel.forEachChunk(batch, workPerItem: heads * tq * (2 * tk + dk + dv)) { range in
        for b in range {
          for h in 0..<heads {
            let p = probabilities + (b * heads + h) * tq * tk
            if useBLAS {
              BLAS.sgemm(
                q.block(b, h), lda: q.rowStride, transposeA: false, k.block(b, h), ldb: k.rowStride, transposeB: true,
                p, ldc: tk, m: tq, n: tk, k: dk, alpha: scale, singleThreaded: true)
              for i in 0..<tq {
                let row = p + i * tk
                if let flags {
                  let m = flags.row(b, h, i)
                  for j in 0..<tk where m[j * flags.columnStride] == 0 { row[j] = -.infinity }
                }
                softmaxInPlace(row, tk)
              }
              BLAS.sgemm(
                p, lda: tk, transposeA: false, v.block(b, h), ldb: v.rowStride, transposeB: false,
                out.block(b, h), ldc: out.rowStride, m: tq, n: dv, k: tk, singleThreaded: true)
              continue
            }
            for i in 0..<tq {
              let qi = q.row(b, i, h), row = p + i * tk
              if let flags {
                let m = flags.row(b, h, i)
                for j in 0..<tk {
                  row[j] = m[j * flags.columnStride] != 0 ? scale * VectorMath.dot(qi, k.row(b, j, h), dk) : -.infinity
                }
              } else {
                for j in 0..<tk { row[j] = scale * VectorMath.dot(qi, k.row(b, j, h), dk) }
              }
              softmaxInPlace(row, tk)
              // o_i = Σ_j p_ij v_j, eight columns at a time, each written once.
              combineRows(out.row(b, i, h), dv, count: tk, weights: row) { v.row(b, $0, h) }
            }
          }
        }
      }
    }
  }

  /// Writes the gradients of Q, K and V into `gq`, `gk`, `gv` (every element once, so the
  /// buffers need no initialisation).
  static func backward(
    gradOut g: HeadView, probabilities: UnsafePointer<Float>, q: HeadView, k: HeadView, v: HeadView,
    gq: HeadView, gk: HeadView, gv: HeadView, batch: Int, heads: Int, queries tq: Int, keys tk: Int, scale: Float
  ) {
    let dk = q.headSize, dv = v.headSize
    let useBLAS = tq * tk * Swift.max(dk, dv) >= blasThreshold
    Parallel.forEachChunk(batch, workPerItem: heads * tq * (4 * tk + 2 * dk + 2 * dv)) { range in
      let ds = UnsafeMutablePointer<Float>.allocate(capacity: Swift.max(1, tq * tk))
      defer { ds.deallocate() }
      for b in range {
        for h in 0..<heads {
          let p = probabilities + (b * heads + h) * tq * tk
          // dP = dO Vᵀ; dS = s · P ⊙ (dP − rowsum(P ⊙ dP)); dQ = dS K; dK = dSᵀ Q; dV = Pᵀ dO.
          if useBLAS {
            BLAS.sgemm(
              g.block(b, h), lda: g.rowStride, transposeA: false, v.block(b, h), ldb: v.rowStride, transposeB: true,
              ds, ldc: tk, m: tq, n: tk, k: dv, singleThreaded: true)
          } else {
            for i in 0..<tq {
              let pr = p + i * tk, gi = g.row(b, i, h), dr = ds + i * tk
              for j in 0..<tk { dr[j] = pr[j] != 0 ? VectorMath.dot(gi, v.row(b, j, h), dv) : 0 }
            }
          }
          for i in 0..<tq {
            let pr = p + i * tk, dr = ds + i * tk
            let c = VectorMath.dot(pr, dr, tk)
            for j in 0..<tk { dr[j] = scale * pr[j] * (dr[j] - c) }
          }
          if useBLAS {
            BLAS.sgemm(
              ds, lda: tk, transposeA: false, k.block(b, h), ldb: k.rowStride, transposeB: false,
              gq.block(b, h), ldc: gq.rowStride, m: tq, n: dk, k: tk, singleThreaded: true)
            BLAS.sgemm(
              ds, lda: tk, transposeA: true, q.block(b, h), ldb: q.rowStride, transposeB: false,
              gk.block(b, h), ldc: gk.rowStride, m: tk, n: dk, k: tq, singleThreaded: true)
            BLAS.sgemm(
              p, lda: tk, transposeA: true, g.block(b, h), ldb: g.rowStride, transposeB: false,
              gv.block(b, h), ldc: gv.rowStride, m: tk, n: dv, k: tq, singleThreaded: true)
          } else {
            for i in 0..<tq {
              combineRows(gq.row(b, i, h), dk, count: tk, weights: ds + i * tk) { k.row(b, $0, h) }
            }
            for j in 0..<tk {
              combineRows(gk.row(b, j, h), dk, count: tq, weights: ds + j, weightStride: tk) { q.row(b, $0, h) }
              combineRows(gv.row(b, j, h), dv, count: tq, weights: p + j, weightStride: tk) { g.row(b, $0, h) }
            }
          }
        }
      }
    }
  }

  /// `out[c] = Σ_r weights[r · weightStride] · row(r)[c]` for `c < n`, skipping zero weights;
  /// each output element is written once.
  @inline(__always)
  static func combineRows(
    _ out: UnsafeMutablePointer<Float>, _ n: Int, count: Int, weights: UnsafePointer<Float>, weightStride: Int = 1,
    _ row: (Int) -> UnsafeMutablePointer<Float>
  ) {
    var c = 0
    while c + 8 <= n {
      var acc = SIMD8<Float>()
      for r in 0..<count {
        let w = weights[r * weightStride]
        if w != 0 { acc += w * VectorMath.load8(row(r) + c) }
      }
      UnsafeMutableRawPointer(out + c).storeBytes(of: acc, as: SIMD8<Float>.self)
      c += 8
    }
    while c < n {
      var acc: Float = 0
      for r in 0..<count {
        let w = weights[r * weightStride]
        if w != 0 { acc += w * row(r)[c] }
      }
      out[c] = acc
      c += 1
    }
  }

  /// Softmax of one row in place; `-∞` entries get probability 0 and a row with no finite
  /// entry becomes all zeros (its query attends to nothing, so its output is 0).
  @inline(__always)
  static func softmaxInPlace(_ row: UnsafeMutablePointer<Float>, _ n: Int) {
    var m = -Float.infinity
    for j in 0..<n where row[j] > m { m = row[j] }
    if m == -.infinity {
      row.update(repeating: 0, count: n)
      return
    }
    var total: Float = 0
    for j in 0..<n {
      let e = row[j] == -.infinity ? 0 : Glibc.expf(row[j] - m)
      row[j] = e
      total += e
    }
    let inverse = 1 / total
    for j in 0..<n { row[j] *= inverse }
  }

  struct FlagPointer {
    let base: UnsafePointer<UInt8>
    let batchStride: Int, headStride: Int, rowStride: Int, columnStride: Int

    @inline(__always)
    func row(_ b: Int, _ h: Int, _ i: Int) -> UnsafePointer<UInt8> {
      base + b * batchStride + h * headStride + i * rowStride
    }
  }

  @inline(__always)
  static func withMask(_ mask: MaskFlags?, _ body: (FlagPointer?) -> Void) {
    guard let mask else { return body(nil) }
    mask.bytes.withUnsafeBufferPointer { bytes in
      body(
        FlagPointer(
          base: bytes.baseAddress!, batchStride: mask.batchStride, headStride: mask.headStride,
          rowStride: mask.rowStride, columnStride: mask.columnStride))
    }
  }
}

extension Tensor {
  /// Multi-head scaled dot-product attention, `softmax(Q Kᵀ / √d + mask) V` per head.
  ///
  /// Heads are consecutive column blocks of the last axis (the layout a fused projection
  /// produces), so no permute is needed before or after:
  /// - `query`: `[batch, queries, heads · d]` (or `[queries, heads · d]` for one sequence),
  /// - `key`: `[batch, keys, heads · d]`, `value`: `[batch, keys, heads · dv]`,
  /// - result: `[batch, queries, heads · dv]`.
  ///
  /// A query whose mask allows no key gets probability 0 everywhere and an output of 0 (where
  /// PyTorch returns NaN), so padding rows never poison a loss.
  /// - Parameters:
  ///   - scale: multiplies the scores; `1/√d` by default.
  public static func scaledDotProductAttention(
    query: Tensor, key: Tensor, value: Tensor, heads: Int = 1, mask: AttentionMask = .none, scale: Float? = nil
  ) -> Tensor {
    attentionWithWeights(query: query, key: key, value: value, heads: heads, mask: mask, scale: scale).output
  }

  /// `scaledDotProductAttention` that also returns the attention probabilities
  /// `[batch, heads, queries, keys]` (detached, for plots and interpretability).
  public static func attentionWithWeights(
    query: Tensor, key: Tensor, value: Tensor, heads: Int = 1, mask: AttentionMask = .none, scale: Float? = nil
  ) -> (output: Tensor, weights: Tensor) {
    let op = "scaledDotProductAttention"
    check(
      query.rank == 2 || query.rank == 3, op,
      "query must be [batch, queries, features] or [queries, features], got \(Shapes.describe(query.shape))")
    check(
      key.rank == query.rank && value.rank == query.rank, op,
      "query \(Shapes.describe(query.shape)), key \(Shapes.describe(key.shape)) and value \(Shapes.describe(value.shape)) must have the same rank"
    )
    let batched = query.rank == 3
    let batch = batched ? query.shape[0] : 1
    let (tq, dq) = (query.shape[query.rank - 2], query.shape[query.rank - 1])
    let (tk, dkTotal) = (key.shape[key.rank - 2], key.shape[key.rank - 1])
    let (tv, dvTotal) = (value.shape[value.rank - 2], value.shape[value.rank - 1])
    check(
      !batched || (key.shape[0] == batch && value.shape[0] == batch), op,
      "batch sizes differ: query \(Shapes.describe(query.shape)), key \(Shapes.describe(key.shape)), value \(Shapes.describe(value.shape))"
    )
    check(
      tk == tv, op, "key \(Shapes.describe(key.shape)) and value \(Shapes.describe(value.shape)) have different lengths"
    )
    check(
      dq == dkTotal, op,
      "query \(Shapes.describe(query.shape)) and key \(Shapes.describe(key.shape)) have different feature sizes")
    check(
      heads >= 1 && dq % heads == 0 && dvTotal % heads == 0, op,
      "\(heads) heads do not divide the feature sizes \(dq) (query/key) and \(dvTotal) (value)")
    let dk = dq / heads, dv = dvTotal / heads
    let flags = MaskFlags.resolve(mask, batch: batch, heads: heads, queries: tq, keys: tk, op: op)
    let s = scale ?? 1 / Float(dk).squareRoot()
    let qv = HeadView(base: query.storage.base, batchStride: tq * dq, rowStride: dq, headSize: dk)
    let kv = HeadView(base: key.storage.base, batchStride: tk * dq, rowStride: dq, headSize: dk)
    let vv = HeadView(base: value.storage.base, batchStride: tk * dvTotal, rowStride: dvTotal, headSize: dv)
    let outShape = batched ? [batch, tq, dvTotal] : [tq, dvTotal]
    let out = Tensor.uninitialized(outShape)
    let probabilities = Tensor.uninitialized([batch, heads, tq, tk])
    AttentionKernel.forward(
      q: qv, k: kv, v: vv,
      out: HeadView(base: out.storage.base, batchStride: tq * dvTotal, rowStride: dvTotal, headSize: dv),
      probabilities: probabilities.storage.base, batch: batch, heads: heads, queries: tq, keys: tk, scale: s,
      mask: flags)
    let result = record(out, [query, key, value]) { g, _ in
      let gq = Tensor.uninitialized(query.shape), gk = Tensor.uninitialized(key.shape)
      let gv = Tensor.uninitialized(value.shape)
      AttentionKernel.backward(
        gradOut: HeadView(base: g.storage.base, batchStride: tq * dvTotal, rowStride: dvTotal, headSize: dv),
        probabilities: probabilities.storage.base, q: qv, k: kv, v: vv,
        gq: HeadView(base: gq.storage.base, batchStride: tq * dq, rowStride: dq, headSize: dk),
        gk: HeadView(base: gk.storage.base, batchStride: tk * dq, rowStride: dq, headSize: dk),
        gv: HeadView(base: gv.storage.base, batchStride: tk * dvTotal, rowStride: dvTotal, headSize: dv),
        batch: batch, heads: heads, queries: tq, keys: tk, scale: s)
      _ = (query, key, value)  // the views above point into these tensors
      return [gq, gk, gv]
    }
    return (result, probabilities.detach())
  }

  /// Self-attention on a packed projection `[batch, T, 3 · heads · d]` whose last axis holds
  /// Q, K and V one after the other (`x • Wqkv` with `Wqkv = [Wq | Wk | Wv]`); returns
  /// `[batch, T, heads · d]`. The same as slicing Q, K, V apart and calling
  /// `scaledDotProductAttention`, without the three copies.
  public static func packedSelfAttention(
    _ qkv: Tensor, heads: Int, mask: AttentionMask = .none, scale: Float? = nil
  ) -> Tensor {
    packedSelfAttentionWithWeights(qkv, heads: heads, mask: mask, scale: scale).output
  }

  /// `packedSelfAttention` that also returns the detached probabilities `[batch, heads, T, T]`.
  public static func packedSelfAttentionWithWeights(
    _ qkv: Tensor, heads: Int, mask: AttentionMask = .none, scale: Float? = nil
  ) -> (output: Tensor, weights: Tensor) {
    let op = "packedSelfAttention"
    check(
      qkv.rank == 2 || qkv.rank == 3, op,
      "expects [batch, T, 3·features] or [T, 3·features], got \(Shapes.describe(qkv.shape))")
    let batched = qkv.rank == 3
    let batch = batched ? qkv.shape[0] : 1
    let (t, width) = (qkv.shape[qkv.rank - 2], qkv.shape[qkv.rank - 1])
    check(
      heads >= 1 && width % (3 * heads) == 0, op,
      "last axis \(width) of \(Shapes.describe(qkv.shape)) is not 3 × heads (\(heads)) × head size")
    let d = width / 3, dh = d / heads
    let flags = MaskFlags.resolve(mask, batch: batch, heads: heads, queries: t, keys: t, op: op)
    let s = scale ?? 1 / Float(dh).squareRoot()
    func view(_ base: UnsafeMutablePointer<Float>, _ part: Int) -> HeadView {
      HeadView(base: base + part * d, batchStride: t * width, rowStride: width, headSize: dh)
    }
    let outShape = batched ? [batch, t, d] : [t, d]
    let out = Tensor.uninitialized(outShape)
    let probabilities = Tensor.uninitialized([batch, heads, t, t])
    let base = qkv.storage.base
    AttentionKernel.forward(
      q: view(base, 0), k: view(base, 1), v: view(base, 2),
      out: HeadView(base: out.storage.base, batchStride: t * d, rowStride: d, headSize: dh),
      probabilities: probabilities.storage.base, batch: batch, heads: heads, queries: t, keys: t, scale: s, mask: flags)
    let result = record(out, [qkv]) { g, _ in
      let grad = Tensor.uninitialized(qkv.shape)
      let gb = grad.storage.base
      AttentionKernel.backward(
        gradOut: HeadView(base: g.storage.base, batchStride: t * d, rowStride: d, headSize: dh),
        probabilities: probabilities.storage.base, q: view(base, 0), k: view(base, 1), v: view(base, 2),
        gq: view(gb, 0), gk: view(gb, 1), gv: view(gb, 2), batch: batch, heads: heads, queries: t, keys: t, scale: s)
      _ = qkv
      return [grad]
    }
    return (result, probabilities.detach())
  }
}
