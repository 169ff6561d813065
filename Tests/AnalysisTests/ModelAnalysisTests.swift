import Analysis
import Tensors
import Testing

@Suite("PCA")
struct PCATests {
  @Test func variancesMatchNumPy() throws {
    let d = Matrix(
      rows: 6, columns: 3,
      values: [
        0.126, -0.132, 0.64, 0.105, -0.536, 0.362, 1.304, 0.947, -0.704, -1.265, -0.623, 0.041, -2.325, -0.219, -1.246,
        -0.732, -0.544, -0.316,
      ])
    let pca = try PCA(d)
    expectClose(
      pca.variances, [1.8108019543400207, 0.5826325999906993, 0.03551901233594673], tolerance: 1e-12, "s²/(n−1)")
    #expect(pca.rank() == 3)
    // Scores of the training data have the component variances and are uncorrelated.
    let scores = pca.transform(d)
    let covariance = scores.gram() / 5
    expectClose(
      [covariance[0, 0], covariance[1, 1], covariance[0, 1]], [pca.variances[0], pca.variances[1], 0], tolerance: 1e-12)
    expectClose([pca.explainedVarianceRatio.reduce(0, +)], [1], tolerance: 1e-12)
  }
}

@Suite("Neural collapse")
struct NeuralCollapseTests {
  // 12 samples of 3 classes in 4-D (classes shifted along the first two axes).
  let h = Matrix(
    rows: 12, columns: 4,
    values: [
      0.412, 1.043, -0.129, 1.366, 0.335, 0.352, 0.903, 0.094, -0.743, 1.078, -0.458, 0.22, -1.01, -0.209, -0.159,
      0.541, 1.215, 0.355, -0.654, -0.13, 0.784, 3.493, -1.259, 1.514, 1.346, 0.781, 0.264, -0.314, 2.458, 1.96, 1.802,
      1.315, 0.357, 0.792, -0.004, 0.656, -1.288, 0.395, 0.43, 0.696, -0.184, -0.662, -0.436, -1.17, 1.739, 1.504,
      0.329, -0.259,
    ])
  let labels = [0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2]

  @Test func metricsMatchNumPy() throws {
    let w = Matrix(
      rows: 3, columns: 4,
      values: [1.583, 1.32, 0.633, -2.204, 0.052, 0.684, 1.004, -0.618, 1.822, -1.32, -0.662, 0.935])
    let predictions = [0, 1, 2, 0, 1, 2, 0, 1, 1, 0, 2, 2]
    let m = try NeuralCollapse.metrics(features: h, labels: labels, classes: 3, classifier: w, predictions: predictions)
    // References: trace(Σ_W @ pinv(Σ_B)) / K and the other definitions in NumPy.
    expectClose([m.nc1], [1.806047251120548], tolerance: 1e-10, "NC1")
    expectClose(
      [m.equinorm, m.equiangularity, m.maxAngle], [0.08949018286739953, 0.14169998675627066, 0.1250933606121254],
      tolerance: 1e-10, "NC2")
    expectClose([m.selfDuality ?? .nan], [2.6786286020521266], tolerance: 1e-10, "NC3")
    expectClose([m.nearestMeanMismatch ?? .nan], [0.5], tolerance: 1e-12, "NC4")
    #expect(
      NeuralCollapse.nearestClassMean(
        h, classMeans: ClassStatistics(features: h, labels: labels, classes: 3).classMeans) == [
          2, 1, 0, 0, 1, 2, 1, 1, 0, 0, 0, 1,
        ])
  }

  @Test func nc1AgreesWithExplicitPseudoInverse() throws {
    let stats = ClassStatistics(features: h, labels: labels, classes: 3)
    let explicit = (stats.withinCovariance * (try pseudoInverse(stats.betweenCovariance, rcond: 1e-12))).trace / 3
    expectClose([try NeuralCollapse.nc1(stats)], [explicit], tolerance: 1e-9)
  }

  @Test func collapsedFeaturesHaveZeroNC1() throws {
    // Every sample at its class mean: NC1 = 0; a simplex: equinorm 0 and max-angle 0.
    let means: [[Double]] = [[1, 0, 0], [-0.5, 0.75.squareRoot(), 0], [-0.5, -(0.75.squareRoot()), 0]]
    let features = Matrix((0..<9).map { means[$0 % 3] })
    let m = try NeuralCollapse.metrics(features: features, labels: (0..<9).map { $0 % 3 }, classes: 3)
    expectClose([m.nc1, m.equinorm, m.maxAngle, m.equiangularity], [0, 0, 0, 0], tolerance: 1e-12)
  }
}

