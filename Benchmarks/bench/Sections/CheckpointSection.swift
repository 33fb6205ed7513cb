import DualTape
import DualTapePlot
import DualTapeSuite
import Foundation

// Checkpointing: the gradient of a long loop's final-state loss by one plain tape of every step,
// by binomial checkpointing with several c, and by forward mode, for two loops: a damped
// pendulum (4 inputs, where forward mode wins) and a reaction–diffusion field on 200 cells
// (202 inputs, where checkpointed reverse mode wins). Each measurement runs in a fresh child
// process (`bench --memory-probe SYSTEM:K:C`, the tape-memory section's plumbing) so that its
// peak resident memory is its own. The tables and plots are built in CheckpointPart.swift.

/// A loop the checkpointing section differentiates (its raw value names it on the command line).
enum CheckpointSystem: String, Codable {
  /// A damped pendulum by RK4: 2 state values and 2 parameters.
  case pendulum
  /// Reaction–diffusion on N = 200 cells by explicit Euler: N state values and 2 parameters.
  case diffusion

  /// The number of inputs: state values plus parameters.
  var inputCount: Int {
    switch self {
    case .pendulum: return 4
    case .diffusion: return ReactionDiffusion().cells + ReactionDiffusion.parameters.count
    }
  }

  /// The gradient with respect to (x₀, p) by the method c names (c ≥ 1: checkpointed reverse;
  /// 0: one plain tape of the unrolled loop; −1: forward mode), and the schedule's report.
  func gradient(steps k: Int, checkpoints c: Int) -> ([Double], CheckpointReport?) {
    switch self {
    case .pendulum:
      let pendulum = DampedPendulum(h: 1e-3)
      return loopGradient(
        [1.0, 0.0], [9.81, 0.05], k, c, pendulum, UnrolledPendulum(pendulum, steps: k),
        DampedPendulum.finalLoss)
    case .diffusion:
      let field = ReactionDiffusion()
      return loopGradient(
        field.initialField(), ReactionDiffusion.parameters, k, c, field,
        UnrolledDiffusion(field, steps: k), ReactionDiffusion.finalLoss)
    }
  }

  /// The nodes one step adds to the plain tape of the unrolled loop.
  var plainNodesPerStep: Int {
    switch self {
    case .pendulum:
      return plainTapeNodesPerStep(
        DampedPendulum(h: 1e-3), initialState: [1.0, 0.0], parameters: [9.81, 0.05])
    case .diffusion:
      let field = ReactionDiffusion()
      return plainTapeNodesPerStep(
        field, initialState: field.initialField(), parameters: ReactionDiffusion.parameters)
    }
  }

  /// One evaluation of the loop's loss with `Double`, the primal.
  func primal(steps k: Int) -> Double {
    switch self {
    case .pendulum:
      return UnrolledPendulum(DampedPendulum(h: 1e-3), steps: k)([1.0, 0.0, 9.81, 0.05])
    case .diffusion:
      let loop = UnrolledDiffusion(ReactionDiffusion(), steps: k)
      return loop(loop.inputs())
    }
  }
}

/// The gradient of one loop by the method c names (see ``CheckpointSystem/gradient``).
private func loopGradient<Step: TimeStep, Loop: VectorToScalar>(
  _ x0: [Double], _ p: [Double], _ k: Int, _ c: Int, _ step: Step, _ unrolled: Loop,
  _ loss: ([Tracked<Double>], [Tracked<Double>]) -> Tracked<Double>
) -> ([Double], CheckpointReport?) {
  switch c {
  case 0: return (Reverse.gradient(at: x0 + p, of: unrolled), nil)
  case -1: return (Forward.gradient(at: x0 + p, of: unrolled), nil)
  default:
    let r = Reverse.checkpointedGradient(
      initialState: x0, parameters: p, steps: k, checkpoints: c, step: step, loss: loss)
    return (r.initialStateGradient + r.parameterGradient, r.report)
  }
}

/// What one child process reports.
struct CheckpointProbe: Codable {
  var steps: Int
  /// c ≥ 1, 0 for the plain tape, −1 for forward mode.
  var checkpoints: Int
  /// Resident bytes before the gradient, and the peak after it.
  var before: Int
  var peak: Int
  /// The fastest of up to 3 runs.
  var seconds: Double
  var report: CheckpointReport?
  var gradient: [Double]
}

/// The child's work: one gradient of the system by the method c names, its memory and time.
func checkpointProbe(_ system: CheckpointSystem, steps: Int, checkpoints c: Int) -> String {
  blackHole(system.gradient(steps: 10, checkpoints: c))  // the runtime and a small tape, before
  let before = processMemory("VmRSS") ?? 0
  var start = now()
  let (gradient, report) = system.gradient(steps: steps, checkpoints: c)
  var best = now() - start
  let peak = processMemory("VmHWM") ?? 0
  var spent = best
  for _ in 0..<2 where spent < 0.4 {
    start = now()
    blackHole(system.gradient(steps: steps, checkpoints: c))
    let t = now() - start
    best = Swift.min(best, t)
    spent += t
  }
  let probe = CheckpointProbe(
    steps: steps, checkpoints: c, before: before, peak: peak, seconds: best, report: report,
    gradient: gradient)
  return String(decoding: try! JSONEncoder().encode(probe), as: UTF8.self)
}

