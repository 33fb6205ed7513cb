import DualTape
import DualTapeSuite
import Testing

// Checkpointed reverse mode against the plain reverse gradient of the unrolled loop (to
// 1e-12), finite differences, and the Griewank–Walther count of forward steps.

/// A driven damped pendulum by RK4: x = (θ, ω), p = (g/L, γ, A),
/// θ'' = −(g/L) sin θ − γ θ' + A cos(t), t = i·h (the step index matters).
struct DrivenPendulum: TimeStep {
  var h = 0.01
  func callAsFunction<T: Differentiable>(_ x: [T], _ p: [T], step: Int) -> [T] {
    func f(_ s: [T], _ t: Double) -> [T] {
      let accel: T = -p[0] * sin(s[0]) - p[1] * s[1]
      return [s[1], accel + p[2] * T(cos(t))]
    }
    let t = Double(step) * h
    let half = T(h / 2)
    let full = T(h)
    let k1 = f(x, t)
    let k2 = f([x[0] + half * k1[0], x[1] + half * k1[1]], t + h / 2)
    let k3 = f([x[0] + half * k2[0], x[1] + half * k2[1]], t + h / 2)
    let k4 = f([x[0] + full * k3[0], x[1] + full * k3[1]], t + h)
    return (0..<2).map { j -> T in
      let inner: T = k2[j] + k3[j]
      let sum: T = k1[j] + 2 * inner + k4[j]
      return x[j] + T(h / 6) * sum
    }
  }
}

/// A → B → C with rates p = (k₁, k₂), explicit Euler: three species.
struct Kinetics: TimeStep {
  var h = 0.05
  func callAsFunction<T: Differentiable>(_ x: [T], _ p: [T], step: Int) -> [T] {
    let ab = p[0] * x[0]
    let bc = p[1] * x[1]
    return [x[0] - T(h) * ab, x[1] + T(h) * (ab - bc), x[2] + T(h) * bc]
  }
}

/// The loop unrolled, for the plain reverse gradient and finite differences: v = x₀ ++ p.
func unrolled<T: Differentiable>(
  _ step: some TimeStep, _ v: [T], n: Int, steps: Int, _ loss: ([T], [T], Int) -> T?
) -> T {
  var x = Array(v[0..<n])
  let p = Array(v[n...])
  var total: T = 0
  if steps == 0, let l = loss(x, p, -1) { total = l }
  for i in 0..<steps {
    x = step(x, p, step: i)
    if let l = loss(x, p, i) { total = total + l }
  }
  return total
}

let pendulumStart = [0.8, -0.3]
let pendulumParameters = [9.81, 0.3, 0.5]

/// A final-state loss: the energy-like (θ − 0.1)² + ω² + sin(θ)·γ.
func finalLoss<T: Differentiable>(_ x: [T], _ p: [T]) -> T {
  (x[0] - 0.1) * (x[0] - 0.1) + x[1] * x[1] + sin(x[0]) * p[1]
}

@Test(arguments: [
  (0, 1), (1, 1), (1, 4), (2, 1), (3, 1), (3, 2), (7, 2), (7, 3), (50, 1), (50, 3), (50, 49),
  (50, 50), (50, 80), (300, 4), (300, 10),
])
func checkpointedGradientEqualsThePlainOne(steps: Int, checkpoints: Int) {
  let n = pendulumStart.count
  let v = pendulumStart + pendulumParameters
  let plain = Reverse.valueWithGradient(at: v) { w in
    unrolled(DrivenPendulum(), w, n: n, steps: steps) { x, p, i in
      i == steps - 1 ? finalLoss(x, p) : nil
    }
  }
  let r = Reverse.checkpointedGradient(
    initialState: pendulumStart, parameters: pendulumParameters, steps: steps,
    checkpoints: checkpoints, step: DrivenPendulum()
  ) { x, p in finalLoss(x, p) }
  #expect(normwiseError(r.initialStateGradient + r.parameterGradient, plain.gradient) <= 1e-12)
  #expect(Swift.abs(r.value - plain.value) <= 1e-12 * Swift.abs(plain.value))
  var x = pendulumStart
  for i in 0..<steps { x = DrivenPendulum()(x, pendulumParameters, step: i) }
  #expect(r.finalState == x)
  #expect(r.report.forwardSteps == r.report.minimumForwardSteps)
  #expect(r.report.tapedSteps == steps)
  #expect(r.report.peakStoredStates <= Swift.min(checkpoints, Swift.max(steps, 1)))
}