@Suite("Ridge regression")
struct RidgeTests {
  @Test func primalPathMatchesNumPy() throws {
    let x = Matrix([[1, 0], [1, 1], [1, 2], [1, 3]])
    let y = Matrix(column: [1, 2, 2, 4])
    let path = try RidgePath(features: x, targets: y)
    #expect(!path.usesKernel)
    expectClose(path.eigenvalues, [1.189750324093346, 16.810249675906654], tolerance: 1e-12, "eigvalsh(XᵀX)")
    expectClose(
      path.weights(ridge: 0.5).values, [0.7692307692307692, 0.9230769230769231], tolerance: 1e-12,
      "solve(XᵀX + λI, XᵀY)")
    expectClose([path.trace], [18])
    // λ → 0 gives the least-squares solution.
    expectClose(path.weights(ridge: 0).values, [0.9, 0.9], tolerance: 1e-10)
  }

  @Test func kernelPathMatchesNumPy() throws {
    let phi = Matrix([[1, 1, 1, 1], [0, 1, 2, 3]])
    let path = try RidgePath(features: phi, targets: Matrix(column: [1, 2]))
    #expect(path.usesKernel)
    expectClose(
      path.weights(ridge: 0.5).values,
      [0.08547008547008546, 0.18803418803418803, 0.29059829059829057, 0.39316239316239315],
      tolerance: 1e-12, "Φᵀ(ΦΦᵀ + λI)⁻¹Y")
    // Tiny ridge interpolates the training targets.
    expectClose(phi.matmul(path.weights(ridge: 1e-12)).values, [1, 2], tolerance: 1e-8, "interpolation")
  }

  @Test func pathAgreesWithDirectSolveOnRandomData() throws {
    var rng = RandomGenerator(seed: 3)
    let phi = Matrix(Tensor.randn([30, 8], generator: &rng))
    let y = Matrix(Tensor.randn([30, 2], generator: &rng))
    let path = try RidgePath(features: phi, targets: y)
    for lambda in [1e-3, 1.0, 50.0] {
      let direct = try solvePositiveDefinite(phi.gram().addingToDiagonal(lambda), phi.matmul(y, transposeSelf: true))
      expectClose(path.weights(ridge: lambda).values, direct.values, tolerance: 1e-10, "λ = \(lambda)")
    }
    expectClose([meanSquaredError(Matrix([[1, 2], [3, 4]]), Matrix([[1, 0], [3, 5]]))], [2.5])
  }

