import ArgumentParser
import Foundation

extension Litmus {
  /// `litmus new`: scaffolds a notebook from `templates/new-notebook.md`.
  struct New: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create a notebook for a paper from the template.")

    @Argument(help: "The paper's title.")
    var title: String

    @Option(help: "The file to create (default: notebooks/<slug of the title>.md).")
    var output: String?

    @Option(help: "The template.")
    var template = "templates/new-notebook.md"

    func run() throws {
      let path = output ?? "notebooks/" + Self.slug(title) + ".md"
      guard !FileManager.default.fileExists(atPath: path) else {
        throw ValidationError("\(path) exists already; choose another --output")
      }
      guard let text = try? String(contentsOfFile: template, encoding: .utf8) else {
        throw ValidationError("cannot read the template \(template)")
      }
      let year = Calendar(identifier: .gregorian).component(.year, from: Date())
      let escaped = title.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
      let filled = text.replacingOccurrences(of: "{{title}}", with: escaped)
        .replacingOccurrences(of: "{{year}}", with: String(year))
      try FileManager.default.createDirectory(
        atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
      try filled.write(toFile: path, atomically: true, encoding: .utf8)
      print("created \(path); run it with: litmus run \(path)")
    }

    /// Lowercase words joined by hyphens: "Train longer, generalize better" → "train-longer-generalize-better".
    static func slug(_ title: String) -> String {
      let words = title.lowercased().split { !($0.isLetter || $0.isNumber) }
      return words.prefix(8).joined(separator: "-")
    }
  }
}
