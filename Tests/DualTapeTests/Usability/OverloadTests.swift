import DualTape
import DualTapeMatrixOperators
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

// A plain `Double` next to an engine value: a literal is never a matrix, so `[1.0]` stays a
// `[Double]` and `scale * v[0]` (a `Double` times a `Tracked<Double>`) does not compile (it
// used to compile as a function of 1 × 1 matrices and return `[[[2.5]]]`; the check that it
// stays rejected is Tests/TypeCheckCorpus/rejected.sh). Lifted, it is the right derivative.
@Test func aPlainScaleIsLiftedIntoTheEngine() {
  let scale = 2.5
  let reverse = Reverse.gradient(at: [1.0]) { v in Tracked(scale) * v[0] }
  #expect(reverse == [2.5])
  #expect(type(of: reverse) == [Double].self)
  #expect(Forward.gradient(at: [1.0]) { v in Dual(scale) * v[0] } == [2.5])
}

// The engines' operators are `SignedNumeric`'s, `Comparable`'s and `DifferentiableArithmetic`'s
// requirements implemented under other names (`@_implements`): each one still computes its
// own rule, in concrete and in generic code.
@Test func engineOperatorsAreTheProtocolRequirements() throws {
  func negated<T: SignedNumeric>(_ x: T) -> T { -x }
  func quotient<T: Differentiable>(_ x: T, _ y: T) -> T {
    var q = x
    q /= y
    q *= 2
    q -= 1
    q += x
    return q
  }
  // d/dx of -x, in concrete and generic spelling, every engine.
  #expect(Forward.derivative(at: 2.0) { x in -x } == -1)
  #expect(Forward.derivative(at: 2.0) { x in negated(x) } == -1)
  #expect(Reverse.derivative(at: 2.0) { x in -x } == -1)
  #expect(Reverse.derivative(at: 2.0) { x in negated(x) } == -1)
  #expect(Forward.gradient(at: [2.0], chunkSize: 1) { v in negated(v[0]) } == [-1])
  // q = 2x/y - 1 + x at (3, 2): value 5, ∂x = 2/y + 1 = 2, ∂y = -2x/y² = -1.5.
  #expect(quotient(3.0, 2.0) == 5)
  #expect(Reverse.gradient(at: [3.0, 2]) { v in quotient(v[0], v[1]) } == [2, -1.5])
  #expect(Forward.gradient(at: [3.0, 2]) { v in quotient(v[0], v[1]) } == [2, -1.5])
  let x = Expr.variable("x")
  #expect(try (-x).derivative(withRespectTo: x).evaluate(["x": 1.0]) == -1)
  // Comparisons follow the primal, NaN compares false every way (not Comparable's defaults).
  let nan = Dual(Double.nan, tangent: 1)
  let one = Dual(1.0, tangent: 0)
  #expect(!(nan <= one) && !(nan >= one) && !(nan < one) && !(nan > one) && !(nan == nan))
  #expect(Dual(1.0, tangent: 5) == Dual(1.0, tangent: 0))
  #expect(Dual(1.0, tangent: 5) < Dual(2.0, tangent: 0))
}

// A matrix combines with a scalar of its element type (no literal is a matrix).
@Test func matrixScalarOperators() {
  func affine<T: Differentiable>(_ a: Matrix<T>) -> Matrix<T> {
    a.map { $0 / 2 - 0.5 } + a.map { $0 * 2 }
  }
  let m = Matrix([[1.0, 2]])
  let scale = 2.5
  #expect(scale * m == Matrix([[2.5, 5]]))
  #expect(m * 2 - 1 == Matrix([[1.0, 3]]))
  #expect(1 / (1 + m) == Matrix([[0.5, 1.0 / 3]]))
  #expect(affine(m) == Matrix([[2.0, 4.5]]))
  let dual = affine(m.converted(to: Dual<Double>.self))
  #expect(dual.elements.map(\.value) == [2.0, 4.5])
}
