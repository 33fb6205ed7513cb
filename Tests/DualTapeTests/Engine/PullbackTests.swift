import DualTapeSuite
import Foundation
import Synchronization
import Testing

@testable import DualTape

// Reverse.valueWithPullback: one recording, many cotangents; the pullback owns its tape.

struct TwoOutputs: VectorToVector {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] {
    [x[0] * x[1] + sin(x[2]), exp(x[0] - x[2]) * x[1], 2 * x[2]]
  }
}

@Test func pullbackMatchesVJPForEveryCotangent() {
  let x = [0.4, -1.1, 2.3]
  let (value, pullback) = Reverse.valueWithPullback(at: x, of: TwoOutputs())
  #expect(value == TwoOutputs()(x))
  for k in 0..<20 {
    let u = [Double(k % 3) - 1, Double(k) / 7, 0.5 - Double(k % 2)]
    let expected = Reverse.vjp(at: x, cotangent: u, of: TwoOutputs()).vjp
    #expect(pullback(u) == expected)
  }
  // The scalar form: pullback(1) is the gradient.
  let (y, scalarPullback) = Reverse.valueWithPullback(at: x, of: Coupled())
  #expect(y == Coupled()(x))
  #expect(scalarPullback(1) == Reverse.gradient(at: x, of: Coupled()))
  let twice = scalarPullback(2)
  #expect(zip(twice, Reverse.gradient(at: x, of: Coupled())).allSatisfy { $0 == 2 * $1 })
}

@Test func aLivePullbacksTapeIsNotReusedByOtherRecordings() {
  let x = (0..<50).map { Double($0) / 25 - 1 }
  let (_, pullback) = Reverse.valueWithPullback(at: x, of: Coupled())
  let before = pullback(1)
  // Many recordings on this thread meanwhile, of other sizes: they take other tapes.
  for n in 1..<40 { _ = Reverse.gradient(at: Array(x.prefix(n)), of: Coupled()) }
  #expect(pullback(1) == before)
  #expect(GradientCheck.compare(before, coupledGradient(x), tolerance: .engines).passed)
}

@Test func aPullbackWorksFromOtherThreadsAtOnceAndAfterItsThreadExited() {
  let x = [0.4, -1.1, 2.3]
  nonisolated(unsafe) var made: (@Sendable ([Double]) -> [Double])? = nil
  onNewThread { made = Reverse.valueWithPullback(at: x, of: TwoOutputs()).pullback }
  let pullback = made!
  made = nil
  let failures = Mutex(0)
  DispatchQueue.concurrentPerform(iterations: 16) { t in
    for k in 0..<50 {
      let u = [Double((t + k) % 5) - 2, Double(t) / 3, Double(k % 4)]
      if pullback(u) != Reverse.vjp(at: x, cotangent: u, of: TwoOutputs()).vjp {
        failures.withLock { $0 += 1 }
      }
    }
  }
  #expect(failures.withLock { $0 } == 0)
}

@Test func valuesLeakedFromAPullbacksRecordingAreStale() {
  nonisolated(unsafe) var leaked: Tracked<Double>? = nil
  let (_, pullback) = Reverse.valueWithPullback(at: [1.0, 2.0]) { (v: [Tracked<Double>]) in
    leaked = v[0] * v[1]
    return leaked!
  }
  #expect(pullback(1) == [2, 1])
  #expect(leaked!.generation != leaked!.tape!.pointee.generation)
}

@Test func aPullbackRejectsACotangentOfTheWrongLength() async {
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let (_, pullback) = Reverse.valueWithPullback(at: [1.0, 2]) { v in [v[0], v[1], v[0]] }
      _ = pullback([1, 2])
    }, containing: "one cotangent entry per output")
}
