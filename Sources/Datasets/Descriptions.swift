// Short summaries for notebooks: the default reflection would print every value of the tensors.

extension LabeledDataset: CustomStringConvertible {
  /// A one-line summary: size, features, classes and corrupted labels.
  public var description: String {
    var text = "LabeledDataset(\(count) samples × \(featureCount) features"
    if let imageShape { text += " (images \(imageShape.map(String.init).joined(separator: "×")))" }
    text += ", \(classes) classes"
    if cleanLabels != nil { text += ", \(corruptedIndices.count) corrupted labels" }
    return text + ")"
  }
}

extension RegressionDataset: CustomStringConvertible {
  /// A one-line summary: size, input and output widths.
  public var description: String {
    "RegressionDataset(\(count) samples × \(inputs.shape[1]) features → \(targets.shape[1]) outputs)"
  }
}

extension TokenDataset: CustomStringConvertible {
  /// A one-line summary: size, sequence length, vocabulary, classes and corrupted labels.
  public var description: String {
    var text =
      "TokenDataset(\(count) sequences of \(sequenceLength) tokens, vocabulary \(vocabularySize), \(classes) classes"
    if cleanLabels != nil { text += ", \(corruptedIndices.count) corrupted labels" }
    return text + ")"
  }
}
