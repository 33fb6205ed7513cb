import DualTape
import DualTapeSuite
import Foundation
import Testing

// The generated functions (Tests/DualTapeTests/Generated, compiled with the tests) against the
// tape: the same rules, so the same gradient to 1e-14 relative where the recording applies,
// and finite differences; each branch guard on both sides and at its tie.

/// |a − b| ≤ 1e-14 · max(1, |b|) entrywise.
func codegenClose(_ a: [Double], _ b: [Double], _ tolerance: Double = 1e-14) -> Bool {
  a.count == b.count
    && zip(a, b).allSatisfy { Swift.abs($0 - $1) <= tolerance * Swift.max(1, Swift.abs($1)) }
}

/// Checks a generated gradient against the tape and finite differences at `points`.
func expectGeneratedGradient(
  _ generated: ([Double]) -> (value: Double, gradient: [Double])?, _ f: some VectorToScalar,
  at points: [[Double]], finiteDifferences method: FiniteDifference.Method? = .central,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  for x in points {
    guard let (value, gradient) = generated(x) else {
      Issue.record("the generated function returned nil at \(x)", sourceLocation: sourceLocation)
      continue
    }
    let tape = Reverse.valueWithGradient(at: x, of: f)
    #expect(codegenClose([value], [tape.value]), sourceLocation: sourceLocation)
    #expect(
      codegenClose(gradient, tape.gradient), "\(gradient) vs \(tape.gradient)",
      sourceLocation: sourceLocation)
    guard let method else { continue }
    let fd = FiniteDifference.gradient(at: x, method: method, of: f)
    #expect(
      codegenClose(gradient, fd, 1e-6), "\(gradient) vs \(fd)", sourceLocation: sourceLocation)
  }
}

@Test func generatedRosenbrockEqualsTheTape() {
  // Recorded at n = 10, 11, 12; one loop serves every n from its minimum on.
  for n in [4, 5, 10, 13, 64, 257] {
    let points = replayPoints(5, n: n, low: -1.5, high: 1.5, seed: UInt64(n))
    expectGeneratedGradient(generatedRosenbrock(at:), Rosenbrock(), at: points)
  }
  // The recorded point itself, and the value at the minimum.
  expectGeneratedGradient(
    generatedRosenbrock(at:), Rosenbrock(), at: [Rosenbrock().input(count: 10)])
  #expect(
    generatedRosenbrock(at: Array(repeating: 1, count: 10))?.gradient
      == Array(repeating: 0, count: 10))
}

@Test func generatedLogSumExpEqualsTheTape() {
  var points: [[Double]] = []
  for n in [3, 4, 8, 31, 200] { points += replayPoints(4, n: n, low: -3, high: 3, seed: 12) }
  points.append([2, 2, 2, 1])  // a tie for the maximum: max's rule splits its derivative
  expectGeneratedGradient(generatedLogSumExp(at:), CodegenLogSumExp(), at: points)
  // The gradient is softmax(x), whichever entry is largest (max is a rule, not a guard).
  for x in points {
    let e = x.map { Foundation.exp($0) }
    let total = e.reduce(0, +)
    #expect(codegenClose(generatedLogSumExp(at: x)!.gradient, e.map { $0 / total }, 1e-13))
  }
}

@Test func generatedMLPLossEqualsTheTape() {
  // The loss's layers come out as loops (the hidden layers' neurons, the output's inner
  // product), their activations kept in arrays; the samples, whose data are constants of the
  // recording, one after another.
  let f = MLPLoss()
  expectGeneratedGradient(generatedMLPLoss(at:), f, at: [f.defaultInput])
  let points = replayPoints(3, n: MLPLoss.parameterCount, low: -0.6, high: 0.6, seed: 19)
  expectGeneratedGradient(generatedMLPLoss(at:), f, at: points, finiteDifferences: nil)
}

@Test func generatedEveryPrimitiveEqualsTheTape() {
  let points = replayPoints(20, n: 2, low: 0.2, high: 0.8, seed: 13).map {
    $0 + [1.5 + 1.5 * $0[0]]
  }
  // Against the tape everywhere; against finite differences away from x = y, where abs, relu,
  // sign and cbrt of x − y have their kinks (cbrt′ is +∞ there).
  expectGeneratedGradient(
    everyPrimitiveGradient(at:), ReplayEveryPrimitive(), at: points, finiteDifferences: nil)
  expectGeneratedGradient(
    everyPrimitiveGradient(at:), ReplayEveryPrimitive(),
    at: points.filter { Swift.abs($0[0] - $0[1]) > 0.1 })
}

