// swift-format-ignore-file
// (one formula per line, as users write them: the compiler's timing names the line)
// The type-check corpus: formulas written as users write them, type-checked by `.ci/run` with
// `-warn-long-expression-type-checking`; a warning (an expression slower than the limit) fails
// CI, so an overload that brings Swift's constraint solver back to exponential time is caught
// where it is added. Not part of any target: it is compiled against the built DualTape module.
import DualTape
// The matrix formulas below use the operators of Matrix, declared by this module (not by DualTape,
// so that `import DualTape` alone costs plain code nothing: Tests/ImportCostCorpus).
import DualTapeMatrixOperators

// The issue's formula (15 terms, literals, elementary functions) with each engine's scalar.
func issueFormulaDual(_ x: [Dual<Double>]) -> Dual<Double> {
  let r: Dual<Double> = 0.5 * x[0] * x[0] + 2 * x[1] * x[0] - 3 * x[2] + 1.5 * sin(x[0]) * cos(x[1]) - 0.25 * exp(x[2]) + x[0] / (1 + x[1] * x[1])
  return r
}

func issueFormulaTracked(_ x: [Tracked<Double>]) -> Tracked<Double> {
  let r: Tracked<Double> = 0.5 * x[0] * x[0] + 2 * x[1] * x[0] - 3 * x[2] + 1.5 * sin(x[0]) * cos(x[1]) - 0.25 * exp(x[2]) + x[0] / (1 + x[1] * x[1])
  return r
}

func issueFormulaFloat(_ x: [Tracked<Float>]) -> Tracked<Float> {
  let r: Tracked<Float> = 0.5 * x[0] * x[0] + 2 * x[1] * x[0] - 3 * x[2] + 1.5 * sin(x[0]) * cos(x[1]) - 0.25 * exp(x[2]) + x[0] / (1 + x[1] * x[1])
  return r
}

// The same formula as closures handed to the drivers (the closure's scalar is inferred).
func issueFormulaClosures() {
  let x = [0.3, 0.7, -0.2]
  _ = Reverse.gradient(at: x) { x in
    0.5 * x[0] * x[0] + 2 * x[1] * x[0] - 3 * x[2] + 1.5 * sin(x[0]) * cos(x[1]) - 0.25 * exp(x[2]) + x[0] / (1 + x[1] * x[1])
  }
  _ = Forward.gradient(at: x) { x in
    0.5 * x[0] * x[0] + 2 * x[1] * x[0] - 3 * x[2] + 1.5 * sin(x[0]) * cos(x[1]) - 0.25 * exp(x[2]) + x[0] / (1 + x[1] * x[1])
  }
  _ = Forward.gradient(at: x, chunkSize: 3) { x in
    0.5 * x[0] * x[0] + 2 * x[1] * x[0] - 3 * x[2] + 1.5 * sin(x[0]) * cos(x[1]) - 0.25 * exp(x[2]) + x[0] / (1 + x[1] * x[1])
  }
  _ = Reverse.hessian(at: x) { x in
    0.5 * x[0] * x[0] + 2 * x[1] * x[0] - 3 * x[2] + 1.5 * sin(x[0]) * cos(x[1]) - 0.25 * exp(x[2]) + x[0] / (1 + x[1] * x[1])
  }
}

// Least squares with plain data mixed in: a decaying exponential fitted to (tᵢ, yᵢ).
func leastSquares(_ ts: [Double], _ ys: [Double]) -> [Double] {
  Reverse.gradient(at: [1.0, 0.5, 0.1]) { p in
    var loss: Tracked<Double> = 0
    for i in ts.indices {
      let r = p[0] * exp(-p[1] * Tracked(ts[i])) + p[2] - Tracked(ys[i])
      loss += 0.5 * r * r
    }
    return loss
  }
}

// A log-likelihood term and a Newton step's pieces, concrete.
func logLikelihood(_ x: [Dual<Double>], _ y: Double) -> Dual<Double> {
  let eta = x[0] + x[1] * Dual(y) - 0.5 * x[2] * x[2]
  return Dual(y) * eta - log(1 + exp(eta)) - 0.01 * (x[0] * x[0] + x[1] * x[1])
}

// Generic code (one function for every engine), the formula split over several lines; the
// one-line forms and more generic formulas are in GenericFormulas.swift.
struct GenericFormulas: VectorToScalar {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> T {
    var r: T = 0.5 * x[0] * x[0] + 2 * x[1] * x[0] - 3 * x[2] + 1.5 * sin(x[0]) * cos(x[1]) - 0.25 * exp(x[2])
    r += x[0] / (1 + x[1] * x[1])
    r += 0.5 * x[0] * x[0] + 2 * x[1] * x[0] - 3 * x[2] + x[0] / (1 + x[1] * x[1])
    let a = 1 - x[0]
    let b = x[1] - x[0] * x[0]
    r += a * a + 100 * b * b + max(x[0], 0) + min(x[1], 1) + withoutDerivative(at: x[2]) * x[2]
    return r
  }
}

// Matrix formulas generic over the element: scalars enter through `map` (a literal is not a
// matrix, and no `(Element, Matrix)` operator exists for a generic element).
func matrixFormula<T: Differentiable>(_ z: Matrix<T>, _ a: Matrix<T>, _ p: [Matrix<T>]) -> T {
  var total = (z / (p[2] * p[2]).map { $0 + 1 } - (a * a).map { 1 / (2 + $0) }).mean(alongAxis: 1).sum()
  total += (a.map { $0 / 3 - 0.5 } + p[3].map { $0 * 2 }).sum() + (tanh(z).map { $0 * 0.5 } + sigmoid(a)).mean()
  return total
}

func matrixOfDoubles(_ m: Matrix<Double>, _ s: Double) -> Matrix<Double> {
  2 * m - s * m / (1 + s) + m * 0.5
}
