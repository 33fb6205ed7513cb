import DualTape
import DualTapeSuite
import Testing

// Compressed sparse Jacobians and Hessians agree with the dense drivers to 1e-12.

private func expectAgreement(
  _ sparse: SparseMatrix<Double>, _ dense: Matrix<Double>, _ label: String,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  let difference = maxRelativeDifference(sparse.dense(), dense)
  #expect(difference <= 1e-12, "\(label): \(difference)", sourceLocation: sourceLocation)
  // Outside the pattern the dense result is exactly zero.
  for i in 0..<dense.rows {
    for j in 0..<dense.columns where !sparse.pattern.contains(i, j) {
      #expect(
        dense[i, j] == 0, "\(label): (\(i), \(j)) outside the pattern",
        sourceLocation: sourceLocation)
    }
  }
}

/// Checks both sparse Jacobian drivers against both dense ones.
private func checkJacobians<F: VectorToVector>(
  _ f: F, at x: [Double], _ label: String, forwardColours: Int? = nil,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  let plan = SparseJacobianPlan(at: x, of: f)
  #expect(plan.columnColoring.isValidColumnColoring(of: plan.pattern))
  #expect(plan.rowColoring.isValidRowColoring(of: plan.pattern))
  if let c = forwardColours {
    #expect(plan.columnColoring.colorCount == c, "\(label)", sourceLocation: sourceLocation)
  }
  let forwardDense = Forward.jacobian(at: x, of: f)
  let reverseDense = Reverse.jacobian(at: x, of: f)
  let forward = Forward.valueWithSparseJacobian(at: x, plan: plan, of: f)
  expectAgreement(
    forward.jacobian, forwardDense, "\(label) forward", sourceLocation: sourceLocation)
  expectAgreement(
    Reverse.sparseJacobian(at: x, plan: plan, of: f), reverseDense, "\(label) reverse",
    sourceLocation: sourceLocation)
  #expect(forward.value == f(x), "\(label) value", sourceLocation: sourceLocation)
  // Without a plan: detected on the spot, same result.
  #expect(Forward.sparseJacobian(at: x, of: f) == forward.jacobian, sourceLocation: sourceLocation)
}

@Test func bandedSinMapJacobians() {
  for (n, m) in [(64, 64), (64, 40), (40, 64), (1024, 1024)] {
    let x = (0..<n).map { 0.5 * sin(1.7 * Double($0) + 0.3) }
    checkJacobians(BandedSinMapForTests(outputCount: m), at: x, "banded \(n)x\(m)")
  }
}

@Test func suiteTridiagonalJacobian() {
  let f = BroydenTridiagonal()
  checkJacobians(f, at: f.input(count: 30), "broyden", forwardColours: 3)
}

@Test func arrowheadJacobian() {
  let f = ArrowheadMap()
  checkJacobians(f, at: f.input(count: 25), "arrowhead", forwardColours: 25)
}

@Test func gridLaplacianJacobian() {
  let f = GridLaplacianMap(side: 9)
  checkJacobians(f, at: f.input(), "grid")
  // Many colours go through several chunked passes: a 5-point stencil needs at least 5.
  #expect(SparseJacobianPlan(at: f.input(), of: f).columnColoring.colorCount >= 5)
}

@Test func manyColoursTakeSeveralPasses() {
  // The arrowhead's 40 colours take 5 passes of 8 lanes.
  let f = ArrowheadMap()
  checkJacobians(f, at: f.input(count: 40), "arrowhead 40", forwardColours: 40)
}

@Test func planIsReusedAtNewPoints() {
  let f = BandedSinMapForTests(outputCount: 50)
  let x0 = (0..<50).map { 0.1 * Double($0) }
  let plan = SparseJacobianPlan(at: x0, of: f)
  for shift in [0.3, -0.7] {
    let x = x0.map { $0 + shift }
    expectAgreement(
      Forward.sparseJacobian(at: x, plan: plan, of: f), Forward.jacobian(at: x, of: f), "forward")
    expectAgreement(
      Reverse.sparseJacobian(at: x, plan: plan, of: f), Reverse.jacobian(at: x, of: f), "reverse")
  }
}

@Test func floatJacobian() {
  let f = BroydenTridiagonal()
  let x = f.input(count: 20).map(Float.init)
  let sparse = Forward.sparseJacobian(at: x, of: f).dense()
  #expect(sparse == Forward.jacobian(at: x, of: f))
  #expect(Reverse.sparseJacobian(at: x, of: f).dense() == Reverse.jacobian(at: x, of: f))
}

@Test func rosenbrockSparseHessian() {
  for n in [2, 3, 10, 200] {
    let x = Rosenbrock().input(count: n)
    let plan = SparseHessianPlan(at: x, of: Rosenbrock())
    #expect(plan.coloring.isValidStarColoring(of: plan.pattern))
    // A path on 2 or 3 vertices has no path on four: 2 colours; longer paths need 3.
    #expect(plan.coloring.colorCount == (n <= 3 ? 2 : 3), "n = \(n)")
    let sparse = Reverse.sparseHessian(at: x, plan: plan, of: Rosenbrock())
    expectAgreement(sparse, Reverse.hessian(at: x, of: Rosenbrock()), "rosenbrock \(n)")
    if n <= 10 {
      expectAgreement(sparse, Forward.hessian(at: x, of: Rosenbrock()), "rosenbrock ff \(n)")
    }
  }
}

@Test func arrowheadSparseHessianTakesTwoProducts() {
  let x = ArrowheadMap().input(count: 30)
  let plan = SparseHessianPlan(at: x, of: ArrowheadFunction())
  #expect(plan.coloring.colorCount == 2)
  expectAgreement(
    Reverse.sparseHessian(at: x, plan: plan, of: ArrowheadFunction()),
    Reverse.hessian(at: x, of: ArrowheadFunction()), "arrowhead hessian")
}

@Test func denseHessianThroughTheSparseDriver() {
  // Every variable interacts with every other: n colours, still the right Hessian.
  let f = LogSumExp()
  let x = f.input(count: 7)
  let sparse = Reverse.sparseHessian(at: x, of: f)
  #expect(sparse.pattern.nonzeroCount == 49)
  expectAgreement(sparse, Reverse.hessian(at: x, of: f), "logSumExp")
}

@Test func sparseMatrixAccessors() {
  let p = SparsityPattern(rows: 2, columns: 3, entries: [(0, 1), (1, 0), (1, 2)])
  let a = SparseMatrix(pattern: p, values: [5.0, 6, 7])
  #expect(a[0, 1] == 5 && a[0, 0] == 0 && a[1, 2] == 7)
  #expect(a.dense() == Matrix([[0, 5, 0], [6, 0, 7]]))
  #expect(a.entries.map(\.value) == [5, 6, 7])
  #expect(a.entries.map(\.column) == [1, 0, 2])
  #expect(a.description.contains("(1, 2) = 7.0"))
}
