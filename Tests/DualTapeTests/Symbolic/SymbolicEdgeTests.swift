import DualTape
import Testing

// The symbolic derivative at the edge points of EdgeSemantics.md (zeros, signed zeros,
// infinities, NaN) agrees with Forward and Reverse, and the symbolic engine's misuse cases of
// issue 18 end with the right result.

/// The binary primitives, written generically so that every engine runs the same function.
private let binaryPrimitives: [(name: String, f: @Sendable (Expr, Expr) -> Expr)] = [
  ("+", { $0 + $1 }), ("-", { $0 - $1 }), ("*", { $0 * $1 }), ("/", { $0 / $1 }),
  ("pow", { Expr.pow($0, $1) }), ("atan2", { Expr.atan2(y: $0, x: $1) }),
  ("min", { Expr.min($0, $1) }), ("max", { Expr.max($0, $1) }), ("hypot", { Expr.hypot($0, $1) }),
]

private func binary<T: Differentiable>(_ name: String, _ x: T, _ y: T) -> T {
  switch name {
  case "+": x + y
  case "-": x - y
  case "*": x * y
  case "/": x / y
  case "pow": T.pow(x, y)
  case "atan2": T.atan2(y: x, x: y)
  case "min": T.min(x, y)
  case "max": T.max(x, y)
  default: T.hypot(x, y)
  }
}

/// Equal values, NaN equal to NaN (−0 and +0 are equal, as `==` has them).
private func same(_ a: Double, _ b: Double) -> Bool { a == b || (a.isNaN && b.isNaN) }

@Test func symbolicPartialsOfBinaryRulesMatchTheNumericEnginesAtEdgePoints() throws {
  let x = Expr.variable("x")
  let y = Expr.variable("y")
  let edges: [Double] = [0, -0.0, 1, -1, 2.5, .infinity, -.infinity, .nan]
  var mismatches: [String] = []
  for (name, f) in binaryPrimitives {
    let gradient = f(x, y).gradient(withRespectTo: [x, y])
    for a in edges {
      for b in edges {
        let symbolic = try Expr.evaluate(gradient, ["x": a, "y": b])
        let forward = Forward.gradient(at: [a, b]) { v in binary(name, v[0], v[1]) }
        let reverse = Reverse.gradient(at: [a, b]) { v in binary(name, v[0], v[1]) }
        for i in 0..<2 where !same(symbolic[i], forward[i]) || !same(symbolic[i], reverse[i]) {
          mismatches.append(
            "∂\(name)(\(a), \(b))/∂\(i == 0 ? "x" : "y"): symbolic \(symbolic[i]),"
              + " forward \(forward[i]), reverse \(reverse[i])")
        }
      }
    }
  }
  #expect(mismatches == [])
}

@Test func symbolicDerivativesFollowTheEdgeTable() throws {
  let x = Expr.variable("x")
  let y = Expr.variable("y")
  // ∂pow(x, y)/∂y = 0 where x = 0, whatever y (was NaN for y > 0, −∞ for y < 0).
  let dpow = Expr.pow(x, y).derivative(withRespectTo: y)
  for b in [-1.0, 0, 0.5, 2, .nan] {
    #expect(try dpow.evaluate(["x": 0, "y": b]) == 0)
    #expect(try dpow.evaluate(["x": -0.0, "y": b]) == 0)
    #expect(Reverse.gradient(at: [0, b]) { v in Tracked.pow(v[0], v[1]) }[1] == 0)
  }
  // Off zero it is still xʸ · log x, rounding included.
  #expect(try dpow.evaluate(["x": 2, "y": 3]) == 8 * Double.log(2))
  // hypot(x, 0)′ = 0 at 0 (was NaN), sign(x) elsewhere.
  let dhypot = Expr.hypot(x, 0).derivative(withRespectTo: x)
  #expect(try dhypot.evaluate(["x": 0]) == 0)
  #expect(try dhypot.evaluate(["x": -3]) == -1)
  #expect(Forward.derivative(at: 0.0) { v in Dual.hypot(v, 0) } == 0)
  // d(0/x) = −(0/x)/x: NaN at 0 in every engine (the simplifier no longer folds 0/x to 0
  // where x may be 0), −0 elsewhere.
  let dq = (Expr(0) / x).derivative(withRespectTo: x)
  #expect(try dq.evaluate(["x": 0]).isNaN)
  #expect(Forward.derivative(at: 0.0) { v in 0 / v }.isNaN)
  #expect(Reverse.derivative(at: 0.0) { v in 0 / v }.isNaN)
  #expect(try dq.evaluate(["x": 2]) == 0)
  #expect(try dq.evaluate(["x": .infinity]) == 0)
}

@Test func withoutDerivativeAcceptsAConstantExpressionOfAnyShape() throws {
  // `2 * 3` has no variable: it was refused as if it depended on one.
  let c = withoutDerivative(at: Expr.constant(2) * 3)
  #expect(try c.evaluate([:]) == 6)
  #expect(c.isIdentical(to: Expr.constant(2) * 3))
  let x = Expr.variable("x")
  let f = x * withoutDerivative(at: sin(Expr(1)) + 2)
  #expect(try f.derivative(withRespectTo: x).evaluate(["x": 5]) == Double.sin(1) + 2)
}

@Test func withoutDerivativeOfAnExpressionWithAVariableStopsWithAMessage() async {
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = withoutDerivative(at: Expr.variable("x") * 3)
    }, containing: "cannot detach x * 3, which depends on a variable")
}
