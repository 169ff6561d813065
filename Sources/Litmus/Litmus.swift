// The umbrella module notebook cells import: `import Litmus`. Re-exports only.
@_exported import Analysis
@_exported import CellRuntime
@_exported import Datasets
@_exported import NN
@_exported import Optimizers
@_exported import Plots
@_exported import Tensors