func checkpointSection(quick: Bool) -> BenchSection {
  let title = "Checkpointing: a long loop in bounded memory"
  let pendulumSteps = quick ? 10_000 : 100_000
  let pendulum = checkpointPart(
    .pendulum, steps: pendulumSteps, counts: quick ? [10, 100] : [5, 10, 30, 100, 1000],
    introduction: """
      The gradient of (θ_k − 0.1)² + ω_k² for a damped pendulum integrated by RK4 (h = 0.001, \
      k = \(grouped(pendulumSteps)) steps; `DampedPendulum` in DualTapeSuite) with respect to \
      θ₀, ω₀, g/L and γ, **4 inputs**:
      """)
  let diffusionSteps = quick ? 1000 : 10_000
  let field = ReactionDiffusion()
  let diffusion = checkpointPart(
    .diffusion, steps: diffusionSteps, counts: quick ? [10, 100] : [10, 30, 100, 1000],
    introduction: """
      The gradient of dx·Σ(u_i − g_i)² on the final field of a 1-D reaction–diffusion \
      (Fisher–KPP) equation u_t = D·u_xx + r·u·(1 − u) on [0, 1] cut into \(field.cells) cells \
      with zero-flux \
      ends, explicit Euler (h = \(field.h), k = \(grouped(diffusionSteps)) steps; \
      `ReactionDiffusion` in DualTapeSuite) with respect to the initial field u₀ and (D, r), \
      **\(CheckpointSystem.diffusion.inputCount) inputs**:
      """)
  guard let pendulum, let diffusion else {
    return .notMeasured(
      title, "Not measured: the child processes could not be started or /proc is missing.")
  }
  var md = """
    Three ways to the gradient of a loss on a long loop's final state: one plain tape of all k \
    steps (`Reverse.gradient` of the unrolled loop: memory ∝ k), \
    `Reverse.checkpointedGradient` with c checkpoints (binomial checkpointing, Griewank–Walther's \
    revolve: one step's tape at a time, at most c stored states), and forward mode \
    (`Forward.gradient` of the unrolled loop with the default chunk of 4 tangents: no tape, \
    ⌈inputs / 4⌉ passes). Each row is a fresh process (`bench --memory-probe SYSTEM:K:C`); \
    *time* is the fastest of up to 3 runs, *× primal* divides by one `Double` evaluation of the \
    loop. *forward steps*: plain step evaluations the schedule ran besides the k taped ones, \
    against the minimum t(k, c) = r·k − C(c + r, r − 1) of Griewank and Walther (r: each step \
    runs forward at most r times). *held*: the tape's nodes and adjoints plus the stored \
    states, from the report (the plain tape: its nodes per step, counted on one recording of 10 \
    and one of 20 steps, × k × \(tapeBytesPerNode) B); *peak − before*: growth of the process's \
    peak resident set. \
    *error*: max |g − g_plain| / max |g_plain|.

    ### Few inputs: a damped pendulum


    """
  md += pendulum.markdown
  md += """

    Checkpointing trades time for memory: the plain tape grows with k, the checkpointed pass \
    holds c states and one step's nodes, and pays about r forward steps per step. Forward mode \
    keeps no tape, so it needs no checkpoints; with four inputs one pass carries every tangent \
    and it is the fastest here.

    ![Checkpointing the pendulum: time and memory against c](Benchmarks/results/checkpointing.svg)

    ### Many inputs: a reaction–diffusion field


    """
  md += diffusion.markdown
  md += """

    Here forward mode needs \(diffusion.forwardPasses) passes of the whole loop and takes \
    \(formatRatio(diffusion.forwardRatio)) the time of checkpointed reverse mode with \
    c = \(diffusion.middleCheckpoints) (on the pendulum: \(formatRatio(pendulum.forwardRatio))), \
    while reverse mode's cost does not grow with the inputs: one taped step at a time, with \
    the memory bounded by c. \
    **The crossover rule:** forward mode when the inputs (state plus parameters) are few — it \
    keeps no tape and needs no checkpoints; reverse mode with checkpoints when they are many, \
    with c chosen from the memory one can spare (the time falls as c grows, slowly once r is \
    2 or 3).

    ![Checkpointing reaction–diffusion: time and memory against \
    c](Benchmarks/results/checkpointing-diffusion.svg)

    """
  return BenchSection(
    title: title, markdown: md,
    svgs: [("checkpointing.svg", pendulum.svg), ("checkpointing-diffusion.svg", diffusion.svg)],
    terminal: pendulum.terminal + "\n" + diffusion.terminal,
    figures: pendulum.figures + diffusion.figures,
    json: ["pendulum": pendulum.json, "diffusion": diffusion.json])
}
