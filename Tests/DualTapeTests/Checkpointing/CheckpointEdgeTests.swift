import DualTape
import Testing

// Checkpointing at the edges a user reaches: the documented example taken literally, no step,
// no parameters, a NaN in the state, forward-step counts far beyond any run (exact or Int.max,
// never a wrong number), and a schedule too long to run.

/// x' = −p·x by explicit Euler with h = 0.001: the example of the driver's doc comment.
struct Decay: TimeStep {
  func callAsFunction<T: Differentiable>(_ x: [T], _ p: [T], step: Int) -> [T] {
    [x[0] - 0.001 * p[0] * x[0]]
  }
}

@Test func theDocumentedExampleGivesTheClosedForm() {
  // x_k = (1 − 0.001·p)^k·x₀, L = x_k²: ∂L/∂x₀ = 2·0.998^(2k) at x₀ = 1, p = 2, k = 10⁴,
  // ∂L/∂p = 2·x_k·k·(1 − 0.001p)^(k − 1)·(−0.001)·x₀.
  let r = Reverse.checkpointedGradient(
    initialState: [1.0], parameters: [2.0], steps: 10_000, checkpoints: 20, step: Decay()
  ) { x, p in x[0] * x[0] }
  // Each Euler factor rounds, and 0.998 is not exact in binary: agreement to 1e-10 relative.
  let xk = pow(0.998, 10_000.0)
  let dx = 2 * pow(0.998, 20_000.0)
  #expect(Swift.abs(r.initialStateGradient[0] - dx) <= 1e-10 * dx)
  let dp = 2 * xk * 10_000 * pow(0.998, 9_999) * -0.001
  #expect(Swift.abs(r.parameterGradient[0] - dp) <= 1e-10 * Swift.abs(dp))
  #expect(r.report.forwardSteps == r.report.minimumForwardSteps)
  // r = 4 for k = 10⁴ and c = 20: C(23, 3) = 1771 < 10⁴ ≤ C(24, 4) = 10626.
  #expect(r.report.repetitions == 4)
}

@Test func noStepIsTheLossOfTheInitialState() {
  // L = x₀² at x₀ = 3: 9, ∂L/∂x₀ = 6; the step never runs.
  let final = Reverse.checkpointedGradient(
    initialState: [3.0], parameters: [], steps: 0, checkpoints: 1
  ) { x, _, _ in
    [x[0] * x[0]]
  } loss: { x, _ in
    x[0] * x[0]
  }
  #expect(final.value == 9 && final.initialStateGradient == [6] && final.finalState == [3])
  #expect(final.report.forwardSteps == 0 && final.report.tapedSteps == 0)
  // A trajectory loss has no term without a step: 0, and a zero gradient.
  let trajectory = Reverse.checkpointedGradient(
    initialState: [3.0], parameters: [1.0], steps: 0, checkpoints: 4, step: Decay()
  ) { x, _, _ in x[0] }
  #expect(trajectory.value == 0 && trajectory.initialStateGradient == [0])
  #expect(trajectory.parameterGradient == [0])
}

@Test func noParametersGiveAnEmptyParameterGradient() {
  // x_{i+1} = x_i/2, four steps from 3: x₄ = 3/16, L = x₄² = 9/256, ∂L/∂x₀ = 2·x₄/16 (exact).
  let r = Reverse.checkpointedGradient(
    initialState: [3.0], parameters: [], steps: 4, checkpoints: 2
  ) { x, _, _ in
    [x[0] * 0.5]
  } loss: { x, _ in
    x[0] * x[0]
  }
  #expect(r.value == 9.0 / 256 && r.initialStateGradient == [3.0 / 128])
  #expect(r.parameterGradient.isEmpty)
}

