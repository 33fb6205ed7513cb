import DualTape
import Foundation
import Testing

// The edge policy's second-order rule: a second derivative exists only where the first
// derivative it differentiates exists. Where ∂f/∂xᵢ is ±∞ or NaN, row and column i of every
// Hessian driver's result are NaN; a Hessian–vector product is the masked Hessian times v,
// with a zero vⱼ contributing no term.

/// sqrt(x0) + x0·x2 + x1²·x2 + sin(x2): at x0 = 0, ∂f/∂x0 = +∞ and ∂f/∂x1, ∂f/∂x2 are finite.
struct OneUndefinedPartial: VectorToScalar {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> T {
    sqrt(x[0]) + x[0] * x[2] + x[1] * x[1] * x[2] + sin(x[2])
  }
}

/// M·v with the policy's convention that a zero vⱼ contributes no term (so a NaN column j
/// with vⱼ = 0 leaves the product alone).
func product(_ m: Matrix<Double>, _ v: [Double]) -> [Double] {
  (0..<m.rows).map { i in
    v.indices.filter { v[$0] != 0 }.reduce(0.0) { $0 + m[i, $1] * v[$1] }
  }
}

@Suite("Second-order domain")
struct SecondOrderDomainTests {
  /// The case the engines used to group differently: hypot(log(pow(x1, x0) · softplus(x2)), 1)
  /// at x0 = x2 = −0, x1 = +∞ has ∂f/∂x0 = −∞. ∂²f/∂x0∂x2 was NaN forward-over-forward (the
  /// infinity multiplied into each term, ∞ − ∞) and −∞ forward-over-reverse (summed first);
  /// now row and column 0 are NaN in both and the other entries agree.
  @Test func infiniteGradientEntryMakesItsRowAndColumnNaN() {
    let f = EdgeFunction(
      e: .binary(
        "hypot",
        .unary(
          "log",
          .binary(
            "*", .binary("pow", .variable(1), .variable(0)), .unary("softplus", .variable(2)))),
        .constant(1)))
    let x = [-0.0, .infinity, -0.0]
    #expect(Forward.gradient(at: x, of: f)[0] == -.infinity)
    #expect(Reverse.gradient(at: x, of: f)[0] == -.infinity)
    let hf = Forward.hessian(at: x, of: f)
    let hr = Reverse.hessian(at: x, of: f)
    for h in [hf, hr] {
      for k in 0..<3 { #expect(h[0, k].isNaN && h[k, 0].isNaN, "\(h)") }
    }
    for i in 1..<3 {
      for j in 1..<3 { #expect(sameResult(hf[i, j], hr[i, j], 1e-9), "\(hf) vs \(hr)") }
    }
  }

  /// sqrt at 0: the derivative is +∞, so the second derivative is NaN, not −∞ (which the
  /// rule's −x^(−3/2)/4 would give).
  @Test func sqrtAtZeroHasNoSecondDerivative() {
    #expect(Forward.gradient(at: [0.0]) { v in sqrt(v[0]) }[0] == .infinity)
    #expect(Forward.hessian(at: [0.0]) { v in sqrt(v[0]) }[0, 0].isNaN)
    #expect(Reverse.hessian(at: [0.0]) { v in sqrt(v[0]) }[0, 0].isNaN)
    let f = EdgeFunction(e: .unary("sqrt", .variable(0)))
    #expect(Forward.hessian(at: [0.0], of: f)[0, 0].isNaN)
    #expect(Reverse.hessian(at: [0.0], of: f)[0, 0].isNaN)
    #expect(Reverse.hessianVectorProduct(at: [0.0], direction: [0], of: f)[0].isNaN)
    // Away from the edge the rule changes nothing: −x^(−3/2)/4 at 4 is −1/32.
    #expect(Reverse.hessian(at: [4.0], of: f)[0, 0] == -1.0 / 32)
    #expect(Forward.hessian(at: [4.0], of: f)[0, 0] == -1.0 / 32)
  }

  /// x0·|x1| has finite first derivatives at x1 = 0 (|x|' = 0 there), so its Hessian keeps
  /// its values: the zero matrix at (2, 0), [[0, −1], [−1, 0]] at (2, −3).
  @Test func finiteGradientsKeepTheirHessians() {
    for (x, expected) in [([2.0, 0.0], [0.0, 0, 0, 0]), ([2.0, -3.0], [0.0, -1, -1, 0])] {
      let hf = Forward.hessian(at: x) { v in v[0] * abs(v[1]) }
      let hr = Reverse.hessian(at: x) { v in v[0] * abs(v[1]) }
      #expect(hf.elements == expected && hr.elements == expected, "\(hf) \(hr)")
    }
  }

  /// One non-finite gradient entry among finite ones: row and column 0 are NaN (also
  /// ∂²f/∂x0∂x2 = 1, which the engines compute), the rest keeps its closed-form values
  /// H[1, 1] = 2·x2, H[1, 2] = 2·x1, H[2, 2] = −sin(x2), and every driver agrees bit for bit.
  @Test func otherRowsKeepTheirValuesAndEveryDriverAgrees() {
    let f = OneUndefinedPartial()
    let x = [0.0, 1.5, 0.7]
    let g = Reverse.gradient(at: x, of: f)
    #expect(g[0] == .infinity && g[1].isFinite && g[2].isFinite)
    let closedForm: [[Double]] = [
      [.nan, .nan, .nan], [.nan, 1.4, 3], [.nan, 3, -Foundation.sin(0.7)],
    ]
    let dense = Reverse.hessian(at: x, of: f)
    let drivers: [(String, Matrix<Double>)] = [
      ("Forward", Forward.hessian(at: x, of: f)),
      ("Forward closure", Forward.hessian(at: x) { v in f(v) }),
      ("Reverse closure", Reverse.hessian(at: x) { v in f(v) }),
      ("parallel", Reverse.parallelHessian(at: x, threads: 2, of: f)),
      ("Auto", Auto.hessian(at: x, of: f)),
    ]
    for i in 0..<3 {
      for j in 0..<3 {
        #expect(sameResult(dense[i, j], closedForm[i][j], 1e-15), "(\(i), \(j)): \(dense)")
      }
    }
    for (name, h) in drivers {
      let same = zip(h.elements, dense.elements).allSatisfy { identical($0, $1) }
      #expect(same, "\(name) \(h) vs Reverse.hessian \(dense)")
    }
    // The sparse Hessian stores the pattern's entries; each is the dense one, bit for bit.
    let sparse = Reverse.sparseHessian(at: x, of: f)
    for e in sparse.entries {
      #expect(identical(e.value, dense[e.row, e.column]), "(\(e.row), \(e.column))")
    }
    #expect(sparse.entries.contains { $0.row == 0 && $0.column == 2 })
  }

  /// Hessian–vector products are the masked Hessian times v: entry 0 is NaN (∂f/∂x0 = +∞);
  /// with v0 = 0 the other entries keep their values, with v0 ≠ 0 every entry is NaN.
  @Test func hessianVectorProductsFollowTheMask() {
    let f = OneUndefinedPartial()
    let x = [0.0, 1.5, 0.7]
    let h = Reverse.hessian(at: x, of: f)
    for v in [[0.0, 1, -2], [0.0, 0, 1], [1.0, 0, 0], [-0.5, 2, 3]] {
      let expected = product(h, v)
      let products = [
        Reverse.hessianVectorProduct(at: x, direction: v, of: f),
        Reverse.hessianVectorProduct(at: x, direction: v) { v in f(v) },
        Forward.hessianVectorProduct(at: x, direction: v, of: f),
        Forward.hessianVectorProduct(at: x, direction: v) { v in f(v) },
      ]
      #expect(expected[0].isNaN)
      #expect(expected[1].isNaN == (v[0] != 0))
      for p in products {
        for i in 0..<3 {
          #expect(sameResult(p[i], expected[i], 1e-12), "v \(v): \(p) vs \(expected)")
        }
      }
    }
  }
}

/// A user's rule whose derivative is NaN everywhere (a rule not differentiable here).
struct NaNDerivativeRule: UnaryRule {
  func value<S: RealScalar>(_ x: S) -> S { x * x }
  func derivative<T: Differentiable>(at x: T, value y: T) -> T { T(Double.nan) }
}

private struct SqrtOf: ScalarToScalar {
  func callAsFunction<T: Differentiable>(_ x: T) -> T { sqrt(x) }
}
private struct NaNRuleOf: ScalarToScalar {
  func callAsFunction<T: Differentiable>(_ x: T) -> T { NaNDerivativeRule()(x) + x * x * x }
}
private struct SqrtOfFirst: VectorToScalar {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> T { sqrt(x[0]) }
}

@Suite("Second derivatives of one variable")
struct ScalarSecondDerivativeDomainTests {
  /// sqrt at 0 has derivative +∞, so no second derivative: NaN in the scalar driver (it was
  /// −∞) as in every Hessian driver, in the closure and the rank-2 form.
  @Test func sqrtAtZeroHasNoSecondDerivative() {
    #expect(Forward.secondDerivative(at: 0.0) { x in sqrt(x) }.isNaN)
    #expect(Forward.secondDerivative(at: 0.0, of: SqrtOf()).isNaN)
    #expect(Forward.secondDerivative(at: Float(0), of: SqrtOf()).isNaN)
    #expect(Forward.hessian(at: [0.0], of: SqrtOfFirst())[0, 0].isNaN)
    #expect(Reverse.hessian(at: [0.0], of: SqrtOfFirst())[0, 0].isNaN)
    // Where the first derivative exists the value is the closed form, −x^(−3/2)/4, and the
    // drivers agree.
    for x in [4.0, 0.25, 1e-6] {
      let exact = -0.25 / (x * x.squareRoot())
      let d2 = Forward.secondDerivative(at: x, of: SqrtOf())
      #expect(abs(d2 - exact) <= 1e-14 * abs(exact))
      #expect(d2 == Forward.hessian(at: [x], of: SqrtOfFirst())[0, 0])
      #expect(d2 == Reverse.hessian(at: [x], of: SqrtOfFirst())[0, 0])
    }
  }

  /// A rule with a NaN derivative has no second derivative either: NaN (it was 0, the
  /// tangent of a constant NaN partial), as Forward.hessian and Reverse.hessian give.
  @Test func aRuleWithANaNDerivativeHasNoSecondDerivative() {
    #expect(Forward.derivative(at: 2.0) { x in NaNDerivativeRule()(x) }.isNaN)
    #expect(Forward.secondDerivative(at: 2.0) { x in NaNDerivativeRule()(x) }.isNaN)
    #expect(Forward.secondDerivative(at: 2.0, of: NaNRuleOf()).isNaN)
    #expect(Forward.hessian(at: [2.0]) { v in NaNDerivativeRule()(v[0]) }[0, 0].isNaN)
    #expect(Reverse.hessian(at: [2.0]) { v in NaNDerivativeRule()(v[0]) }[0, 0].isNaN)
    // A NaN partial with an exactly zero seed takes no part (the edge policy's 0 · NaN rule):
    // d/dy of NaNRule(x) + y² is 2y, whatever ∂/∂x is.
    let g = Forward.gradient(at: [2.0, 3.0]) { v in NaNDerivativeRule()(v[0]) + v[1] * v[1] }
    #expect(g[0].isNaN && g[1] == 6)
    let r = Reverse.gradient(at: [2.0, 3.0]) { v in NaNDerivativeRule()(v[0]) + v[1] * v[1] }
    #expect(r[0].isNaN && r[1] == 6)
  }
}
