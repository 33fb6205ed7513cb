import DualTape
import Testing

// A user's own primitives, defined once by value and partials, under every engine and nesting.

/// The Lambert W function (principal branch), a function without a closed form: the value by
/// Newton's method on w·eʷ − x, the derivative W/(x(1 + W)) written generically.
struct LambertW: UnaryRule {
  func value<S: RealScalar>(_ x: S) -> S {
    var w = x < 1 ? x : S.log(x)
    for _ in 0..<100 {
      let e = S.exp(w)
      let step = (w * e - x) / (e * (w + 1))
      w -= step
      if abs(step) <= 4 * S.ulpOfOne * max(1, abs(w)) { break }
    }
    return w
  }
  func derivative<T: Differentiable>(at x: T, value w: T) -> T { w / (x * (1 + w)) }
}

/// √(x² + y²) as a user's binary rule.
struct UserHypot: BinaryRule {
  func value<S: RealScalar>(_ x: S, _ y: S) -> S { (x * x + y * y).squareRoot() }
  func firstPartial<T: Differentiable>(_ x: T, _ y: T, value z: T) -> T { x / z }
  func secondPartial<T: Differentiable>(_ x: T, _ y: T, value z: T) -> T { y / z }
}

/// log Σ eˣⁱ as a user's vector rule; its gradient is the softmax.
struct UserLogSumExp: VectorRule {
  func value<S: RealScalar>(_ x: [S]) -> S {
    let m = x.max()!
    return m + S.log(x.reduce(0) { $0 + S.exp($1 - m) })
  }
  func gradient<T: Differentiable>(at x: [T], value y: T) -> [T] { x.map { exp($0 - y) } }
}

private let lambertW = LambertW()

private struct WOf: ScalarToScalar {
  func callAsFunction<T: Differentiable>(_ x: T) -> T { lambertW(x) * x + sin(lambertW(x)) }
}
private struct WOfProduct: VectorToScalar {
  func callAsFunction<T: Differentiable>(_ v: [T]) -> T { lambertW(v[0] * v[1]) + v[0] }
}
private struct WOfProductAndHypot: VectorToScalar {
  func callAsFunction<T: Differentiable>(_ v: [T]) -> T {
    lambertW(v[0] * v[1]) + UserHypot()(v[0], v[1])
  }
}
private struct ThroughBinaryAndVector: VectorToScalar {
  func callAsFunction<T: Differentiable>(_ v: [T]) -> T {
    UserHypot()(v[0], v[1]) * UserLogSumExp()([v[0], v[1] * v[2], v[2]])
  }
}
private struct BuiltIn: VectorToScalar {
  func callAsFunction<T: Differentiable>(_ v: [T]) -> T {
    let a = v[0]
    let b = v[1] * v[2]
    let c = v[2]
    let m = max(max(a, b), c)
    let sum: T = exp(a - m) + exp(b - m) + exp(c - m)
    return hypot(a, v[1]) * (m + log(sum))
  }
}

@Suite("Users' own rules")
struct UserRuleTests {
  @Test func lambertWValuesSatisfyTheDefiningEquation() {
    for x in [-0.3, -0.1, 0, 0.5, 1, 2, 10, 1e3] {
      let w = lambertW(x)
      #expect(abs(w * exp(w) - x) <= 1e-13 * max(1, abs(x)), "W(\(x)) = \(w)")
    }
    #expect(abs(lambertW(1.0) - 0.567_143_290_409_783_8) < 1e-15)  // the omega constant
    #expect(abs(Double(lambertW(Float(1))) - 0.567_143_290_409_783_8) < 1e-6)
  }

  @Test func lambertWDerivativeInBothEnginesMatchesFiniteDifferences() {
    for x in [-0.2, 0.5, 1, 3, 20] {
      let forward = Forward.derivative(at: x, of: WOf())
      let reverse = Reverse.derivative(at: x, of: WOf())
      let fd = FiniteDifference.derivative(at: x, method: .richardson, of: WOf())
      #expect(abs(forward - fd) <= 1e-8 * max(1, abs(fd)), "x = \(x)")
      #expect(abs(forward - reverse) <= 1e-14 * max(1, abs(fd)))
      // The closed form: W' = W / (x (1 + W)).
      let w = lambertW(1.0)
      #expect(abs(Forward.derivative(at: 1.0) { lambertW($0) } - w / (1 + w)) < 1e-15)
    }
  }

