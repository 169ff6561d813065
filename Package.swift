// swift-tools-version:6.0
import PackageDescription

/// Targets are grouped by role; arrows of dependency only point down this file.
let package = Package(
  name: "Litmus",
  products: [
    .library(name: "Litmus", targets: ["Litmus"]),
    .executable(name: "litmus", targets: ["LitmusCLI"]),
    .executable(name: "litmus-bench", targets: ["LitmusBench"]),
    .executable(name: "litmus-gallery", targets: ["LitmusGallery"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
  ],
  targets: [
    // MARK: - System libraries (one module map each; installed by `make setup`)
    .systemLibrary(
      name: "COpenBLAS", pkgConfig: "openblas",
      providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]),
    .systemLibrary(name: "CCmark", pkgConfig: "libcmark", providers: [.apt(["libcmark-dev"])]),
    .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
    .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
    .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
    .systemLibrary(
      name: "CFreeType", pkgConfig: "freetype2", providers: [.apt(["libfreetype-dev"])]),

    // MARK: - Engine (a training library on its own; knows nothing about notebooks)
    .target(name: "Tensors", dependencies: ["COpenBLAS"]),
    .target(name: "NN", dependencies: ["Tensors"]),
    .target(name: "Optimizers", dependencies: ["Tensors", "NN"]),
    .target(name: "Datasets", dependencies: ["Tensors", "CZlib"]),
    /// Linear algebra (LAPACKE), curve fits, spectra and model measurements for analyses.
    .target(name: "Analysis", dependencies: ["Tensors", "COpenBLAS"]),
    .target(name: "Plots", dependencies: ["CPNG", "CFreeType"]),
    /// What cells call (show, table, metric, claim, progress, figures); writes the run channel.
    .target(name: "CellRuntime", dependencies: ["RunProtocol", "Plots"]),
    /// The umbrella that notebook cells import: `import Litmus`. Re-exports only.
    .target(
      name: "Litmus", dependencies: ["Tensors", "NN", "Optimizers", "Datasets", "Analysis", "Plots", "CellRuntime"]),

    // MARK: - Notebook tooling (never links the engine; meets it through generated code and data)
    /// The records a run writes and the runner reads: the only contract between the two halves.
    .target(name: "RunProtocol"),
    .target(name: "NotebookFormat", dependencies: ["CCmark", .product(name: "Yams", package: "Yams")]),
    .target(name: "Execution", dependencies: ["NotebookFormat", "RunProtocol", "COpenSSL"]),
    /// Results and prose → static HTML pages from `templates/`.
    /// `litmus watch`: polling file watcher and a local static server.
    .target(name: "Preview"),
    .target(
      name: "Site",
      dependencies: ["NotebookFormat", "Execution", "CCmark", .product(name: "Mustache", package: "swift-mustache")]),

    // MARK: - Executables
    .executableTarget(
      name: "LitmusCLI",
      dependencies: [
        "Execution", "NotebookFormat", "Site", "Preview",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    .executableTarget(name: "LitmusBench", dependencies: ["Litmus"]),
    .executableTarget(name: "LitmusGallery", dependencies: ["Plots"]),

    // MARK: - Tests
    .target(name: "TestSupport", dependencies: ["Tensors"], path: "Tests/TestSupport"),
    .testTarget(name: "TensorsTests", dependencies: ["Tensors", "TestSupport"]),
    .testTarget(name: "NNTests", dependencies: ["NN", "TestSupport"]),
    .testTarget(name: "OptimizersTests", dependencies: ["Optimizers", "NN", "TestSupport"]),
    .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "TestSupport"]),
    .testTarget(name: "PlotsTests", dependencies: ["Plots", "CPNG"]),
    .testTarget(name: "AnalysisTests", dependencies: ["Analysis", "TestSupport"]),
    .testTarget(name: "NotebookFormatTests", dependencies: ["NotebookFormat"]),
    .testTarget(name: "PreviewTests", dependencies: ["Preview"]),
    .testTarget(name: "SiteTests", dependencies: ["Site", "Execution", "NotebookFormat", "RunProtocol"]),
    .testTarget(name: "ExecutionTests", dependencies: ["Execution", "NotebookFormat", "RunProtocol", "Datasets"]),
  ]
)
