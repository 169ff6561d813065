// swift-tools-version:6.0
import PackageDescription

/// Targets are grouped by role; arrows of dependency only point down this file.
let package = Package(
  name: "Litmus",
  products: [
    .library(name: "Litmus", targets: ["Litmus"]),
    .executable(name: "litmus-bench", targets: ["LitmusBench"]),
  ],
  targets: [
    // MARK: - System libraries (one module map each; installed by `make setup`)
    .systemLibrary(
      name: "COpenBLAS", pkgConfig: "openblas",
      providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]),
    .systemLibrary(name: "CCmark", pkgConfig: "libcmark", providers: [.apt(["libcmark-dev"])]),
    .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
    .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
    .systemLibrary(
      name: "CFreeType", pkgConfig: "freetype2", providers: [.apt(["libfreetype-dev"])]),

    // MARK: - Engine (a training library on its own; knows nothing about notebooks)
    .target(name: "Tensors", dependencies: ["COpenBLAS"]),
    .target(name: "NN", dependencies: ["Tensors"]),
    .target(name: "Optimizers", dependencies: ["Tensors", "NN"]),
    .target(name: "Datasets", dependencies: ["Tensors", "CZlib"]),
    /// The umbrella that notebook cells import: `import Litmus`. Re-exports only.
    .target(name: "Litmus", dependencies: ["Tensors", "NN", "Optimizers", "Datasets"]),

    // MARK: - Executables
    .executableTarget(name: "LitmusBench", dependencies: ["Litmus"]),

    // MARK: - Tests
    .target(name: "TestSupport", dependencies: ["Tensors"], path: "Tests/TestSupport"),
    .testTarget(name: "TensorsTests", dependencies: ["Tensors", "TestSupport"]),
    .testTarget(name: "NNTests", dependencies: ["NN", "TestSupport"]),
    .testTarget(name: "OptimizersTests", dependencies: ["Optimizers", "NN", "TestSupport"]),
    .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "TestSupport"]),
  ]
)
