import Foundation
import Testing

@testable import DualTape

// The gradient's clearing sweep: it leaves the adjoints it used zero, so the next sweep on the
// pooled tape skips zeroing them. Every result is checked against the analytic gradient or the
// plain reverse gradient, whatever ran on the tape before.

/// The calling thread's idle `Double` tape, taken and given back (the one the next call uses).
func idleDoubleTape<R>(_ body: (TapeStorage<Double>) -> R) -> R {
  let tape = TapePool.acquire(Double.self)
  defer { TapePool.release(tape) }
  return body(tape.pointee)
}

@Test func aGradientLeavesTheAdjointsItUsedZero() {
  let x = (0..<500).map { Double($0 % 9) / 4 - 1 }
  let g = Reverse.gradient(at: x, of: Coupled())
  #expect(GradientCheck.compare(g, coupledGradient(x), tolerance: .engines).passed)
  idleDoubleTape { tape in
    // Inputs, every node swept and the output: at least the recording's nodes.
    #expect(tape.zeroAdjoints >= 4 * x.count)
    #expect(tape.zeroAdjoints <= tape.adjointCapacity)
    let nonzero = (0..<tape.zeroAdjoints).filter { tape.adjoints[$0].bitPattern != 0 }
    #expect(nonzero == [])
  }
}

@Test func gradientsAfterOtherSweepsAndOtherSizesAreExact() {
  // Sizes up and down (the clean prefix shorter and longer than the next recording, and the
  // buffer grown), and drivers that write the adjoints without clearing them in between.
  let sizes = [3, 400, 17, 1_000, 1, 250, 2_000, 40]
  for (k, n) in sizes.enumerated() {
    let x = (0..<n).map { Double(($0 * 5 + k) % 13) / 5 - 1.1 }
    let g = Reverse.gradient(at: x, of: Coupled())
    #expect(
      GradientCheck.compare(g, coupledGradient(x), tolerance: .engines).passed,
      "gradient at n = \(n) after \(k) other calls")
    if k % 2 == 0 {
      // vjp sweeps without clearing; the Jacobian of a small map as well.
      let u = Reverse.vjp(at: x, cotangent: [2]) { v in [Coupled()(v)] }
      #expect(GradientCheck.compare(u.vjp, g.map { 2 * $0 }, tolerance: .engines).passed)
    } else {
      let p = (0..<3).map { x[$0 % n] }
      let j = Reverse.jacobian(at: p) { v in [v[0] * v[1], sin(v[2]) * v[0]] }
      let expected = [p[1], p[0], 0, Foundation.sin(p[2]), 0, Foundation.cos(p[2]) * p[0]]
      #expect(GradientCheck.compare(j.elements, expected, tolerance: .engines).passed)
    }
  }
}

@Test func checkpointedGradientsInARowEqualThePlainOne() {
  // The checkpointed pass sweeps one recording per step on one tape, each seeded with the
  // adjoint carried from the step after it: the second pass, and one after a plain gradient on
  // the same thread, must give the same numbers.
  let n = pendulumStart.count
  let v = pendulumStart + pendulumParameters
  let plain = Reverse.gradient(at: v) { w in
    unrolled(DrivenPendulum(), w, n: n, steps: 60) { x, p, i in i == 59 ? finalLoss(x, p) : nil }
  }
  for pass in 0..<3 {
    if pass == 2 { _ = Reverse.gradient(at: (0..<3_000).map { Double($0 % 7) }, of: Coupled()) }
    let r = Reverse.checkpointedGradient(
      initialState: pendulumStart, parameters: pendulumParameters, steps: 60, checkpoints: 5,
      step: DrivenPendulum()
    ) { x, p in finalLoss(x, p) }
    let g = r.initialStateGradient + r.parameterGradient
    #expect(GradientCheck.compare(g, plain, tolerance: .engines).passed, "pass \(pass)")
  }
}
