// expect-error: '+' is unavailable: Matrix arithmetic lives in the DualTapeMatrixOperators module
// Matrix arithmetic in a file that imports DualTape but not DualTapeMatrixOperators must not
// compile, and its error must name the module to import (not "cannot be applied to two
// 'Matrix<Double>' operands").
import DualTape

let m = Matrix<Double>.identity(2)
print(m + m)
