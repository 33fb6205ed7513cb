// expect-error: '*' is unavailable: a plain number next to a Tracked value
// A plain `Double` times an engine value must not compile: it used to type-check as a function
// of 1 × 1 matrices (a literal was a matrix) and return `[[[2.5]]]`. Lift it: `Tracked(scale)`.
import DualTape

let scale = 2.5
print(Reverse.gradient(at: [1.0]) { v in scale * v[0] })
