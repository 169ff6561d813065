import NN
import Tensors
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A user-defined model with the shapes of state `clone()` must handle: optionals, arrays,
/// dictionaries, a tied (shared) layer, a buffer, plain values and a closure.
private final class Zoo: Module {
  var encoder: Linear
  var heads: [Linear]
  var optionalHead: Linear?
  var missingHead: Linear? = nil
  var named: [String: Linear]
  var tied: Linear
  var scale = Tensor.parameter(Tensor([2]))
  var counter = Tensor.zeros([3])
  var label = "zoo"
  var widths = [4, 3]
  var activation: (Tensor) -> Tensor = { $0.relu() }

  init(generator: inout RandomGenerator) {
    encoder = Linear(4, 3, generator: &generator)
    heads = [Linear(3, 2, generator: &generator), Linear(3, 1, generator: &generator)]
    optionalHead = Linear(3, 3, generator: &generator)
    named = ["aux": Linear(3, 2, generator: &generator)]
    tied = encoder
    super.init()
  }

  override func forward(_ x: Tensor) -> Tensor {
    let h = activation(encoder(x)) * scale
    return Tensor.concatenate([heads[0](h), heads[1](h), optionalHead!(h)], axis: -1)
  }
}

private func temporaryPath(_ name: String) -> String {
  "/tmp/litmus-nn-tests-\(getpid())-\(name)"
}

@Suite("Model utilities")
struct ModelUtilityTests {
  // MARK: clone

  @Test func cloneCopiesValuesIntoIndependentTensors() {
    var rng = RandomGenerator(seed: 601)
    let model = Zoo(generator: &rng)
    model.eval()
    let copy = model.clone()
    #expect(type(of: copy) == Zoo.self)
    #expect(copy.namedTensors().map(\.0) == model.namedTensors().map(\.0))
    for ((_, a), (_, b)) in zip(copy.namedTensors(), model.namedTensors()) {
      #expect(a !== b)
      #expect(a.scalars == b.scalars && a.shape == b.shape && a.isParameter == b.isParameter)
    }
    #expect(copy.tied === copy.encoder, "a shared layer stays shared inside the copy")
    #expect(copy.encoder !== model.encoder && copy.named["aux"] !== model.named["aux"])
    #expect(copy.missingHead == nil && copy.label == "zoo" && copy.widths == [4, 3])
    #expect(!copy.isTraining && !copy.heads[1].isTraining)
    var maker = InputMaker(seed: 603)
    let x = maker.make([2, 4])
    #expect(copy(x).scalars == model(x).scalars)
    // Training the copy leaves the original alone.
    copy.encoder.weight.withUnsafeMutableBufferPointer { $0[0] += 1 }
    #expect(copy.encoder.weight.scalars != model.encoder.weight.scalars)
  }

  @Test func cloneDropsGradientsAndHooksButKeepsFrozenFlags() {
    var rng = RandomGenerator(seed: 607)
    let model = MLP([3, 4, 2], generator: &rng)
    model.body.layers[2].freeze()
    var calls = 0
    model.registerForwardHook { _, _, _ in calls += 1 }
    crossEntropy(model(Tensor.ones([2, 3])), [0, 1]).backward()
    let copy = model.clone()
    #expect(copy.parameters().allSatisfy { $0.grad == nil })
    #expect(copy.frozenParameterNames == ["body.layers.2.weight", "body.layers.2.bias"])
    _ = copy(Tensor.ones([1, 3]))
    #expect(calls == 1)
  }

  @Test func cloneOfATransformerAndBatchNormKeepsBehaviour() {
    var rng = RandomGenerator(seed: 611)
    let model = Transformer(
      vocabulary: 7, maxLength: 4, dModel: 8, heads: 2, layers: 2, qkLayerNorm: true, generator: &rng)
    let copy = model.clone()
    #expect(copy([[1, 2, 3]]).scalars == model([[1, 2, 3]]).scalars)
    let bn = BatchNorm1d(2)
    _ = bn(Tensor([[1, 2], [3, 5]]))
    let bnCopy = bn.clone()
    #expect(bnCopy.runningMean.scalars == bn.runningMean.scalars && bnCopy.runningMean !== bn.runningMean)
  }