@Test func generatedUserRulesEqualTheTape() {
  let points = replayPoints(20, n: 3, low: 0.5, high: 2, seed: 14)
  expectGeneratedGradient(userRulesGradient(at:), CodegenUserRules(), at: points)
}

@Test func generatedLoopEqualsTheTape() {
  for n in [3, 5, 9, 40] {
    let points = replayPoints(4, n: n, low: 0.1, high: 1.2, seed: 15)
    expectGeneratedGradient(loopGradient(at:), CodegenLoop(), at: points)
  }
}

@Test func generatedBranchesApplyOnlyOnTheRecordedSide() {
  // Recorded at x0 > x1 and x2 <= 1: the same side agrees with the tape.
  let same = replayPoints(20, n: 3, low: 0, high: 1, seed: 16).map {
    [Swift.max($0[0], $0[1]) + 0.01, Swift.min($0[0], $0[1]), $0[2]]
  }
  expectGeneratedGradient(branchesGradient(at:), CodegenBranches(), at: same)
  // The other side of either comparison: nil, never the other branch's numbers.
  #expect(branchesGradient(at: [0.4, 0.9, 0.7]) == nil)
  #expect(branchesGradient(at: [0.9, 0.4, 1.2]) == nil)
  // At the ties: x0 == x1 makes x0 > x1 false (the other branch): nil; x2 == 1 keeps
  // x2 <= 1 true: the recorded branch, equal to the tape.
  #expect(branchesGradient(at: [0.6, 0.6, 0.7]) == nil)
  // (No finite differences at the tie: the function has a kink there.)
  expectGeneratedGradient(
    branchesGradient(at:), CodegenBranches(), at: [[0.9, 0.4, 1]], finiteDifferences: nil)
  // The replay agrees on which points the recording applies to.
  let recording = Reverse.record(at: [0.9, 0.4, 0.7], of: CodegenBranches())
  for x in [[0.4, 0.9, 0.7], [0.9, 0.4, 1.2], [0.6, 0.6, 0.7], [0.9, 0.4, 1.0]] {
    #expect((recording.branchChange(at: x) == nil) == (branchesGradient(at: x) != nil))
  }
}

@Test func generatedVJPEqualsTheTape() {
  for x in replayPoints(10, n: 3, low: 0.2, high: 1.5, seed: 17) {
    for u in replayPoints(3, n: 4, low: -1, high: 1, seed: 18) {
      let generated = mapVJP(at: x, cotangent: u)!
      let tape = Reverse.vjp(at: x, cotangent: u, of: CodegenMap())
      #expect(codegenClose(generated.value, tape.value))
      #expect(codegenClose(generated.vjp, tape.vjp))
    }
  }
}

@Test func generatedCodeKeepsTheEdgePolicy() {
  // At (0, 0) the partial of sqrt is +∞ and the adjoint it meets is 0: the tape's policy
  // makes the product 0 (not NaN), and so does the generated code.
  let tape = Reverse.gradient(at: [0.0, 0.0], of: CodegenEdge())
  #expect(tape == [0, 0])
  #expect(edgeGradient(at: [0, 0])?.gradient == tape)
  expectGeneratedGradient(edgeGradient(at:), CodegenEdge(), at: [[0.5, 2], [-1, 3]])
}

@Test func aFusedLoopSumsInTheTapesOrder() {
  // Rosenbrock's last loop runs its reverse inside its forward pass (its sum's adjoint is known
  // before it runs); each gradient entry still adds its contributions in the tape's order (the
  // earlier repetition's held back), so the gradient is the tape's to the last bit, also at
  // points with large cancelling terms.
  let rosenbrock = Codegen.swiftSource(
    of: (10...12).map { Reverse.record(at: Rosenbrock().input(count: $0), of: Rosenbrock()) },
    name: "f", generatedFrom: "Rosenbrock()")
  #expect(rosenbrock.contains("held1c0a1 = dw2") && !rosenbrock.contains(".reversed()"))
  for n in [4, 5, 64, 1000] {
    for x in replayPoints(6, n: n, low: -30, high: 30, seed: UInt64(n) + 40) {
      let tape = Reverse.valueWithGradient(at: x, of: Rosenbrock())
      let generated = generatedRosenbrock(at: x)!
      #expect(generated.value == tape.value && generated.gradient == tape.gradient)
    }
  }
  // CodegenLoop's fused loop is held to 1e-14 (generatedLoopEqualsTheTape): its earlier
  // loops, not fused, already differ from the tape in the last bits.
}
