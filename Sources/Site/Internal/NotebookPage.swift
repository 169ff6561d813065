import Execution
import Foundation
import NotebookFormat
import RunProtocol

/// The view model of one notebook page: prose, cells with their outputs, claims, provenance.
struct NotebookPage {
  let entry: SiteEntry
  let slug: String
  let title: String
  let sourceFileName: String
  /// Figures to copy: (file in the run folder, name in the page folder).
  private(set) var figureFiles: [(String, String)] = []
  private var figureNumbers: [String: Int] = [:]

  init(entry: SiteEntry) {
    self.entry = entry
    let file = URL(fileURLWithPath: entry.notebook.path).lastPathComponent
    slug = file.hasSuffix(".md") ? String(file.dropLast(3)) : file
    sourceFileName = file
    title = entry.notebook.frontMatter.title
    var number = 0
    for cell in entry.report?.run.cells ?? [] {
      for case .figure(let figure) in cell.outputs {
        number += 1
        figureNumbers[figure.light] = number
        if let directory = entry.report?.directory {
          figureFiles.append((directory + "/" + figure.light, figure.light))
          figureFiles.append((directory + "/" + figure.dark, figure.dark))
        }
      }
    }
  }

  var status: String { entry.report.map { $0.run.status.rawValue } ?? "not-run" }

  var statusLabel: String {
    switch entry.report?.run.status {
    case .passed: "reproduced"
    case .claimFailed: "claim failed"
    case .error: "error"
    case .invalid: "invalid"
    case nil: "not run"
    }
  }

  var claims: [(claim: ClaimRecord, cell: Int)] {
    (entry.report?.run.cells ?? []).flatMap { cell in
      cell.outputs.compactMap { if case .claim(let c) = $0 { (c, cell.index + 1) } else { nil } }
    }
  }

  var claimsText: String {
    let all = claims
    guard entry.report != nil else { return "not run" }
    return all.isEmpty ? "no claims" : "\(all.filter(\.claim.passed).count) of \(all.count) hold"
  }

  /// The first figure's light PNG, for the index thumbnail.
  var thumbnail: (file: String, alt: String)? {
    for cell in entry.report?.run.cells ?? [] {
      for case .figure(let figure) in cell.outputs { return (figure.light, figure.title ?? title) }
    }
    return nil
  }

  var usesMath: Bool {
    entry.notebook.blocks.contains { if case .prose(let md, _) = $0 { md.contains("$") } else { false } }
  }

  func model() -> [String: Any] {
    let notebook = entry.notebook
    var model: [String: Any] = [
      "title": title, "status": status, "statusLabel": statusLabel, "tags": notebook.frontMatter.tags,
      "claimsText": "\(claimsText)", "hasClaims": !claims.isEmpty,
      "noClaimsText": entry.report == nil ? "Run the notebook to check its claims." : "This notebook states no claims.",
      "sourceFile": sourceFileName,
      "claims": claims.map {
        [
          "statement": $0.claim.statement, "passed": $0.claim.passed, "check": $0.claim.check as Any,
          "cellNumber": $0.cell,
        ]
      },
      "blocks": notebook.blocks.map(blockModel),
      "failedCells": (entry.report?.run.cells ?? []).filter { $0.failure != nil }.map {
        [
          "number": $0.index + 1, "status": $0.status == .timeout ? "timed out" : "failed",
          "message": $0.failure?.message ?? "",
        ]
      },
    ]
    if let paper = notebook.frontMatter.paper { model["paper"] = Self.paperModel(paper) }
    if let report = entry.report { model["provenance"] = provenanceModel(report) }
    return model
  }

  static func paperModel(_ paper: Paper) -> [String: Any] {
    var m: [String: Any] = ["title": paper.title]
    if let a = paper.authors { m["authors"] = a }
    if let y = paper.year { m["year"] = String(y) }
    if let u = paper.url { m["url"] = u }
    return m
  }

  private func blockModel(_ block: Notebook.Block) -> [String: Any] {
    switch block {
    case .prose(let markdown, _):
      return ["isProse": true, "html": ProseRenderer.html(markdown)]
    case .cell(let cell):
      return ["isCell": true] + cellModel(cell)
    }
  }

  private func cellModel(_ cell: Cell) -> [String: Any] {
    let result = entry.report?.run.cells.first { $0.index == cell.index }
    var model: [String: Any] = [
      "number": cell.index + 1, "line": cell.line, "status": result?.status.rawValue ?? "not-run",
      "code": SwiftHighlighter.html(cell.displayCode),
    ]
    if cell.options.echo { model["echo"] = true }
    if let seconds = result?.seconds, result?.status == .ok, seconds >= 0.05 {
      model["seconds"] = Self.duration(seconds)
    }
    if result?.status == .notRun && entry.report?.run.status == .error { model["notRun"] = true }
    if let failure = result?.failure {
      let location = "\(entry.notebook.path):\(failure.line ?? cell.line)" + (failure.column.map { ":\($0)" } ?? "")
      model["failure"] = [
        "title": result?.status == .timeout ? "Timed out" : "Failed", "location": location, "message": failure.message,
        "details": failure.details as Any,
      ]
    }
    if cell.options.output, let outputs = result?.outputs {
      model["outputs"] = outputs.map { outputModel($0, cell: cell) }
    }
    return model
  }

  private func outputModel(_ output: CellOutput, cell: Cell) -> [String: Any] {
    switch output {
    case .text(let text):
      return ["isText": true, "text": text.hasSuffix("\n") ? String(text.dropLast()) : text]
    case .table(let columns, let rows):
      return ["isTable": true, "columns": columns, "rows": rows.map { ["cells": $0] }]
    case .metric(let name, let value):
      return ["isMetric": true, "name": name, "value": Self.number(value)]
    case .claim(let claim):
      return ["isClaim": true, "statement": claim.statement, "passed": claim.passed, "check": claim.check as Any]
    case .figure(let figure):
      let number = figureNumbers[figure.light] ?? 0
      let anchor = cell.options.label.map { number > 1 ? "fig-\($0)-\(number)" : "fig-\($0)" } ?? "fig-\(number)"
      let caption = cell.options.caption
      return [
        "isFigure": true, "light": figure.light, "dark": figure.dark, "width": figure.width, "height": figure.height,
        "alt": caption ?? figure.title ?? "Figure \(number)", "caption": caption as Any, "figureNumber": number,
        "anchor": anchor,
      ]
    }
  }

  private func provenanceModel(_ report: RunReport) -> [String: Any] {
    let p = report.run.provenance
    return [
      "date": p.date, "duration": Self.duration(report.run.seconds), "cached": report.cached,
      "commit": p.commit.map { String($0.prefix(12)) } ?? "not in a git repository", "dirty": p.dirty ?? false,
      "toolchain": p.toolchain, "engine": p.engine, "flags": p.flags.joined(separator: " "), "threads": p.threads,
      "cpu": p.cpu, "params": p.params.joined(separator: " "), "hasDataFiles": !p.dataFiles.isEmpty,
      "dataFiles": p.dataFiles.map { ["path": $0.path, "short": String($0.sha256.prefix(16))] },
    ]
  }

  static func duration(_ seconds: Double) -> String {
    if seconds < 60 { return String(format: "%.1f s", seconds) }
    return String(format: "%d min %02d s", Int(seconds) / 60, Int(seconds) % 60)
  }

  static func number(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    return String(format: "%.4g", value)
  }
}

func + (a: [String: Any], b: [String: Any]) -> [String: Any] { a.merging(b) { $1 } }
