import DualTape
import DualTapePlot
import DualTapeSuite

// Hessian cost against n: forward-over-forward (nested duals, one pass per pair i ≤ j) and
// forward-over-reverse (`Reverse.hessian`), on Rosenbrock, each checked against the other
// before it is timed, interleaved with the Double primal.

func hessianSection(_ plan: Plan, quick: Bool) -> BenchSection {
  let sizes = quick ? [2, 4, 8, 16] : [2, 4, 8, 16, 32, 64, 128]
  let f = Rosenbrock()
  var rows: [(n: Int, primal: Double, ff: Double, fr: Double, ffRatio: Double, frRatio: Double)] =
    []
  for n in sizes {
    let x = f.input(count: n)
    let runners = [
      Runner(.primal, .value) { f(x) },
      Runner(.forward, .hessian) { Forward.hessian(at: x, of: f).elements },
      Runner(.reverse, .hessian) { Reverse.hessian(at: x, of: f).elements },
    ]
    let results = runners.map { $0.compute() }
    let error = normwiseError(results[1], results[2])
    precondition(
      error <= CheckTolerance.engines,
      "Hessian n = \(n): forward-over-forward and forward-over-reverse differ by \(error)")
    let first = runners.map { r in secondsForOneCall { r.compute() } }
    let t = timeInterleaved(runners, firstCallSeconds: first, policy: plan.timing)
    rows.append(
      (
        n, t[0].median, t[1].median, t[2].median, pairedRatio(t[1], t[0]) ?? .nan,
        pairedRatio(t[2], t[0]) ?? .nan
      ))
  }
  var md = """
    The n × n Hessian of Rosenbrock two ways, as a multiple of one `Double` evaluation of f \
    (interleaved, median of per-round ratios; both Hessians agree to \(CheckTolerance.engines) \
    normwise before they are timed). *forward-over-forward*: `Forward.hessian`, nested duals, \
    one pass per pair i ≤ j, n(n+1)/2 passes; *forward-over-reverse*: `Reverse.hessian`, \
    reverse sweeps in dual arithmetic. *fwd-fwd ÷ fwd-rev*: time ratio, above 1 the \
    forward-over-reverse Hessian is faster.

    | n | f(x) | forward-over-forward | forward-over-reverse | fwd-fwd ÷ fwd-rev |
    | ---: | ---: | ---: | ---: | ---: |

    """
  for r in rows {
    md +=
      "| \(r.n) | \(formatSeconds(r.primal)) | \(formatRatio(r.ffRatio)) (\(formatSeconds(r.ff)))"
      + " | \(formatRatio(r.frRatio)) (\(formatSeconds(r.fr))) | \(formatRatio(r.ff / r.fr)) |\n"
  }
  md += "\n![Hessian cost against n](Benchmarks/results/hessian-cost.svg)\n"
  let chart = LineChart(
    title: "Hessian cost against n, Rosenbrock",
    subtitle: "time ÷ one Double evaluation of f, median over interleaved rounds",
    x: Axis("inputs n (log scale)", scale: .log, ticks: sizes.map(Double.init)),
    y: costAxis(),
    series: [
      Series(
        "forward-over-forward (Forward.hessian)", color: EngineColor.forward,
        points: rows.map { (Double($0.n), $0.ffRatio) }),
      Series(
        "forward-over-reverse (Reverse.hessian)", color: EngineColor.reverse,
        points: rows.map { (Double($0.n), $0.frRatio) }),
    ])
  let terminal = rows.map {
    "Hessian n = \(pad(String($0.n), 4)): forward-over-forward \(formatRatio($0.ffRatio)),"
      + " forward-over-reverse \(formatRatio($0.frRatio)) one Double evaluation"
  }.joined(separator: "\n")
  return BenchSection(
    title: "Hessian cost against n", markdown: md, svgs: [("hessian-cost.svg", chart.svg)],
    terminal: terminal,
    json: [
      "rows": .array(
        rows.map {
          [
            "n": .integer($0.n), "primal_seconds": .number($0.primal),
            "forward_over_forward_seconds": .number($0.ff),
            "forward_over_reverse_seconds": .number($0.fr),
            "forward_over_forward": .number($0.ffRatio),
            "forward_over_reverse": .number($0.frRatio),
          ]
        })
    ])
}
