import DualTape
import DualTapeMatrixOperators
import Testing

// Shapes that do not fit stop with a message naming both shapes and the operation.

@Test func shapeMismatchMessagesNameBothShapes() async {
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Matrix(rows: 2, columns: 3, repeating: 1.0) + Matrix(rows: 3, columns: 2, repeating: 1.0)
    }, containing: "Matrix +: shapes 2x3 and 3x2 do not broadcast")
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Matrix(rows: 2, columns: 3, repeating: 1.0).matmul(
        Matrix(rows: 2, columns: 3, repeating: 1.0))
    }, containing: "matmul: shapes 2x3 and 2x3 do not fit")
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Reverse.gradient(at: [Matrix(rows: 2, columns: 3, repeating: 1.0)]) { p in
        (p[0] * Matrix(rows: 3, columns: 3, repeating: 1.0)).sum()
      }
    }, containing: "TrackedMatrix *: shapes 2x3 and 3x3 do not broadcast")
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Loss.meanSquaredError(Matrix(row: [1.0, 2]), Matrix(column: [1.0, 2]))
    }, containing: "Loss.meanSquaredError: shapes 1x2 and 2x1 differ")
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Reverse.gradient(at: [Matrix(rows: 2, columns: 3, repeating: 1.0)]) { p in p[0] * 2 }
    }, containing: "returned a 2x3 matrix")
}

@Test func trackedMatricesCannotEscapeOrMix() async {
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      nonisolated(unsafe) var escaped: TrackedMatrix<Double>? = nil
      _ = Reverse.gradient(at: [Matrix(row: [1.0, 2])]) { p in
        escaped = p[0]
        return p[0].sum()
      }
      _ = Reverse.gradient(at: [Matrix(row: [1.0, 2])]) { p in (p[0] + escaped!).sum() }
    }, containing: "used after its recording ended")
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Reverse.gradient(at: [Matrix(row: [1.0, 2])]) { p in
        let inner = Reverse.gradient(at: [Matrix(row: [3.0, 4])]) { q in (q[0] * p[0]).sum() }
        return (p[0] * inner[0]).sum()
      }
    }, containing: "two different recordings")
}