@Test func aNaNInTheStateReachesTheGradientAsInThePlainOne() {
  // θ₀ = NaN: every entry that depends on it is NaN, as in the plain gradient of the
  // unrolled loop; the entries that do not keep their values.
  let x0 = [Double.nan, 0.5]
  let p = [2.0]
  let n = x0.count
  func step<T: Differentiable>(_ x: [T], _ p: [T]) -> [T] {
    [x[0] - 0.01 * p[0] * x[0], x[1] - 0.01 * x[1]]
  }
  for loss in [0, 1] {
    let r = Reverse.checkpointedGradient(
      initialState: x0, parameters: p, steps: 50, checkpoints: 4
    ) { x, p, _ in
      step(x, p)
    } loss: { x, _ in
      x[loss] * x[loss]
    }
    let plain = Reverse.gradient(at: x0 + p) { v in
      var x = Array(v[..<n])
      for _ in 0..<50 { x = step(x, Array(v[n...])) }
      return x[loss] * x[loss]
    }
    let checkpointed = r.initialStateGradient + r.parameterGradient
    #expect(checkpointed.map(\.isNaN) == plain.map(\.isNaN), "loss on x[\(loss)]")
    #expect(
      zip(checkpointed, plain).allSatisfy { $0.isNaN || Swift.abs($0 - $1) <= 1e-15 },
      "loss on x[\(loss)]")
    #expect(r.value.isNaN == (loss == 0))
  }
}

/// t(l, c) = Σ_{j<r} (l − β(c, j)) (hockey stick: β(c + 1, r − 1) = Σ_{j<r} β(c, j)), with
/// β(c, j) = C(c + j, c) built up term by term: an independent check of the library's count.
func summedMinimum(steps l: Int, checkpoints c: Int) -> Int {
  var total = 0
  var beta = 1
  var j = 0  // beta = β(c, j)
  while beta < l {
    total += l - beta
    j += 1
    beta = beta * (c + j) / j
  }
  return total
}

@Test func forwardStepCountsAreExactFarBeyondAnyRun() {
  // c = 1: l(l − 1)/2, exact also where r·l = (l − 1)·l exceeds Int.max (l = 4·10⁹).
  #expect(
    CheckpointReport.minimumForwardSteps(steps: 1_000_000_000, checkpoints: 1)
      == 499_999_999_500_000_000)
  #expect(
    CheckpointReport.minimumForwardSteps(steps: 4_000_000_000, checkpoints: 1)
      == 2_000_000_000 * 3_999_999_999)
  // Past Int.max: Int.max, never a wrapped or negative count.
  #expect(CheckpointReport.minimumForwardSteps(steps: 5_000_000_000, checkpoints: 1) == .max)
  #expect(CheckpointReport.minimumForwardSteps(steps: .max, checkpoints: 10) == .max)
  #expect(CheckpointReport.minimumForwardSteps(steps: .max, checkpoints: .max) == .max - 1)
  // c = 2 and 3 with large l (β's products exceed Int.max long before the counts do).
  for (l, c) in [(1 << 40, 2), (1 << 36, 3), (100_000, 10), (100_000, 100), (10_000_000, 7)] {
    #expect(
      CheckpointReport.minimumForwardSteps(steps: l, checkpoints: c)
        == summedMinimum(steps: l, checkpoints: c), "l = \(l), c = \(c)")
  }
}

@Test func repetitionNumbersQuotedInTheDocumentation() {
  // k = 10⁵: r = 10 for c = 10, r = 3 for c = 100, r = 2 for c = 1000 (DocC's Checkpointing,
  // the README and the driver's doc comment); β(c, r − 1) < k ≤ β(c, r).
  func repetitions(_ k: Int, _ c: Int) -> Int {
    Reverse.checkpointedGradient(
      initialState: [0.3], parameters: [0.01], steps: k, checkpoints: c, step: Cheap()
    ) { x, _ in x[0] }.report.repetitions
  }
  #expect(repetitions(100_000, 10) == 10)  // C(19, 9) = 92378 < 10⁵ ≤ C(20, 10) = 184756
  #expect(repetitions(100_000, 100) == 3)  // C(101, 2) = 5050 < 10⁵ ≤ C(103, 3) = 176851
  #expect(repetitions(100_000, 1000) == 2)  // 1001 < 10⁵ ≤ C(1002, 2) = 501501
}

@Test func aScheduleTooLongToRunStopsWithAMessage() async {
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Reverse.checkpointedGradient(
        initialState: [1.0], parameters: [0.5], steps: .max, checkpoints: 1, step: Cheap()
      ) { x, _ in x[0] }
    }, containing: "checkpoints need more than Int.max forward steps; pass more checkpoints")
}
