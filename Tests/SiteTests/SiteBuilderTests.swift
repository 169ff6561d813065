import Execution
import Foundation
import NotebookFormat
import RunProtocol
import Testing

@testable import Site

#if canImport(FoundationXML)
import FoundationXML
#endif

/// Builds sites from parsed fixture notebooks and hand-made runs; no compiler involved.
@Suite struct SiteBuilderTests {
  static let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("templates").path

  let directory: String = {
    let path = NSTemporaryDirectory() + "litmus-site-" + UUID().uuidString
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }()

  private func notebook() throws -> Notebook {
    let path = directory + "/demo.md"
    try """
    ---
    title: A <demo> & more
    paper: { title: "Grokking", authors: "A. Power et al.", year: 2022, url: "https://arxiv.org/abs/2201.02177" }
    tags: [grokking, demo]
    ---

    Prose with math $a*b*c$ and a <b>raw tag</b>.

    ```swift
    //| caption: Curves & more
    let x = "<script>alert(1)</script>"
    print(x)
    ```

    ```swift
    claim("x is short", x.count < 5)
    ```
    """.write(toFile: path, atomically: true, encoding: .utf8)
    return try NotebookParser().parse(path: path)
  }

  private func report() throws -> RunReport {
    let runDirectory = directory + "/run"
    try FileManager.default.createDirectory(atPath: runDirectory, withIntermediateDirectories: true)
    for name in ["fig-1-1.png", "fig-1-1-dark.png"] {
      try Data([1, 2, 3]).write(to: URL(fileURLWithPath: runDirectory + "/" + name))
    }
    let figure = FigureRecord(light: "fig-1-1.png", dark: "fig-1-1-dark.png", width: 640, height: 400, title: "A chart")
    let cells = [
      CellResult(
        index: 0, line: 10, status: .ok, seconds: 0.2,
        outputs: [.text("<script>alert(1)</script>\n"), .figure(figure)], failure: nil),
      CellResult(
        index: 1, line: 16, status: .ok, seconds: 0.01,
        outputs: [.claim(ClaimRecord(statement: "x is short", passed: false, check: "25 < 5"))], failure: nil),
    ]
    let provenance = Provenance(
      date: "2026-11-29T12:00:00Z", commit: "abc", dirty: false, toolchain: "Swift 6.3.1", engine: "e1",
      params: ["seed=0"],
      cpu: "CPU, 2 cores", threads: 2, flags: ["-Onone"], dataFiles: [])
    let run = NotebookRun(
      notebook: directory + "/demo.md", status: .claimFailed, cells: cells, compilerOutput: nil, programOutput: nil,
      seconds: 1.5, provenance: provenance)
    return RunReport(run: run, cached: false, reasons: [], directory: runDirectory, seconds: 1.5)
  }

  @Test func pagesAreWellFormedAndEscaped() throws {
    let output = directory + "/site"
    let builder = try SiteBuilder(templates: Self.templates, output: output)
    _ = try builder.build([SiteEntry(notebook: try notebook(), report: try report())])
    let page = try String(contentsOfFile: output + "/demo/index.html", encoding: .utf8)
    #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    #expect(!page.contains("<script>alert(1)"))
    #expect(!page.contains("<b>raw tag</b>"))
    #expect(page.contains("<span class=\"math inline\">\\(a*b*c\\)</span>"))
    #expect(page.contains("Figure 1</a>. Curves &amp; more"))
    #expect(page.contains("<source srcset=\"fig-1-1-dark.png\" media=\"(prefers-color-scheme: dark)\" />"))
    #expect(page.contains("1 of 2") == false && page.contains("0 of 1 hold"))
    #expect(FileManager.default.fileExists(atPath: output + "/demo/fig-1-1-dark.png"))
    #expect(FileManager.default.fileExists(atPath: output + "/demo/demo.md"))
    for file in [output + "/index.html", output + "/demo/index.html"] {
      let parser = XMLParser(data: try Data(contentsOf: URL(fileURLWithPath: file)))
      #expect(parser.parse(), "\(file) is not well-formed: \(String(describing: parser.parserError))")
    }
    let index = try String(contentsOfFile: output + "/index.html", encoding: .utf8)
    #expect(index.contains("0 of 1 papers reproduced"))
    #expect(index.contains("A &lt;demo&gt; &amp; more"))
    #expect(index.contains("src=\"demo/fig-1-1.png\""))
  }

