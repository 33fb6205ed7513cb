import DualTapeSuite
import Foundation
import Synchronization
import Testing

@testable import DualTape

// A replay must equal a fresh recording at the new point: bit for bit against
// `Reverse.gradient` (the replay folds partials into scales exactly as its live recording
// does, so it multiplies the same partials in the same order), and within rounding of the
// last place against the traced recording (`Reverse.wengertList`, one node per operation,
// which multiplies them in another order).

/// Every unary and binary primitive of the rule table, constants on either side.
struct ReplayEveryPrimitive: VectorToScalar {
  func callAsFunction<T: Differentiable>(_ v: [T]) -> T {
    let x = v[0]
    let y = v[1]
    let u = v[2]  // x, y ∈ (0.2, 0.8), u ∈ (1.5, 3)
    var s: T = exp(x) + expm1(y) + log(u) + log1p(x) + sqrt(u) + sin(x) * cos(y)
    s += tan(x) + asin(x) + acos(y) + atan(u) + sinh(x) + cosh(y) + tanh(u)
    s += abs(x - y) + sign(x - y) + relu(x - y) + sigmoid(u) + softplus(x)
    s += pow(x, n: 3) + pow(u, n: -2) + pow(u, p: 1.5) + polygamma(1, u) + digamma(u)
    s += erf(x) + erfc(y) + lgamma(u) + log2(u) + log10(u) + exp2(x) + cbrt(x - y)
    s += asinh(x) + acosh(u) + atanh(y) + floor(u) * x + ceil(u) * y + round(u) * x
    s += pow(x, y) + pow(2, x) + pow(u, 0.5) + atan2(y: x, x: y) + hypot(x, u)
    s += min(x, y) * max(x, u) + 3 / x - y / 2 + 2 - x - (-y) + x * x / (y * u)
    return s
  }
}

/// A unary user rule with a parameter (the replay must use this instance's `k`).
struct ReplayScaledSine: UnaryRule {
  var k: Double
  func value<S: RealScalar>(_ x: S) -> S { S.sin(S(k) * x) }
  func derivative<T: Differentiable>(at x: T, value y: T) -> T { T(k) * cos(T(k) * x) }
}

/// A binary user rule.
struct ReplayProductRule: BinaryRule {
  func value<S: RealScalar>(_ x: S, _ y: S) -> S { x * y }
  func firstPartial<T: Differentiable>(_ x: T, _ y: T, value z: T) -> T { y }
  func secondPartial<T: Differentiable>(_ x: T, _ y: T, value z: T) -> T { x }
}

/// A vector user rule.
struct ReplaySoftMaxRule: VectorRule {
  func value<S: RealScalar>(_ x: [S]) -> S {
    S.log(x.reduce(0) { $0 + S.exp($1) })
  }
  func gradient<T: Differentiable>(at x: [T], value y: T) -> [T] { x.map { exp($0 - y) } }
}

struct ReplayUserRules: VectorToScalar {
  func callAsFunction<T: Differentiable>(_ v: [T]) -> T {
    ReplayScaledSine(k: 2.5)(v[0]) + ReplayScaledSine(k: -0.5)(v[1])
      + ReplayProductRule()(v[0], v[2]) + ReplayProductRule()(3, v[1])
      + ReplaySoftMaxRule()([v[0], 2, v[1], v[2]]) * v[1]
  }
}

/// ℝ³ → ℝ³ for VJPs and Jacobians.
struct ReplayMap: VectorToVector {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] {
    [x[0] * x[1] + sin(x[2]), exp(x[0] - x[2]) * x[1], 2 * x[2], 5]
  }
}

/// Seeded points in [low, high]ⁿ.
func replayPoints(_ count: Int, n: Int, low: Double, high: Double, seed: UInt64) -> [[Double]] {
  var state = seed
  return (0..<count).map { _ in
    (0..<n).map { _ in
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return low + (high - low) * Double(state >> 11) / Double(1 << 53)
    }
  }
}

/// |a − b| ≤ 1e-14 · max(1, |b|) entrywise (the folded recording's rounding).
func replayClose(_ a: [Double], _ b: [Double]) -> Bool {
  a.count == b.count
    && zip(a, b).allSatisfy { Swift.abs($0 - $1) <= 1e-14 * Swift.max(1, Swift.abs($1)) }
}

