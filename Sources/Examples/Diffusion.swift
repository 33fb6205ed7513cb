import DualTape
import DualTapePlot
import DualTapeSuite
import Foundation

/// A reaction–diffusion field on 200 cells by explicit Euler for 10⁴ steps: the gradient of a
/// loss on the final field with respect to the whole initial field and the coefficients (202
/// inputs), by checkpointed reverse mode for several c, checked against the plain reverse
/// gradient of the unrolled loop (one tape of every step; to 1e-12), forward mode and a finite
/// difference. Here the inputs are many and forward mode, one pass per four of them, loses:
/// the counterpart of `examples pendulum`, where four inputs make forward mode the choice.
func runDiffusion(_ options: Options) throws {
  let steps = 10_000
  let field = ReactionDiffusion()
  let loop = UnrolledDiffusion(field, steps: steps)
  let u0 = field.initialField()
  let p = ReactionDiffusion.parameters
  let v = loop.inputs()
  print(
    "diffusion: u_t = D·u_xx + r·u·(1 − u) on [0, 1], \(field.cells) cells, zero-flux ends,"
      + " explicit Euler, h = \(field.h), \(grouped(steps)) steps; D = \(p[0]), r = \(p[1])")
  print(
    "  loss: dx·Σ(u_k − g)² on the final field, g(x) = 0.2 + 0.5x; inputs: u₀ (\(field.cells))"
      + " and D, r: \(v.count)")
  let residentBefore = peakResident()

  let (primal, primalTime) = fastest(of: 3) { loop(v) }
  let checkpointed = checkpointedRuns([10, 100, 1000]) { c in
    Reverse.checkpointedGradient(
      initialState: u0, parameters: p, steps: steps, checkpoints: c, step: field,
      loss: ReactionDiffusion.finalLoss)
  }
  let residentCheckpointed = peakResident()
  let chunk = Forward.defaultChunkSize(forInputCount: v.count)
  let passes = (v.count + chunk - 1) / chunk
  let (forward, forwardTime) = timed { Forward.gradient(at: v, of: loop) }
  // A finite difference along v itself (every input scaled by 1 + t): d/dt L(v·(1 + t)) = g·v.
  let (fd, fdTime) = timed {
    FiniteDifference.directionalDerivative(
      at: v, direction: v, method: .richardson, of: LossAsVector(loop: loop))[0]
  }
  // Last, since it raises the process's peak: one tape of all 10⁴ steps.
  let (plain, plainTime) = timed { Reverse.valueWithGradient(at: v, of: loop) }
  let residentPlain = peakResident()

  let g = plain.gradient
  print(
    "  value \(significant(primal)); ∂L/∂D = \(significant(g[field.cells])),"
      + " ∂L/∂r = \(significant(g[field.cells + 1])), max|∂L/∂u₀| ="
      + " \(significant(g[0..<field.cells].map(Swift.abs).max() ?? 0))")
  let table = MethodTable(primalSeconds: primalTime)
  table.header()
  table.row("primal (Double)", primalTime, "one field", "")
  let nodesPerStep = plainTapeNodesPerStep(field, initialState: u0, parameters: p)
  table.reverseRows(
    plainSeconds: plainTime, plainTapeBytes: nodesPerStep * steps * tapeBytesPerNode, checkpointed,
    plain: g)
  table.row(
    "forward (\(chunk) tangents, \(passes) passes)", forwardTime, "no tape",
    formatError(normwiseError(forward, g)))
  let directional = zip(g, v).reduce(0) { $0 + $1.0 * $1.1 }
  let fdError = Swift.abs(fd - directional) / Swift.abs(directional)
  table.row("finite difference (g·v, Richardson)", fdTime, "one field", formatError(fdError))
  table.scheduleLines(checkpointed)
  printPeakResident(residentBefore, residentCheckpointed, residentPlain)
  print(
    "  \(v.count) inputs: forward mode needs \(passes) passes of the loop and takes"
      + " \(fixed(forwardTime / checkpointed[1].seconds, 1))x the time of checkpointed reverse"
      + " with c = 100, whose cost does not grow with the inputs and whose memory stays bounded"
      + " by c. With few inputs (examples pendulum: 4) forward mode is the better choice.")

  // The picture: the field before and after, the target, and ∂L/∂u₀ per unit length.
  let xs = (0..<field.cells).map { (Double($0) + 0.5) / Double(field.cells) }
  var u = u0
  for i in 0..<steps { u = field(u, p, step: i) }
  let fields = LineChart(
    title: "The field", subtitle: "u₀, u after \(grouped(steps)) steps, and the loss's target",
    x: Axis("x", domain: 0...1), y: Axis("u"),
    series: [
      Series("u₀", color: palette[0], dots: false, points: Array(zip(xs, u0))),
      Series("u_k", color: palette[1], dots: false, points: Array(zip(xs, u))),
      Series(
        "target g", color: "#444", dashed: true, dots: false,
        points: xs.map { ($0, 0.2 + 0.5 * $0) }),
    ], width: 480, height: 360)
  let sensitivity = LineChart(
    title: "Sensitivity to the initial field",
    subtitle: "∂L/∂u₀(x) ÷ dx, by checkpointed reverse mode (c = 100)",
    x: Axis("x", domain: 0...1), y: Axis("∂L/∂u₀ ÷ dx"),
    series: [
      Series(
        "∂L/∂u₀ ÷ dx", color: palette[2], dots: false,
        points: zip(xs, checkpointed[1].result.initialStateGradient).map {
          ($0, $1 * Double(field.cells))
        })
    ], width: 480, height: 360)
  let svg = panels(
    title: "Reaction–diffusion, \(field.cells) cells, \(grouped(steps)) explicit Euler steps",
    [fields.drawing(), sensitivity.drawing()], columns: 2,
    note:
      "The gradient of the final-field loss with respect to all \(v.count) inputs, one taped step at a time."
  )
  print("  figure: \(try writeSVG(svg, options, "diffusion.svg"))")

  let worst = checkpointed.map { normwiseError(gradient($0.result), g) }.max() ?? 0
  if worst > 1e-12 {
    throw ExampleFailure("the checkpointed gradient differs from the plain one by \(worst)")
  }
  if normwiseError(forward, g) > 1e-12 || fdError > 1e-6 {
    throw ExampleFailure(
      "the plain reverse gradient disagrees with forward mode or the finite difference")
  }
  if checkpointed.contains(where: {
    $0.result.report.forwardSteps != $0.result.report.minimumForwardSteps
  }) {
    throw ExampleFailure("a schedule took more forward steps than the Griewank–Walther minimum")
  }
}

/// The loop's loss as a one-output map, for a directional finite difference.
private struct LossAsVector: VectorToVector {
  var loop: UnrolledDiffusion
  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] { [loop(x)] }
}
