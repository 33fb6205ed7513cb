import DualTape
import Testing

// withoutDerivative(at:) inside a function: sparsity detection treats the detached value as
// a constant (it depends on no input), so the sparse drivers and Auto give the right entries.

/// y = (x0·x1 with x1 detached, x1): J = [[x1, 0], [0, 1]].
private struct DetachedFactor: VectorToVector {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] {
    [x[0] * withoutDerivative(at: x[1]), x[1]]
  }
}

/// f = x0²·x1 (x1 detached) + x1·x2: H = [[2 x1, 0, 0], [0, 0, 1], [0, 1, 0]].
private struct DetachedWeight: VectorToScalar {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> T {
    x[0] * x[0] * withoutDerivative(at: x[1]) + x[1] * x[2]
  }
}

@Test func detachedValueIsAConstantInTheJacobianPattern() {
  let x = [1.0, 2.0]
  let truth = Matrix(rows: 2, columns: 2, elements: [2.0, 0, 0, 1])
  #expect(Forward.jacobian(at: x, of: DetachedFactor()) == truth)
  let pattern = SparsityPattern.jacobian(at: x, of: DetachedFactor())
  #expect(pattern == SparsityPattern(rows: 2, columns: 2, entries: [(0, 0), (1, 1)]))
  let plan = SparseJacobianPlan(at: x, of: DetachedFactor())
  #expect(Forward.sparseJacobian(at: x, plan: plan, of: DetachedFactor()).dense() == truth)
  #expect(Reverse.sparseJacobian(at: x, plan: plan, of: DetachedFactor()).dense() == truth)
  #expect(Auto.jacobian(at: x, of: DetachedFactor()) == truth)
  #expect(Auto.sparseJacobian(at: x, of: DetachedFactor()).dense() == truth)
}

@Test func detachedValueAddsNoInteractionToTheHessianPattern() {
  let x = [1.5, 2.0, -0.5]
  let truth = Matrix(rows: 3, columns: 3, elements: [4.0, 0, 0, 0, 0, 1, 0, 1, 0])
  #expect(Reverse.hessian(at: x, of: DetachedWeight()) == truth)
  let pattern = SparsityPattern.hessian(at: x, of: DetachedWeight())
  #expect(pattern == SparsityPattern(rows: 3, columns: 3, entries: [(0, 0), (1, 2), (2, 1)]))
  #expect(Reverse.sparseHessian(at: x, of: DetachedWeight()).dense() == truth)
  #expect(Auto.hessian(at: x, of: DetachedWeight()) == truth)
}
