import DualTape
import DualTapeSuite
import Testing

// A plan built from colourings the user already has: checked against the pattern, used as
// given, and the colourings left out computed only when a driver needs them.

/// Broyden's tridiagonal map at n points: columns j, j + 1, j + 2 share rows, so j mod 3 is a
/// column colouring and i mod 3 a row colouring, known without a graph.
private func tridiagonal(_ n: Int) -> (SparsityPattern, [Double]) {
  let f = BroydenTridiagonal()
  let x = f.input(count: n)
  return (SparsityPattern.jacobian(at: x, of: f), x)
}

@Test func knownColoringsGiveTheDetectedPlansJacobian() {
  let f = BroydenTridiagonal()
  let (pattern, x) = tridiagonal(10)
  let columns = Coloring(colors: (0..<10).map { $0 % 3 })
  let rows = Coloring(colors: (0..<10).map { $0 % 3 })
  let plan = SparseJacobianPlan(pattern: pattern, columnColoring: columns, rowColoring: rows)
  #expect(plan.columnColoring == columns)
  #expect(plan.rowColoring == rows)
  let dense = Forward.jacobian(at: x, of: f)
  let forward = Forward.sparseJacobian(at: x, plan: plan, of: f)
  #expect(maxRelativeDifference(forward.dense(), dense) < 1e-14)
  let reverse = Reverse.sparseJacobian(at: x, plan: plan, of: f)
  #expect(maxRelativeDifference(reverse.dense(), dense) < 1e-14)
  // A row colouring left out is computed when reverse mode asks: the one a plan colours itself.
  let columnsOnly = SparseJacobianPlan(pattern: pattern, columnColoring: columns)
  #expect(columnsOnly.rowColoring == Coloring.rows(of: pattern))
  let lazy = Reverse.sparseJacobian(at: x, plan: columnsOnly, of: f)
  #expect(maxRelativeDifference(lazy.dense(), dense) < 1e-14)
}

@Test func planColouringsAreComputedOnFirstUseAndKept() {
  let (pattern, _) = tridiagonal(12)
  let plan = SparseJacobianPlan(pattern: pattern, order: .natural)
  #expect(plan.columnColoring == Coloring.columns(of: pattern, order: .natural))
  #expect(plan.rowColoring == Coloring.rows(of: pattern, order: .natural))
  // Copies share what was computed and compare equal to a plan that computes it again.
  let copy = plan
  #expect(copy == SparseJacobianPlan(pattern: pattern, order: .natural))
  let everyColumnItsOwn = Coloring(colors: Array(0..<12))
  #expect(plan != SparseJacobianPlan(pattern: pattern, columnColoring: everyColumnItsOwn))
}

@Test func aKnownPlanStillStopsWhereTheFunctionLeavesItsPattern() async {
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      // The diagonal's pattern with one colour: BroydenTridiagonal has off-diagonal entries.
      let f = BroydenTridiagonal()
      let x = f.input(count: 6)
      let diagonal = SparsityPattern(
        rows: 6, columns: 6, rowStarts: Array(0...6), columnIndices: Array(0..<6))
      let plan = SparseJacobianPlan(
        pattern: diagonal, columnColoring: Coloring(colors: [Int](repeating: 0, count: 6)))
      _ = Forward.sparseJacobian(at: x, plan: plan, of: f)
    }, containing: "which the plan's pattern leaves out")
}

@Test func aWrongKnownColoringIsRejected() async {
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let (pattern, _) = tridiagonal(6)
      _ = SparseJacobianPlan(
        pattern: pattern, columnColoring: Coloring(colors: [0, 1, 0, 1, 0, 1]))
    },
    containing:
      "columnColoring gives columns 0 and 2 the same colour 0, but both have an entry in row 1")
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let (pattern, _) = tridiagonal(6)
      _ = SparseJacobianPlan(
        pattern: pattern, columnColoring: nil, rowColoring: Coloring(colors: [0, 1, 2, 0, 1]))
    }, containing: "rowColoring has 5 colours but the pattern has 6 rows")
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let (pattern, _) = tridiagonal(6)
      _ = SparseJacobianPlan(
        pattern: pattern, columnColoring: nil, rowColoring: Coloring(colors: [0, 0, 1, 2, 0, 1]))
    },
    containing:
      "rowColoring gives rows 0 and 1 the same colour 0, but both have an entry in column 0")
}
