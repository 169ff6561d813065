import NotebookFormat
import Testing

private func parse(_ text: String) throws -> Notebook {
  try NotebookParser().parse(source: text, path: "nb.md")
}

private func parseError(_ text: String) -> NotebookError? {
  do {
    _ = try parse(text)
    return nil
  } catch let error as NotebookError {
    return error
  } catch {
    return nil
  }
}

@Suite struct FrontMatterTests {
  @Test func readsTheSchema() throws {
    let nb = try parse(
      """
      ---
      title: Grokking at the edge
      paper: { title: "Grokking", authors: "A. B.", year: 2025, url: "https://arxiv.org/abs/1" }
      tags: [grokking, optimisation]
      params: { seed: 3, steps: 4000, lr: 0.001, name: "x", plain: hello, fast: true }
      timeout: 300
      optimize: true
      ---
      Hello.
      """)
    let fm = nb.frontMatter
    #expect(fm.title == "Grokking at the edge")
    #expect(fm.paper == Paper(title: "Grokking", authors: "A. B.", year: 2025, url: "https://arxiv.org/abs/1"))
    #expect(fm.tags == ["grokking", "optimisation"])
    #expect(fm.timeout == 300 && fm.optimize)
    #expect(fm.params.map(\.name) == ["seed", "steps", "lr", "name", "plain", "fast", "quick"])
    #expect(
      fm.params.map(\.value) == [
        .int(3), .int(4000), .double(0.001), .string("x"), .string("hello"), .bool(true), .bool(false),
      ])
    #expect(fm.param("steps")?.line == 5)
  }

  @Test func seedAndQuickAreImplicit() throws {
    let nb = try parse("---\ntitle: T\n---\n")
    #expect(nb.frontMatter.params.map(\.name) == ["seed", "quick"])
  }

  @Test func unknownKeyNamesLineAndNearestKey() {
    let error = parseError("---\ntitle: T\ntags: [a]\ntimout: 3\n---\n")
    #expect(
      error
        == NotebookError(
          path: "nb.md", line: 4, column: 1, message: "unknown front-matter key 'timout'; did you mean 'timeout'?"))
    #expect(error?.description == "nb.md:4:1: error: unknown front-matter key 'timout'; did you mean 'timeout'?")
  }

  @Test func unknownPaperKey() {
    let error = parseError("---\ntitle: T\npaper:\n  title: P\n  autors: X\n---\n")
    #expect(error?.line == 5)
    #expect(error?.message.contains("did you mean 'authors'?") == true)
  }

  @Test func invalidYAMLIsLocated() {
    let error = parseError("---\ntitle: T\nparams: { seed: 0\n---\n")
    #expect(error?.line ?? 0 >= 3)
    #expect(error?.message.hasPrefix("invalid YAML") == true)
  }

  @Test func missingFrontMatterOrTitle() {
    #expect(parseError("# Hello\n")?.line == 1)
    #expect(parseError("---\ntags: [a]\n---\n")?.message == "front matter needs a `title:`")
    #expect(parseError("---\ntitle: T\n")?.message.contains("not closed") == true)
  }

  @Test func badParamValues() {
    #expect(parseError("---\ntitle: T\nparams: { 2x: 1 }\n---\n")?.message.contains("not a Swift identifier") == true)
    #expect(parseError("---\ntitle: T\nparams: { a: [1, 2] }\n---\n")?.message.contains("scalar") == true)
    #expect(parseError("---\ntitle: T\ntimeout: -1\n---\n")?.message.contains("positive") == true)
  }
}

@Suite struct BodyTests {
  private let notebook = """
    ---
    title: T
    ---
    Intro with $a*b*c$ math.

    ```swift
    //| label: first
    //| caption: "A figure"
    let x = 1
    ```

    Between.

    ```python
    not run
    ```

    - a list with a nested fence:

      ```swift
      nested()
      ```

    ~~~~swift
    //| echo: false
    print(x)
    ~~~~
    Tail.
    """

