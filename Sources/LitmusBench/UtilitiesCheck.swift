import Litmus

#if canImport(Glibc)
import Glibc
#endif

/// A release-mode smoke test of the model utilities (the unit tests run in debug builds):
/// clone, save/load, averaging and hooks on an MLP and a transformer, checked for equal outputs.
///
/// Contract: the last line is `utilities ok` (or the process traps with a message).
enum UtilitiesCheck {
  static func run(threads: Int) throws {
    var rng = RandomGenerator(seed: 1)
    let transformer = Transformer(
      vocabulary: 11, maxLength: 4, dModel: 16, heads: 4, layers: 2, qkLayerNorm: true, generator: &rng)
    let mlp = MLP([8, 16, 4], generator: &rng)
    let tokens = [[1, 2, 3, 4], [5, 6, 7, 8]]
    let x = Tensor.uniform([3, 8], generator: &rng)
    let copy = transformer.clone()
    check(copy(tokens).scalars == transformer(tokens).scalars, "clone changes the transformer's output")
    check(mlp.clone()(x).scalars == mlp(x).scalars, "clone changes the MLP's output")
    let path = "/tmp/litmus-bench-utilities-\(getpid()).state"
    defer { unlink(path) }
    try transformer.save(to: path)
    var other = RandomGenerator(seed: 2)
    let fresh = Transformer(
      vocabulary: 11, maxLength: 4, dModel: 16, heads: 4, layers: 2, qkLayerNorm: true, generator: &other)
    try fresh.load(from: path)
    check(fresh(tokens).scalars == transformer(tokens).scalars, "save/load changes the output")
    let soup = Module.average([transformer, copy])
    check(
      soup(tokens).scalars.elementsEqual(transformer(tokens).scalars) { abs($0 - $1) < 1e-5 },
      "averaging two equal models")
    let (_, activations) = transformer.capturingActivations(of: ["blocks.1.attention"]) { transformer(tokens) }
    check(activations["blocks.1.attention"]?.shape == [2, 4, 16], "activation capture")
    print("utilities ok")
  }

  static func check(_ condition: Bool, _ message: String) {
    if !condition { engineFailure("utilities", message) }
  }
}
