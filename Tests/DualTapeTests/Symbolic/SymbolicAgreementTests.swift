import DualTape
import DualTapeSuite
import Testing

// Symbolic derivatives, evaluated at points, against finite differences and both AD engines.

/// The variables x0, x1, ... for a function of n inputs.
func symbols(_ n: Int) -> [Expr] { (0..<n).map { Expr.variable("x\($0)") } }

/// The symbolic gradient of f, compiled and evaluated at `point`.
func symbolicGradient(
  of f: some VectorToScalar, at point: [Double], accumulation: Expr.Accumulation = .forward
) throws -> [Double] {
  let xs = symbols(point.count)
  let gradient = f(xs).gradient(withRespectTo: xs, accumulation: accumulation)
  return try CompiledExpression(gradient, variables: xs.map { $0.variableName! })(point)
}

/// Every primitive and every overridden default, in one branch-free function of 3 inputs.
struct SymbolicElementaryMix: VectorToScalar {
  func callAsFunction<T: Differentiable>(_ v: [T]) -> T {
    let (x, y, z) = (v[0], v[1], v[2])
    var s = exp(x) * y - expm1(y) / (1 + z * z) + log(z) + log1p(x * x) + sqrt(z)
    s += pow(z, x) + sin(x * y) * cos(z) + atan2(y: y, x: z) + tanh(x - y) + abs(y - z)
    s += tan(x) + asin(0.5 * x) + acos(0.25 * y) + atan(z) + sinh(x) + cosh(y)
    s += sigmoid(x - z) + softplus(y) + relu(z - x) + min(x, y) + max(y, z) + hypot(x, z)
    s += pow(y, n: 3) + pow(z, n: -2) + x / y
    return s
  }
}

/// A product of all inputs (the swell family).
private struct ProductOfAll: VectorToScalar {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> T { x.dropFirst().reduce(x[0], *) }
}

/// log Σ exp(xᵢ) − x₀ without the max shift (the suite's LogSumExp branches to find the max).
private struct PlainLogSumExp: VectorToScalar {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> T {
    log(x.map { exp($0) }.reduce(0, +)) - x[0]
  }
}

private let points: [[Double]] = [[0.3, -0.7, 1.2], [1.1, 0.4, 0.6], [-0.2, 1.3, 2.5]]

private func check(_ f: some VectorToScalar, at x: [Double]) throws {
  let tight = Tolerance<Double>(absolute: 1e-10, relative: 1e-10)
  let forwardEngine = Forward.gradient(at: x, of: f)
  let reverseEngine = Reverse.gradient(at: x, of: f)
  for accumulation in [Expr.Accumulation.forward, .reverse] {
    let symbolic = try symbolicGradient(of: f, at: x, accumulation: accumulation)
    let fd = GradientCheck.gradient(symbolic, at: x, of: f)
    #expect(fd.passed, "\(accumulation) vs finite differences: \(fd)")
    let forward = GradientCheck.compare(symbolic, forwardEngine, tolerance: tight)
    #expect(forward.passed, "\(accumulation) vs forward: \(forward)")
    let reverse = GradientCheck.compare(symbolic, reverseEngine, tolerance: tight)
    #expect(reverse.passed, "\(accumulation) vs reverse: \(reverse)")
  }
}

@Test func elementaryFunctionsAgreeWithBothEnginesAndFiniteDifferences() throws {
  for x in points { try check(SymbolicElementaryMix(), at: x) }
}

@Test func vectorFunctionsAgreeWithBothEngines() throws {
  for n in [2, 5, 9] {
    let x = (0..<n).map { 0.3 + 0.17 * Double($0) }
    try check(Rosenbrock(), at: x)
    try check(ProductOfAll(), at: x)
    try check(PlainLogSumExp(), at: x)
  }
}

@Test func unsimplifiedGradientHasTheSameValues() throws {
  let xs = symbols(3)
  let f = SymbolicElementaryMix()(xs)
  let raw = f.gradient(withRespectTo: xs, simplification: .none)
  let simplified = f.gradient(withRespectTo: xs)
  let values = ["x0": 0.3, "x1": -0.7, "x2": 1.2]
  let a = try Expr.evaluate(raw, values)
  let b = try Expr.evaluate(simplified, values)
  #expect(
    GradientCheck.compare(a, b, tolerance: Tolerance(absolute: 1e-12, relative: 1e-12)).passed)
  #expect(Expr.nodeCount(of: raw) > Expr.nodeCount(of: simplified))
}