@Test func replayOfEveryPrimitiveEqualsAFreshRecording() {
  let f = ReplayEveryPrimitive()
  let tape = Reverse.record(at: [0.5, 0.4, 2.2], of: f)
  #expect(tape.guardCount == 0)
  for p in replayPoints(40, n: 2, low: 0.2, high: 0.8, seed: 1) {
    let x = p + [1.5 + 1.5 * p[0]]
    let fresh = Reverse.valueWithGradient(at: x, of: f)
    let replayed = tape.valueWithGradient(at: x)
    #expect(replayed.value == fresh.value)
    #expect(replayed.gradient == fresh.gradient)
    #expect(tape.value(at: x) == f(x))
    #expect(replayClose(replayed.gradient, Reverse.wengertList(at: x, of: f).gradient))
  }
}

@Test func replayOfUserRulesUsesTheRecordedRuleInstances() {
  let f = ReplayUserRules()
  let tape = Reverse.record(at: [0.1, 0.2, 0.3], of: f)
  for x in replayPoints(30, n: 3, low: -2, high: 2, seed: 2) {
    let fresh = Reverse.valueWithGradient(at: x, of: f)
    #expect(tape.value(at: x) == fresh.value)
    #expect(tape.gradient(at: x) == fresh.gradient)
    #expect(replayClose(tape.gradient(at: x), Reverse.wengertList(at: x, of: f).gradient))
    #expect(replayClose(tape.gradient(at: x), Forward.gradient(at: x, of: f)))
  }
}

@Test func replayedVJPAndJacobianEqualFreshOnes() {
  let tape = Reverse.record(at: [0.4, -1.1, 2.3], of: ReplayMap())
  #expect(tape.outputCount == 4)
  for (k, x) in replayPoints(25, n: 3, low: -2, high: 2, seed: 3).enumerated() {
    let u = [Double(k % 3) - 1, Double(k) / 7, 0.5, 2]
    let fresh = Reverse.vjp(at: x, cotangent: u, of: ReplayMap())
    let replayed = tape.vjp(at: x, cotangent: u)
    #expect(replayed.value == fresh.value)
    #expect(replayClose(replayed.vjp, fresh.vjp))
    let jacobian = tape.valueWithJacobian(at: x)
    #expect(jacobian.value == ReplayMap()(x))
    #expect(
      replayClose(jacobian.jacobian.elements, Reverse.jacobian(at: x, of: ReplayMap()).elements))
  }
}

@Test func replayOfSuiteFunctionsEqualsFreshGradients() {
  let rosenbrock = Rosenbrock()
  let mlp = MLPLoss()
  let r = Reverse.record(at: rosenbrock.input(count: 50), of: rosenbrock)
  let m = Reverse.record(at: mlp.defaultInput, of: mlp)
  for (k, p) in replayPoints(5, n: 50, low: -1.5, high: 1.5, seed: 4).enumerated() {
    #expect(r.gradient(at: p) == Reverse.gradient(at: p, of: rosenbrock))
    #expect(replayClose(r.gradient(at: p), Reverse.wengertList(at: p, of: rosenbrock).gradient))
    let w = mlp.defaultInput.enumerated().map {
      $0.element * (1 + 0.1 * Double(($0.offset + k) % 5))
    }
    #expect(m.valueWithGradient(at: w).value == mlp(w))
    #expect(m.gradient(at: w) == Reverse.gradient(at: w, of: mlp))
    #expect(replayClose(m.gradient(at: w), Reverse.wengertList(at: w, of: mlp).gradient))
  }
}

@Test func aReplayOwnsItsDataAfterThePoolTapeIsReused() {
  let f = ReplayEveryPrimitive()
  let x = [0.3, 0.6, 2.9]
  let tape = Reverse.record(at: [0.5, 0.4, 2.2], of: f)
  let before = tape.gradient(at: x)
  // Recordings of other functions and sizes on this thread reuse the tape it was recorded on.
  for n in 2..<60 { _ = Reverse.gradient(at: Rosenbrock().input(count: n), of: Rosenbrock()) }
  _ = Reverse.wengertList(at: [0.1, 0.2, 2], of: f)
  #expect(tape.gradient(at: x) == before)
  #expect(before == Reverse.gradient(at: x, of: f))
}

@Test func oneRecordingServesManyThreadsAtOnce() {
  let f = ReplayEveryPrimitive()
  let tape = Reverse.record(at: [0.5, 0.4, 2.2], of: f)
  let points = replayPoints(64, n: 2, low: 0.2, high: 0.8, seed: 5).map { $0 + [2 + $0[1]] }
  let serial = points.map { tape.valueWithGradient(at: $0) }
  let failures = Mutex(0)
  DispatchQueue.concurrentPerform(iterations: 8) { t in
    for round in 0..<20 {
      let k = (t * 7 + round * 3) % points.count
      let (value, gradient) = tape.valueWithGradient(at: points[k])
      if value != serial[k].value || gradient != serial[k].gradient {
        failures.withLock { $0 += 1 }
      }
    }
  }
  #expect(failures.withLock { $0 } == 0)
}

