// The Analysis module: double-precision linear algebra (LAPACKE), curve fits, statistics over
// seeds, PCA, neural-collapse metrics, ridge paths and random features, L-BFGS and logistic
// regression. Everything runs outside autograd on `Matrix` (row-major Double); convert with
// `Matrix(tensor)` and `matrix.tensor()`.
import Tensors