  @Test func randomFeaturesAreNested() {
    var rng = RandomGenerator(seed: 1)
    let map = RandomFeatureMap(inputDimension: 4, features: 6, generator: &rng)
    let x = Tensor.randn([3, 4], generator: &rng)
    let all = map(x), first = map.prefix(2)(x)
    #expect(all.shape == [3, 6] && first.shape == [3, 2])
    for i in 0..<3 { for j in 0..<2 { #expect(Swift.abs(all[i, j] - first[i, j]) < 1e-6) } }
    #expect(all.scalars.allSatisfy { $0 >= 0 })
  }
}

@Suite("L-BFGS and logistic regression")
struct OptimizationTests {
  @Test func rosenbrock() {
    let result = minimizeLBFGS([-1.2, 1], maxIterations: 200, gradientTolerance: 1e-10) { x, g in
      let (a, b) = (x[0], x[1])
      g[0] = -2 * (1 - a) - 400 * a * (b - a * a)
      g[1] = 200 * (b - a * a)
      return (1 - a) * (1 - a) + 100 * (b - a * a) * (b - a * a)
    }
    #expect(result.converged)
    expectClose(result.x, [1, 1], tolerance: 1e-7, "minimum at (1, 1)")
  }

  @Test func logisticRegressionMatchesSciPy() {
    let x = Matrix(
      rows: 20, columns: 3,
      values: [
        0.049, 2.002, 0.189, -0.633, -0.378, -1.091, -1.278, 0.63, 0.581, 1.295, -0.755, 1.689, -0.287, 1.574, -0.433,
        -0.735, 0.25, 1.031, 0.161, -0.586, -1.341, -1.402, 0.503, 0.99, -0.164, -1.074, 0.873, -1.28, -0.713, 0.621,
        -2.25, 0.386, -0.582, 0.109, -0.076, 0.202, 0.694, -0.758, 1.421, 0.726, 0.844, 1.165, 0.788, 0.844, 0.076,
        -1.427, -0.135, -0.77, -1.423, 0.258, -0.569, -1.03, -1.043, 0.268, 0.359, 1.322, -0.014, 1.042, 1.402, 1.15,
      ])
    let y: [Double] = [-1, 1, -1, 1, -1, -1, 1, -1, 1, 1, -1, 1, 1, -1, -1, -1, -1, 1, -1, -1]
    let model = LogisticRegression.fit(x, labels: y, l2: 0.1)
    #expect(model.optimization.converged)
    // scipy.optimize.minimize(BFGS, gtol 1e-12) on the same objective.
    expectClose(
      model.weights + [model.bias],
      [0.42783476042377944, -1.450505607274035, -0.06569232694725306, -0.05876273458010234],
      tolerance: 1e-7, "weights and bias")
    let warm = LogisticRegression.fit(x, labels: y, l2: 0.1, warmStart: model)
    #expect(warm.optimization.iterations <= 2)
    #expect(model.errorRate(x, labels: y) < 0.5)
  }
}

@Suite("Ridge path stacking")
struct RidgeStackingTests {
  @Test func stackedWeightsMatchSingleRidges() throws {
    var rng = RandomGenerator(seed: 5)
    for (n, p) in [(12, 5), (5, 12)] {
      let phi = Matrix(Tensor.randn([n, p], generator: &rng))
      let y = Matrix(Tensor.randn([n, 3], generator: &rng))
      let path = try RidgePath(features: phi, targets: y)
      let ridges = [0.01, 0.3, 7.0]
      let stacked = path.weights(ridges: ridges)
      #expect(stacked.rows == p && stacked.columns == 9)
      for (r, lambda) in ridges.enumerated() {
        expectClose(stacked.columns(r * 3..<(r + 1) * 3).values, path.weights(ridge: lambda).values, tolerance: 1e-12)
        let direct = try solvePositiveDefinite(phi.gram().addingToDiagonal(lambda), phi.matmul(y, transposeSelf: true))
        expectClose(
          path.weights(ridge: lambda).values, direct.values, tolerance: 1e-9, "n = \(n), p = \(p), λ = \(lambda)")
      }
    }
  }
}

@Suite("Kernels")
struct KernelTests {
  @Test func arcCosineKernelMatchesClosedFormAndMonteCarlo() {
    let a = Matrix(rows: 2, columns: 3, values: [0.346, 0.822, 0.33, -1.303, 0.905, 0.446])
    let b = Matrix(rows: 3, columns: 3, values: [-0.537, 0.581, 0.365, 0.294, 0.028, 0.547, -0.736, -0.163, -0.482])
    // NumPy closed form; a 2M-feature Monte Carlo estimate agrees to ~3e-4.
    let exact = [
      0.08387069425775816, 0.061080967848077275, 0.009222568963608001, 0.23181782526545497, 0.045201274106758144,
      0.13442889800156113,
    ]
    expectClose(RandomFeatureMap.limitKernel(.relu, a, b).values, exact, tolerance: 1e-12, "arc-cosine")
    let monteCarlo = [
      0.08404785932370808, 0.06129015983584084, 0.009199808789407796, 0.23163246094518775, 0.04520973789023281,
      0.1341458554021751,
    ]
    expectClose(RandomFeatureMap.limitKernel(.relu, a, b).values, monteCarlo, tolerance: 1e-3, "Monte Carlo")
    expectClose(RandomFeatureMap.limitKernel(.identity, a, a).values, (a.outerGram() / 3).values, "linear")
  }

  @Test func finiteWidthGramApproachesLimit() {
    var rng = RandomGenerator(seed: 2)
    let x = Tensor.randn([4, 5], generator: &rng)
    let map = RandomFeatureMap(inputDimension: 5, features: 200_000, generator: &rng)
    let phi = Matrix(map(x))
    let empirical = phi.outerGram() / 200_000
    let limit = RandomFeatureMap.limitKernel(.relu, Matrix(x), Matrix(x))
    #expect(empirical.maxAbsDifference(limit) < 0.02)
  }

  @Test func kernelRidgeMatchesNumPy() throws {
    let k = Matrix([[2, 1, 0], [1, 2, 1], [0, 1, 2]])
    let path = try KernelRidgePath(kernel: k, targets: Matrix(column: [1, 0, 2]))
    expectClose(
      path.coefficients(ridges: [0.5]).values, [0.6823529411764706, -0.7058823529411765, 1.0823529411764707],
      tolerance: 1e-12, "solve(K + λI, y)")
    #expect(path.coefficients(ridges: [0.5, 1]).columns == 2)
    expectClose([path.trace], [6])
  }
}
