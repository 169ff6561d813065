// litmus-gallery: writes docs/plots.md with every chart type, and times the renderer.

import Foundation
import Plots

/// The command line: `docs [DIR]`, `bench [--iterations N] [--out FILE]`, `render NAME FILE [--dark]`.
enum Command {
  static let usage = """
    usage: litmus-gallery docs [DIR]                  write DIR/plots.md and DIR/plots/*.png (DIR: docs)
           litmus-gallery bench [--iterations N] [--out FILE.png] [--csv FILE.csv]
                                                      time the 3×1,000-point reference chart
           litmus-gallery render NAME FILE.png [--dark]   render one gallery entry
    """

  static func run(_ arguments: [String]) throws -> Int32 {
    guard let command = arguments.first else {
      print(usage)
      return 64
    }
    let rest = Array(arguments.dropFirst())
    switch command {
    case "docs":
      try DocsWriter(directory: rest.first ?? "docs").write()
      return 0
    case "bench":
      try Bench.run(rest)
      return 0
    case "render":
      guard rest.count >= 2, let entry = Gallery.entries.first(where: { $0.name == rest[0] }) else {
        print("unknown entry; one of: \(Gallery.entries.map(\.name).joined(separator: ", "))")
        return 64
      }
      let png = try entry.make().pngData(theme: rest.contains("--dark") ? .dark : .light)
      try Data(png).write(to: URL(fileURLWithPath: rest[1]))
      return 0
    default:
      print(usage)
      return 64
    }
  }
}

do {
  exit(try Command.run(Array(CommandLine.arguments.dropFirst())))
} catch {
  FileHandle.standardError.write(Data("litmus-gallery: \(error)\n".utf8))
  exit(1)
}
