import Execution
import Foundation
import Mustache
import NotebookFormat

/// A notebook and its latest result, the input of one page.
public struct SiteEntry: Sendable {
  /// The parsed notebook (prose, cells, options: presentation comes from here).
  public var notebook: Notebook
  /// Its run, if it ever ran.
  public var report: RunReport?

  /// Creates an entry.
  public init(notebook: Notebook, report: RunReport?) {
    self.notebook = notebook
    self.report = report
  }
}

/// Writes the static site: `index.html`, one `<slug>/index.html` per notebook with its figures
/// and Markdown source, and `assets/` (our CSS and script, KaTeX from Debian's `libjs-katex`).
///
/// Pages are deterministic, and a file is rewritten only when its bytes change, so a render
/// with nothing new leaves every timestamp alone.
public struct SiteBuilder {
  /// What a build did.
  public struct Summary: Sendable, Equatable {
    /// Files written because they were new or changed.
    public var written: Int
    /// Files left untouched because their content was already right.
    public var unchanged: Int
  }

  let templatesDirectory: String
  let output: String
  let katexRoot: String
  private let library: MustacheLibrary

  /// Loads the templates (`layout`, `index`, `notebook`, `cell` and `static/`).
  public init(templates: String, output: String, katexRoot: String? = nil) throws {
    templatesDirectory = templates
    self.output = output
    self.katexRoot =
      katexRoot ?? ProcessInfo.processInfo.environment["LITMUS_KATEX_DIR"] ?? "/usr/share/javascript/katex"
    var library = MustacheLibrary()
    for name in ["layout", "index", "notebook", "cell"] {
      let path = templates + "/" + name + ".mustache"
      guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
        throw SiteError("missing template \(path)")
      }
      do {
        try library.register(text, named: name)
      } catch {
        throw SiteError("template \(path) does not parse: \(error)")
      }
    }
    self.library = library
  }

  /// Builds the site for `entries` (the index lists them in this order).
  public func build(_ entries: [SiteEntry]) throws -> Summary {
    var writer = FileWriter()
    let pages = entries.map { NotebookPage(entry: $0) }
    for page in pages {
      let folder = output + "/" + page.slug
      let body = render("notebook", page.model())
      try writer.write(
        layout(title: page.title, root: "../", math: page.usesMath, content: body), to: folder + "/index.html")
      try writer.copy(page.entry.notebook.path, to: folder + "/" + page.sourceFileName)
      for (source, name) in page.figureFiles { try writer.copy(source, to: folder + "/" + name) }
    }
    let index = IndexPage(pages: pages)
    try writer.write(
      layout(title: "Litmus: reproduced papers", root: "", math: false, content: render("index", index.model())),
      to: output + "/index.html")
    try copyAssets(&writer)
    return Summary(written: writer.written, unchanged: writer.unchanged)
  }

  private func render(_ template: String, _ model: [String: Any]) -> String {
    library.render(model, withTemplate: template) ?? ""
  }

  private func layout(title: String, root: String, math: Bool, content: String) -> String {
    render("layout", ["pageTitle": title, "root": root, "math": math, "content": content])
  }

  private func copyAssets(_ writer: inout FileWriter) throws {
    try writer.copy(templatesDirectory + "/static/site.css", to: output + "/assets/site.css")
    try writer.copy(templatesDirectory + "/static/site.js", to: output + "/assets/site.js")
    // Resolve Debian's symlinks (katex.min.js → katex.js, fonts → ../../fonts/…) and copy bytes.
    let katex = URL(fileURLWithPath: katexRoot).resolvingSymlinksInPath().path
    guard FileManager.default.fileExists(atPath: katex + "/katex.min.css") else {
      FileHandle.standardError.write(
        Data(
          "litmus: KaTeX not found in \(katexRoot); maths shows as TeX (apt-get install libjs-katex fonts-katex)\n".utf8
        ))
      return
    }
    try writer.copy(katex + "/katex.min.css", to: output + "/assets/katex/katex.min.css")
    try writer.copy(katex + "/katex.min.js", to: output + "/assets/katex/katex.min.js")
    let fonts = URL(fileURLWithPath: katex + "/fonts").resolvingSymlinksInPath().path
    for font in ((try? FileManager.default.contentsOfDirectory(atPath: fonts)) ?? []).sorted()
    where font.hasSuffix(".woff2") {
      try writer.copy(fonts + "/" + font, to: output + "/assets/katex/fonts/" + font)
    }
  }
}

/// A problem building the site (missing or broken templates, unwritable output).
public struct SiteError: Error, CustomStringConvertible, Sendable {
  /// What went wrong.
  public var description: String
  init(_ description: String) { self.description = description }
}
