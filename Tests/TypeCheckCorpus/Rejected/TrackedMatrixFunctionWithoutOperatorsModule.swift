// expect-error: 'tanh' is unavailable: the elementwise functions of TrackedMatrix live in the DualTapeMatrixOperators module
// An elementwise function of a tracked matrix in a file that imports DualTape but not
// DualTapeMatrixOperators must not compile, and its error must name the module to import.
import DualTape

let m = TrackedMatrix(constant: Matrix<Double>.identity(2))
print(tanh(m).value)
