import DualTape
import DualTapePlot
import DualTapeSuite

// One loop of the checkpointing section: its probes (plain tape, forward mode, checkpointed
// reverse for each c), their table, the time-and-memory plot against c, the console lines and
// the figures.

/// One loop's share of the checkpointing section.
struct CheckpointPart {
  var markdown: String
  var svg: String
  var terminal: String
  var figures: [Figure]
  /// The loop's numbers for `--json`: its size, the primal, and one row per method.
  var json: JSONValue
  /// Forward mode's passes, and its time ÷ checkpointed reverse mode's with c = 100 (or the
  /// largest c measured).
  var forwardPasses: Int
  var forwardRatio: Double
  var middleCheckpoints: Int
}

extension CheckpointSystem {
  /// The loop's name in prose.
  var label: String { self == .pendulum ? "pendulum" : "reaction–diffusion" }
}

/// Measures one loop (k steps; plain tape, forward mode and each c in `counts`, one child
/// process each) and writes its part; nil when the child processes or /proc are missing.
func checkpointPart(
  _ system: CheckpointSystem, steps: Int, counts: [Int], introduction: String
) -> CheckpointPart? {
  let probes = ([0, -1] + counts).compactMap {
    runMemoryProbe(.checkpoint(system, steps: steps, checkpoints: $0), as: CheckpointProbe.self)
  }
  guard let plain = probes.first(where: { $0.checkpoints == 0 }),
    let forward = probes.first(where: { $0.checkpoints == -1 }), plain.before > 0
  else { return nil }
  let checkpointed = probes.filter { $0.checkpoints > 0 }
  // The primal, in this process: the fastest of 5 runs of the Double loop.
  var primal = Double.infinity
  for _ in 0..<5 {
    let start = now()
    blackHole(system.primal(steps: steps))
    primal = Swift.min(primal, now() - start)
  }
  func grown(_ p: CheckpointProbe) -> Double { Double(Swift.max(p.peak - p.before, 0)) }
  let nodesPerStep = system.plainNodesPerStep
  let stepNodes = checkpointed.first?.report?.peakTapeNodes ?? 0
  let inputs = system.inputCount
  let passes =
    (inputs + Forward.defaultChunkSize(forInputCount: inputs) - 1)
    / Forward.defaultChunkSize(forInputCount: inputs)

  var md =
    introduction + """
       one `Double` evaluation of the loop takes \(formatSeconds(primal)); a step adds \
      \(nodesPerStep) nodes to the plain tape, and a checkpointed step's own tape holds at most \
      \(stepNodes) (its inputs' and the loss's included).

      | method | time | × primal | forward steps | minimum t(k, c) | r | held | peak − before | \
      error |
      | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |

      """
  let plainHeld = Double(nodesPerStep * steps * tapeBytesPerNode)
  md +=
    "| plain tape | \(formatSeconds(plain.seconds)) | \(formatRatio(plain.seconds / primal)) | 0 |"
    + " – | – | ≈ \(formatBytes(plainHeld)) | \(formatBytes(grown(plain))) | 0 |\n"
  var worstError = 0.0
  var scheduleMatches = true
  for p in checkpointed {
    guard let r = p.report else { continue }
    let error = normwiseError(p.gradient, plain.gradient)
    worstError = Swift.max(worstError, error)
    scheduleMatches = scheduleMatches && r.forwardSteps == r.minimumForwardSteps
    md +=
      "| checkpointed, c = \(p.checkpoints) | \(formatSeconds(p.seconds)) |"
      + " \(formatRatio(p.seconds / primal))"
      + " | \(grouped(r.forwardSteps)) | \(grouped(r.minimumForwardSteps)) | \(r.repetitions)"
      + " | \(formatBytes(Double(r.peakTapeBytes + r.peakStateBytes))) | \(formatBytes(grown(p)))"
      + " | \(formatError(error)) |\n"
  }
  let forwardName = "forward (\(inputs) inputs, \(passes) pass\(passes == 1 ? "" : "es"))"
  md +=
    "| \(forwardName) | \(formatSeconds(forward.seconds)) |"
    + " \(formatRatio(forward.seconds / primal)) | – | – | – | 0 | \(formatBytes(grown(forward)))"
    + " | \(formatError(normwiseError(forward.gradient, plain.gradient))) |\n"

  let xs = checkpointed.map { Double($0.checkpoints) }
  let span = [xs.min() ?? 1, xs.max() ?? 1]
  let timeChart = LineChart(
    title: "Time against c",
    subtitle: "\(system.label), k = \(grouped(steps)) steps, \(inputs) inputs",
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
        "forward (no tape, \(passes) pass\(passes == 1 ? "" : "es"))", color: EngineColor.forward,
        dashed: true, dots: false, points: span.map { ($0, forward.seconds / primal) }),
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
    title: "Checkpointing (\(system.label)): time and memory against the number of checkpoints c",
    [timeChart.drawing(), memoryChart.drawing()], columns: 2,
    note:
      "Binomial checkpointing (revolve); the forward steps equal Griewank–Walther's minimum t(k,"
      + " c) for every c."
  )

  let countList = counts.map(String.init).joined(separator: ", ")
  var figures = [
    Figure(
      name:
        "Checkpointed \(system.label) gradient (k = \(grouped(steps)), c = \(countList)) vs one"
        + " plain tape",
      target: "≤ 1e-12 relative", measured: formatError(worstError),
      status: worstError <= 1e-12 ? .met : .missed),
    Figure(
      name: "Forward steps of the binomial schedule vs Griewank–Walther t(k, c), \(system.label)",
      target: "equal for every c",
      measured: scheduleMatches ? "equal (c = \(countList))" : "differs",
      status: scheduleMatches ? .met : .missed),
  ]
  guard let mid = checkpointed.first(where: { $0.checkpoints == 100 }) ?? checkpointed.last
  else { return nil }
  let name = system.label.prefix(1).uppercased() + system.label.dropFirst()
  figures.append(
    Figure(
      name:
        "\(name) gradient, \(inputs) inputs, k = \(grouped(steps)): checkpointed (c ="
        + " \(mid.checkpoints)) vs plain tape and forward mode",
      target: "report",
      measured:
        "time \(formatRatio(mid.seconds / plain.seconds)) of the plain tape's; peak resident"
        + " growth \(formatBytes(grown(mid))) vs \(formatBytes(grown(plain))); forward mode"
        + " \(formatRatio(forward.seconds / mid.seconds)) of the checkpointed time",
      status: .reported))
  let terminal = probes.map { p -> String in
    let name =
      p.checkpoints == 0 ? "plain tape" : p.checkpoints == -1 ? "forward" : "c = \(p.checkpoints)"
    let counts =
      p.report.map {
        " forward steps \(grouped($0.forwardSteps)) (minimum \(grouped($0.minimumForwardSteps))),"
      } ?? ""
    return
      "checkpointing \(system.label) k = \(grouped(steps)) \(pad(name, 10)):"
      + " \(formatSeconds(p.seconds)),"
      + counts
      + " peak − before \(formatBytes(grown(p))), error"
      + " \(formatError(normwiseError(p.gradient, plain.gradient)))"
  }.joined(separator: "\n")
  // One row per method: c ≥ 1 checkpointed, 0 the plain tape, −1 forward mode.
  let rows: [JSONValue] = ([plain] + checkpointed + [forward]).map { p in
    let held: Double? =
      p.checkpoints == 0
      ? plainHeld
      : p.checkpoints == -1
        ? 0 : p.report.map { Double($0.peakTapeBytes + $0.peakStateBytes) }
    return [
      "checkpoints": .integer(p.checkpoints), "seconds": .number(p.seconds),
      "over_primal": .number(p.seconds / primal),
      "forward_steps": p.report.map { .integer($0.forwardSteps) } ?? .null,
      "minimum_forward_steps": p.report.map { .integer($0.minimumForwardSteps) } ?? .null,
      "repetitions": p.report.map { .integer($0.repetitions) } ?? .null,
      "held_bytes": .optional(held), "peak_growth_bytes": .number(grown(p)),
      "error": .number(normwiseError(p.gradient, plain.gradient)),
    ]
  }
  let json: JSONValue = [
    "steps": .integer(steps), "inputs": .integer(inputs), "primal_seconds": .number(primal),
    "plain_nodes_per_step": .integer(nodesPerStep), "step_tape_nodes": .integer(stepNodes),
    "forward_passes": .integer(passes), "rows": .array(rows),
  ]
  return CheckpointPart(
    markdown: md, svg: svg, terminal: terminal, figures: figures, json: json,
    forwardPasses: passes,
    forwardRatio: forward.seconds / mid.seconds, middleCheckpoints: mid.checkpoints)
}
