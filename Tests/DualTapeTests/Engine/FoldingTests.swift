import DualTapeSuite
import Foundation
import Synchronization
import Testing

@testable import DualTape

// Operations with one recorded operand fold into the next node (no node of their own); the
// derivatives must be exactly those of the unfolded tape.

@Test func foldedOperationsRecordNoNodes() {
  // Rosenbrock's term (1 - x)² + 100(y - x²)²: 3 nodes (y - x², the sum of the two squares,
  // and the running sum), not 8.
  _ = Reverse.record([0.5, 2.0]) { tape, v in
    let before = tape.pointee.count
    let a = 1 - v[0]
    let b = v[1] - v[0] * v[0]
    let s: Tracked<Double> = 0 + (a * a + 100 * b * b)
    #expect(tape.pointee.count - before == 2)
    #expect(s.value == 0.25 + 100 * 1.75 * 1.75)
    return 0
  }
}

@Test func foldedOutputsAndChainsHaveExactDerivatives() {
  let x = [0.7, -1.3, 2.1]
  // An output that is a folded input (2·x₀), a chain of unary operations, a square.
  #expect(Reverse.gradient(at: x) { v in 2 * v[0] } == [2, 0, 0])
  #expect(Reverse.gradient(at: x) { v in -(3 - v[1]) } == [0, 1, 0])
  let chain = Reverse.gradient(at: x) { v in exp(sin(2 * v[2])) }
  let expected = Foundation.exp(Foundation.sin(4.2)) * Foundation.cos(4.2) * 2
  #expect(Swift.abs(chain[2] - expected) < 1e-14)
  #expect(Reverse.gradient(at: x) { v in v[1] * v[1] } == [0, -2.6, 0])
  // x - x is exactly zero: nothing flows back.
  #expect(Reverse.gradient(at: x) { v in v[0] - v[0] } == [0, 0, 0])
  // A Jacobian whose rows are a folded input, a square, a product and a constant.
  let j = Reverse.jacobian(at: x) { v in [2 * v[0], v[1] * v[1], v[0] * v[2], Tracked(3)] }
  let forward = Forward.jacobian(at: x) { v in [2 * v[0], v[1] * v[1], v[0] * v[2], Dual(3)] }
  #expect(j.elements == forward.elements)
}

@Test func foldingAgreesWithForwardModeOnTheSuite() {
  // Each suite function with folding (gradient) against forward mode to 1e-12.
  for f in Suite.vectorFunctions {
    let x = f.defaultInput
    let r = Reverse.gradient(at: x, of: f)
    let g = Forward.gradient(at: x, of: f)
    #expect(GradientCheck.compare(r, g, tolerance: .engines).passed, "\(f.name)")
  }
}
