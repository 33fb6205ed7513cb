import DualTape
import DualTapePlot
import DualTapeSuite
import Foundation

// Checkpointing: the gradient of a damped pendulum's final state after k RK4 steps with
// respect to (θ₀, ω₀, g/L, γ), by one plain tape of every step, by binomial checkpointing with
// several c, and by forward mode. Each measurement runs in a fresh child process (`bench
// --memory-probe checkpoint:K:C`, the tape-memory section's plumbing) so that its peak
// resident memory is its own.

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

/// The child's work: one pendulum gradient by the method c names, its memory and time.
func checkpointProbe(steps: Int, checkpoints c: Int) -> String {
  let pendulum = DampedPendulum(h: 1e-3)
  let x0 = [1.0, 0.0], p = [9.81, 0.05]
  func run(_ k: Int) -> ([Double], CheckpointReport?) {
    switch c {
    case 0: return (Reverse.gradient(at: x0 + p, of: UnrolledPendulum(pendulum, steps: k)), nil)
    case -1: return (Forward.gradient(at: x0 + p, of: UnrolledPendulum(pendulum, steps: k)), nil)
    default:
      let r = Reverse.checkpointedGradient(
        initialState: x0, parameters: p, steps: k, checkpoints: c, step: pendulum,
        loss: DampedPendulum.finalLoss)
      return (r.initialStateGradient + r.parameterGradient, r.report)
    }
  }
  blackHole(run(10))  // the runtime and a small tape, before
  let before = processMemory("VmRSS") ?? 0
  var start = now()
  let (gradient, report) = run(steps)
  var best = now() - start
  let peak = processMemory("VmHWM") ?? 0
  var spent = best
  for _ in 0..<2 where spent < 0.4 {
    start = now()
    blackHole(run(steps))
    let t = now() - start
    best = Swift.min(best, t)
    spent += t
  }
  let probe = CheckpointProbe(
    steps: steps, checkpoints: c, before: before, peak: peak, seconds: best, report: report,
    gradient: gradient)
  return String(decoding: try! JSONEncoder().encode(probe), as: UTF8.self)
}

/// max|a − b| / max|b|.
private func relativeError(_ a: [Double], _ b: [Double]) -> Double {
  let scale = b.map(Swift.abs).max() ?? 0
  let difference = zip(a, b).map { Swift.abs($0 - $1) }.max() ?? 0
  return scale == 0 ? difference : difference / scale
}

