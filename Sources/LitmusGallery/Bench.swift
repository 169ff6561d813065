// The performance bar: a 640×400 chart with 3 series of 1,000 points, a band and a legend.

import Foundation
import Plots

/// Times rendering plus PNG encoding of the reference chart.
enum Bench {
  /// The reference chart of issue 5's performance bar.
  static func referenceData() -> (x: [Double], series: [[Double]], lower: [Double], upper: [Double]) {
    let x = (0..<1000).map { Double($0) * 10 }
    let steps = x.map { Int($0) }
    let series = [
      Synthetic.accuracy(steps, riseAt: 1500, seed: 1), Synthetic.accuracy(steps, riseAt: 3000, seed: 2),
      Synthetic.accuracy(steps, riseAt: 5000, final: 0.9, seed: 3),
    ]
    let lower = series[0].map { $0 - 0.04 }
    let upper = series[0].map { $0 + 0.04 }
    return (x, series, lower, upper)
  }

  static func referenceFigure() -> Figure {
    let data = referenceData()
    var ax = Axes(xLabel: "step", yLabel: "accuracy")
    ax.line(data.x, data.series[0], label: "Adam")
    ax.band(data.x, data.lower, data.upper, label: "Adam")
    ax.line(data.x, data.series[1], label: "SGD + momentum")
    ax.line(data.x, data.series[2], label: "SGD")
    return Figure(ax, width: 640, height: 400, title: "Three optimisers")
  }

  static func run(_ arguments: [String]) throws {
    var iterations = 30
    if let i = arguments.firstIndex(of: "--iterations"), i + 1 < arguments.count, let n = Int(arguments[i + 1]) {
      iterations = max(1, n)
    }
    let figure = referenceFigure()
    let cold = try time { _ = try figure.pngData(theme: .light) }
    var wall: [Double] = []
    var cpu: [Double] = []
    var bytes: [UInt8] = []
    for _ in 0..<iterations {
      let (w, c) = try time { bytes = try figure.pngData(theme: .light) }
      wall.append(w)
      cpu.append(c)
    }
    let dark = try figure.pngData(theme: .dark)
    wall.sort()
    cpu.sort()
    print("reference chart: 640×400 pt (1280×800 px), 3 series × 1,000 points, a band, a legend")
    print(
      "render + PNG, \(iterations) runs: wall median \(ms(wall[wall.count / 2])) ms (min \(ms(wall[0]))), "
        + "CPU median \(ms(cpu[cpu.count / 2])) ms; first call with font loading \(ms(cold.wall)) ms")
    print("size: light \(bytes.count) bytes (\(bytes.count / 1024) KiB), dark \(dark.count) bytes")
    if let i = arguments.firstIndex(of: "--out"), i + 1 < arguments.count {
      try Data(bytes).write(to: URL(fileURLWithPath: arguments[i + 1]))
    }
    if let i = arguments.firstIndex(of: "--csv"), i + 1 < arguments.count {
      let data = referenceData()
      var csv = "x,adam,sgd_momentum,sgd,lower,upper\n"
      for j in data.x.indices {
        csv += "\(data.x[j]),\(data.series[0][j]),\(data.series[1][j]),\(data.series[2][j]),"
        csv += "\(data.lower[j]),\(data.upper[j])\n"
      }
      try csv.write(toFile: arguments[i + 1], atomically: true, encoding: .utf8)
    }
  }

  /// Wall-clock and thread CPU seconds of `body`; CPU time is steadier on a shared machine.
  private static func time(_ body: () throws -> Void) throws -> (wall: Double, cpu: Double) {
    func now(_ clock: clockid_t) -> Double {
      var t = timespec()
      clock_gettime(clock, &t)
      return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
    let (wall, cpu) = (now(CLOCK_MONOTONIC), now(CLOCK_THREAD_CPUTIME_ID))
    try body()
    return (now(CLOCK_MONOTONIC) - wall, now(CLOCK_THREAD_CPUTIME_ID) - cpu)
  }

  private static func ms(_ seconds: Double) -> String { String(format: "%.1f", seconds * 1000) }
}
