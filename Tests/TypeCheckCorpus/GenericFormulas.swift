// swift-format-ignore-file
// (one formula per line, as users write them: the compiler's timing names the line)
// Generic formulas of 10–15 terms (the issue's and others like it), with integer and
// floating-point literals, elementary functions and plain Double data lifted with `T(c)`, as
// users write them in code generic over `T: Differentiable`; then the same formulas over each
// engine's scalar, `Double` and `Float`. Measured with
//   swiftc -typecheck -swift-version 6 -I .build/release/Modules \
//     -Xfrontend -warn-long-expression-type-checking=1 Tests/TypeCheckCorpus/GenericFormulas.swift
// the issue's generic line took 4.9–5.8 s before `DifferentiableArithmetic` and takes ~40 ms;
// `polynomialAndFunctions` failed after ~9 s and takes ~50 ms; every line here is under 100 ms.
import DualTape

// MARK: Generic over T: Differentiable, one line

// The issue's formula, annotated as the issue wrote it, and returned directly.
func issueFormula<T: Differentiable>(_ x: [T]) -> T {
  let r: T = 0.5 * x[0] * x[0] + 2 * x[1] * x[0] - 3 * x[2] + 1.5 * sin(x[0]) * cos(x[1]) - 0.25 * exp(x[2]) + x[0] / (1 + x[1] * x[1])
  return r
}

struct IssueFormula: VectorToScalar {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> T {
    0.5 * x[0] * x[0] + 2 * x[1] * x[0] - 3 * x[2] + 1.5 * sin(x[0]) * cos(x[1]) - 0.25 * exp(x[2]) + x[0] / (1 + x[1] * x[1])
  }
}

// A model with plain Double data lifted by `T(c)`.
func decayModel<T: Differentiable>(_ p: [T], t: Double, y: Double) -> T {
  let r: T = p[0] * exp(-p[1] * T(t)) + p[2] * T(t) * T(t) - 0.5 * tanh(p[3]) + 2 * p[0] * p[1] - T(y) / (1 + p[2] * p[2]) + 3
  return r
}

// Polynomial terms with integer literals around elementary functions of plain arguments.
func polynomialAndFunctions<T: Differentiable>(_ x: [T]) -> T {
  x[0] * x[0] + 100 * x[1] * x[1] - 3 * x[2] + 2 * x[0] * x[1] + 2 * log(x[2]) + 5 * x[0] - 3 * x[1] + 3 * exp(x[1]) + 4 * cos(x[0])
}

// MARK: Generic, with function calls named first (the fast spelling)

// Several calls whose arguments are arithmetic with literals (`log(1 + x * x)`) on one generic
// line still exhaust the solver; naming the calls first keeps the line fast.
func bananaPlus<T: Differentiable>(_ x: [T]) -> T {
  let s = sin(x[2]), l = log(1 + x[2] * x[2]), q = sqrt(1 + x[0] * x[0])
  return (1 - x[0]) * (1 - x[0]) + 100 * (x[1] - x[0] * x[0]) * (x[1] - x[0] * x[0]) + 2 * s - 3 * l + q / 4
}

func mixedFunctions<T: Differentiable>(_ x: [T]) -> T {
  let cube = pow(x[0], n: 3), h = hypot(x[0], x[1]), s = sigmoid(x[2]), m = max(x[0], 0)
  return cube - 4 * x[0] * x[1] + 0.1 * s + 2 * h - 7 + 1.5 * m - x[2] / (2 + x[1] * x[1] * 0.5)
}

func logistic<T: Differentiable>(_ w: [T], _ x: Double, _ y: Double) -> T {
  let eta: T = w[0] + w[1] * T(x) - 0.5 * w[2] * w[2] + 2 * w[0] * w[1] + 1
  let softplus = log(1 + exp(eta)), norm = sqrt(1 + w[0] * w[0])
  return T(y) * eta - softplus - 0.01 * (w[0] * w[0] + w[1] * w[1] + w[2] * w[2]) + 0.5 * norm
}

func energy<T: Differentiable>(_ q: T, _ v: T) -> T {
  let c = cos(q), g = exp(-q * q)
  return 0.5 * v * v + 2 * (1 - c) + 0.25 * q * q * q * q - 3 * q * v + g / 2 + 1
}

// MARK: Each engine's scalar, Double and Float

func issueFormulaDouble(_ x: [Double]) -> Double {
  let r: Double = 0.5 * x[0] * x[0] + 2 * x[1] * x[0] - 3 * x[2] + 1.5 * sin(x[0]) * cos(x[1]) - 0.25 * exp(x[2]) + x[0] / (1 + x[1] * x[1])
  return r
}

func issueFormulaPlainFloat(_ x: [Float]) -> Float {
  let r: Float = 0.5 * x[0] * x[0] + 2 * x[1] * x[0] - 3 * x[2] + 1.5 * sin(x[0]) * cos(x[1]) - 0.25 * exp(x[2]) + x[0] / (1 + x[1] * x[1])
  return r
}

func issueFormulaSecondOrder(_ x: [Dual<Dual<Double>>]) -> Dual<Dual<Double>> {
  let r: Dual<Dual<Double>> = 0.5 * x[0] * x[0] + 2 * x[1] * x[0] - 3 * x[2] + 1.5 * sin(x[0]) * cos(x[1]) - 0.25 * exp(x[2]) + x[0] / (1 + x[1] * x[1])
  return r
}

func otherFormulasInClosures() {
  let x = [0.3, 0.7, -0.2, 0.1]
  _ = Reverse.gradient(at: x) { x in
    (1 - x[0]) * (1 - x[0]) + 100 * (x[1] - x[0] * x[0]) * (x[1] - x[0] * x[0]) + 2 * sin(x[2]) - 3 * log(1 + x[2] * x[2]) + sqrt(1 + x[0] * x[0]) / 4
  }
  _ = Forward.gradient(at: x) { x in
    pow(x[0], n: 3) - 4 * x[0] * x[1] + 0.1 * sigmoid(x[2]) + 2 * hypot(x[0], x[1]) - 7 + 1.5 * max(x[0], 0) - x[2] / (2 + x[1] * x[1] * 0.5)
  }
  _ = Reverse.gradient(at: x) { p in
    p[0] * exp(-p[1] * Tracked(0.5)) + p[2] * Tracked(0.5) * Tracked(0.5) - 0.5 * tanh(p[3]) + 2 * p[0] * p[1] - Tracked(1.2) / (1 + p[2] * p[2]) + 3
  }
  _ = Reverse.gradient(at: x, of: IssueFormula())
  _ = Forward.hessian(at: x, of: IssueFormula())
}
