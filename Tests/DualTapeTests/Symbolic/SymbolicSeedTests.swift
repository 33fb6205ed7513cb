import DualTape
import Testing

// System 2 of SEEDS.md: z = x² + 3xy + 1 at (x, y) = (3, 2).

private let x = Expr.variable("x")
private let y = Expr.variable("y")
private let z = x * x + 3 * x * y + 1

@Test func seedValuesAndSimplifiedForms() throws {
  let at: [String: Double] = ["x": 3, "y": 2]
  #expect(try z.evaluate(at) == 28)

  let dzdx = z.derivative(withRespectTo: x)
  #expect(dzdx.description == "2 * x + 3 * y")
  #expect(dzdx.fullyParenthesized == "((2 * x) + (3 * y))")
  #expect(try dzdx.evaluate(at) == 12)
  #expect(try z.derivative(withRespectTo: y).evaluate(at) == 9)

  let d2 = dzdx.derivative(withRespectTo: y)
  #expect(d2.constantValue == 3)
  #expect(d2.description == "3")
  // Mixed partials commute.
  #expect(z.derivative(withRespectTo: y).derivative(withRespectTo: x).constantValue == 3)
}

@Test func unsimplifiedDerivativeKeepsZeroAndOneTerms() throws {
  let raw = z.derivative(withRespectTo: x, simplification: .none)
  #expect(raw.description == "1 * x + 1 * x + ((0 * x + 1 * 3) * y + 0 * (3 * x)) + 0")
  #expect(try raw.evaluate(["x": 3.0, "y": 2.0]) == 12)
  #expect(raw.simplified().isIdentical(to: z.derivative(withRespectTo: x)))
  #expect(raw.nodeCount > z.derivative(withRespectTo: x).nodeCount)
}

@Test func seedsOfTheOtherSystemsSymbolically() throws {
  // System 1: f = 2yx² + xy + 3 at (2, 3): f = 33, ∂x = 27, ∂y = 10.
  let f = 2 * y * x * x + x * y + 3
  let at: [String: Double] = ["x": 2, "y": 3]
  #expect(try f.evaluate(at) == 33)
  #expect(try Expr.evaluate(f.gradient(withRespectTo: [x, y]), at) == [27, 10])
  #expect(f.derivative(withRespectTo: x).description == "4 * (y * x) + y")
  // System 4: L = (a − b)(b + 1), ∂L/∂a = b + 1.
  let a = Expr.variable("a")
  let b = Expr.variable("b")
  #expect(((a - b) * (b + 1)).derivative(withRespectTo: a).description == "b + 1")
  // System 3: (a·b + c)^d with 10, 2, 4, 2 is 576.
  let c = Expr.variable("c")
  let d = Expr.variable("d")
  #expect(try pow(a * b + c, d).evaluate(["a": 10.0, "b": 2, "c": 4, "d": 2]) == 576)
}
