import DualTape
import Testing

private let x = Expr.variable("x")
private let y = Expr.variable("y")

/// The simplified form's text.
private func s(_ e: Expr) -> String { e.simplified().description }

@Test func constantFoldingAndIdentities() {
  #expect(s(Expr(2) * 3 + 1) == "7")
  #expect(s(exp(Expr(0)) * x) == "x")
  #expect(s(x + 0) == "x")
  #expect(s(0 + x) == "x")
  #expect(s(x - 0) == "x")
  #expect(s(0 - x) == "-x")
  #expect(s(x * 1) == "x")
  #expect(s(1 * x) == "x")
  #expect(s(x * 0) == "0")
  // 0 / x is 0 only where x cannot be 0 (see Simplify.swift), as x / x is 1.
  #expect(s(0 / x) == "0 / x")
  #expect(s(0 / exp(x)) == "0")
  #expect(s(x / 1) == "x")
  #expect(s(pow(x, n: 0)) == "1")
  #expect(s(pow(x, n: 1)) == "x")
  #expect(s(pow(x, 2)) == "x^2")
}

@Test func cancellationAndNegation() {
  #expect(s(x - x) == "0")
  #expect(s(sin(x) * y - sin(x) * y) == "0")
  #expect(s(-(-x)) == "x")
  #expect(s(-(-(-x))) == "-x")
  #expect(s(x + -y) == "x - y")
  #expect(s(x - -y) == "x + y")
  #expect(s(-(x - y)) == "y - x")
  #expect(s(-(2 * x)) == "-2 * x")
  // x / x is 1 only where x cannot be 0 (see Simplify.swift): a variable stays.
  #expect(s(x / x) == "x / x")
  #expect(s(exp(x) / exp(x)) == "1")
  #expect(s((2 * exp(x)) / (2 * exp(x))) == "1")
  #expect(s(pow(x, n: -1) * x) == "x^(-1) * x")
  #expect(s(pow(exp(x), n: -1) * exp(x)) == "1")
}

@Test func likeTermsConstantFactorsAndPowers() {
  #expect(s(x + x) == "2 * x")
  #expect(s(2 * x + x) == "3 * x")
  #expect(s(2 * x - x) == "x")
  #expect(s(x - 3 * x) == "-2 * x")
  #expect(s(x * 2) == "2 * x")
  #expect(s(2 * (3 * x)) == "6 * x")
  #expect(s(x * 2 * y * 3) == "6 * (x * y)")
  #expect(s(x + (-2) * y) == "x - 2 * y")
  #expect(s(x * x) == "x^2")
  #expect(s(x * x * x) == "x^3")
  #expect(s(pow(x, n: 2) * pow(x, n: 3)) == "x^5")
  #expect(s(pow(pow(x, n: 2), n: 3)) == "x^6")
  #expect(s(x * x * 3) == "3 * x^2")
}

@Test func simplificationPreservesValues() throws {
  let exprs: [Expr] = [
    x * y * 2 + x * 3 * y - y * x, (x + y) * (x - y) / (x + 1), -(-(x - 2 * y)) * x * x,
    pow(x, n: 3) * pow(x, n: -1) + exp(x) / exp(x),
  ]
  for e in exprs {
    for point in [(1.5, -0.5), (-2.0, 3.0), (0.25, 0.75)] {
      let values = ["x": point.0, "y": point.1]
      let a = try e.evaluate(values)
      let b = try e.simplified().evaluate(values)
      #expect(Swift.abs(a - b) <= 1e-12 * Swift.max(1, Swift.abs(a)), "\(e) → \(e.simplified())")
    }
  }
}

@Test func printingUsesMinimalParentheses() {
  #expect((x + y * 2).description == "x + y * 2")
  #expect(((x + y) * 2).description == "(x + y) * 2")
  #expect((x - (y - 1)).description == "x - (y - 1)")
  #expect((x - y - 1).description == "x - y - 1")
  #expect((x / (y * 2)).description == "x / (y * 2)")
  #expect((-(x + y)).description == "-(x + y)")
  #expect((-pow(x, n: 2)).description == "-x^2")
  #expect(pow(-x, n: 2).description == "(-x)^2")
  #expect(pow(x + 1, n: 2).description == "(x + 1)^2")
  #expect((sin(x) + atan2(y: y, x: x)).description == "sin(x) + atan2(y, x)")
  #expect((expm1(x) * log1p(x)).description == "expm1(x) * log1p(x)")
  #expect((x * 0.5 + 1e300).description == "x * 0.5 + 1e+300")
  #expect(((x + y) * 2).fullyParenthesized == "((x + y) * 2)")
  #expect((-x).fullyParenthesized == "(-x)")
}

@Test func sharedDescriptionWritesEachSharedSubexpressionOnce() {
  let s = sin(x)
  #expect((s * s + s).sharedDescription == "t1 = sin(x)\nt1 * t1 + t1")
  #expect((x * y).sharedDescription == "x * y")
  // A chain that doubles at each step: 2⁴⁰ tree nodes, 40 short lines.
  var e = x + 1
  for _ in 0..<40 { e = e * e }
  let text = e.sharedDescription
  #expect(text.split(separator: "\n").count == 41)
  #expect(text.hasPrefix("t1 = x + 1\nt2 = t1 * t1\n"))
  #expect(text.hasSuffix("t40 * t40"))
  // A gradient: bindings shared across its components.
  let g = (sin(x) * y).gradient(withRespectTo: [x, y])
  #expect(Expr.sharedDescription(of: g) == "cos(x) * y\nsin(x)")
  let h = [pow(x + y, n: 2), -(x + y)]
  #expect(Expr.sharedDescription(of: h) == "t1 = x + y\nt1^2\n-t1")
}
