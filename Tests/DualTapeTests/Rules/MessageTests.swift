import DualTape
import Testing

// Silent wrong answers turned into messages that advise only what works.

@Test func perturbationConfusionInTheNaturalSpellingStops() async {
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Forward.derivative(at: 1.0) { (x: Dual<Double>) -> Dual<Double> in
        x * Dual(constant: Forward.derivative(at: 1.0) { y in x + y })
      }
    }, containing: "Forward.derivative(at: Dual(constant: 1.0)) { y in Dual(constant: x) + y }")
  // What the message advises gives the right answer, 1.
  let d = Forward.derivative(at: 1.0) { (x: Dual<Double>) in
    x * Forward.derivative(at: Dual(constant: 1.0)) { y in Dual(constant: x) + y }
  }
  #expect(d == 1)
}

@Test func nestedReverseMessageNoLongerAdvisesPassingValues() async {
  let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
    _ = Reverse.gradient(at: [1.0]) { outer in
      let inner = Reverse.gradient(at: [2.0]) { v in v[0] * outer[0] }
      return outer[0] * Tracked(inner[0])
    }
  }
  expectMessage(result, containing: "Reverse.hessian")
  let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
  #expect(!text.contains("x.value"), "\(text)")
}

@Test func aUserVectorRuleInTheSymbolicEngineStopsNamingTheRule() async {
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = UserLogSumExp()([Expr.variable("x"), Expr.variable("y")])
    }, containing: "the rule UserLogSumExp is a user's own vector rule")
}

/// A rule with a parameter cannot be a symbolic node, which keeps only the rule's name.
private struct ScaledExp: UnaryRule {
  var scale: Double
  func value<S: RealScalar>(_ x: S) -> S { S.exp(S(scale) * x) }
  func derivative<T: Differentiable>(at x: T, value y: T) -> T { T(scale) * y }
}

@Test func aUserRuleWithStoredPropertiesInTheSymbolicEngineStops() async {
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = ScaledExp(scale: 2)(Expr.variable("x"))
    }, containing: "has stored properties")
  #expect(Forward.derivative(at: 0.5) { ScaledExp(scale: 2)($0) } == 2 * exp(1.0))
}

@Test func nestedReverseMessageShowsTheLiftedSpellingThatWorks() async {
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Reverse.derivative(at: 2.0) { (x: Tracked<Double>) -> Tracked<Double> in
        x * Tracked(Reverse.derivative(at: 3.0) { (y: Tracked<Double>) in x * y * y })
      }
    }, containing: "Reverse.derivative(at: Tracked(constant: 3.0)) { y in Tracked(constant: x)")
  // What the message advises nests reverse over reverse: d/dx [∂/∂y (x·y²) at y = 3] = 6,
  // and at another point d/dx [∂/∂y (x²·y³) at y = 2] = 2x · 3 · 4 = 24 at x = 1.
  let mixed = Reverse.derivative(at: 2.0) { x in
    Reverse.derivative(at: Tracked(constant: 3.0)) { y in Tracked(constant: x) * y * y }
  }
  #expect(mixed == 6)
  let cubic = Reverse.derivative(at: 1.0) { x in
    Reverse.derivative(at: Tracked(constant: 2.0)) { y in
      Tracked(constant: x * x) * y * y * y
    }
  }
  #expect(cubic == 24)
}
