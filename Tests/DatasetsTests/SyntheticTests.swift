import Datasets
import Tensors
import Testing

@Suite struct SyntheticTests {
  @Test func twoMoonsMatchesMakeMoons() {
    let moons = Synthetic.twoMoons(count: 101, noise: 0, seed: 0)
    #expect(moons.inputs.shape == [101, 2] && moons.classes == 2)
    #expect(moons.classCounts == [50, 51])
    let xy = moons.inputs.scalars
    for i in 0..<101 {
      let (x, y) = (xy[2 * i], xy[2 * i + 1])
      // Upper moon: unit circle around (0, 0), y ≥ 0; lower: around (1, 0.5), y ≤ 0.5.
      if moons.labels[i] == 0 {
        #expect(abs(x * x + y * y - 1) < 1e-5 && y >= -1e-6)
      } else {
        #expect(abs((x - 1) * (x - 1) + (y - 0.5) * (y - 0.5) - 1) < 1e-5 && y <= 0.5 + 1e-6)
      }
    }
    // Shuffled: the labels are not in generation order.
    #expect(moons.labels != moons.labels.sorted())
    let noisy = Synthetic.twoMoons(count: 100, noise: 0.1, seed: 0)
    #expect(noisy.inputs.scalars == Synthetic.twoMoons(count: 100, noise: 0.1, seed: 0).inputs.scalars)
    #expect(noisy.inputs.scalars != Synthetic.twoMoons(count: 100, noise: 0.1, seed: 1).inputs.scalars)
  }

  @Test func gaussianMixtureHasSeparatedClasses() {
    let data = Synthetic.gaussianMixture(
      classes: 3, dimension: 5, samplesPerClass: 200, separation: 4, std: 0.5, seed: 7)
    #expect(data.inputs.shape == [600, 5] && data.classCounts == [200, 200, 200])
    // Class means land near radius 4.
    let x = data.inputs.scalars
    for c in 0..<3 {
      let rows = (0..<600).filter { data.labels[$0] == c }
      let mean = (0..<5).map { d in rows.reduce(0) { $0 + x[$1 * 5 + d] } / 200 }
      let radius = mean.reduce(0) { $0 + $1 * $1 }.squareRoot()
      #expect(abs(radius - 4) < 0.2)
    }
    let same = Synthetic.gaussianMixture(
      classes: 3, dimension: 5, samplesPerClass: 200, separation: 4, std: 0.5, seed: 7)
    let other = Synthetic.gaussianMixture(
      classes: 3, dimension: 5, samplesPerClass: 200, separation: 4, std: 0.5, seed: 8)
    #expect(same.inputs.scalars == x && same.labels == data.labels)
    #expect(other.inputs.scalars != x)
  }

  @Test func teacherStudentTargetsFollowTheTeacher() {
    let linear = Synthetic.teacherStudent(count: 50, inputDimension: 4, noise: 0, seed: 1)
    #expect(linear.inputs.shape == [50, 4] && linear.targets.shape == [50, 1])
    #expect(linear.targets.scalars == linear.cleanTargets!.scalars)
    // Noise changes the targets only: same inputs, clean targets equal to the noise-free run.
    let noisy = Synthetic.teacherStudent(count: 50, inputDimension: 4, noise: 0.5, seed: 1)
    #expect(noisy.inputs.scalars == linear.inputs.scalars)
    #expect(noisy.cleanTargets!.scalars == linear.targets.scalars)
    let residual = zip(noisy.targets.scalars, linear.targets.scalars).map { ($0 - $1) * ($0 - $1) }
    let std = (residual.reduce(0, +) / 50).squareRoot()
    #expect(std > 0.3 && std < 0.7)

    let deep = Synthetic.teacherStudent(count: 200, inputDimension: 8, hiddenWidth: 16, outputDimension: 2, seed: 3)
    #expect(deep.targets.shape == [200, 2])
    let y = deep.targets.scalars
    let variance = y.reduce(0) { $0 + $1 * $1 } / Float(y.count)
    #expect(variance > 0.05 && variance < 5)
    // The teacher depends on the seed only, not on the count.
    let fewer = Synthetic.teacherStudent(count: 10, inputDimension: 8, hiddenWidth: 16, outputDimension: 2, seed: 3)
    #expect(fewer.targets.scalars == Array(y.prefix(20)))
  }
}