@Test func hessianAndJacobianAgreeWithEngines() throws {
  let xs = symbols(3)
  let x: [Double] = [1.1, 0.4, 0.6]
  let names = xs.map { $0.variableName! }
  let h = SymbolicElementaryMix()(xs).hessian(withRespectTo: xs)
  let hv = try CompiledExpression(h.elements, variables: names)(x)
  let reference = Forward.hessian(at: x, of: SymbolicElementaryMix())
  let report = GradientCheck.compare(
    Matrix(rows: 3, columns: 3, elements: hv), reference,
    tolerance: Tolerance(absolute: 1e-9, relative: 1e-9))
  #expect(report.passed, "\(report)")
  // Symmetric Hessian, computed as separate expressions.
  #expect(Swift.abs(hv[1] - hv[3]) < 1e-12)

  struct Polar: VectorToVector {
    func callAsFunction<T: Differentiable>(_ v: [T]) -> [T] {
      [v[0] * cos(v[1]), v[0] * sin(v[1]), v[0] * v[1] * v[2]]
    }
  }
  let j = Expr.jacobian(of: Polar()(xs), withRespectTo: xs)
  #expect(j.rows == 3 && j.columns == 3)
  #expect(j[0, 2].constantValue == 0)
  #expect(j[0, 0].description == "cos(x1)")
  let jv = try CompiledExpression(j.elements, variables: names)(x)
  let rj = GradientCheck.compare(
    Matrix(rows: 3, columns: 3, elements: jv), Reverse.jacobian(at: x, of: Polar()),
    tolerance: Tolerance(absolute: 1e-12, relative: 1e-12))
  #expect(rj.passed, "\(rj)")
}

@Test func higherDerivativesByRepetition() throws {
  let x = Expr.variable("x")
  #expect(sin(x).derivative(withRespectTo: x, order: 2).description == "-sin(x)")
  #expect(sin(x).derivative(withRespectTo: x, order: 4).description == "sin(x)")
  #expect(pow(x, n: 5).derivative(withRespectTo: x, order: 3).description == "60 * x^2")
  #expect(pow(x, n: 5).derivative(withRespectTo: x, order: 6).constantValue == 0)
  #expect(exp(2 * x).derivative(withRespectTo: x, order: 3).description == "8 * exp(2 * x)")
  let f = exp(x) * sin(x)
  let third = try f.derivative(withRespectTo: x, order: 3).evaluate(["x": 0.7])
  struct F: ScalarToScalar {
    func callAsFunction<T: Differentiable>(_ x: T) -> T { exp(x) * sin(x) }
  }
  // Third derivative: forward mode over the engine's second derivative.
  let engine = Forward.derivative(at: 0.7) { (d: Dual<Double>) in
    Forward.secondDerivative(at: d, of: F())
  }
  #expect(Swift.abs(third - engine) < 1e-12, "\(third) vs \(engine)")
  #expect(Swift.abs(third - 2 * exp(0.7) * (cos(0.7) - sin(0.7))) < 1e-12)
}

@Test func evaluationWithEngineScalarsDifferentiatesTheExpression() throws {
  let x = Expr.variable("x")
  let y = Expr.variable("y")
  let z = x * x + 3 * x * y + 1
  let d = Forward.derivative(at: 3.0) { (t: Dual<Double>) in
    try! z.evaluate(["x": t, "y": Dual(constant: 2)])
  }
  #expect(d == 12)
}

@Test func reverseAccumulationKeepsTheGradientSmall() throws {
  let xs = symbols(64)
  let f = ProductOfAll()(xs)
  let forward = f.gradient(withRespectTo: xs)
  let reverse = f.gradient(withRespectTo: xs, accumulation: .reverse)
  // Forward: each partial is its own product of 63 factors, about n²/2 nodes in all.
  #expect(Expr.nodeCount(of: forward) > 64 * 64 / 2)
  // Reverse: prefix products of f plus one suffix product per node, about 3n.
  #expect(Expr.nodeCount(of: reverse) < 4 * 64)
  let point = (0..<64).map { 0.9 + 0.003 * Double($0) }
  let names = xs.map { $0.variableName! }
  let a = try CompiledExpression(forward, variables: names)(point)
  let b = try CompiledExpression(reverse, variables: names)(point)
  #expect(
    GradientCheck.compare(a, b, tolerance: Tolerance(absolute: 1e-13, relative: 1e-13)).passed)
  // The seed: the same values by either accumulation.
  let x = Expr.variable("x")
  let y = Expr.variable("y")
  let z = x * x + 3 * x * y + 1
  let g = z.gradient(withRespectTo: [x, y], accumulation: .reverse)
  #expect(try Expr.evaluate(g, ["x": 3, "y": 2]) == [12, 9])
  #expect(g[1].description == "3 * x")
}
