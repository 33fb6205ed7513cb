import DualTape
import Testing

// `import DualTape` leaves plain numeric code as it was, and DualTape's min/max tie rule applies
// in generic code even with a literal argument.

@Test func plainDoubleCodeIsUnchanged() {
  #expect(max(Double.infinity, .infinity) == .infinity)
  #expect(min(-Double.infinity, -.infinity) == -.infinity)
  #expect(max(Float.infinity, .infinity) == .infinity)
  #expect(min(-Float.infinity, -.infinity) == -.infinity)
  #expect(max(1.0, 2.0) == 2 && min(1.0, 2.0) == 1)
  #expect(max(3, 4) == 4)
}

private func clampBelow<T: Differentiable>(_ x: T) -> T { max(x, 0) }
private func clampAbove<T: Differentiable>(_ x: T) -> T { min(1, x) }
private func clampBelowFloat<T: Differentiable>(_ x: T) -> T { max(0.0, x) }

@Test func genericMinMaxWithLiteralsUseTheTieRule() {
  // At a tie the derivative is split ½/½, in both engines.
  #expect(Forward.derivative(at: 0.0) { x in clampBelow(x) } == 0.5)
  #expect(Reverse.derivative(at: 0.0) { x in clampBelow(x) } == 0.5)
  #expect(Forward.derivative(at: 1.0) { x in clampAbove(x) } == 0.5)
  #expect(Reverse.derivative(at: 0.0) { x in clampBelowFloat(x) } == 0.5)
  #expect(Forward.derivative(at: 0.0) { x in max(x, 0) } == 0.5)
  // Away from the tie, the usual one-sided values.
  #expect(Forward.derivative(at: 2.0) { x in clampBelow(x) } == 1)
  #expect(Forward.derivative(at: -2.0) { x in clampBelow(x) } == 0)
}

@Test func withoutDerivativeInEveryEngine() {
  func f<T: Differentiable>(_ x: T) -> T { x * withoutDerivative(at: x) }
  // d/dx (x · c) with c = x held constant: c = 3.
  #expect(f(3.0) == 9)
  #expect(f(Float(3)) == 9)
  #expect(Forward.derivative(at: 3.0) { x in f(x) } == 3)
  #expect(Reverse.derivative(at: 3.0) { x in f(x) } == 3)
  #expect(Forward.gradient(at: [3.0, 1], chunkSize: 2) { v in f(v[0]) * v[1] } == [3, 9])
  #expect(Reverse.gradient(at: [3.0, 1]) { v in f(v[0]) * v[1] } == [3, 9])
  // Nested: the second derivative of x · c is 0 at every level.
  #expect(Forward.secondDerivative(at: 3.0) { x in f(x) } == 0)
  #expect(Forward.derivative(at: 3.0) { x in Reverse.derivative(at: x) { y in f(y) } } == 0)
  #expect(Reverse.hessian(at: [3.0]) { v in f(v[0]) } == Matrix([[0]]))
  // Symbolic constants pass through.
  let c = withoutDerivative(at: Expr.constant(2))
  #expect(c.constantValue == 2)
}

@Test func otherComparableTypesKeepTheStandardLibrarysMinMax() {
  #expect(max(3, 4) == 4 && min(3, 4) == 3)
  #expect(max("a", "b") == "b")
  func generic<T: Comparable>(_ a: T, _ b: T) -> T { max(a, b) }
  #expect(generic(Double.infinity, .infinity) == .infinity)
  #expect(generic(2.0, 1.0) == 2)
  // A DualTape scalar through a `Comparable`-generic function still gets the tie rule.
  #expect(Forward.derivative(at: 1.0) { x in generic(x, Dual(1.0)) } == 0.5)
}

// A generic formula with integer literals computes with the engine's scalar (integer code
// itself is unchanged: PlainArithmeticTests.swift).

private func integerLiterals<T: Differentiable>(_ x: T) -> T { 2 * x * x - 3 * x + 1 / (1 + x) }

@Test func integerLiteralsInGenericCodeAreConstantsOfTheEngine() {
  // d/dx (2x² − 3x + 1/(1 + x)) = 4x − 3 − 1/(1 + x)²; at x = 1: 4 − 3 − 1/4 (exact in binary).
  #expect(integerLiterals(1.0) == -0.5)  // 2 − 3 + 1/2
  #expect(Forward.derivative(at: 1.0) { x in integerLiterals(x) } == 0.75)
  #expect(Reverse.derivative(at: 1.0) { x in integerLiterals(x) } == 0.75)
}