/// `withoutDerivative` inside a replayable recording: the detached value follows the replay.
struct ReplayDetaching: VectorToScalar {
  func callAsFunction<T: Differentiable>(_ v: [T]) -> T {
    let scale = withoutDerivative(at: v[0] * v[1])
    return scale * sin(v[0]) + v[1] * withoutDerivative(at: exp(v[1]))
  }
}

@Test func aDetachedValueFollowsTheReplay() {
  let f = ReplayDetaching()
  let tape = Reverse.record(at: [0.3, 0.4], of: f)
  for x in replayPoints(20, n: 2, low: -2, high: 2, seed: 6) {
    let fresh = Reverse.valueWithGradient(at: x, of: f)
    #expect(tape.value(at: x) == fresh.value)
    #expect(tape.gradient(at: x) == fresh.gradient)
    #expect(replayClose(tape.gradient(at: x), Reverse.wengertList(at: x, of: f).gradient))
    #expect(replayClose(tape.gradient(at: x), [x[0] * x[1] * cos(x[0]), exp(x[1])]))
  }
}

/// Repeated bodies: a running sum (kept in a register by a block), a recurrence whose next
/// step reads the previous step's last operation (which a block must not reorder), and a
/// body over strided inputs.
struct ReplayLoops: VectorToScalar {
  func callAsFunction<T: Differentiable>(_ v: [T]) -> T {
    var s: T = 0
    for i in 0..<(v.count - 1) { s += v[i] * v[i + 1] - 2 * v[i] }
    var y = v[0]
    for k in 0..<12 { y = y * y / (1 + y * y) - 0.5 * y + v[k % v.count] }
    var t: T = 1
    for i in stride(from: 0, to: v.count - 1, by: 2) { t = t * 0.5 + exp(v[i] - v[i + 1]) }
    return s + y * t
  }
}

@Test func repeatedBodiesReplayAsTheRecordingDoes() {
  let f = ReplayLoops()
  let tape = Reverse.record(at: (0..<16).map { 0.1 * Double($0) - 0.7 }, of: f)
  // The running sum and the strided body become blocks.
  #expect(tape.program.instructions.contains { $0.opcode == .block })
  for x in replayPoints(10, n: 16, low: -1, high: 1, seed: 7) {
    let fresh = Reverse.valueWithGradient(at: x, of: f)
    #expect(tape.value(at: x) == fresh.value)
    #expect(tape.gradient(at: x) == fresh.gradient)
    #expect(replayClose(tape.gradient(at: x), Reverse.wengertList(at: x, of: f).gradient))
  }
}

@Test func aReplaySweepsAsFewNodesAsALiveRecording() {
  // One-operand results and products of a node with itself fold into scales, as live.
  for (f, x): (any VectorToScalar, [Double]) in [
    (Rosenbrock(), Rosenbrock().input(count: 40)), (MLPLoss(), MLPLoss().defaultInput),
    (ReplayLoops(), (0..<9).map { 0.2 * Double($0) - 0.8 }),
  ] {
    let tape = Reverse.record(at: x, of: f)
    let live = Reverse.record(x) { tape, xs in
      _ = f(xs)
      return tape.pointee.count
    }
    #expect(tape.program.sweepCount == live)
  }
}

/// An infinite partial (√ at 0) behind an exactly-zero one (relu below 0, a product with 0).
struct ReplayZeroTimesInfinity: VectorToScalar {
  func callAsFunction<T: Differentiable>(_ v: [T]) -> T {
    sqrt(relu(v[0])) + 0 * sqrt(v[1]) + v[1] * v[2]
  }
}

@Test func anExactlyZeroPartialStopsAnInfiniteOneAsLive() {
  let f = ReplayZeroTimesInfinity()
  let tape = Reverse.record(at: [1, 1, 1], of: f)
  for x in [[-1.0, 0, 2], [-0.5, 0, -3], [0, 0, 1]] {
    let replayed = tape.gradient(at: x)
    #expect(replayed == Reverse.gradient(at: x, of: f))
    #expect(replayed[1] == x[2] && replayed[2] == x[1])
  }
}
