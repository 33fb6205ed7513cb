import DualTape
import Testing

// A plan (or Auto's remembered decision) used where the function's sparsity differs from the
// point it was planned at: an explicit plan stops with a message, Auto re-detects and gives the
// right entries. Never wrong entries.

/// y_i = x_i·x_{i+1} (cyclic) where x0 > 0, x_i·x_{i+3} elsewhere: the other branch's entries
/// share colours with the pattern's entries of their rows, so the compressed sums hide them and
/// only the probe sees them (checked: with the probe comparison removed these tests fail).
private struct BranchingMap: VectorToVector {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] {
    let n = x.count
    let shift = x[0] > 0 ? 1 : 3
    return (0..<n).map { i in x[i] * x[(i + shift) % n] + sin(x[i]) }
  }
}

/// y = (x0, x1), or (x0 + 2·x1, x1) when coupled: the new entry (0, 1) shares the single colour
/// of the diagonal pattern (column 0's), so the compressed sums cannot show it; the probe does.
private struct Coupling: VectorToVector {
  let coupled: Bool
  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] {
    coupled ? [x[0] + 2 * x[1], x[1] * x[1]] : [x[0], x[1] * x[1]]
  }
}

/// Σ x_i·x_{i+1} + x_i² where x0 > 0, Σ x_i·x_{i+3} + x_i² elsewhere.
private struct BranchingEnergy: VectorToScalar {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> T {
    let n = x.count
    let shift = x[0] > 0 ? 1 : 3
    var s: T = 0
    for i in 0..<n { s += x[i] * x[(i + shift) % n] + x[i] * x[i] * x[i] }
    return s
  }
}

private func point(_ n: Int, first: Double) -> [Double] {
  [first] + (1..<n).map { 0.4 + 0.05 * Double($0 % 7) }
}

/// Entries that differ from the dense Jacobian (beyond 1e-12 relative), counted.
private func wrongEntries(_ a: Matrix<Double>, _ truth: Matrix<Double>) -> Int {
  #expect(a.rows == truth.rows && a.columns == truth.columns)
  let scale = Swift.max(1, truth.elements.map { Swift.abs($0) }.max() ?? 0)
  return zip(a.elements, truth.elements).filter { Swift.abs($0 - $1) > 1e-12 * scale }.count
}

@Test func explicitJacobianPlanOnAnotherBranchStops() async {
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let plan = SparseJacobianPlan(at: point(8, first: 1), of: BranchingMap())
      _ = Forward.sparseJacobian(at: point(8, first: -1), plan: plan, of: BranchingMap())
    }, containing: "which the plan's pattern leaves out")
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let plan = SparseJacobianPlan(at: point(8, first: 1), of: BranchingMap())
      _ = Reverse.sparseJacobian(at: point(8, first: -1), plan: plan, of: BranchingMap())
    }, containing: "Build a plan at this point")
}

@Test func explicitJacobianPlanForAnotherParameterStops() async {
  // Only the probe can see this one: the compressed sums have no zero to contradict.
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let plan = SparseJacobianPlan(at: [1.0, 2.0], of: Coupling(coupled: false))
      _ = Forward.sparseJacobian(at: [1.0, 2.0], plan: plan, of: Coupling(coupled: true))
    }, containing: "output 0 depends on input 1")
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let plan = SparseJacobianPlan(at: [1.0, 2.0], of: Coupling(coupled: false))
      _ = Reverse.sparseJacobian(at: [1.0, 2.0], plan: plan, of: Coupling(coupled: true))
    }, containing: "output 0 depends on input 1")
}

@Test func explicitHessianPlanOnAnotherBranchStops() async {
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let plan = SparseHessianPlan(at: point(8, first: 1), of: BranchingEnergy())
      _ = Reverse.sparseHessian(at: point(8, first: -1), plan: plan, of: BranchingEnergy())
    }, containing: "SparseHessianPlan(at: x, of: f)")
}

@Test func planThatCoversEveryBranchIsAcceptedOnBoth() {
  let plus = point(8, first: 1)
  let minus = point(8, first: -1)
  let f = BranchingMap()
  let both = SparsityPattern.jacobian(at: plus, of: f)
    .union(SparsityPattern.jacobian(at: minus, of: f))
  let plan = SparseJacobianPlan(pattern: both)
  for x in [plus, minus] {
    let truth = Forward.jacobian(at: x, of: f)
    #expect(wrongEntries(Forward.sparseJacobian(at: x, plan: plan, of: f).dense(), truth) == 0)
    #expect(wrongEntries(Reverse.sparseJacobian(at: x, plan: plan, of: f).dense(), truth) == 0)
  }
  let g = BranchingEnergy()
  let hessianPlan = SparseHessianPlan(
    pattern: SparsityPattern.hessian(at: plus, of: g)
      .union(SparsityPattern.hessian(at: minus, of: g)))
  for x in [plus, minus] {
    #expect(
      wrongEntries(
        Reverse.sparseHessian(at: x, plan: hessianPlan, of: g).dense(),
        Reverse.hessian(at: x, of: g)) == 0)
  }
}

@Test func autoJacobianRedetectsOnAnotherBranch() {
  let f = BranchingMap()
  let plus = point(256, first: 1)
  let minus = point(256, first: -1)
  #expect(wrongEntries(Auto.jacobian(at: plus, of: f), Forward.jacobian(at: plus, of: f)) == 0)
  let advice = Auto.advice(forJacobianAt: plus, of: f)
  #expect(advice.recommended.isSparse, "\(advice)")
  // The other branch: right entries, and the remembered plan now covers both branches.
  #expect(wrongEntries(Auto.jacobian(at: minus, of: f), Forward.jacobian(at: minus, of: f)) == 0)
  let widened = Auto.advice(forJacobianAt: minus, of: f).jacobianPlan?.pattern
  for x in [plus, minus] {
    let detected = SparsityPattern.jacobian(at: x, of: f)
    #expect(widened.map { detected.union($0) == $0 } == true)
    #expect(wrongEntries(Auto.jacobian(at: x, of: f), Forward.jacobian(at: x, of: f)) == 0)
    #expect(
      wrongEntries(Auto.sparseJacobian(at: x, of: f).dense(), Forward.jacobian(at: x, of: f))
        == 0)
  }
}

@Test func autoJacobianRedetectsForAnotherParameter() {
  // Coupling is not Hashable: its values share one decision, made with the diagonal pattern.
  let truth = Matrix(rows: 2, columns: 2, elements: [1.0, 2, 0, 4])
  _ = Auto.sparseJacobian(at: [1.0, 2.0], of: Coupling(coupled: false))
  #expect(Auto.sparseJacobian(at: [1.0, 2.0], of: Coupling(coupled: true)).dense() == truth)
}

@Test func autoHessianRedetectsOnAnotherBranch() {
  let g = BranchingEnergy()
  let plus = point(64, first: 1)
  let minus = point(64, first: -1)
  #expect(wrongEntries(Auto.hessian(at: plus, of: g), Reverse.hessian(at: plus, of: g)) == 0)
  let advice = Auto.advice(forHessianAt: plus, of: g)
  #expect(advice.recommended == .sparseForwardOverReverse, "\(advice)")
  #expect(wrongEntries(Auto.hessian(at: minus, of: g), Reverse.hessian(at: minus, of: g)) == 0)
  #expect(wrongEntries(Auto.hessian(at: plus, of: g), Reverse.hessian(at: plus, of: g)) == 0)
}
