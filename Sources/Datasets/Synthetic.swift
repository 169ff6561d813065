import Tensors

#if canImport(Glibc)
import Glibc
#endif

/// Small synthetic tasks whose ground truth is known, generated deterministically from a seed.
///
/// Each generator draws its parts (means, samples, noise, order) from separate split streams, so
/// that changing the number of samples does not change the task itself, e.g. the class means or
/// the teacher.
public enum Synthetic {
  /// `classes` isotropic Gaussian blobs in `dimension` dimensions, shuffled.
  ///
  /// Class means lie at distance `separation` from the origin in uniformly random directions;
  /// samples are `mean + std * N(0, I)`. `samplesPerClass` samples are drawn for each class.
  public static func gaussianMixture(
    classes: Int, dimension: Int, samplesPerClass: Int, separation: Float = 3, std: Float = 1, seed: Int
  ) -> LabeledDataset {
    let op = "Synthetic.gaussianMixture"
    if classes < 1 || dimension < 1 || samplesPerClass < 0 {
      engineFailure(
        op, "needs classes ≥ 1, dimension ≥ 1 and samplesPerClass ≥ 0, not \(classes), \(dimension), \(samplesPerClass)"
      )
    }
    if std < 0 { engineFailure(op, "std \(std) is negative") }
    let root = RandomGenerator(seed: seed)
    var meanStream = root.split(0), sampleStream = root.split(1), orderStream = root.split(2)
    var means = [[Float]]()
    for _ in 0..<classes {
      var direction = (0..<dimension).map { _ in meanStream.nextNormal() }
      let norm = direction.reduce(0) { $0 + $1 * $1 }.squareRoot()
      direction = direction.map { $0 / max(norm, .leastNormalMagnitude) * separation }
      means.append(direction)
    }
    let count = classes * samplesPerClass
    let order = orderStream.permutation(count)
    // Samples are drawn class by class (stable when counts change), then placed in shuffled rows.
    let inputs = Tensor.zeros([count, dimension])
    var labels = [Int](repeating: 0, count: count)
    inputs.withUnsafeMutableBufferPointer { values in
      for c in 0..<classes {
        for s in 0..<samplesPerClass {
          let row = order[c * samplesPerClass + s]
          labels[row] = c
          for d in 0..<dimension { values[row * dimension + d] = means[c][d] + std * sampleStream.nextNormal() }
        }
      }
    }
    return LabeledDataset(inputs: inputs, labels: labels, classes: classes)
  }

  /// Two interleaving half circles in 2-D, as scikit-learn's `make_moons`, shuffled.
  ///
  /// `count / 2` points (rounded down) on the upper moon (label 0) and the rest on the lower one
  /// (label 1), evenly spaced in angle, plus Gaussian noise of standard deviation `noise`.
  public static func twoMoons(count: Int, noise: Float = 0, seed: Int) -> LabeledDataset {
    if count < 0 || noise < 0 {
      engineFailure("Synthetic.twoMoons", "needs count ≥ 0 and noise ≥ 0, not \(count), \(noise)")
    }
    let root = RandomGenerator(seed: seed)
    var noiseStream = root.split(0), orderStream = root.split(1)
    let outer = count / 2, inner = count - outer
    func angle(_ i: Int, of n: Int) -> Double { n > 1 ? Double.pi * Double(i) / Double(n - 1) : 0 }
    var points: [(Float, Float, Int)] = []
    points.reserveCapacity(count)
    for i in 0..<outer {
      let t = angle(i, of: outer)
      points.append((Float(cos(t)), Float(sin(t)), 0))
    }
    for i in 0..<inner {
      let t = angle(i, of: inner)
      points.append((Float(1 - cos(t)), Float(1 - sin(t) - 0.5), 1))
    }
    let order = orderStream.permutation(count)
    let inputs = Tensor.zeros([count, 2])
    var labels = [Int](repeating: 0, count: count)
    inputs.withUnsafeMutableBufferPointer { values in
      for (row, source) in order.enumerated() {
        let (x, y, label) = points[source]
        values[2 * row] = x + noise * noiseStream.nextNormal()
        values[2 * row + 1] = y + noise * noiseStream.nextNormal()
        labels[row] = label
      }
    }
    return LabeledDataset(inputs: inputs, labels: labels, classes: 2)
  }

  /// Regression on the outputs of a random teacher network: inputs `x ~ N(0, I)`, targets the
  /// teacher's outputs plus Gaussian noise of standard deviation `noise`.
  ///
  /// Without `hiddenWidth` the teacher is linear, `y = x·W / √d`; with it, a two-layer network
  /// `y = tanh(x·W₁ / √d)·W₂ / √h`, all weights `N(0, 1)`, so targets have unit-order variance.
  /// The teacher depends only on `seed`; `cleanTargets` holds the noise-free outputs.
  public static func teacherStudent(
    count: Int, inputDimension: Int, hiddenWidth: Int? = nil, outputDimension: Int = 1, noise: Float = 0, seed: Int
  ) -> RegressionDataset {
    let op = "Synthetic.teacherStudent"
    if count < 0 || inputDimension < 1 || outputDimension < 1 || (hiddenWidth ?? 1) < 1 || noise < 0 {
      engineFailure(op, "needs count ≥ 0, positive dimensions and noise ≥ 0")
    }
    let root = RandomGenerator(seed: seed)
    var teacherStream = root.split(0), inputStream = root.split(1), noiseStream = root.split(2)
    let d = inputDimension, o = outputDimension
    // Weight matrices as row-major [fanIn, fanOut].
    let layers: [(weights: [Float], fanIn: Int, fanOut: Int)]
    if let h = hiddenWidth {
      layers = [
        ((0..<d * h).map { _ in teacherStream.nextNormal() }, d, h),
        ((0..<h * o).map { _ in teacherStream.nextNormal() }, h, o),
      ]
    } else {
      layers = [((0..<d * o).map { _ in teacherStream.nextNormal() }, d, o)]
    }
    let inputs = Tensor.zeros([count, d])
    let clean = Tensor.zeros([count, o]), targets = Tensor.zeros([count, o])
    inputs.withUnsafeMutableBufferPointer { x in
      for i in 0..<x.count { x[i] = inputStream.nextNormal() }
      clean.withUnsafeMutableBufferPointer { y in
        for r in 0..<count {
          var activation = Array(x[r * d..<(r + 1) * d])
          for (index, layer) in layers.enumerated() {
            var next = [Float](repeating: 0, count: layer.fanOut)
            let scale = 1 / Float(layer.fanIn).squareRoot()
            for i in 0..<layer.fanIn {
              for j in 0..<layer.fanOut { next[j] += activation[i] * layer.weights[i * layer.fanOut + j] }
            }
            let hidden = index < layers.count - 1
            activation = next.map { hidden ? tanhf($0 * scale) : $0 * scale }
          }
          for j in 0..<o { y[r * o + j] = activation[j] }
        }
      }
    }
    clean.withUnsafeBufferPointer { y in
      targets.withUnsafeMutableBufferPointer { t in
        for i in 0..<t.count { t[i] = y[i] + noise * noiseStream.nextNormal() }
      }
    }
    return RegressionDataset(inputs: inputs, targets: targets, cleanTargets: clean)
  }
}
