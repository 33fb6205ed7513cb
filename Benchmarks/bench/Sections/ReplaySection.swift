import DualTape
import DualTapePlot
import DualTapeSuite

// Replay against re-recording: `Reverse.record` once, then `RecordedFunction.gradient(at:)` at
// a new point (no Swift code of the function runs), next to `Reverse.gradient` (records again
// each call), both relative to the Double primal, interleaved.

/// One function of the replay section.
private struct ReplayRow {
  var name: String
  var n: Int
  var nodes: Int
  var guards: Int
  var primal: Double
  var rerecord: Double
  var replay: Double
  var replayValue: Double
  var rerecordRatio: Double
  var replayRatio: Double
  var replayValueRatio: Double
}

/// Times the primal, the re-recorded gradient, the replayed gradient and the replayed value of
/// `f` at a point the recording applies to (x moved by an order-preserving map, so every
/// recorded comparison keeps its outcome), after checking that the two gradients agree.
private func replayRow<F: VectorToScalar>(
  _ name: String, _ f: F, at x0: [Double], _ plan: Plan
) -> ReplayRow {
  let tape = Reverse.record(at: x0, of: f)  // .stop: a guard firing while timing would stop
  let x = x0.map { 1.001 * $0 + 0.001 }
  let runners = [
    Runner(.primal, .value) { f(x) },
    Runner(.reverse, .gradient) { Reverse.gradient(at: x, of: f) },
    Runner(.reverse, .gradient) { tape.gradient(at: x) },
    Runner(.reverse, .value) { tape.value(at: x) },
  ]
  let results = runners.map { $0.compute() }
  let error = normwiseError(results[2], results[1])
  precondition(
    error <= CheckTolerance.engines,
    "replay \(name): the replayed gradient differs from Reverse.gradient by \(error)")
  precondition(results[3] == results[0], "replay \(name): the replayed value differs from f(x)")
  let first = runners.map { r in secondsForOneCall { r.compute() } }
  let t = timeInterleaved(runners, firstCallSeconds: first, policy: plan.timing)
  return ReplayRow(
    name: name, n: x.count, nodes: tape.nodeCount, guards: tape.guardCount,
    primal: t[0].median, rerecord: t[1].median, replay: t[2].median, replayValue: t[3].median,
    rerecordRatio: pairedRatio(t[1], t[0]) ?? .nan, replayRatio: pairedRatio(t[2], t[0]) ?? .nan,
    replayValueRatio: pairedRatio(t[3], t[0]) ?? .nan)
}

func replaySection(_ plan: Plan, quick: Bool) -> BenchSection {
  let n = quick ? 100 : 1000
  let rosenbrock = Rosenbrock()
  let logSumExp = LogSumExp()
  let mlp = MLPLoss()
  let rows = [
    replayRow("rosenbrock", rosenbrock, at: rosenbrock.input(count: n), plan),
    replayRow("mlpLoss", mlp, at: mlp.defaultInput, plan),
    replayRow("logSumExp", logSumExp, at: logSumExp.input(count: n), plan),
  ]
  func perNode(_ seconds: Double, _ r: ReplayRow) -> String {
    significant(seconds / Double(r.nodes) * 1e9) + " ns"
  }
  var md = """
    `Reverse.record(at:of:)` records once and compiles the recording as a live recording \
    folds it; `RecordedFunction.gradient(at:)` then recomputes every value, scale and partial \
    from its recorded operation (the rule table), loops of the function as blocks, and sweeps \
    as many nodes as a live recording, without running the Swift function. *re-recording*: \
    `Reverse.gradient`, which runs the \
    function on `Tracked` numbers and records each call. Times are multiples of one `Double` \
    evaluation of f (interleaved, median of per-round ratios), at a point moved from the \
    recording's by x ↦ 1.001x + 0.001 (every recorded comparison keeps its outcome); the two \
    gradients agree to \(CheckTolerance.engines) normwise before they are timed. *nodes*: the \
    recorded operations (inputs included); *guards*: comparisons re-checked \
    at each replay; *per node*: replay time ÷ nodes.

    | function | n | nodes | guards | f(x) | re-recording | replay gradient | replay value | \
    replay gradient per node | re-recording ÷ replay |
    | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |

    """
  var terminal: [String] = []
  for r in rows {
    terminal.append(
      "replay \(pad(r.name, 10)) n = \(pad(grouped(r.n), 6)): replay gradient"
        + " \(formatRatio(r.replayRatio)), re-recording \(formatRatio(r.rerecordRatio)) one Double"
        + " evaluation; \(perNode(r.replay, r)) per node")
    md +=
      "| \(r.name) | \(grouped(r.n)) | \(grouped(r.nodes)) | \(r.guards) |"
      + " \(formatSeconds(r.primal))"
      + " | \(formatRatio(r.rerecordRatio)) (\(formatSeconds(r.rerecord)))"
      + " | \(formatRatio(r.replayRatio)) (\(formatSeconds(r.replay)))"
      + " | \(formatRatio(r.replayValueRatio)) (\(formatSeconds(r.replayValue)))"
      + " | \(perNode(r.replay, r)) | \(formatRatio(r.rerecord / r.replay)) |\n"
  }
  md += "\n![Replay against re-recording](Benchmarks/results/replay-cost.svg)\n"
  let chart = BarChart(
    title: "Replaying a recorded tape against recording again",
    subtitle: "time ÷ one Double evaluation of f, median over interleaved rounds",
    axis: costAxis("time ÷ one Double evaluation (log scale)"),
    groups: rows.map { r in
      (
        name: "\(r.name) (n = \(grouped(r.n)), \(grouped(r.nodes)) nodes)",
        bars: [
          Bar(
            "gradient, re-recording (Reverse.gradient)", color: EngineColor.reverse,
            value: r.rerecordRatio),
          Bar("gradient, replay (RecordedFunction)", color: "#f4a261", value: r.replayRatio),
          Bar("value, replay", color: "#999", value: r.replayValueRatio),
        ]
      )
    },
    valueLabel: { significant($0) + "×" }, reference: (1, "1× = one Double evaluation"))
  let figures = rows.map { r in
    Figure(
      name: "Replay gradient ÷ primal, \(r.name) n = \(grouped(r.n))", target: "report",
      measured:
        "\(formatRatio(r.replayRatio)) (re-recording \(formatRatio(r.rerecordRatio));"
        + " \(perNode(r.replay, r)) per node)",
      status: .reported)
  }
  let json: [JSONValue] = rows.map { r in
    [
      "function": .string(r.name), "n": .integer(r.n), "nodes": .integer(r.nodes),
      "guards": .integer(r.guards), "primal_seconds": .number(r.primal),
      "rerecord_seconds": .number(r.rerecord), "replay_seconds": .number(r.replay),
      "replay_value_seconds": .number(r.replayValue), "rerecord": .number(r.rerecordRatio),
      "replay": .number(r.replayRatio), "replay_value": .number(r.replayValueRatio),
      "replay_seconds_per_node": .number(r.replay / Double(r.nodes)),
    ]
  }
  return BenchSection(
    title: "Replay against re-recording", markdown: md, svgs: [("replay-cost.svg", chart.svg)],
    terminal: terminal.joined(separator: "\n"), figures: figures, json: ["rows": .array(json)])
}
