import DualTape
import DualTapeSuite
import Testing

// Every driver's closure form gives what its rank-2 form gives, on the same function.

private struct Mixed: VectorToScalar {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> T {
    x[0] * x[0] * x[1] + sin(x[2]) * exp(x[1]) - x[2] / (1 + x[0] * x[0])
  }
}

private struct MixedMap: VectorToVector {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] {
    [x[0] * x[1], sin(x[2]) + x[0], exp(x[1]) * x[2]]
  }
}

private let point = [0.7, -0.4, 1.3]

@Test func forwardClosuresMatchRankTwoForms() {
  let f = Mixed()
  let g = Forward.gradient(at: point, of: f)
  #expect(Forward.gradient(at: point) { v in f(v) } == g)
  #expect(Forward.valueWithGradient(at: point) { v in f(v) }.gradient == g)
  #expect(Forward.valueWithGradient(at: point) { v in f(v) }.value == f(point))
  for k in 1...8 {
    let chunked = Forward.gradient(at: point, chunkSize: k) { v in f(v) }
    #expect(GradientCheck.compare(chunked, g, tolerance: .engines).passed)
  }
  let d = Forward.directionalDerivative(at: point, direction: [1, 2, 3], of: f)
  let dc = Forward.directionalDerivative(at: point, direction: [1, 2, 3]) { v in f(v) }
  #expect(d == dc)
  let m = MixedMap()
  let j = Forward.jacobian(at: point, of: m)
  let jc = Forward.valueWithJacobian(at: point) { v in m(v) }
  #expect(jc.jacobian == j)
  #expect(jc.value == m(point))
  let jChunk = Forward.valueWithJacobian(at: point, chunkSize: 2) { v in m(v) }
  #expect(GradientCheck.compare(jChunk.jacobian, j, tolerance: .engines).passed)
  #expect(jChunk.value == m(point))
}

@Test func hessianClosuresMatchRankTwoForms() {
  let f = Mixed()
  let h = Reverse.hessian(at: point, of: f)
  #expect(
    GradientCheck.compare(Reverse.hessian(at: point) { v in f(v) }, h, tolerance: .engines).passed)
  #expect(
    GradientCheck.compare(Forward.hessian(at: point) { v in f(v) }, h, tolerance: .engines).passed)
  let v = [0.3, -1.0, 2.0]
  let hv = Reverse.hessianVectorProduct(at: point, direction: v, of: f)
  let hvR = Reverse.hessianVectorProduct(at: point, direction: v) { x in f(x) }
  let hvF = Forward.hessianVectorProduct(at: point, direction: v) { x in f(x) }
  #expect(GradientCheck.compare(hvR, hv, tolerance: .engines).passed)
  #expect(GradientCheck.compare(hvF, hv, tolerance: .engines).passed)
  // A known Hessian: x²y has [[2y, 2x], [2x, 0]].
  let known = Reverse.hessian(at: [1.0, 2.0]) { v in v[0] * v[0] * v[1] }
  #expect(known == Matrix([[4, 2], [2, 0]]))
}

@Test func gradientCheckClosures() {
  let x = [1.0, 2.0]
  let g = Reverse.gradient(at: x) { v in v[0] * v[1] + sin(v[0]) }
  #expect(GradientCheck.gradient(g, at: x) { v in v[0] * v[1] + sin(v[0]) }.passed)
  #expect(!GradientCheck.gradient([2, 1], at: x) { v in v[0] * v[1] + sin(v[0]) }.passed)
  let j = Reverse.jacobian(at: x) { v in [v[0] * v[1], sin(v[0])] }
  #expect(GradientCheck.jacobian(j, at: x) { v in [v[0] * v[1], sin(v[0])] }.passed)
  let dot = GradientCheck.dotProductTest(
    at: x, forward: { v in [v[0] * v[1], sin(v[0])] }, reverse: { v in [v[0] * v[1], sin(v[0])] })
  #expect(dot.passed)
  let wrong = GradientCheck.dotProductTest(
    at: x, forward: { v in [v[0] * v[1], sin(v[0])] }, reverse: { v in [v[0] * v[0], sin(v[0])] })
  #expect(!wrong.passed)
}

@Test func nestedClosuresAcrossEngines() {
  // d/dx [d/dy (x·y²) at y = 3] = d/dx (6x) = 6: forward over reverse, the inner function
  // closing over the outer variable lifted as a constant of the inner engine.
  let d = Forward.derivative(at: 2.0) { x in
    Reverse.derivative(at: Dual(3.0)) { y in Tracked(constant: x) * y * y }
  }
  #expect(d == 6)
}

@Test func plainNumbersMixIn() {
  let ts = [0.5, 1.5, 2.5]
  // d/dp Σ (p₀ + p₁ tᵢ)² at p = (1, 2).
  let g = Reverse.gradient(at: [1.0, 2.0]) { p in
    var s: Tracked<Double> = 0
    for t in ts {
      let r = p[0] + p[1] * Tracked(t)
      s += r * r
    }
    return s
  }
  let expected = [
    ts.reduce(0) { $0 + 2 * (1 + 2 * $1) }, ts.reduce(0) { $0 + 2 * (1 + 2 * $1) * $1 },
  ]
  #expect(GradientCheck.compare(g, expected, tolerance: .engines).passed)
}

private struct SquareAndSine: VectorToVector {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] { [x[0] * x[0], sin(x[0])] }
}

@Test func oneVectorFunctionServesEveryShape() {
  let m = SquareAndSine()
  let j = Reverse.jacobian(at: [2.0], of: m)
  #expect(Reverse.gradient(at: [2.0], of: m.output(1)) == [j[1, 0]])
  #expect(Forward.derivative(at: 2.0, of: m.scalar()) == 4)
  #expect(Forward.derivative(at: 2.0, of: m.scalar(output: 1)) == cos(2.0))
  #expect(Reverse.hessian(at: [2.0], of: m.output(0)) == Matrix([[2]]))
}

@Test func documentedNestingExamplesGiveTheirValues() {
  let confusion = Forward.derivative(at: 1.0) { x in
    x * Forward.derivative(at: Dual(1.0)) { y in Dual(constant: x) + y }
  }
  #expect(confusion == 1)
  let hv = Reverse.hessianVectorProduct(at: [1.0, 2.0], direction: [1, 0]) { v in
    v[0] * v[0] * v[1]
  }
  #expect(hv == [4, 2])
  #expect(Forward.secondDerivative(at: 1.0) { x in x * x * x } == 6)
  #expect(Forward.derivative(at: 3.0) { x in x * withoutDerivative(at: x) } == 3)
}