@Test func checkpointedGradientMatchesFiniteDifferences() {
  let steps = 400
  let n = pendulumStart.count
  let r = Reverse.checkpointedGradient(
    initialState: pendulumStart, parameters: pendulumParameters, steps: steps, checkpoints: 5,
    step: DrivenPendulum()
  ) { x, p in finalLoss(x, p) }
  let fd = FiniteDifference.gradient(at: pendulumStart + pendulumParameters, method: .richardson) {
    (w: [Double]) in
    unrolled(DrivenPendulum(), w, n: n, steps: steps) { x, p, i in
      i == steps - 1 ? finalLoss(x, p) : nil
    }
  }
  #expect(normwiseError(r.initialStateGradient + r.parameterGradient, fd) <= 1e-8)
}

@Test(arguments: [(1, 1), (2, 1), (40, 1), (40, 3), (200, 6), (200, 200)])
func trajectoryLossEqualsThePlainOne(steps: Int, checkpoints: Int) {
  // Three species; the loss sums a term of every state after a step.
  let x0 = [1.0, 0.2, 0.0]
  let p = [0.7, 0.3]
  func term<T: Differentiable>(_ x: [T], _ p: [T], _ i: Int) -> T {
    let target = T(0.5 * Double(i % 7) / 7)
    return (x[1] - target) * (x[1] - target) + p[0] * x[2] / T(Double(steps))
  }
  let plain = Reverse.valueWithGradient(at: x0 + p) { w in
    unrolled(Kinetics(), w, n: 3, steps: steps) { x, p, i in i < 0 ? nil : term(x, p, i) }
  }
  let r = Reverse.checkpointedGradient(
    initialState: x0, parameters: p, steps: steps, checkpoints: checkpoints, step: Kinetics()
  ) { x, p, i in term(x, p, i) }
  #expect(normwiseError(r.initialStateGradient + r.parameterGradient, plain.gradient) <= 1e-12)
  #expect(Swift.abs(r.value - plain.value) <= 1e-12 * Swift.abs(plain.value))
  #expect(r.report.forwardSteps == r.report.minimumForwardSteps)
  let fd = FiniteDifference.gradient(at: x0 + p, method: .richardson) { (w: [Double]) in
    unrolled(Kinetics(), w, n: 3, steps: steps) { x, p, i in i < 0 ? nil : term(x, p, i) }
  }
  #expect(normwiseError(r.initialStateGradient + r.parameterGradient, fd) <= 1e-8)
}

@Test func closureFormsAgreeWithTheProtocolForms() {
  let x0 = [1.0, 0.2, 0.0]
  let p = [0.7, 0.3]
  let viaProtocol = Reverse.checkpointedGradient(
    initialState: x0, parameters: p, steps: 90, checkpoints: 4, step: Kinetics()
  ) { x, _ in x[1] * x[2] }
  let viaClosure = Reverse.checkpointedGradient(
    initialState: x0, parameters: p, steps: 90, checkpoints: 4
  ) { x, p, i in
    Kinetics()(x, p, step: i)
  } loss: { x, _ in
    x[1] * x[2]
  }
  #expect(viaClosure.initialStateGradient == viaProtocol.initialStateGradient)
  #expect(viaClosure.parameterGradient == viaProtocol.parameterGradient)
  #expect(viaClosure.report == viaProtocol.report)
  let trajectory = Reverse.checkpointedGradient(
    initialState: x0, parameters: p, steps: 90, checkpoints: 4
  ) { x, p, i in
    Kinetics()(x, p, step: i)
  } trajectoryLoss: { x, _, _ in
    x[0]
  }
  let plain = Reverse.gradient(at: x0 + p) { w in
    unrolled(Kinetics(), w, n: 3, steps: 90) { x, _, i in i < 0 ? nil : x[0] }
  }
  #expect(
    normwiseError(trajectory.initialStateGradient + trajectory.parameterGradient, plain) <= 1e-12)
}

/// The fewest forward steps over every split schedule, by dynamic programming on
/// T(l, c) = min over j of j + T(l − j, c − 1) + T(j, c), T(1, c) = 0, T(l, 1) = l(l − 1)/2.
func searchedMinimum(maxSteps: Int, maxCheckpoints: Int) -> [[Int]] {
  var t = [[Int]](repeating: [Int](repeating: 0, count: maxCheckpoints + 1), count: maxSteps + 1)
  for l in 2...maxSteps {
    t[l][1] = l * (l - 1) / 2
    for c in stride(from: 2, through: maxCheckpoints, by: 1) {
      t[l][c] = (1..<l).map { j in j + t[l - j][c - 1] + t[j][c] }.min()!
    }
  }
  return t
}

