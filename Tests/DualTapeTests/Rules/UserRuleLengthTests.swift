import DualTape
import Testing

// A user's vector rule must return one partial per argument. Every engine takes a rule's
// partials through one checked entry point, so a gradient one entry short (which engines
// used to cut to the shorter length, and the replay to read past) or one entry long (which
// was silently dropped) stops with a message naming the rule and both lengths.

/// x0·x1 + x0·x2 with a gradient one entry short: [x1 + x2, x0] (∂/∂x2 = x0 missing).
struct ShortGradientRule: VectorRule {
  func value<S: RealScalar>(_ x: [S]) -> S { x[0] * x[1] + x[0] * x[2] }
  func gradient<T: Differentiable>(at x: [T], value y: T) -> [T] { [x[1] + x[2], x[0]] }
}

/// The same function with a gradient one entry long.
struct LongGradientRule: VectorRule {
  func value<S: RealScalar>(_ x: [S]) -> S { x[0] * x[1] + x[0] * x[2] }
  func gradient<T: Differentiable>(at x: [T], value y: T) -> [T] {
    [x[1] + x[2], x[0], x[0], x[0]]
  }
}

/// The same function, with a gradient one entry short only where x0 < 1 (a replay recorded
/// elsewhere meets it).
struct ShortBelowOneRule: VectorRule {
  func value<S: RealScalar>(_ x: [S]) -> S { x[0] * x[1] + x[0] * x[2] }
  func gradient<T: Differentiable>(at x: [T], value y: T) -> [T] {
    x[0] < 1 ? [x[1] + x[2], x[0]] : [x[1] + x[2], x[0], x[0]]
  }
}

/// The same function, correct: the reference.
struct RightGradientRule: VectorRule {
  func value<S: RealScalar>(_ x: [S]) -> S { x[0] * x[1] + x[0] * x[2] }
  func gradient<T: Differentiable>(at x: [T], value y: T) -> [T] { [x[1] + x[2], x[0], x[0]] }
}

private struct Through<R: VectorRule>: VectorToScalar {
  var rule: R
  func callAsFunction<T: Differentiable>(_ x: [T]) -> T { rule(x) * x[0] + x[1] }
}

private let phrase = "was applied to 3 arguments but its gradient(at:value:) returned"

@Suite("User rule lengths")
struct UserRuleLengthTests {
  @Test func theRightRuleAgreesWithTheClosedForm() {
    // f = (x0·x1 + x0·x2)·x0 + x1: ∇f = [2x0(x1 + x2), x0² + 1, x0²].
    let x = [2.0, 1.0, 3.0]
    let truth = [16.0, 5, 4]
    let f = Through(rule: RightGradientRule())
    #expect(Reverse.gradient(at: x, of: f) == truth)
    #expect(Forward.gradient(at: x, of: f) == truth)
    #expect(Reverse.record(at: x) { v in [f(v)] }.gradient(at: x) == truth)
  }

  @Test func aShortGradientStopsInTheForwardEngines() async {
    expectMessage(
      await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
        // Dual: one tangent per pass.
        _ = Forward.directionalDerivative(
          at: [2.0, 1, 3], direction: [0, 0, 1], of: Through(rule: ShortGradientRule()))
      }, containing: "the vector rule ShortGradientRule " + phrase + " 2 partials")
    expectMessage(
      await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
        // A rank-2 function: the unguarded chunked pass first.
        _ = Forward.gradient(at: [2.0, 1, 3], of: Through(rule: ShortGradientRule()))
      }, containing: "ShortGradientRule " + phrase + " 2 partials")
    expectMessage(
      await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
        // A closure: the guarded DualVector chunks.
        _ = Forward.gradient(at: [2.0, 1, 3]) { v in ShortGradientRule()(v) }
      }, containing: "ShortGradientRule " + phrase + " 2 partials")
    expectMessage(
      await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
        _ = Forward.hessian(at: [2.0, 1, 3], of: Through(rule: ShortGradientRule()))
      }, containing: "ShortGradientRule " + phrase + " 2 partials")
  }

  @Test func aShortGradientStopsOnTheTapeAndInTheReplay() async {
    expectMessage(
      await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
        _ = Reverse.gradient(at: [2.0, 1, 3], of: Through(rule: ShortGradientRule()))
      }, containing: "ShortGradientRule " + phrase + " 2 partials")
    expectMessage(
      await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
        _ = Reverse.hessian(at: [2.0, 1, 3], of: Through(rule: ShortGradientRule()))
      }, containing: "ShortGradientRule " + phrase + " 2 partials")
    expectMessage(
      await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
        // Recorded where the rule is right; the replay recomputes the partials at the new
        // point, where it is one short (it used to read past the gradient's end).
        let f = Reverse.record(at: [2.0, 1, 3]) { v in [ShortBelowOneRule()(v)] }
        _ = f.gradient(at: [0.5, 2, 3])
      }, containing: "ShortBelowOneRule " + phrase + " 2 partials")
  }

  @Test func aLongGradientStopsRatherThanBeingDropped() async {
    expectMessage(
      await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
        _ = Reverse.gradient(at: [2.0, 1, 3], of: Through(rule: LongGradientRule()))
      }, containing: "the vector rule LongGradientRule " + phrase + " 4 partials")
    expectMessage(
      await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
        _ = Forward.derivative(at: 2.0) { x in LongGradientRule()([x, x, x]) }
      }, containing: "LongGradientRule " + phrase + " 4 partials")
  }
}