  @Test func lambertWSecondDerivativeAndHessianThroughNesting() {
    // W'' = −W² (W + 2) / (x² (1 + W)³).
    for x in [0.5, 1, 4] {
      let w = lambertW(x)
      let exact = -w * w * (w + 2) / (x * x * (1 + w) * (1 + w) * (1 + w))
      let second = Forward.secondDerivative(at: x) { lambertW($0) }
      #expect(abs(second - exact) <= 1e-13 * abs(exact), "x = \(x)")
      // Reverse over forward, forward over reverse: the same number.
      let overReverse = Forward.derivative(at: x) { (d: Dual<Double>) in
        Reverse.derivative(at: d) { lambertW($0) }
      }
      #expect(abs(overReverse - exact) <= 1e-13 * abs(exact))
    }
    let point = [1.5, 0.8]
    let forward = Forward.hessian(at: point, of: WOfProduct())
    let reverse = Reverse.hessian(at: point, of: WOfProduct())
    let fd = FiniteDifference.jacobian(at: point, method: .richardson) {
      Reverse.gradient(at: $0, of: WOfProduct())
    }
    for (a, (b, c)) in zip(forward.elements, zip(reverse.elements, fd.elements)) {
      #expect(abs(a - b) <= 1e-13 && abs(a - c) <= 1e-7, "\(forward) \(reverse) \(fd)")
    }
    #expect(forward[0, 1] == forward[1, 0] && abs(reverse[0, 1] - reverse[1, 0]) <= 1e-14)
  }

  @Test func binaryAndVectorRulesAgreeWithTheBuiltInsEverywhere() {
    let x = [0.7, -1.3, 0.4]
    let reference = Reverse.gradient(at: x, of: BuiltIn())
    let fd = FiniteDifference.gradient(at: x, method: .richardson, of: ThroughBinaryAndVector())
    for g in [
      Reverse.gradient(at: x, of: ThroughBinaryAndVector()),
      Forward.gradient(at: x, of: ThroughBinaryAndVector()),  // DualVector chunks
      (0..<3).map { i in
        Forward.directionalDerivative(
          at: x, direction: (0..<3).map { $0 == i ? 1.0 : 0 }, of: ThroughBinaryAndVector()
        ).derivative
      },  // Dual
    ] {
      for i in 0..<3 {
        #expect(abs(g[i] - reference[i]) <= 1e-13 && abs(g[i] - fd[i]) <= 1e-8, "\(g)")
      }
    }
    let h = Forward.hessian(at: x, of: ThroughBinaryAndVector())
    let hr = Reverse.hessian(at: x, of: ThroughBinaryAndVector())
    let hb = Reverse.hessian(at: x, of: BuiltIn())
    for k in 0..<9 {
      #expect(abs(h.elements[k] - hb.elements[k]) <= 1e-12)
      #expect(abs(hr.elements[k] - hb.elements[k]) <= 1e-12)
    }
    let f = Reverse.gradient(at: x.map(Float.init), of: ThroughBinaryAndVector())
    for i in 0..<3 { #expect(abs(Double(f[i]) - reference[i]) <= 1e-5) }
  }

  @Test func aUserRuleIsOneTapeNodeNamedByTheRule() {
    let list = Reverse.wengertList(at: [2.0]) { v in lambertW(v[0]) }
    #expect(list.rows.map(\.definition) == ["x0", "custom(v1)"])
    let w = lambertW(2.0)
    #expect(abs(list.gradient[0] - w / (2 * (1 + w))) < 1e-15)
  }

  @Test func userRulesAreSymbolicNodes() throws {
    let x = Expr.variable("x")
    let y = Expr.variable("y")
    let f = lambertW(x * y) + UserHypot()(x, y)
    #expect("\(f)" == "LambertW(x * y) + UserHypot(x, y)")
    let g = f.gradient(withRespectTo: [x, y])
    let h = f.hessian(withRespectTo: [x, y])
    let point = [1.5, 0.8]
    let numeric = Reverse.gradient(at: point) { v in lambertW(v[0] * v[1]) + UserHypot()(v[0], v[1])
    }
    let hessian = Reverse.hessian(at: point, of: WOfProductAndHypot())
    let compiled = try CompiledExpression(g + h.elements, variables: ["x", "y"])(point)
    for i in 0..<2 {
      let value = try g[i].evaluate(["x": point[0], "y": point[1]])
      #expect(abs(value - numeric[i]) <= 1e-13 && abs(compiled[i] - numeric[i]) <= 1e-13)
    }
    for k in 0..<4 { #expect(abs(compiled[2 + k] - hessian.elements[k]) <= 1e-12) }
  }

  @Test func builtInRulesAreTheSymbolicEnginesPartialsToo() throws {
    let x = Expr.variable("x")
    let f = erf(x) + lgamma(x) * tan(x)
    let d = f.derivative(withRespectTo: x)
    for point in [0.3, 1.7] {
      let value = try d.evaluate(["x": point])
      let forward = Forward.derivative(at: point) { erf($0) + lgamma($0) * tan($0) }
      #expect(abs(value - forward) <= 1e-13 * max(1, abs(forward)))
    }
    #expect("\(lgamma(x).derivative(withRespectTo: x))" == "polygamma(0, x)")
  }
}
