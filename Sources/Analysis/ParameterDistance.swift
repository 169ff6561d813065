import Tensors

// A model's parameters seen as one flat vector: norms, distances to a snapshot (how far
// training moved the weights, lazy vs rich, ultra-slow diffusion) and the cosine between the
// gradient and the weights (the naive-loss-minimisation direction of grokking).
//
// Everything is accumulated in Double over the raw buffers, so the measurements are exact
// enough for tiny relative changes (a lazy network moves its weights by ~1e-3 of their norm).

/// Measurements of a list of tensors (a model's `parameters()`) as one concatenated vector.
public enum ParameterVector {
  /// The L2 norm `‖θ‖` of all the tensors together.
  public static func norm(_ tensors: [Tensor]) -> Double {
    dot(tensors, tensors).squareRoot()
  }

  /// The inner product `⟨a, b⟩` of two lists of tensors with the same shapes, in order.
  public static func dot(_ a: [Tensor], _ b: [Tensor]) -> Double {
    checkMatching(a, b, op: "ParameterVector.dot")
    var total: Double = 0
    for (x, y) in zip(a, b) {
      x.withUnsafeBufferPointer { xp in
        y.withUnsafeBufferPointer { yp in
          for i in 0..<xp.count { total += Double(xp[i]) * Double(yp[i]) }
        }
      }
    }
    return total
  }

  /// The L2 distance `‖a − b‖` between two lists of tensors with the same shapes.
  public static func distance(_ a: [Tensor], _ b: [Tensor]) -> Double {
    checkMatching(a, b, op: "ParameterVector.distance")
    var total: Double = 0
    for (x, y) in zip(a, b) {
      x.withUnsafeBufferPointer { xp in
        y.withUnsafeBufferPointer { yp in
          for i in 0..<xp.count {
            let d = Double(xp[i]) - Double(yp[i])
            total += d * d
          }
        }
      }
    }
    return total.squareRoot()
  }

  /// The cosine `⟨a, b⟩ / (‖a‖ ‖b‖)`; 0 when either vector is zero.
  public static func cosine(_ a: [Tensor], _ b: [Tensor]) -> Double {
    let denominator = norm(a) * norm(b)
    return denominator > 0 ? dot(a, b) / denominator : 0
  }

  /// The gradients of `parameters`, in the same order, with zeros where a parameter has none.
  ///
  /// For instance `cosine(gradients(θ), θ)` measures how far the gradient only rescales θ.
  public static func gradients(_ parameters: [Tensor]) -> [Tensor] {
    parameters.map { $0.grad ?? Tensor.zeros($0.shape) }
  }

  static func checkMatching(_ a: [Tensor], _ b: [Tensor], op: String) {
    if a.count != b.count { engineFailure(op, "the lists hold \(a.count) and \(b.count) tensors") }
    for (i, (x, y)) in zip(a, b).enumerated() where x.shape != y.shape {
      engineFailure(op, "tensor \(i) has shape \(x.shape) in one list and \(y.shape) in the other")
    }
  }
}

/// A frozen copy of parameters (typically at initialisation) to measure how far training moves
/// them: `‖θ_t − θ_0‖`, absolute or relative to `‖θ_0‖`.
///
/// ```swift
/// let initial = ParameterSnapshot(model.parameters())
/// // … train …
/// let moved = initial.distance(to: model.parameters())           // ‖θ_t − θ_0‖
/// let relative = initial.relativeDistance(to: model.parameters()) // ‖θ_t − θ_0‖ / ‖θ_0‖
/// ```
public struct ParameterSnapshot {
  /// Copies of the parameters when the snapshot was taken (detached; no gradients).
  public let tensors: [Tensor]

  /// Copies the current values of `parameters`.
  public init(_ parameters: [Tensor]) {
    tensors = parameters.map { $0.copy().detach() }
  }

  /// `‖θ_0‖`, the norm of the snapshot.
  public var norm: Double { ParameterVector.norm(tensors) }

  /// `‖θ − θ_0‖` for parameters with the snapshot's shapes.
  public func distance(to parameters: [Tensor]) -> Double {
    ParameterVector.distance(parameters, tensors)
  }

  /// `‖θ − θ_0‖ / ‖θ_0‖`; infinite when the snapshot is zero and the parameters are not.
  public func relativeDistance(to parameters: [Tensor]) -> Double {
    let d = distance(to: parameters)
    let n = norm
    return n > 0 ? d / n : (d == 0 ? 0 : .infinity)
  }

  /// Writes the snapshot back into `parameters` (same shapes), to rerun from the same start.
  public func restore(into parameters: [Tensor]) {
    ParameterVector.checkMatching(parameters, tensors, op: "ParameterSnapshot.restore")
    for (p, saved) in zip(parameters, tensors) { p.assign(saved) }
  }
}
