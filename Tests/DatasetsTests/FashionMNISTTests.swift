import Datasets
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite struct FashionMNISTTests {
  /// Writes a tiny Fashion-MNIST-shaped split (`labels.count` images of 28×28) into `dir`.
  func writeSplit(_ split: String, labels: [UInt8], to dir: TemporaryDirectory, compressed: Bool = true) throws {
    let suffix = compressed ? ".gz" : ""
    let pixels = (0..<labels.count * 784).map { UInt8($0 % 256) }
    try IDX.write(
      IDXArray(dimensions: [labels.count, 28, 28], bytes: pixels),
      to: dir.file("\(split)-images-idx3-ubyte\(suffix)"), compressed: compressed)
    try IDX.write(
      IDXArray(dimensions: [labels.count], bytes: labels),
      to: dir.file("\(split)-labels-idx1-ubyte\(suffix)"), compressed: compressed)
  }

  @Test func missingFolderNamesTheDebianPackage() {
    let message = datasetErrorMessage { try FashionMNIST.load(split: .train, root: "/nonexistent/fashion") }
    #expect(message?.contains("/nonexistent/fashion/train-images-idx3-ubyte.gz") == true)
    #expect(message?.contains("apt-get install dataset-fashion-mnist") == true)
    #expect(message?.contains("LITMUS_FASHION_MNIST_DIR") == true)
  }

  @Test func environmentVariableOverridesTheFolder() {
    let dir = TemporaryDirectory()
    defer { dir.remove() }
    setenv(FashionMNIST.environmentVariable, dir.path, 1)
    defer { unsetenv(FashionMNIST.environmentVariable) }
    #expect(FashionMNIST.directory() == dir.path)
    #expect(FashionMNIST.directory(root: "/elsewhere") == "/elsewhere")
    let message = datasetErrorMessage { try FashionMNIST.load(split: .test) }
    #expect(message?.contains(dir.path + "/t10k-images-idx3-ubyte.gz") == true)
  }

  @Test func loadsSmallSplitsGzippedOrPlain() throws {
    let dir = TemporaryDirectory()
    defer { dir.remove() }
    try writeSplit("t10k", labels: [3, 0, 9], to: dir)
    try writeSplit("train", labels: [1, 2], to: dir, compressed: false)
    let test = try FashionMNIST.load(split: .test, root: dir.path)
    #expect(test.inputs.shape == [3, 784])
    #expect(test.labels == [3, 0, 9])
    #expect(test.classes == 10)
    #expect(test.imageShape == [1, 28, 28])
    let values = test.inputs.scalars
    #expect(values[0] == 0 && values[1] == 1 / Float(255) && values[255] == 1)
    let train = try FashionMNIST.load(split: .train, root: dir.path)
    #expect(train.labels == [1, 2])
  }

  @Test func rejectsInconsistentFiles() throws {
    let dir = TemporaryDirectory()
    defer { dir.remove() }
    try writeSplit("t10k", labels: [3, 10], to: dir)
    var message = datasetErrorMessage { try FashionMNIST.load(split: .test, root: dir.path) }
    #expect(message?.contains("label 10 of sample 1") == true)

    try IDX.write(IDXArray(dimensions: [3], bytes: [1, 2, 3]), to: dir.file("t10k-labels-idx1-ubyte.gz"))
    message = datasetErrorMessage { try FashionMNIST.load(split: .test, root: dir.path) }
    #expect(message?.contains("3 labels for the 2 images") == true)

    try IDX.write(
      IDXArray(dimensions: [2, 14, 14], bytes: Array(repeating: 0, count: 392)),
      to: dir.file("t10k-images-idx3-ubyte.gz"))
    message = datasetErrorMessage { try FashionMNIST.load(split: .test, root: dir.path) }
    #expect(message?.contains("expected images of 28×28") == true)
  }

  @Test(.enabled(if: access(FashionMNIST.defaultDirectory + "/t10k-images-idx3-ubyte.gz", R_OK) == 0))
  func loadsTheInstalledTestSplit() throws {
    let test = try FashionMNIST.load(split: .test, root: FashionMNIST.defaultDirectory)
    #expect(test.inputs.shape == [10_000, 784])
    #expect(test.classCounts == Array(repeating: 1000, count: 10))
    let values = test.inputs.scalars
    #expect(values.min() == 0 && values.max() == 1)

    let small = test.downsampled(to: 14), tiny = test.downsampled(to: 7)
    #expect(small.inputs.shape == [10_000, 196] && small.imageShape == [1, 14, 14])
    #expect(tiny.inputs.shape == [10_000, 49] && tiny.imageShape == [1, 7, 7])
    // Pooling twice by 2 is pooling once by 4.
    let twice = small.downsampled(to: 7).inputs.scalars, once = tiny.inputs.scalars
    #expect(zip(twice, once).allSatisfy { abs($0 - $1) < 1e-5 })
    // Pooling keeps the mean brightness.
    let mean = values.reduce(0, +) / Float(values.count)
    let smallMean = small.inputs.scalars.reduce(0, +) / Float(small.inputs.count)
    #expect(abs(mean - smallMean) < 1e-3)

    let stats = Normalization.fit(test)
    #expect(abs(stats.mean[0] - 0.2868) < 0.01 && abs(stats.std[0] - 0.3524) < 0.01)
  }
}
