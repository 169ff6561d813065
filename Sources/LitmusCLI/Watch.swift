import ArgumentParser
import Foundation
import Preview

extension Litmus {
  /// `litmus watch`: re-runs and re-renders a notebook when it is saved, and serves `site/`.
  struct Watch: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Re-run and re-render notebooks when they are saved; serve site/ on 127.0.0.1.")

    @Option(help: "The port to serve on (0: any free port).")
    var port: UInt16 = 8000

    @Option(help: "Output folder.")
    var output = "site"

    @Option(help: "Templates folder.")
    var templates = "templates"

    @Flag(help: "Use the engine as last built, even if its sources changed since.")
    var noBuild = false

    func run() throws {
      try render([])
      let server = try StaticServer(root: output, port: port)
      server.start()
      print("serving \(output)/ at http://127.0.0.1:\(server.port)/ — edit a notebook and save; Ctrl-C stops")
      var watcher = FileWatcher(paths: ["notebooks", templates])
      while true {
        usleep(400_000)
        let changed = watcher.changes()
        guard !changed.isEmpty else { continue }
        let notebooks = changed.filter { $0.hasSuffix(".md") && FileManager.default.fileExists(atPath: $0) }
        print("changed: " + changed.joined(separator: ", "))
        do {
          try render(notebooks)
        } catch {
          // A broken notebook or template must not stop the preview: say so and keep watching.
          print("litmus watch: \(error)")
        }
      }
    }

    private func render(_ notebooks: [String]) throws {
      var arguments = notebooks + ["--output", output, "--templates", templates]
      if noBuild { arguments.append("--no-build") }
      if notebooks.isEmpty { arguments.append("--from-cache") }
      do {
        try Render.parse(arguments).run()
      } catch let exit as ExitCode where exit == .success {
      }
    }
  }
}
