import Analysis
import Foundation
import Testing

@Suite("Curve fits")
struct CurveFitTests {
  @Test func lineAndExactPowerLaw() {
    let line = fitLine(x: [0, 1, 2, 3], y: [1, 3, 5, 7])
    #expect(
      Swift.abs(line.slope - 2) < 1e-12 && Swift.abs(line.intercept - 1) < 1e-12 && Swift.abs(line.rSquared - 1) < 1e-12
    )
    let x = [1.0, 10, 100, 1000]
    let fit = fitPowerLaw(x: x, y: x.map { 3 * pow($0, -0.5) })
    expectClose([fit.a, fit.b, fit.c, fit.rSquared], [3, -0.5, 0, 1], tolerance: 1e-10, "exact power law")
    #expect(Swift.abs(fit(100) - 0.3) < 1e-10)
  }

  @Test func powerLawMatchesPolyfit() {
    // Test error of a learning curve; reference np.polyfit(log x, log y, 1).
    let fit = fitPowerLaw(x: [1000, 2000, 4000, 8000, 16000], y: [0.1917, 0.1755, 0.1602, 0.1432, 0.1350])
    expectClose(
      [fit.a, fit.b, fit.rSquared], [0.47175475242791204, -0.13052213973875823, 0.9934691196911289], tolerance: 1e-10)
  }

  @Test func powerLawWithOffset() {
    let x = [100.0, 200, 400, 800, 1600, 3200]
    let exact = fitPowerLawWithOffset(x: x, y: x.map { 2 * pow($0, -0.7) + 0.1 })
    expectClose([exact.a, exact.b, exact.c], [2, -0.7, 0.1], tolerance: 1e-6, "exact")
    // Reference: scipy.optimize.curve_fit(a x^b + c) on a flattening learning curve.
    let noisy = fitPowerLawWithOffset(
      x: [500, 1000, 2000, 4000, 8000, 16000, 32000], y: [0.2241, 0.1917, 0.1755, 0.1602, 0.1432, 0.1350, 0.1347])
    expectClose(
      [noisy.a, noisy.b, noisy.c, noisy.rSquared],
      [1.8416544973769702, -0.4568063729474507, 0.11582223813247254, 0.9930752987745842], tolerance: 1e-5, "curve_fit")
  }

  @Test func logspaceMatchesNumPy() {
    expectClose(logspace(from: -2, to: 1, count: 4), [0.01, 0.1, 1, 10], tolerance: 1e-15)
  }
}

@Suite("Statistics")
struct StatisticsTests {
  @Test func correlationsWithTies() {
    let a = [1.0, 2, 2, 3, 5, 4], b = [2.0, 1, 4, 3, 6, 6]
    expectClose(ranks(a), [1, 2.5, 2.5, 4, 6, 5], "scipy rankdata")
    expectClose([spearmanCorrelation(a, b)], [0.7941176470588236], tolerance: 1e-12, "scipy spearmanr")
    expectClose([pearsonCorrelation(a, b)], [0.8332051183416778], tolerance: 1e-12, "scipy pearsonr")
    #expect(spearmanCorrelation([1, 2, 3], [10, 5, 1]) == -1)
  }

  @Test func meansAndIntervals() {
    let v = [0.31, 0.29, 0.35, 0.30, 0.33]
    let estimate = meanWithConfidence(v)
    expectClose([estimate.mean, estimate.halfWidth], [0.316, 0.029903228938904028], tolerance: 1e-6, "t interval")
    expectClose([quantile(v, 0.3), median(v)], [0.302, 0.31], tolerance: 1e-12, "np.quantile")
    expectClose(
      [studentT975(degreesOfFreedom: 40), studentT975(degreesOfFreedom: 100)], [2.021075390306273, 1.9839715185235518],
      tolerance: 1e-3, "scipy t.ppf")
    expectClose([standardDeviation([1, 2, 3, 4])], [1.2909944487358056], tolerance: 1e-12)
  }
}
