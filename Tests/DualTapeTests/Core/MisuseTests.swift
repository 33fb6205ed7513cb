import DualTape
import Testing

// Each misuse must stop with a message that says what to do (never a silent wrong number).
// Exit tests run the body in a child process; `expectMessage` reads its standard error.

/// Checks that an exit test's child process printed a DualTape message containing `phrase`.
func expectMessage(
  _ result: ExitTest.Result?, containing phrase: String,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
  #expect(message.contains("DualTape:"), "stderr: \(message)", sourceLocation: sourceLocation)
  #expect(message.contains(phrase), "stderr: \(message)", sourceLocation: sourceLocation)
}

struct Square: VectorToScalar {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> T { x.reduce(0) { $0 + $1 * $1 } }
}

@Test func emptyInputIsRejected() async {
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Reverse.gradient(at: [Double](), of: Square())
    }, containing: "x is empty")
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Forward.gradient(at: [Double](), of: Square())
    }, containing: "x is empty")
}

@Test func chunkSizeZeroIsRejected() async {
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Forward.gradient(at: [1.0, 2], chunkSize: 0, of: Square())
    }, containing: "chunkSize 0")
}

@Test func seedOfWrongLengthIsRejected() async {
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Forward.jvp(at: [1.0, 2], direction: [1.0]) { $0 }
    }, containing: "one direction entry per input")
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Reverse.vjp(at: [1.0, 2], cotangent: [1.0]) { $0 }
    }, containing: "one cotangent entry per output")
}

@Test func changingOutputLengthIsRejected() async {
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      // Two outputs in the pass seeded on x0, one in the pass seeded on x1.
      _ = Forward.jacobian(at: [1.0, 2]) { x in x[0].tangent == 1 ? [x[0], x[1]] : [x[1]] }
    }, containing: "must not depend on the input values")
}

@Test func mixingRecordingsIsRejected() async {
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Reverse.gradient(at: [1.0]) { outer in
        let inner = Reverse.gradient(at: [2.0]) { v in v[0] * outer[0] }
        return outer[0] * Tracked(inner[0])
      }
    }, containing: "two different recordings")
}

@Test func usingAValueAfterItsRecordingIsRejected() async {
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      nonisolated(unsafe) var leaked: Tracked<Double>? = nil
      _ = Reverse.gradient(at: [1.0]) { v in
        leaked = v[0]
        return v[0]
      }
      _ = Reverse.gradient(at: [1.0]) { v in (leaked! * 2) + v[0] }
    }, containing: "after its recording ended")
}

@Test func matrixShapeMismatchIsRejected() async {
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Matrix(rows: 2, columns: 2, elements: [1.0, 2, 3])
    }, containing: "cannot fill a 2x2 matrix")
}

@Test func nestedIndependentRecordingsWork() {
  // A reverse computation inside another works when it uses its own inputs only.
  let g = Reverse.gradient(at: [3.0]) { outer in
    let inner = Reverse.gradient(at: [outer[0].value]) { v in v[0] * v[0] }  // 2·3 = 6
    return outer[0] * Tracked(inner[0])
  }
  #expect(g == [6])
}
