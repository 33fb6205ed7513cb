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

@Test func aUserRuleInTheSymbolicEngineStopsNamingTheRule() async {
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = LambertW()(Expr.variable("x"))
    }, containing: "the rule LambertW is a user's own rule")
}