  @Test func cellsKeepCodeAndLines() throws {
    let nb = try parse(notebook)
    #expect(nb.cells.count == 2)
    let (a, b) = (nb.cells[0], nb.cells[1])
    #expect(a.index == 0 && a.fenceLine == 6 && a.line == 7)
    #expect(a.code == "//| label: first\n//| caption: \"A figure\"\nlet x = 1")
    #expect(a.options.label == "first" && a.options.caption == "A figure" && a.options.echo)
    #expect(a.displayCode == "let x = 1")
    #expect(a.lastLine == 9)
    #expect(b.line == 25 && b.code == "//| echo: false\nprint(x)" && !b.options.echo)
  }

  @Test func proseKeepsOtherFencesAndNestedSwift() throws {
    let nb = try parse(notebook)
    guard case .prose(let first, let line) = nb.blocks[0] else {
      Issue.record("expected prose first")
      return
    }
    #expect(first == "Intro with $a*b*c$ math." && line == 4)
    guard case .prose(let middle, let middleLine) = nb.blocks[2] else {
      Issue.record("expected prose between the cells")
      return
    }
    #expect(middleLine == 12)
    #expect(middle.contains("```python") && middle.contains("nested()"))
    guard case .prose(let tail, _) = nb.blocks.last else {
      Issue.record("expected prose last")
      return
    }
    #expect(tail == "Tail.")
  }

  @Test func unclosedFenceRunsToTheEnd() throws {
    let nb = try parse("---\ntitle: T\n---\n```swift\nlet a = 1\nlet b = 2\n")
    #expect(nb.cells.first?.code == "let a = 1\nlet b = 2\n")
  }

  @Test func unknownCellOptionNamesItsLine() {
    let error = parseError("---\ntitle: T\n---\n\n```swift\n//| lable: x\nlet a = 1\n```\n")
    #expect(
      error
        == NotebookError(
          path: "nb.md", line: 6, column: 1, message: "unknown cell option 'lable'; did you mean 'label'?"))
  }

  @Test func badCellOptionValues() {
    #expect(parseError("---\ntitle: T\n---\n```swift\n//| echo: maybe\n```\n")?.line == 5)
    #expect(
      parseError("---\ntitle: T\n---\n```swift\n//| timeout: soon\n```\n")?.message.contains("positive number") == true)
  }

  @Test func crlfLineEndings() throws {
    let nb = try parse("---\r\ntitle: T\r\n---\r\n```swift\r\nlet a = 1\r\n```\r\n")
    #expect(nb.cells.first?.code == "let a = 1" && nb.cells.first?.line == 5)
  }
}

@Suite struct ParamOverrideTests {
  private let nb = try! NotebookParser().parse(
    source: "---\ntitle: T\nparams: { steps: 10, lr: 0.1, name: a, fast: false }\n---\n", path: "nb.md")

  @Test func overridesAreTyped() throws {
    let params = try nb.params(overriding: [
      ("steps", "500"), ("lr", "1e-3"), ("name", "b c"), ("fast", "true"), ("seed", "7"),
    ])
    #expect(params.map(\.value) == [.int(7), .int(500), .double(0.001), .string("b c"), .bool(true), .bool(false)])
  }

  @Test func intLiteralIsAcceptedForDouble() throws {
    #expect(try nb.params(overriding: [("lr", "1")])[2].value == .double(1))
  }

  @Test func wrongTypeNamesParamAndType() {
    #expect(throws: ParamOverrideError(message: "param 'steps' is an Int; 'many' is not a valid Int")) {
      try nb.params(overriding: [("steps", "many")])
    }
  }

  @Test func unknownParamSuggests() {
    do {
      _ = try nb.params(overriding: [("stesp", "1")])
      Issue.record("expected an error")
    } catch {
      #expect("\(error)".contains("did you mean 'steps'?"))
    }
  }
}
