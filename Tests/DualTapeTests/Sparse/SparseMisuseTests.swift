import DualTape
import DualTapeSuite
import Testing

// Misuse of the sparse drivers stops with a message that says what to do.

private struct LengthChanges: VectorToVector {
  // Two outputs where x0 > 0, one elsewhere.
  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] { x[0] > 0 ? [x[0], x[1]] : [x[1]] }
}

@Test func planOfTheWrongSizeIsRejected() async {
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let f = BroydenTridiagonal()
      let plan = SparseJacobianPlan(at: f.input(count: 5), of: f)
      _ = Forward.sparseJacobian(at: f.input(count: 6), plan: plan, of: f)
    }, containing: "the plan's pattern has 5 columns but x has 6 entries")
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let f = BroydenTridiagonal()
      let plan = SparseJacobianPlan(at: f.input(count: 5), of: f)
      _ = Reverse.sparseJacobian(at: f.input(count: 4), plan: plan, of: f)
    }, containing: "Build the plan for this input size")
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let plan = SparseHessianPlan(at: Rosenbrock().input(count: 5), of: Rosenbrock())
      _ = Reverse.sparseHessian(at: Rosenbrock().input(count: 8), plan: plan, of: Rosenbrock())
    }, containing: "the plan's pattern is 5x5 but x has 8 entries")
}

@Test func outputLengthThatChangesIsRejected() async {
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let plan = SparseJacobianPlan(at: [1.0, 2], of: LengthChanges())
      _ = Forward.sparseJacobian(at: [-1.0, 2], plan: plan, of: LengthChanges())
    }, containing: "must not depend on the input values")
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let plan = SparseJacobianPlan(at: [1.0, 2], of: LengthChanges())
      _ = Reverse.sparseJacobian(at: [-1.0, 2], plan: plan, of: LengthChanges())
    }, containing: "returned 1 outputs but the plan's pattern has 2 rows")
}

@Test func asymmetricHessianPatternIsRejected() async {
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = SparseHessianPlan(pattern: SparsityPattern(rows: 2, columns: 2, entries: [(0, 1)]))
    }, containing: "add (j, i) for every (i, j)")
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Coloring.star(ofSymmetric: SparsityPattern(rows: 2, columns: 3, entries: [(0, 1)]))
    }, containing: "the pattern is not symmetric")
}

@Test func malformedPatternsAreRejected() async {
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = SparsityPattern(rows: 2, columns: 2, entries: [(0, 2)])
    }, containing: "entry (0, 2) is outside a 2x2 pattern")
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = SparsityPattern(rows: 1, columns: 3, rowStarts: [0, 2], columnIndices: [2, 1])
    }, containing: "in increasing order")
  // A decreasing start that stays inside the array's bounds at its end.
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = SparsityPattern(rows: 2, columns: 2, rowStarts: [0, 2, 1], columnIndices: [0])
    }, containing: "rowStarts decreases at row 1 (2 then 1)")
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = SparsityPattern(rows: 2, columns: 2, rowStarts: [0, 1], columnIndices: [0])
    }, containing: "rowStarts has 2 entries; it needs rows + 1 = 3")
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = SparsityPattern(rows: 1, columns: 2, rowStarts: [1, 1], columnIndices: [0])
    }, containing: "rowStarts[0] is 1; it must be 0")
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = SparsityPattern(rows: 1, columns: 2, rowStarts: [0, 1], columnIndices: [0, 1])
    }, containing: "the last start must equal columnIndices.count")
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = SparsityPattern(rows: 1, columns: 2, rowStarts: [0, 1], columnIndices: [-1])
    }, containing: "row 0 lists column -1, outside 0..<2")
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = SparsityPattern(rows: 1, columns: 3, rowStarts: [0, 2], columnIndices: [1, 1])
    }, containing: "row 0 lists column 1 after column 1")
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = SparseMatrix(
        pattern: SparsityPattern(rows: 1, columns: 1, entries: [(0, 0)]), values: [1.0, 2])
    }, containing: "pass one value per entry")
}

@Test func emptyInputIsRejectedBySparseDrivers() async {
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Forward.sparseJacobian(at: [Double](), of: BroydenTridiagonal())
    }, containing: "x is empty")
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = SparsityPattern.hessian(at: [Double](), of: Rosenbrock())
    }, containing: "x is empty")
}
