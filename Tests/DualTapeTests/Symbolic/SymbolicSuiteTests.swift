import DualTape
import DualTapeSuite
import Testing

// The shared suite, symbolically: every function that builds without branching on its input
// (Expr.build throws for the others) must give the engines' derivatives at its default input.

private let symbolicTolerance = Tolerance<Double>(absolute: 1e-9, relative: 1e-9)

/// Builds f's outputs symbolically, or nil if f branches on its input.
private func build(_ f: ([Expr]) -> [Expr], inputs n: Int) throws -> [Expr]? {
  do {
    return try Expr.build { f(symbols(n)) }
  } catch ExprError.branchOnSymbol {
    return nil
  }
}

/// The compiled symbolic Jacobian of outputs with respect to x0…x(n−1) at `x`.
private func symbolicJacobian(
  _ outputs: [Expr], at x: [Double], accumulation: Expr.Accumulation
) throws -> Matrix<Double> {
  let xs = symbols(x.count)
  let j = Expr.jacobian(of: outputs, withRespectTo: xs, accumulation: accumulation)
  let values = try CompiledExpression(j.elements, variables: xs.map { $0.variableName! })(x)
  return Matrix(rows: j.rows, columns: j.columns, elements: values)
}

@Test func suiteScalarFunctionsAgreeWithTheEngines() throws {
  var checked: [String] = []
  for f in Suite.scalarFunctions {
    guard let y = try build({ [f($0[0])] }, inputs: 1) else { continue }
    let x = f.defaultInput
    let d = try symbolicJacobian(y, at: [x], accumulation: .forward)[0, 0]
    let forward = Forward.derivative(at: x, of: f)
    let reverse = Reverse.derivative(at: x, of: f)
    let report = GradientCheck.compare([d, d], [forward, reverse], tolerance: symbolicTolerance)
    #expect(report.passed, "\(f.name): \(report)")
    let second = try Expr.build { f(Expr.variable("x0")) }
      .derivative(withRespectTo: Expr.variable("x0"), order: 2).evaluate(["x0": x])
    let reference = Forward.secondDerivative(at: x, of: f)
    #expect(
      GradientCheck.compare([second], [reference], tolerance: symbolicTolerance).passed,
      "\(f.name): f'' \(second) vs \(reference)")
    checked.append(f.name)
  }
  #expect(checked.count >= Suite.scalarFunctions.count / 2, "checked only \(checked)")
}

@Test func suiteVectorFunctionsAgreeWithTheEngines() throws {
  var checked: [String] = []
  for f in Suite.vectorFunctions {
    let x = f.defaultInput
    guard let y = try build({ [f($0)] }, inputs: x.count) else { continue }
    let reference = Reverse.gradient(at: x, of: f)
    // Forward accumulation makes one pass per input: only for the small functions.
    let accumulations: [Expr.Accumulation] = x.count <= 50 ? [.forward, .reverse] : [.reverse]
    for accumulation in accumulations {
      let g = try symbolicJacobian(y, at: x, accumulation: accumulation).elements
      let report = GradientCheck.compare(g, reference, tolerance: symbolicTolerance)
      #expect(report.passed, "\(f.name) \(accumulation): \(report)")
    }
    checked.append(f.name)
  }
  #expect(checked.count >= Suite.vectorFunctions.count / 2, "checked only \(checked)")
  #expect(checked.contains("mlpLoss"))
}

@Test func suiteVectorMapsAgreeWithTheEngines() throws {
  var checked: [String] = []
  for f in Suite.vectorToVectorFunctions {
    let x = f.defaultInput
    guard let y = try build({ f($0) }, inputs: x.count) else { continue }
    let reference = Forward.jacobian(at: x, of: f)
    for accumulation in [Expr.Accumulation.forward, .reverse] {
      let j = try symbolicJacobian(y, at: x, accumulation: accumulation)
      let report = GradientCheck.compare(j, reference, tolerance: symbolicTolerance)
      #expect(report.passed, "\(f.name) \(accumulation): \(report)")
    }
    checked.append(f.name)
  }
  #expect(checked.count >= Suite.vectorToVectorFunctions.count / 2, "checked only \(checked)")
}

@Test func randomExpressionsAgreeWithTheEngines() throws {
  // The suite's interval-guarded random compositions: symbolic gradients by both
  // accumulations against the reverse engine, and the simplifier against the unsimplified
  // expression's value.
  var checked = 0
  for seed in 0..<1000 as Range<UInt64> {
    let f = RandomExpression(seed: seed)
    let x = f.defaultInput
    guard let y = try build({ [f($0)] }, inputs: x.count) else { continue }
    let reference = Reverse.gradient(at: x, of: f)
    for accumulation in [Expr.Accumulation.forward, .reverse] {
      let g = try symbolicJacobian(y, at: x, accumulation: accumulation).elements
      let report = GradientCheck.compare(g, reference, tolerance: symbolicTolerance)
      #expect(report.passed, "seed \(seed) \(accumulation): \(report)\n\(y[0])")
    }
    let names = symbols(x.count).map { $0.variableName! }
    let raw = try CompiledExpression(y, variables: names)(x)
    let simplified = try CompiledExpression(Expr.simplified(y), variables: names)(x)
    #expect(GradientCheck.compare(simplified, raw, tolerance: symbolicTolerance).passed)
    checked += 1
  }
  #expect(checked >= 900)
}