func checkpointSection(quick: Bool) -> BenchSection {
  let title = "Checkpointing: a long loop in bounded memory"
  let steps = quick ? 10_000 : 100_000
  let counts = quick ? [10, 100] : [5, 10, 30, 100, 1000]
  let probes = ([0, -1] + counts).compactMap {
    runMemoryProbe(.checkpoint(steps: steps, checkpoints: $0), as: CheckpointProbe.self)
  }
  guard let plain = probes.first(where: { $0.checkpoints == 0 }),
    let forward = probes.first(where: { $0.checkpoints == -1 }), plain.before > 0
  else {
    return BenchSection(
      title: title,
      markdown: "Not measured: the child processes could not be started or /proc is missing.\n")
  }
  let checkpointed = probes.filter { $0.checkpoints > 0 }
  // The primal, in this process: the fastest of 5 runs of the Double loop.
  let primalLoop = UnrolledPendulum(DampedPendulum(h: 1e-3), steps: steps)
  var primal = Double.infinity
  for _ in 0..<5 {
    let start = now()
    blackHole(primalLoop([1.0, 0.0, 9.81, 0.05]))
    primal = Swift.min(primal, now() - start)
  }
  func grown(_ p: CheckpointProbe) -> Double { Double(Swift.max(p.peak - p.before, 0)) }
  let nodesPerStep = checkpointed.first?.report?.peakTapeNodes ?? 0
  let bytesPerNode = MemoryLayout<TapeNode<Double>>.stride + MemoryLayout<Double>.stride

  var md = """
    The gradient of (θ_k − 0.1)² + ω_k² for a damped pendulum integrated by RK4 (h = 0.001, \
    k = \(grouped(steps)) steps) with respect to θ₀, ω₀, g/L and γ: by one plain tape of all k \
    steps (`Reverse.gradient` of the unrolled loop), by `Reverse.checkpointedGradient` with c \
    checkpoints (binomial checkpointing, Griewank–Walther's revolve: one step's tape at a time, \
    at most c stored states), and by forward mode (`Forward.gradient`, four tangents in one \
    pass, no tape). Each row is a fresh process (`bench --memory-probe checkpoint:K:C`); \
    *time* is the fastest of up to 3 runs, *× primal* divides by one `Double` evaluation of the \
    loop (\(formatSeconds(primal))). *forward steps*: plain step evaluations the schedule ran \
    besides the k taped ones, against the minimum t(k, c) = r·k − C(c + r, r − 1) of \
    Griewank and Walther (r: each step runs forward at most r times). *held*: the tape's \
    nodes and adjoints plus the stored states, from the report (the plain tape: \
    \(nodesPerStep) nodes per step × k × \(bytesPerNode) B); *peak − before*: growth of the \
    process's peak resident set. *error*: max |g − g_plain| / max |g_plain|.

    | method | time | × primal | forward steps | minimum t(k, c) | r | held | peak − before | error |
    | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |

    """
  let plainHeld = Double(nodesPerStep * steps * bytesPerNode)
  md +=
    "| plain tape | \(formatSeconds(plain.seconds)) | \(formatRatio(plain.seconds / primal)) | 0 | – | – |"
    + " ≈ \(formatBytes(plainHeld)) | \(formatBytes(grown(plain))) | 0 |\n"
  var worstError = 0.0
  var scheduleMatches = true
  for p in checkpointed {
    guard let r = p.report else { continue }
    let error = relativeError(p.gradient, plain.gradient)
    worstError = Swift.max(worstError, error)
    scheduleMatches = scheduleMatches && r.forwardSteps == r.minimumForwardSteps
    md +=
      "| checkpointed, c = \(p.checkpoints) | \(formatSeconds(p.seconds)) | \(formatRatio(p.seconds / primal))"
      + " | \(grouped(r.forwardSteps)) | \(grouped(r.minimumForwardSteps)) | \(r.repetitions)"
      + " | \(formatBytes(Double(r.peakTapeBytes + r.peakStateBytes))) | \(formatBytes(grown(p)))"
      + " | \(formatError(error)) |\n"
  }
  let forwardError = relativeError(forward.gradient, plain.gradient)
  md +=
    "| forward (4 tangents) | \(formatSeconds(forward.seconds)) | \(formatRatio(forward.seconds / primal)) | – | – | – |"
    + " 0 | \(formatBytes(grown(forward))) | \(formatError(forwardError)) |\n"
  md += """

    Checkpointing trades time for memory: the plain tape grows with k, the checkpointed pass \
    holds c states and one step's nodes, and pays about r forward steps per step. Forward mode \
    keeps no tape, so it needs no checkpoints; with four inputs one pass carries every \
    tangent and it is the fastest here. Reverse mode is the choice when the inputs are many \
    (forward needs one pass per 4 of them); checkpointing then keeps its memory bounded.

    ![Checkpointing: time and memory against c](Benchmarks/results/checkpointing.svg)

    """
  let xs = checkpointed.map { Double($0.checkpoints) }
  let span = [xs.min() ?? 1, xs.max() ?? 1]
  let timeChart = LineChart(
    title: "Time against c", subtitle: "pendulum, k = \(grouped(steps)) RK4 steps",
    x: Axis("checkpoints c (log scale)", scale: .log, ticks: xs),
    y: Axis("time ÷ primal (log scale)", scale: .log),
    series: [
      Series(
        "checkpointed reverse", color: EngineColor.reverse,
        points: checkpointed.map { (Double($0.checkpoints), $0.seconds / primal) }),
      Series(
        "plain tape", color: EngineColor.reverse, dashed: true, dots: false,
        points: span.map { ($0, plain.seconds / primal) }),
      Series(
        "forward (no tape)", color: EngineColor.forward, dashed: true, dots: false,
        points: span.map { ($0, forward.seconds / primal) }),
    ], width: 480, height: 360)
  let memoryChart = LineChart(
    title: "Memory against c", subtitle: "held by the method, and peak resident growth",
    x: Axis("checkpoints c (log scale)", scale: .log, ticks: xs),
    y: Axis("bytes (log scale)", scale: .log, format: compactBytes),
    series: [
      Series(
        "checkpointed: states + one step's tape", color: EngineColor.reverse,
        points: checkpointed.compactMap { p in
          p.report.map { (Double(p.checkpoints), Double($0.peakTapeBytes + $0.peakStateBytes)) }
        }),
      Series(
        "checkpointed: peak resident − before", color: "#d62728", dashed: true,
        points: checkpointed.map { (Double($0.checkpoints), Swift.max(grown($0), 4096)) }),
      Series(
        "plain tape: peak resident − before", color: "#444", dashed: true, dots: false,
        points: span.map { ($0, Swift.max(grown(plain), 4096)) }),
    ], width: 480, height: 360)
  let svg = panels(
    title: "Checkpointing: time and memory against the number of checkpoints c",
    [timeChart.drawing(), memoryChart.drawing()], columns: 2,
    note: "Binomial checkpointing (revolve); the forward steps equal Griewank–Walther's minimum t(k, c) for every c.")

  var figures = [
    Figure(
      name: "Checkpointed pendulum gradient (k = \(grouped(steps)), c = \(counts.map(String.init).joined(separator: ", "))) vs one plain tape",
      target: "≤ 1e-12 relative", measured: formatError(worstError),
      status: worstError <= 1e-12 ? .met : .missed),
    Figure(
      name: "Forward steps of the binomial schedule vs Griewank–Walther t(k, c)",
      target: "equal for every c",
      measured: scheduleMatches ? "equal (c = \(counts.map(String.init).joined(separator: ", ")))" : "differs",
      status: scheduleMatches ? .met : .missed),
  ]
  if let mid = checkpointed.first(where: { $0.checkpoints == 100 }) ?? checkpointed.last {
    figures.append(
      Figure(
        name: "Pendulum gradient, k = \(grouped(steps)): checkpointed (c = \(mid.checkpoints)) vs plain tape",
        target: "report",
        measured: "time \(formatRatio(mid.seconds / plain.seconds)) of the plain tape's; peak resident growth \(formatBytes(grown(mid))) vs \(formatBytes(grown(plain))); forward mode \(formatRatio(forward.seconds / mid.seconds)) of the checkpointed time",
        status: .reported))
  }
  let terminal = probes.map { p -> String in
    let name = p.checkpoints == 0 ? "plain tape" : p.checkpoints == -1 ? "forward" : "c = \(p.checkpoints)"
    let counts = p.report.map { " forward steps \(grouped($0.forwardSteps)) (minimum \(grouped($0.minimumForwardSteps)))," } ?? ""
    return "checkpointing k = \(grouped(steps)) \(pad(name, 10)): \(formatSeconds(p.seconds)),"
      + counts + " peak − before \(formatBytes(grown(p))), error \(formatError(relativeError(p.gradient, plain.gradient)))"
  }.joined(separator: "\n")
  return BenchSection(
    title: title, markdown: md, svgs: [("checkpointing.svg", svg)], terminal: terminal,
    figures: figures)
}