@Test func theMinimumForwardStepsFormulaMatchesASearchOverEverySchedule() {
  let t = searchedMinimum(maxSteps: 60, maxCheckpoints: 8)
  for l in 1...60 {
    for c in 1...8 {
      #expect(
        CheckpointReport.minimumForwardSteps(steps: l, checkpoints: c) == t[l][c],
        "t(\(l), \(c))")
    }
  }
  // Closed forms: c = 1 is the chain l(l − 1)/2, c ≥ l − 1 runs each step once.
  #expect(CheckpointReport.minimumForwardSteps(steps: 1000, checkpoints: 1) == 499_500)
  #expect(CheckpointReport.minimumForwardSteps(steps: 1000, checkpoints: 999) == 999)
  #expect(CheckpointReport.minimumForwardSteps(steps: 1000, checkpoints: 5000) == 999)
  #expect(CheckpointReport.minimumForwardSteps(steps: 0, checkpoints: 1) == 0)
}

/// x ↦ x + p·sin(x): cheap, for running many schedules.
struct Cheap: TimeStep {
  func callAsFunction<T: Differentiable>(_ x: [T], _ p: [T], step: Int) -> [T] {
    [x[0] + p[0] * sin(x[0])]
  }
}

@Test func theScheduleTakesTheMinimumForwardStepsForManyStepsAndCheckpoints() {
  var cases: [(Int, Int)] = []
  for k in 0...64 {
    for c in [1, 2, 3, 4, 5, 7, 10, k - 1, k, k + 1, 2 * k] where c >= 1 { cases.append((k, c)) }
  }
  cases += [(1000, 2), (1000, 3), (1000, 10), (1000, 31), (5000, 4), (10_000, 20), (300, 1)]
  for (k, c) in cases {
    let r = Reverse.checkpointedGradient(
      initialState: [0.3], parameters: [0.01], steps: k, checkpoints: c, step: Cheap()
    ) { x, _ in x[0] }
    let theory = CheckpointReport.minimumForwardSteps(steps: k, checkpoints: c)
    #expect(r.report.forwardSteps == theory, "k = \(k), c = \(c)")
    #expect(r.report.peakStoredStates <= c, "k = \(k), c = \(c)")
    if c >= k - 1 { #expect(r.report.recomputedSteps == 0, "k = \(k), c = \(c)") }
  }
  // r = 4 for k = 10⁴, c = 20: each step runs forward at most 4 times... here r·k − C(24, 3).
  #expect(CheckpointReport.minimumForwardSteps(steps: 10_000, checkpoints: 20) == 4 * 10_000 - 2024)
}

@Test func oneStepsTapeAtATime() {
  // The largest recording is one step's, whatever k is.
  func peak(_ k: Int) -> Int {
    Reverse.checkpointedGradient(
      initialState: pendulumStart, parameters: pendulumParameters, steps: k, checkpoints: 8,
      step: DrivenPendulum()
    ) { x, p in finalLoss(x, p) }.report.peakTapeNodes
  }
  let small = peak(10)
  #expect(small > 0 && small < 200)
  #expect(peak(5000) == small)
}

@Test func checkpointingMisuseStopsWithAMessage() async {
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Reverse.checkpointedGradient(
        initialState: [1.0], parameters: [], steps: 10, checkpoints: 0, step: Cheap()
      ) { x, _ in x[0] }
    }, containing: "checkpoints is 0; pass at least 1")
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Reverse.checkpointedGradient(
        initialState: [1.0], parameters: [], steps: -3, checkpoints: 2, step: Cheap()
      ) { x, _ in x[0] }
    }, containing: "steps is -3")
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Reverse.checkpointedGradient(
        initialState: [Double](), parameters: [1.0], steps: 3, checkpoints: 2, step: Cheap()
      ) { x, _ in x[0] }
    }, containing: "initialState is empty")
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Reverse.checkpointedGradient(
        initialState: [1.0, 2.0], parameters: [], steps: 10, checkpoints: 3
      ) { x, _, i in
        i == 6 ? [x[0]] : x
      } loss: { x, _ in
        x[0]
      }
    }, containing: "step 6 returned 1 state values but the initial state has 2")
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = CheckpointReport.minimumForwardSteps(steps: 5, checkpoints: -1)
    }, containing: "checkpoints is -1")
}
