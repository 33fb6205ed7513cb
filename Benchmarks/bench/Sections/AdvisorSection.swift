import DualTape
import DualTapePlot
import DualTapeSuite

// The mode advisor on three functions with different answers: its report, the time it took,
// and the Auto driver's cost (decision remembered) against the primal and the dense drivers.

func advisorSection(_ plan: Plan, quick: Bool) -> BenchSection {
  let size = quick ? 256 : 1024
  var md = """
    `ModeAdvisor` measures a function at a point (one forward pass per chunk width, one \
    recording and sweep, the fixed cost per call, the sparsity pattern's colours), predicts \
    each strategy's cost, times whole calls of the promising ones and recommends the cheapest; \
    `Auto` runs the recommendation and remembers it (a dense result; for a sparse pick \
    `Auto.sparseJacobian` also, without the dense m × n matrix). Times: the advisor's own \
    wall-clock time; \
    then the `Auto` call (decision remembered) and the dense drivers, as multiples of one \
    `Double` evaluation of f (interleaved, median of per-round ratios; every result checked \
    against the reverse driver to 1e-12).

    | function | n | m | advisor's pick | advice took | Auto | forward (dense) | reverse (dense) |
    | --- | ---: | ---: | --- | ---: | ---: | ---: | ---: |

    """
  var terminal: [String] = []
  var svgs: [(fileName: String, svg: String)] = []
  var figures: [Figure] = []
  var json: [JSONValue] = []
  func run<F: VectorToVector & SendableMetatype>(
    _ name: String, _ f: F, _ x: [Double], _ file: String
  ) {
    Auto.forgetDecisions()
    let reference = Reverse.jacobian(at: x, of: f).elements
    let auto = Auto.jacobian(at: x, of: f).elements
    let advice = Auto.advice(forJacobianAt: x, of: f)  // the decision Auto follows
    precondition(
      zip(auto, reference).allSatisfy { abs($0 - $1) <= 1e-12 * max(1, abs($1)) },
      "advisor section, \(name): the Auto Jacobian differs from the reverse one")
    let runners = [
      Runner(.primal, .value) { f(x) },
      Runner(.forward, .jacobian) { Auto.jacobian(at: x, of: f).elements },
      Runner(.forward, .jacobian) { Forward.jacobian(at: x, of: f).elements },
      Runner(.reverse, .jacobian) { Reverse.jacobian(at: x, of: f).elements },
    ]
    let first = runners.map { r in secondsForOneCall { r.compute() } }
    let t = timeInterleaved(runners, firstCallSeconds: first, policy: plan.timing)
    var r = t.dropFirst().map { pairedRatio($0, t[0]) ?? .nan }
    // A sparse pick: the sparse result itself (no dense m × n matrix to fill).
    if advice.recommended.isSparse {
      let sparse = [
        Runner(.primal, .value) { f(x) },
        Runner(.forward, .jacobian) { Auto.sparseJacobian(at: x, of: f).values },
      ]
      let s = timeInterleaved(
        sparse, firstCallSeconds: sparse.map { r in secondsForOneCall { r.compute() } },
        policy: plan.timing)
      r.append(pairedRatio(s[1], s[0]) ?? .nan)
    }
    let pick = "\(advice.recommended)"
    md +=
      "| \(name) | \(x.count) | \(advice.outputCount) | \(pick) |"
      + " \(formatSeconds(advice.adviceSeconds))"
    md += " | \(formatRatio(r[0]))\(r.count > 3 ? " (sparse result: \(formatRatio(r[3])))" : "")"
    md += " | \(formatRatio(r[1])) | \(formatRatio(r[2])) |\n"
    json.append(
      [
        "function": .string(name), "n": .integer(x.count), "m": .integer(advice.outputCount),
        "pick": .string(pick), "advice_seconds": .number(advice.adviceSeconds),
        "auto": .number(r[0]), "auto_sparse": r.count > 3 ? .number(r[3]) : .null,
        "forward": .number(r[1]), "reverse": .number(r[2]),
      ])
    terminal.append(
      "advisor \(name) n = \(x.count), m = \(advice.outputCount): \(pick) (advice"
        + " \(formatSeconds(advice.adviceSeconds))); Auto \(formatRatio(r[0]))"
        + (r.count > 3 ? ", Auto.sparseJacobian \(formatRatio(r[3]))" : "")
        + ", forward \(formatRatio(r[1])), reverse \(formatRatio(r[2])) primal"
    )
    svgs.append((file, advice.svg))
    if name == "bandedSinMap" && x.count == 1024 {
      figures.append(
        Figure(
          name: "Auto.sparseJacobian / primal, banded map, n = m = 1024 (advisor's pick: \(pick))",
          target: "≤ 10×", measured: r.count > 3 ? formatRatio(r[3]) : "–",
          status: r.count > 3 && r[3] <= 10 ? .met : .missed))
    }
  }
  run(
    "bandedSinMap", BandedSinMap(outputCount: size), BandedSinMap.input(count: size),
    "advisor-banded.svg")
  run("sinMap", SinMap(outputCount: 64), SinMap.input(count: 4), "advisor-sinmap-tall.svg")
  run("sinMap", SinMap(outputCount: 4), SinMap.input(count: 256), "advisor-sinmap-wide.svg")
  let banded = Auto.advice(
    forJacobianAt: BandedSinMap.input(count: size), of: BandedSinMap(outputCount: size))
  md += "\nThe advisor's report for the banded map at n = m = \(size):\n\n```\n\(banded)```\n"
  md += "\n![advisor: banded map](Benchmarks/results/advisor-banded.svg)\n"
  return BenchSection(
    title: "Mode advisor", markdown: md, svgs: svgs, terminal: terminal.joined(separator: "\n"),
    figures: figures, json: ["rows": .array(json)])
}
