import Tensors

extension LabeledDataset {
  /// The images average-pooled by `factor` in each direction: 28×28 by 2 gives 14×14.
  ///
  /// Requires `imageShape`; the height and width must be multiples of `factor`.
  public func downsampled(by factor: Int) -> LabeledDataset {
    let op = "LabeledDataset.downsampled"
    guard let imageShape, imageShape.count == 3 else {
      engineFailure(op, "the dataset has no [channels, height, width] image shape")
    }
    let (channels, height, width) = (imageShape[0], imageShape[1], imageShape[2])
    if factor < 1 || height % factor != 0 || width % factor != 0 {
      engineFailure(op, "factor \(factor) does not divide the \(height)×\(width) images")
    }
    if factor == 1 { return self }
    let (outHeight, outWidth) = (height / factor, width / factor)
    let planes = count * channels
    let pooled = Tensor.zeros([count, channels * outHeight * outWidth])
    let scale = 1 / Float(factor * factor)
    inputs.withUnsafeBufferPointer { source in
      pooled.withUnsafeMutableBufferPointer { target in
        let src = source.baseAddress!, dst = target.baseAddress!
        // Rows are summed vertically first (contiguous, so the loop vectorises), then each
        // output pixel adds `factor` neighbours of that row sum: twice as fast as block loops.
        let rowSum = UnsafeMutablePointer<Float>.allocate(capacity: width)
        rowSum.initialize(repeating: 0, count: width)
        defer { rowSum.deallocate() }
        var out = dst
        for plane in 0..<planes {
          let inPlane = src + plane * height * width
          for oy in 0..<outHeight {
            let first = inPlane + oy * factor * width
            rowSum.update(from: first, count: width)
            for ky in 1..<factor {
              let row = first + ky * width
              for x in 0..<width { rowSum[x] += row[x] }
            }
            for ox in 0..<outWidth {
              var sum: Float = 0
              for kx in 0..<factor { sum += rowSum[ox * factor + kx] }
              out[ox] = sum * scale
            }
            out += outWidth
          }
        }
      }
    }
    var copy = self
    copy.inputs = pooled
    copy.imageShape = [channels, outHeight, outWidth]
    return copy
  }

  /// The square images average-pooled down to `side`×`side` (e.g. 14 or 7 for Fashion-MNIST).
  public func downsampled(to side: Int) -> LabeledDataset {
    guard let imageShape, imageShape.count == 3, imageShape[1] == imageShape[2] else {
      engineFailure(
        "LabeledDataset.downsampled", "downsampling to a side needs square images, not \(self.imageShape ?? [])")
    }
    if side < 1 || imageShape[1] % side != 0 {
      engineFailure("LabeledDataset.downsampled", "side \(side) does not divide the image side \(imageShape[1])")
    }
    return downsampled(by: imageShape[1] / side)
  }
}
