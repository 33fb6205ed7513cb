import Testing

@testable import DualTape

// The edge guard is a type parameter of one forward number type (Forward/EdgePolicy.swift):
// `Dual` and `DualVector` are the guarded instances, the drivers' first run uses the plain one.
// Both run the same rule code; these tests pin what differs (0 · ∞) and what must not.

/// x0 + 1/(2·(1/x1)): at (1, 0) the partial along x1 of the inner 1/x1 is infinite.
private func edge<T: Differentiable>(_ x0: T, _ x1: T) -> T { x0 + 1 / (2 * (1 / x1)) }

@Test func guardedAndPlainPoliciesDifferOnlyAtZeroTimesInfinity() {
  // Away from an edge: the same value and tangent bit for bit.
  for (a, b) in [(0.3, 1.7), (-2.0, 0.25), (5.0, -3.5)] {
    let g = edge(Dual(a, tangent: 1), Dual(b, tangent: 0))
    let p = edge(UnguardedDual(a, tangent: 1), UnguardedDual(b, tangent: 0))
    #expect(g.value == p.value && g.tangent == p.tangent)
    #expect(g.tangent == 1)
  }
  // At the edge: the guard drops 0 · ∞ (∂/∂x0 = 1), plain multiplication gives NaN.
  let g = edge(Dual(1.0, tangent: 1), Dual(0.0, tangent: 0))
  let p = edge(UnguardedDual(1.0, tangent: 1), UnguardedDual(0.0, tangent: 0))
  #expect(g.tangent == 1)
  #expect(p.tangent.isNaN)
  #expect(g.value == p.value)
}

@Test func chunkLanesFollowTheSamePolicies() {
  let lanes = SIMD4<Double>(1, 0, 0, 0)
  let g = edge(DualVector(1.0, partials: lanes), DualVector(0.0, partials: SIMD4()))
  let p = edge(
    UnguardedDualVector(1.0, partials: lanes), UnguardedDualVector(0.0, partials: SIMD4()))
  #expect(g.partials == SIMD4(1, 0, 0, 0))
  #expect(p.partials[0].isNaN)
  #expect(EdgeGuard.guardsEdges)
  #expect(!EdgeUnguarded.guardsEdges)
}

@Test func eachPolicyPrintsItsOwnName() {
  #expect("\(Dual(1.5, tangent: 2))" == "Dual(1.5, tangent: 2.0)")
  #expect("\(UnguardedDual(1.5, tangent: 2))" == "UnguardedDual(1.5, tangent: 2.0)")
  #expect(
    "\(DualVector(1.0, partials: SIMD2<Double>(2, 3)))" == "DualVector(1.0, partials: [2.0, 3.0])")
  #expect(
    "\(UnguardedDualVector(1.0, partials: SIMD2<Double>(2, 3)))"
      == "UnguardedDualVector(1.0, partials: [2.0, 3.0])")
}

@Test func theDriversResultIsTheGuardedOneAtAnEdge() {
  // The rank-2 driver runs plain first and guarded again where a tangent is NaN.
  struct Edge: VectorToScalar {
    func callAsFunction<T: Differentiable>(_ v: [T]) -> T { edge(v[0], v[1]) }
  }
  let r = Forward.directionalDerivative(at: [1.0, 0.0], direction: [1, 0], of: Edge())
  let closure = Forward.directionalDerivative(at: [1.0, 0.0], direction: [1, 0]) { v in
    edge(v[0], v[1])
  }
  #expect(r.derivative == 1 && closure.derivative == 1)
  #expect(r.value == closure.value)
}
