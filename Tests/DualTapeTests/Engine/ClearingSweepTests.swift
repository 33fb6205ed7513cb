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
    #expect(tape.zeroPrefix >= 4 * x.count)
    #expect(tape.zeroPrefix <= tape.adjointCapacity)
    let nonzero = (0..<tape.zeroPrefix).filter { tape.adjoints[$0].bitPattern != 0 }
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

/// Fused nodes of both forms (three edges, and four where the addend is the product recorded
/// just before), so that the clearing sweep also runs over their lower slots.
struct FusedChain: VectorToScalar {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> T {
    var s: T = 0
    for i in 0..<(x.count - 2) {
      s = s + fma(x[i], x[i + 1], x[i + 2] * x[i]) + fma(x[i + 2], x[i + 1], sin(x[i]))
    }
    return s
  }
}

@Test func fusedNodesFloatAndHessiansBetweenGradientsStayExact() {
  // Fused nodes in Double and Float, at sizes up and down, with forward-over-reverse Hessians
  // (dual-number tapes, swept without clearing) in between; each against forward mode.
  for (k, n) in [40, 3, 300, 9, 120].enumerated() {
    let x = (0..<n).map { Double(($0 * 7 + k) % 11) / 4 - 1.2 }
    let g = Reverse.gradient(at: x, of: FusedChain())
    let forward = Forward.gradient(at: x, of: FusedChain())
    #expect(GradientCheck.compare(g, forward, tolerance: .engines).passed, "Double, n = \(n)")
    let xf = x.map { Float($0) }
    let gf = Reverse.gradient(at: xf, of: FusedChain())
    let forwardf = Forward.gradient(at: xf, of: FusedChain())
    #expect(GradientCheck.compare(gf, forwardf, tolerance: .engines).passed, "Float, n = \(n)")
    if n <= 40 {
      let h = Reverse.hessian(at: x, of: FusedChain())
      #expect(
        GradientCheck.compare(h, Forward.hessian(at: x, of: FusedChain()), tolerance: .engines)
          .passed, "Hessian, n = \(n)")
    }
  }
  idleDoubleTape { tape in
    let nonzero = (0..<tape.zeroPrefix).filter { tape.adjoints[$0].bitPattern != 0 }
    #expect(nonzero == [])
  }
}
