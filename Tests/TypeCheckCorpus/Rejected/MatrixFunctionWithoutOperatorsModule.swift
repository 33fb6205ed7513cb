// expect-error: 'exp' is unavailable: the elementwise functions of Matrix live in the DualTapeMatrixOperators module
// An elementwise function of a matrix in a file that imports DualTape but not
// DualTapeMatrixOperators must not compile, and its error must name the module to import (not
// "cannot convert value of type 'Matrix<Double>'", nor pick the scalar `exp`).
import DualTape

let m = Matrix<Double>.identity(2)
print(exp(m))
