import DualTape
import DualTapeSuite
import Testing

// Nested differentiation without perturbation confusion, and a user's generic function passed
// to both engines.

/// A user's own rank-2 function (not from the suite): f(x, y) = x·e^y + y³.
private struct UserFunction: VectorToScalar {
  func callAsFunction<T: Differentiable>(_ v: [T]) -> T { v[0] * exp(v[1]) + v[1] * v[1] * v[1] }
}

/// The same function as a plain generic Swift function.
private func userFunction<T: Differentiable>(_ v: [T]) -> T {
  v[0] * exp(v[1]) + v[1] * v[1] * v[1]
}

@Suite("Nesting and user functions")
struct NestingTests {
  /// ForwardDiff's test `D(x -> x * D(y -> x + y, 1), 1) == 1`, forward inside forward: the
  /// inner derivative is 1 whatever x is, so the outer is d/dx (x · 1) = 1. Confusing the two
  /// perturbations would give 2.
  @Test func perturbationConfusionForwardInsideForward() {
    let d = Forward.derivative(at: 1.0) { (x: Dual<Double>) in
      x * Forward.derivative(at: Dual<Double>(constant: 1)) { y in Dual(constant: x) + y }
    }
    #expect(d == 1)
  }

  /// The natural spelling, where Swift infers the inner variable to be `Dual<Double>`, the
  /// outer variable's own type, so both perturbations would share one tangent slot (giving 2,
  /// not 1): the nested call notices the captured tangent and stops with the spelling that
  /// works (tested in `Rules/MessageTests.swift`). A nested call that captures no outer dual
  /// runs normally, evaluating its closure twice; an outermost call evaluates it once.
  @Test func nestedCallsWithoutCapturedDualsRunNormally() {
    var outerCalls = 0
    var innerCalls = 0
    let d = Forward.derivative(at: 2.0) { (x: Dual<Double>) -> Dual<Double> in
      outerCalls += 1
      let c = Forward.derivative(at: 3.0) { y in
        innerCalls += 1
        return y * y
      }
      return x * x * Dual(constant: c)
    }
    #expect(d == 24 && outerCalls == 1 && innerCalls == 2)
  }

  /// What the nested-reverse message advises gives the right numbers: for the gradient of
  /// g(x) = ‖∇f(x)‖²/2 with f = x₀²x₁ + sin x₁, write ∇f once generically and differentiate it
  /// with forward over reverse (Hessian–vector product Hᵀ∇f), here at (1, 2).
  @Test func theNestedReverseAdviceGivesTheRightGradient() {
    struct F: VectorToScalar {
      func callAsFunction<T: Differentiable>(_ x: [T]) -> T { x[0] * x[0] * x[1] + sin(x[1]) }
    }
    let x = [1.0, 2.0]
    let g = Reverse.gradient(at: x, of: F())
    let hg = Reverse.hessianVectorProduct(at: x, direction: g, of: F())
    // ∇f = (2x₀x₁, x₀² + cos x₁) = (4, 1 + cos 2); H = [[2x₁, 2x₀], [2x₀, −sin x₁]].
    let g1 = 1 + cos(2.0)
    #expect(abs(hg[0] - (4 * 4 + 2 * g1)) < 1e-12)
    #expect(abs(hg[1] - (2 * 4 - sin(2.0) * g1)) < 1e-12)
  }

  /// The same with the inner derivative in reverse mode, and with the outer in reverse mode.
  @Test func perturbationConfusionAcrossEngines() {
    let forwardOverReverse = Forward.derivative(at: 1.0) { (x: Dual<Double>) in
      x * Reverse.derivative(at: Dual<Double>(constant: 1)) { y in Tracked(constant: x) + y }
    }
    #expect(forwardOverReverse == 1)
    let reverseOverForward = Reverse.derivative(at: 1.0) { (x: Tracked<Double>) in
      x * Forward.derivative(at: Tracked<Double>(constant: 1)) { y in Dual(constant: x) + y }
    }
    #expect(reverseOverForward == 1)
  }

  /// A variant where the inner derivative depends on x: d/dx [x · d/dy (x·y)] = d/dx x² = 2x.
  @Test func nestedDerivativeThatDependsOnTheOuterVariable() {
    let d = Forward.derivative(at: 3.0) { (x: Dual<Double>) in
      x * Forward.derivative(at: Dual<Double>(constant: 1)) { y in Dual(constant: x) * y }
    }
    #expect(d == 6)
    let r = Reverse.derivative(at: 3.0) { (x: Tracked<Double>) in
      x * Forward.derivative(at: Tracked<Double>(constant: 1)) { y in Dual(constant: x) * y }
    }
    #expect(r == 6)
  }

  /// A user's generic type and a user's generic function, each passed to both engines.
  @Test func userGenericFunctionRunsUnderBothEngines() {
    let x = [1.5, 0.5]
    // ∂/∂x = e^y, ∂/∂y = x·e^y + 3y².
    let e = DualTape.exp(0.5)
    let expected = [e, 1.5 * e + 0.75]
    let results = [
      Forward.gradient(at: x, of: UserFunction()),
      Reverse.gradient(at: x, of: UserFunction()),
      Forward.gradient(at: x, of: userFunction),
      Reverse.gradient(at: x, of: userFunction),
    ]
    for g in results {
      SuiteCheck.expectPassed(
        GradientCheck.compare(g, expected, tolerance: .engines), "user function")
    }
    let h = Reverse.hessian(at: x, of: UserFunction())
    SuiteCheck.expectPassed(
      GradientCheck.compare(h, Matrix([[0, e], [e, 1.5 * e + 3]]), tolerance: .engines),
      "user function Hessian")
  }
}
