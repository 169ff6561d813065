import ArgumentParser

/// `litmus`: run Markdown notebooks, check their claims, render the results site.
@main
struct Litmus: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "litmus",
    abstract: "Run Markdown notebooks of Swift ML experiments and check their claims.",
    discussion: "A notebook is code and runs with your rights, as in Jupyter: run only notebooks you trust.",
    subcommands: [Run.self, Check.self, Render.self, Watch.self, New.self])
}
