// The gallery's entries: each is a figure-making closure whose body is also shown in the docs.

import Plots

/// One chart in docs/plots.md.
struct GalleryEntry: Sendable {
  /// File name stem of the PNGs, and the key that finds the snippet in the source.
  var name: String
  var title: String
  var make: @Sendable () -> Figure
}

/// Every chart type, in the order the docs show them.
///
/// The code between each `// snippet:begin` and `// snippet:end` is copied verbatim into
/// docs/plots.md by `litmus-gallery docs`, so what the page shows is what made the figure.
/// A snippet ends with a value named `fig`.
enum Gallery {
  static let entries: [GalleryEntry] = lineEntries + pointEntries + areaEntries + layoutEntries
}