  // MARK: freezing

  @Test func freezeAndUnfreezeByModuleNameAndPredicate() {
    var rng = RandomGenerator(seed: 613)
    let model = MLP([3, 4, 4, 2], generator: &rng)
    model.freeze()
    #expect(model.trainableParameters().isEmpty)
    model.unfreeze(where: { $0.hasPrefix("body.layers.4") })
    #expect(model.trainableParameters().count == 2)
    model.unfreeze()
    model.freeze(["body.layers.0.weight"])
    #expect(model.frozenParameterNames == ["body.layers.0.weight"])
    crossEntropy(model(Tensor.ones([2, 3])), [0, 1]).backward()
    #expect(model.body.layers[0].parameters()[0].grad == nil)
    #expect(model.body.layers[0].parameters()[1].grad != nil)
  }

  @Test func freezingAnUnknownNameListsTheKnownOnes() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      MLP([2, 2]).freeze(["body.layers.9.weight"])
    }
    let text = result.map { String(decoding: $0.standardErrorContent, as: UTF8.self) } ?? ""
    #expect(text.contains("error: freeze:") && text.contains("body.layers.0.weight"))
  }

  // MARK: state dictionaries

  @Test func stateDictionaryRoundTripsThroughAFile() throws {
    var rng = RandomGenerator(seed: 617)
    let model = Zoo(generator: &rng)
    model.counter.withUnsafeMutableBufferPointer { $0[1] = 7 }
    let path = temporaryPath("roundtrip.litmus")
    defer { unlink(path) }
    try model.save(to: path)
    var other = RandomGenerator(seed: 619)
    let fresh = Zoo(generator: &other)
    #expect(fresh.encoder.weight.scalars != model.encoder.weight.scalars)
    try fresh.load(from: path)
    for ((name, a), (_, b)) in zip(fresh.namedTensors(), model.namedTensors()) {
      #expect(a.scalars == b.scalars, "\(name)")
    }
    let read = try StateDictionary(contentsOf: path)
    #expect(read.names == model.stateDictionary().names)
    #expect(read["counter"]?.scalars == [0, 7, 0])
    #expect(read.entries.first { $0.name == "counter" }?.isParameter == false)
  }

  @Test func mismatchedStateIsAClearErrorAndNeverAPartialLoad() throws {
    var rng = RandomGenerator(seed: 623)
    let model = MLP([3, 4, 2], generator: &rng)
    let before = model.stateDictionary()
    let wider = MLP([3, 5, 2], generator: &rng)
    #expect(
      throws: StateDictionaryError.shapeMismatch(name: "body.layers.0.weight", model: [3, 4], dictionary: [3, 5])
    ) {
      try model.load(wider.stateDictionary())
    }
    let deeper = MLP([3, 4, 4, 2], generator: &rng)
    #expect(throws: StateDictionaryError.self) { try model.load(deeper.stateDictionary()) }
    let shallower = MLP([3, 2], generator: &rng)
    do {
      try model.load(shallower.stateDictionary())
      Issue.record("loading a different architecture did not throw")
    } catch let error as StateDictionaryError {
      #expect(error.description.contains("body.layers.2.weight"))
    }
    // Nothing was written by the failed loads.
    for (a, b) in zip(model.stateDictionary().entries, before.entries) { #expect(a.tensor.scalars == b.tensor.scalars) }
    // Non-strict loading skips names on one side but still checks shapes.
    let partial = StateDictionary(before.entries.filter { $0.name.hasPrefix("body.layers.0") })
    try model.load(partial, strict: false)
    #expect(throws: StateDictionaryError.missingEntries(["body.layers.2.weight", "body.layers.2.bias"])) {
      try model.load(partial)
    }
  }

  @Test func damagedFilesAreRejected() throws {
    var rng = RandomGenerator(seed: 627)
    let model = MLP([3, 4, 2], generator: &rng)
    let path = temporaryPath("damaged.litmus")
    defer { unlink(path) }
    try model.save(to: path)
    let good = readBytes(path)
    func expectError(_ bytes: [UInt8], _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation) {
      writeBytes(path, bytes)
      do {
        _ = try StateDictionary(contentsOf: path)
        Issue.record("no error for a file that should contain \(fragment)", sourceLocation: sourceLocation)
      } catch {
        #expect("\(error)".contains(fragment), "\(error)", sourceLocation: sourceLocation)
      }
    }
    var flipped = good
    flipped[good.count / 2] ^= 0x40
    expectError(flipped, "checksum")
    expectError(Array(good[0..<(good.count - 11)]), "corrupted")
    expectError(Array("NOTSTATE".utf8) + good[8...], "not a Litmus state file")
    var future = good
    future[8] = 9
    expectError(future, "version 9")
    #expect(throws: StateDictionaryError.self) { try StateDictionary(contentsOf: temporaryPath("absent")) }
    // The model is unchanged by a failed file load.
    let before = model.flattenedParameters().scalars
    writeBytes(path, flipped)
    #expect(throws: StateDictionaryError.self) { try model.load(from: path) }
    #expect(model.flattenedParameters().scalars == before)
  }

  // MARK: flat vectors and arithmetic

  @Test func flattenAndUnflattenParameters() {
    var rng = RandomGenerator(seed: 631)
    let model = MLP([3, 4, 2], generator: &rng)
    let v = withNoGrad { model.flattenedParameters() }
    #expect(v.shape == [model.parameterCount])
    #expect(Array(v.scalars[0..<12]) == model.body.layers[0].parameters()[0].scalars)
    model.loadFlattenedParameters(v * 2)
    #expect(model.flattenedParameters().scalars == v.scalars.map { $0 * 2 })
    // Differentiable: ‖θ‖² has gradient 2θ for every parameter.
    model.flattenedParameters().square().sum().backward()
    assertClose(model.flattenedGradients(), v.scalars.map { $0 * 4 }, atol: 1e-5)
  }

  @Test func parameterArithmetic() throws {
    var r1 = RandomGenerator(seed: 637), r2 = RandomGenerator(seed: 641), r3 = RandomGenerator(seed: 643)
    let a = MLP([3, 4, 2], generator: &r1), b = MLP([3, 4, 2], generator: &r2), c = MLP([3, 4, 2], generator: &r3)
    let (sa, sb, sc) = (a.stateDictionary(), b.stateDictionary(), c.stateDictionary())
    assertClose((sa + sb - sb).flattened(), sa.flattened(), atol: 1e-6)
    assertClose((2 * sa / 2).flattened(), sa.flattened(), atol: 1e-6)
    assertClose(sa.interpolated(to: sb, by: 0.25).flattened(), (sa * 0.75 + sb * 0.25).flattened(), atol: 1e-6)
    let soup = Module.average([a, b, c])
    assertClose(soup.flattenedParameters().detach(), ((sa + sb + sc) / 3).flattened(), atol: 1e-6)
    assertClose(StateDictionary.mean([sa, sb, sc]).flattened(), ((sa + sb + sc) / 3).flattened(), atol: 1e-6)
    #expect(abs(sa.norm - (sa.flattened().square().sum().item).squareRoot()) < 1e-4)
    // A task vector applied at half strength.
    let taskVector = sb - sa
    try a.load(sa + 0.5 * taskVector)
    assertClose(a.flattenedParameters().detach(), sa.interpolated(to: sb, by: 0.5).flattened(), atol: 1e-6)
    // In-place interpolation and EMA.
    let ema = c.clone()
    ema.updateAverage(of: b, decay: 0.9)
    assertClose(ema.flattenedParameters().detach(), (sc * 0.9 + sb * 0.1).flattened(), atol: 1e-6)
    ema.interpolate(towards: b, by: 1)
    assertClose(ema.flattenedParameters().detach(), sb.flattened(), atol: 1e-6)
    ema.copyParameters(from: c)
    assertClose(ema.flattenedParameters().detach(), sc.flattened(), atol: 0)
  }

  // MARK: hooks

  @Test func forwardHooksReadAndReplaceActivations() {
    var rng = RandomGenerator(seed: 647)
    let model = MLP([3, 4, 2], generator: &rng)
    let x = Tensor.ones([2, 3])
    let plain = model(x)
    let (out, acts) = model.capturingActivations(of: ["body.layers.0", "body.layers.1"]) { model(x) }
    #expect(out.scalars == plain.scalars)
    let pre = acts["body.layers.0"]!, post = acts["body.layers.1"]!
    #expect(pre.shape == [2, 4])
    #expect(post.scalars == pre.scalars.map { max($0, 0) }, "the ReLU hook sees the ReLU's own output")
    // Replacing the ReLU's output with zeros leaves only the last bias.
    let handle = model.body.layers[1].registerForwardHook(replacingOutput: { _, _, out in out * 0 })
    let ablated = model(x)
    let bias = model.body.layers[2].parameters()[1].scalars
    #expect(ablated.scalars == bias + bias)
    handle.remove()
    #expect(model(x).scalars == plain.scalars)
  }

  @Test func attentionHooksSeeCallsWithAMask() {
    var rng = RandomGenerator(seed: 653)
    let block = TransformerBlock(8, heads: 2, generator: &rng)
    var seen: [[Int]] = []
    block.attention.registerForwardHook { _, input, _ in seen.append(input.shape) }
    _ = block(Tensor.zeros([1, 3, 8]), mask: .none)
    _ = block(Tensor.zeros([2, 3, 8]))
    #expect(seen == [[1, 3, 8], [2, 3, 8]])
  }

  @Test func gradientHooksAndTransforms() {
    var rng = RandomGenerator(seed: 659)
    let model = MLP([3, 4, 2], generator: &rng)
    let x = Tensor.ones([2, 3])
    crossEntropy(model(x), [0, 1]).backward()
    let reference = model.parameters().map { $0.grad!.scalars }
    model.zeroGrad()
    // Hooks during backward: zero the first layer's weight gradient.
    let handle = model.registerGradHook(where: { $0 == "body.layers.0.weight" }) { _, g in g * 0 }
    crossEntropy(model(x), [0, 1]).backward()
    #expect(model.parameters()[0].grad!.scalars.allSatisfy { $0 == 0 })
    #expect(model.parameters()[1].grad!.scalars == reference[1])
    handle.remove()
    model.zeroGrad()
    crossEntropy(model(x), [0, 1]).backward()
    #expect(model.parameters()[0].grad!.scalars == reference[0])
    // Transforms after backward: masks, scaling and clipping.
    let mask = Tensor((0..<12).map { Float($0 % 2) }, shape: [3, 4])
    model.maskGradients(["body.layers.0.weight": mask])
    #expect(model.parameters()[0].grad!.scalars == zip(reference[0], mask.scalars).map { $0 * $1 })
    model.transformGradients { name, g in name.hasSuffix("bias") ? nil : g }
    #expect(model.parameters()[1].grad == nil)
    let norm = model.clipGradients(maxNorm: 1e-3)
    #expect(norm > 1e-3 && abs(model.gradientNorm() - 1e-3) < 1e-5)
    model.clipGradients(maxValue: 1e-4)
    #expect(model.flattenedGradients().scalars.allSatisfy { abs($0) <= 1e-4 })
  }

  @Test func tensorGradHookHandlesRemoveOneHook() {
    let x = Tensor([1, 2]).requiringGrad()
    let double = x.registerGradHook { $0 * 2 }
    x.registerGradHook { $0 + 1 }
    (x * 3).sum().backward()
    #expect(x.grad!.scalars == [7, 7])
    double.remove()
    x.zeroGrad()
    (x * 3).sum().backward()
    #expect(x.grad!.scalars == [4, 4])
  }
}

private func readBytes(_ path: String) -> [UInt8] {
  guard let f = fopen(path, "rb") else { return [] }
  defer { fclose(f) }
  var out: [UInt8] = []
  var buffer = [UInt8](repeating: 0, count: 4096)
  while true {
    let n = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, f) }
    if n == 0 { break }
    out += buffer[0..<n]
  }
  return out
}

private func writeBytes(_ path: String, _ bytes: [UInt8]) {
  guard let f = fopen(path, "wb") else { return }
  _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, f) }
  fclose(f)
}
