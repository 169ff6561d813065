import Tensors

#if canImport(Glibc)
import Glibc
#endif

/// Zalando's Fashion-MNIST: 70,000 grayscale 28×28 images of clothing in 10 classes, read from
/// the gzipped IDX files of Debian's `dataset-fashion-mnist` package.
///
/// ```swift
/// let train = try FashionMNIST.load(split: .train)        // inputs [60000, 784] in [0, 1]
/// let test = try FashionMNIST.load(split: .test).downsampled(to: 14)
/// ```
public enum FashionMNIST {
  /// Which of the two published parts to load.
  public enum Split: String, Sendable, CaseIterable {
    /// The 60,000 training images.
    case train
    /// The 10,000 test images.
    case test

    /// The file name prefix the IDX files use for this split.
    var filePrefix: String { self == .train ? "train" : "t10k" }
  }

  /// The folder the Debian package installs the files into.
  public static let defaultDirectory = "/usr/share/datasets/fashion-mnist"
  /// The environment variable that, when set, replaces `defaultDirectory`.
  public static let environmentVariable = "LITMUS_FASHION_MNIST_DIR"
  /// The Debian package that provides the files.
  public static let debianPackage = "dataset-fashion-mnist"
  /// The side of each square image.
  public static let imageSide = 28
  /// The class names, indexed by label.
  public static let classNames = [
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
  ]

  /// The folder to read from: `root` when given, else `$LITMUS_FASHION_MNIST_DIR` when set and
  /// non-empty, else `defaultDirectory`.
  public static func directory(root: String? = nil) -> String {
    if let root { return root }
    if let value = getenv(environmentVariable), value.pointee != 0 { return String(cString: value) }
    return defaultDirectory
  }

  /// The paths of a split's image and label files inside `directory`.
  ///
  /// The gzipped names come first; an unpacked copy (without `.gz`) is used when only it exists.
  public static func files(split: Split, directory: String) -> (images: String, labels: String) {
    func path(_ name: String) -> String {
      let base = directory.hasSuffix("/") ? directory + name : directory + "/" + name
      if access(base + ".gz", F_OK) != 0 && access(base, F_OK) == 0 { return base }
      return base + ".gz"
    }
    return (path("\(split.filePrefix)-images-idx3-ubyte"), path("\(split.filePrefix)-labels-idx1-ubyte"))
  }

  /// Loads a split as images flattened to 784 features in [0, 1] (pixel / 255), 10 classes,
  /// `imageShape` `[1, 28, 28]`.
  /// - Parameters:
  ///   - split: `.train` (60,000 images) or `.test` (10,000).
  ///   - root: the folder holding the files; see `directory(root:)` for the default.
  /// - Throws: `DatasetError`: a missing file names the package to install; a truncated or
  ///   corrupt file says what is wrong with it.
  public static func load(split: Split, root: String? = nil) throws -> LabeledDataset {
    let folder = directory(root: root)
    let (imagePath, labelPath) = files(split: split, directory: folder)
    let hint =
      "install it with: apt-get install \(debianPackage) (or set \(environmentVariable) to a folder holding the Fashion-MNIST files)"
    for path in [imagePath, labelPath] where !IDX.fileExists(path) {
      throw DatasetError.missingFile(path: path, hint: hint)
    }

    let labelFile = try IDX.read(path: labelPath)
    guard labelFile.dimensions.count == 1 else {
      throw DatasetError.malformedFile(
        path: labelPath, reason: "expected a label vector (rank 1), found dimensions \(labelFile.dimensions)")
    }
    let count = labelFile.dimensions[0]
    let classes = classNames.count
    if let bad = labelFile.bytes.firstIndex(where: { Int($0) >= classes }) {
      throw DatasetError.malformedFile(
        path: labelPath, reason: "label \(labelFile.bytes[bad]) of sample \(bad) is not a class in 0..<\(classes)")
    }

    // The images are converted chunk by chunk as they are inflated, so the 47 MB of bytes are
    // never held at once and the floats are written while the chunk is still in cache.
    let side = imageSide
    var inputs = Tensor.zeros([0, side * side])
    try IDX.stream(path: imagePath) { dimensions in
      guard dimensions.count == 3, dimensions[1] == side, dimensions[2] == side else {
        throw DatasetError.malformedFile(
          path: imagePath, reason: "expected images of \(side)×\(side) (rank 3), found dimensions \(dimensions)")
      }
      guard dimensions[0] == count else {
        throw DatasetError.malformedFile(
          path: labelPath, reason: "\(count) labels for the \(dimensions[0]) images of \(imagePath)")
      }
      inputs = Tensor.zeros([count, side * side])
    } chunk: { pixels, offset in
      inputs.withUnsafeMutableBufferPointer { values in
        // Dividing (not multiplying by 1/255) matches torchvision's ToTensor bit for bit.
        let target = values.baseAddress! + offset, source = pixels.baseAddress!
        for i in 0..<pixels.count { target[i] = Float(source[i]) / 255 }
      }
    }
    return LabeledDataset(
      inputs: inputs, labels: labelFile.bytes.map { Int($0) }, classes: classes, imageShape: [1, side, side])
  }
}
