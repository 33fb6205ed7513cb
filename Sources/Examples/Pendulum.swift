import DualTape
import DualTapePlot
import DualTapeSuite
import Foundation

/// A damped pendulum by RK4 for 10⁵ steps: the gradient of a final-state loss and of a
/// trajectory loss with respect to the initial state (θ₀, ω₀) and the parameters (g/L, γ),
/// by checkpointed reverse mode for several c, checked against the plain reverse gradient of
/// the unrolled loop (one tape of every step; to 1e-12) and finite differences; and forward
/// mode, which keeps no tape: with four inputs it is the better choice.
func runPendulum(_ options: Options) throws {
  let steps = 100_000
  let pendulum = DampedPendulum(h: 1e-3)
  let x0 = [1.0, 0.0]
  let p = [9.81, 0.05]
  let v = x0 + p
  print(
    "pendulum: θ'' = −(g/L)·sin θ − γ·θ', RK4, h = 0.001, \(grouped(steps)) steps (t = 0…100 s);"
      + " θ₀ = 1, ω₀ = 0, g/L = 9.81, γ = 0.05")
  print("  loss: (θ_k − 0.1)² + ω_k² on the final state; inputs: θ₀, ω₀, g/L, γ (4)")
  let residentBefore = peakResident()

  // The primal: the fastest of 3 runs.
  let (primal, primalTime) = fastest(of: 3) { UnrolledPendulum(pendulum, steps: steps)(v) }
  let (forward, forwardTime) = timed {
    Forward.valueWithGradient(at: v, of: UnrolledPendulum(pendulum, steps: steps))
  }
  let checkpointed = checkpointedRuns([10, 100, 1000]) { c in
    Reverse.checkpointedGradient(
      initialState: x0, parameters: p, steps: steps, checkpoints: c, step: pendulum,
      loss: DampedPendulum.finalLoss)
  }
  let residentCheckpointed = peakResident()
  let (fd, fdTime) = timed {
    FiniteDifference.gradient(
      at: v, method: .richardson, of: UnrolledPendulum(pendulum, steps: steps))
  }
  // Last, since it raises the process's peak: one tape of all 10⁵ steps.
  let (plain, plainTime) = timed {
    Reverse.valueWithGradient(at: v, of: UnrolledPendulum(pendulum, steps: steps))
  }
  let residentPlain = peakResident()

  let names = ["θ₀", "ω₀", "g/L", "γ"]
  print("  value \(significant(primal)); gradient (plain reverse):")
  for (name, g) in zip(names, plain.gradient) { print("    ∂L/∂\(name) = \(g)") }
  let nodesPerStep = plainTapeNodesPerStep(pendulum, initialState: x0, parameters: p)
  let table = MethodTable(primalSeconds: primalTime)
  table.header()
  table.row("primal (Double)", primalTime, "one state", "")
  table.reverseRows(
    plainSeconds: plainTime, plainTapeBytes: nodesPerStep * steps * tapeBytesPerNode, checkpointed,
    plain: plain.gradient)
  table.row(
    "forward (4 tangents, 1 pass)", forwardTime, "no tape",
    formatError(normwiseError(forward.gradient, plain.gradient)))
  table.row(
    "finite differences (Richardson)", fdTime, "one state",
    formatError(normwiseError(fd, plain.gradient)))
  table.scheduleLines(checkpointed)
  printPeakResident(residentBefore, residentCheckpointed, residentPlain)
  print(
    "  forward mode keeps no tape and needs no checkpoints: with 4 inputs one pass carries all"
      + " four tangents, \(fixed(checkpointed[1].seconds / forwardTime, 1))x faster than"
      + " checkpointed reverse with c = 100. Reverse wins when the inputs are many (its cost"
      + " does not grow with them; forward's grows by one pass per 4 inputs).")

  // The trajectory loss: h·Σθ², about ∫θ² dt.
  let trajectory = UnrolledPendulum(pendulum, steps: steps, trajectory: true)
  let plainTrajectory = Reverse.valueWithGradient(at: v, of: trajectory)
  let (trajectoryCheckpointed, trajectoryTime) = timed {
    Reverse.checkpointedGradient(
      initialState: x0, parameters: p, steps: steps, checkpoints: 100, step: pendulum,
      trajectoryLoss: pendulum.trajectoryTerm)
  }
  let trajectoryFD = FiniteDifference.gradient(at: v, method: .richardson, of: trajectory)
  let trajectoryForward = Forward.gradient(at: v, of: trajectory)
  let trajectoryError = normwiseError(gradient(trajectoryCheckpointed), plainTrajectory.gradient)
  print(
    "  trajectory loss h·Σθ² = \(significant(plainTrajectory.value)): checkpointed (c = 100,"
      + " \(formatSeconds(trajectoryTime))) vs plain \(formatError(trajectoryError)),"
      + " vs finite differences \(formatError(normwiseError(gradient(trajectoryCheckpointed), trajectoryFD))),"
      + " forward vs plain \(formatError(normwiseError(trajectoryForward, plainTrajectory.gradient)))"
  )

  // The motion, for the picture: θ and ω every 100 steps.
  var x = x0
  var points: [(t: Double, theta: Double, omega: Double)] = [(0, x0[0], x0[1])]
  for i in 0..<steps {
    x = pendulum(x, p, step: i)
    if (i + 1) % 100 == 0 { points.append((Double(i + 1) * pendulum.h, x[0], x[1])) }
  }
  let chart = LineChart(
    title: "Damped pendulum by RK4, 10⁵ steps of 0.001 s",
    subtitle:
      "differentiated in reverse with c = 10, 100, 1000 checkpoints (one step's tape at a time)",
    x: Axis("time t (s)", domain: 0...100), y: Axis("θ (rad), ω (rad/s)"),
    series: [
      Series("θ", color: palette[0], dots: false, points: points.map { ($0.t, $0.theta) }),
      Series("ω = θ'", color: palette[1], dots: false, points: points.map { ($0.t, $0.omega) }),
    ], width: 720, height: 360)
  let path = try writeSVG(chart.svg, options, "pendulum.svg")
  print("  figure: \(path)")

  let worst = checkpointed.map { normwiseError(gradient($0.result), plain.gradient) }.max() ?? 0
  if worst > 1e-12 || trajectoryError > 1e-12 {
    throw ExampleFailure("the checkpointed gradient differs from the plain one by \(worst)")
  }
  // Finite differences over 10⁵ steps carry rounding of about ε/h_fd times the loop's growth.
  if normwiseError(fd, plain.gradient) > 1e-5
    || normwiseError(forward.gradient, plain.gradient) > 1e-12
  {
    throw ExampleFailure(
      "the plain reverse gradient disagrees with finite differences or forward mode")
  }
  if checkpointed.contains(where: {
    $0.result.report.forwardSteps != $0.result.report.minimumForwardSteps
  }) {
    throw ExampleFailure("a schedule took more forward steps than the Griewank–Walther minimum")
  }
}