  @Test func secondBuildRewritesNothing() throws {
    let output = directory + "/site"
    let entries = [SiteEntry(notebook: try notebook(), report: try report())]
    let builder = try SiteBuilder(templates: Self.templates, output: output)
    let first = try builder.build(entries)
    #expect(first.written > 0)
    let stamp = try FileManager.default.attributesOfItem(atPath: output + "/index.html")[.modificationDate] as? Date
    let second = try builder.build(entries)
    #expect(second.written == 0 && second.unchanged == first.written + first.unchanged)
    let again = try FileManager.default.attributesOfItem(atPath: output + "/index.html")[.modificationDate] as? Date
    #expect(stamp == again)
  }

  @Test func notRunNotebooksStillGetAPage() throws {
    let output = directory + "/site"
    _ = try SiteBuilder(templates: Self.templates, output: output).build([
      SiteEntry(notebook: try notebook(), report: nil)
    ])
    let page = try String(contentsOfFile: output + "/demo/index.html", encoding: .utf8)
    #expect(page.contains("not run"))
    #expect(page.contains("This notebook has not been run yet."))
  }
}

@Suite struct ProseAndCodeTests {
  @Test func mathIsProtectedFromMarkdown() {
    let html = ProseRenderer.html("Inline $a*b*c$ and $$\\sum_i x_i \\{y\\}$$ and `code $x$` and $5 or $10.")
    #expect(html.contains("<span class=\"math inline\">\\(a*b*c\\)</span>"))
    #expect(html.contains("<span class=\"math display\">\\[\\sum_i x_i \\{y\\}\\]</span>"))
    #expect(html.contains("<code>code $x$</code>"))
    #expect(html.contains("$5 or $10."))
  }

  @Test func multiLineDisplayMath() {
    let html = ProseRenderer.html("Before\n\n$$\na < b\n$$\n\nAfter")
    #expect(html.contains("<span class=\"math display\">\\[\na &lt; b\n\\]</span>"))
  }

  @Test func pipeTablesBecomeTables() {
    let html = ProseRenderer.html(
      "Before.\n\n| arm | value | note |\n|:---|---:|:---:|\n| `a` | $x^2$ | a \\| b |\n| b | 2 |\n\nAfter.")
    #expect(html.contains("<table><thead><tr><th style=\"text-align: left\">arm</th>"))
    #expect(html.contains("<td style=\"text-align: left\"><code>a</code></td>"))
    #expect(html.contains("<td style=\"text-align: right\"><span class=\"math inline\">\\(x^2\\)</span></td>"))
    #expect(html.contains("<td style=\"text-align: center\">a | b</td>"))
    #expect(
      html.contains(
        "<tr><td style=\"text-align: left\">b</td><td style=\"text-align: right\">2</td><td style=\"text-align: center\"></td></tr>"
      ))
    #expect(html.contains("<p>After.</p>"))
    #expect(!ProseRenderer.html("```\n| a | b |\n|---|---|\n```").contains("<table>"))
  }

  @Test func fencedCodeKeepsDollars() {
    let html = ProseRenderer.html("```\nlet price = \"$a$\"\n```")
    #expect(html.contains("let price = &quot;$a$&quot;"))
  }

  @Test func highlighterColoursAndEscapes() {
    let html = SwiftHighlighter.html("let x: Int = 42 // a <comment>\nprint(\"hi & bye\")")
    #expect(
      html == "<span class=\"kw\">let</span> x: <span class=\"ty\">Int</span> = <span class=\"num\">42</span> "
        + "<span class=\"com\">// a &lt;comment&gt;</span>\nprint(<span class=\"str\">&quot;hi &amp; bye&quot;</span>)")
  }
}
