import DualTape
import Testing

// The sparsity tracers follow the rule table's primitives and users' own rules.

private struct Special: VectorToScalar {
  // erf(x0)·x1 couples x0–x0 and x0–x1; floor(x2) and |x3| are piecewise linear (no
  // interaction); lgamma(x4) couples x4–x4; cbrt(x5 + x6) couples x5, x6 with both.
  func callAsFunction<T: Differentiable>(_ x: [T]) -> T {
    erf(x[0]) * x[1] + floor(x[2]) + abs(x[3]) + lgamma(x[4]) + cbrt(x[5] + x[6])
  }
}

@Test func tracersFollowRulePrimitives() {
  let x = [0.3, 0.4, 1.5, -0.6, 2.5, 0.7, 0.8]
  let jacobian = SparsityPattern.jacobian(at: x, of: ScalarMapForRules(f: Special()))
  #expect(Array(jacobian.columns(inRow: 0)) == Array(0..<7))
  let hessian = SparsityPattern.hessian(at: x, of: Special())
  let expected = SparsityPattern(
    rows: 7, columns: 7,
    entries: [(0, 0), (0, 1), (1, 0), (4, 4), (5, 5), (5, 6), (6, 5), (6, 6)])
  #expect(hessian == expected)
  let dense = Reverse.hessian(at: x, of: Special())
  for i in 0..<7 {
    for j in 0..<7 where dense[i, j] != 0 { #expect(hessian.contains(i, j), "(\(i), \(j))") }
  }
  let sparse = Reverse.sparseHessian(at: x, of: Special())
  #expect(maxRelativeDifference(sparse.dense(), dense) <= 1e-12)
}

private struct ScalarMapForRules<F: VectorToScalar>: VectorToVector {
  let f: F
  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] { [f(x)] }
}
