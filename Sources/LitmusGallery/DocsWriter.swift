// Writes docs/plots.md and its images; each snippet is read from the gallery's own source.

import Foundation
import Plots

/// Generates the plots page: the guide text, then every gallery entry with its code and images.
struct DocsWriter {
  var directory: String

  func write() throws {
    let images = directory + "/plots"
    try FileManager.default.createDirectory(atPath: images, withIntermediateDirectories: true)
    let snippets = try Self.snippets()
    var page = DocsText.introduction
    for entry in Gallery.entries {
      guard let code = snippets[entry.name] else {
        throw GalleryError("no `// snippet:begin` … `// snippet:end` for gallery entry \"\(entry.name)\"")
      }
      let figure = entry.make()
      for theme in Theme.allCases {
        let png = try figure.pngData(theme: theme)
        let file = "\(images)/\(entry.name)\(theme == .dark ? "-dark" : "").png"
        try Data(png).write(to: URL(fileURLWithPath: file))
      }
      page += """

        ## \(entry.title)

        <picture>
          <source media="(prefers-color-scheme: dark)" srcset="plots/\(entry.name)-dark.png">
          <img src="plots/\(entry.name).png" width="\(Int(figure.size.width))" alt="\(Self.escaped(figure.altText))">
        </picture>

        ```swift
        \(code)
        ```

        """
    }
    try page.write(toFile: directory + "/plots.md", atomically: true, encoding: .utf8)
    print("wrote \(directory)/plots.md and \(Gallery.entries.count * 2) images in \(images)")
  }

  /// Snippet code by entry name, from the marked regions of this folder's `Gallery+*.swift` files.
  static func snippets() throws -> [String: String] {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
      .filter { $0.hasPrefix("Gallery+") }.sorted()
    var snippets: [String: String] = [:]
    for file in files {
      let lines = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
        .split(separator: "\n", omittingEmptySubsequences: false)
      var name: String?
      var body: [Substring]?
      for line in lines {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if let range = line.range(of: "GalleryEntry(name: \"") {
          name = String(line[range.upperBound...].prefix { $0 != "\"" })
        } else if trimmed == "// snippet:begin" {
          body = []
        } else if trimmed == "// snippet:end", let name, let lines = body {
          snippets[name] = dedented(lines)
          body = nil
        } else if body != nil {
          body!.append(line)
        }
      }
    }
    return snippets
  }

  private static func dedented(_ lines: [Substring]) -> String {
    let indent = lines.filter { !$0.allSatisfy(\.isWhitespace) }.map { $0.prefix { $0 == " " }.count }.min() ?? 0
    return lines.map { String($0.dropFirst(min(indent, $0.count))) }.joined(separator: "\n")
  }

  private static func escaped(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
      .replacingOccurrences(of: "<", with: "&lt;")
  }
}

/// A gallery that cannot be generated, such as a missing snippet marker.
struct GalleryError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}
