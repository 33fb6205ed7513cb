import DualTape
import DualTapePlot
import DualTapeSuite

// The fifth engine: gradients generated as Swift source by DualTape's Codegen from a recording
// (Sources/DualTapeSuite/Generated, public, regenerated and compared by the tests' drift test)
// and compiled with DualTapeSuite, timed against the Swift primal next to the tape, after the same check as
// every engine (the tape and central finite differences).

/// A generated gradient in both of its forms: into the caller's buffer, and allocating.
struct GeneratedGradient {
  /// The generated file, in Sources/DualTapeSuite/Generated.
  var file: String
  /// `name(_:into:)`: the value, the gradient written into the buffer; nil where a guard fails.
  var buffered: (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Double?
  /// `name(at:)`: the value and a new gradient array; nil where a guard fails.
  var allocating: ([Double]) -> (value: Double, gradient: [Double])?
}

/// One function at one n: seconds per call and ratios to the primal (median of per-round
/// ratios), and the checks' errors.
private struct GeneratedRow {
  var function: String
  var n: Int
  var primal: Double
  var tape: Double
  var buffered: Double
  var allocating: Double
  var tapeRatio: Double
  var bufferedRatio: Double
  var allocatingRatio: Double
  /// The worst normwise error of the generated gradients against finite differences.
  var errorVsFD: Double
  /// The normwise gap of the generated gradient to the tape's.
  var gapToTape: Double
}

/// Checks and times the primal, the tape's gradient and both generated forms of `f` at `x`.
private func generatedRow<F: VectorToScalar>(
  _ name: String, _ f: F, at x: [Double], _ generated: GeneratedGradient, _ plan: Plan
) -> GeneratedRow {
  let n = x.count
  let xs = UnsafeMutableBufferPointer<Double>.allocate(capacity: n)
  _ = xs.initialize(from: x)
  let gs = UnsafeMutableBufferPointer<Double>.allocate(capacity: n)
  gs.initialize(repeating: 0)
  defer {
    xs.deallocate()
    gs.deallocate()
  }
  let input = UnsafeBufferPointer(xs)
  var buffered = Runner(.generated, .gradient) { generated.buffered(input, gs) ?? .nan }
  buffered.compute = { generated.buffered(input, gs) == nil ? [.nan] : Array(gs) }
  let runners = [
    Runner(.primal, .value) { f(x) },
    Runner(.reverse, .gradient) { Reverse.gradient(at: x, of: f) },
    buffered,
    Runner(.generated, .gradient) { generated.allocating(x)?.gradient ?? [.nan] },
  ]
  var results: [[Double]] = []
  var first: [Double] = []
  for runner in runners {
    let start = threadCPUTime()
    results.append(runner.compute())
    first.append(threadCPUTime() - start)
  }
  let v = seededDirection(count: n, seed: 7)
  let probes = probeDirections(n: n, jvpDirection: v, allUpTo: plan.allProbesUpTo, sampled: 8)
  let outcome = check(
    ScalarAsMap(f: f), at: x, direction: v, cotangent: [1], runners: runners, results: results,
    probes: probes, label: "generated \(name) n=\(n)")
  precondition(
    outcome.failures.isEmpty,
    "The generated gradient of \(name) (\(generated.file)) failed its check; regenerate it with"
      + " DUALTAPE_REGENERATE=1 swift test --filter codegenFilesMatchTheirFunctions:\n"
      + outcome.failures.joined(separator: "\n"))
  let t = timeInterleaved(runners, firstCallSeconds: first, policy: plan.timing)
  return GeneratedRow(
    function: name, n: n, primal: t[0].median, tape: t[1].median, buffered: t[2].median,
    allocating: t[3].median, tapeRatio: pairedRatio(t[1], t[0]) ?? .nan,
    bufferedRatio: pairedRatio(t[2], t[0]) ?? .nan,
    allocatingRatio: pairedRatio(t[3], t[0]) ?? .nan,
    errorVsFD: max(outcome.errorVsFD[2] ?? .nan, outcome.errorVsFD[3] ?? .nan),
    gapToTape: max(normwiseError(results[2], results[1]), normwiseError(results[3], results[1])))
}

/// The generated gradients of Rosenbrock, log-sum-exp and the MLP loss against the Swift primal
/// and the tape.
func generatedSection(_ plan: Plan, quick: Bool) -> BenchSection {
  let rosenbrock = GeneratedGradient(
    file: "GeneratedRosenbrock.swift",
    buffered: { generatedRosenbrock($0, into: $1) },
    allocating: { generatedRosenbrock(at: $0) })
  let logSumExp = GeneratedGradient(
    file: "GeneratedLogSumExp.swift",
    buffered: { generatedLogSumExp($0, into: $1) },
    allocating: { generatedLogSumExp(at: $0) })
  let mlp = GeneratedGradient(
    file: "GeneratedMLPLoss.swift",
    buffered: { generatedMLPLoss($0, into: $1) },
    allocating: { generatedMLPLoss(at: $0) })
  let logSumExpSizes = quick ? [1000, 10_000] : [1000, 10_000, 100_000]
  var rows = [100, 1000, 10_000, 100_000, 1_000_000].map { n in
    generatedRow("rosenbrock", Rosenbrock(), at: Rosenbrock().input(count: n), rosenbrock, plan)
  }
  rows += logSumExpSizes.map { n in
    generatedRow("logSumExp", LogSumExp(), at: LogSumExp().input(count: n), logSumExp, plan)
  }
  rows.append(generatedRow("mlpLoss", MLPLoss(), at: MLPLoss().defaultInput, mlp, plan))
  let compile = [rosenbrock.file, logSumExp.file, mlp.file].map(measureGeneratedCompile)
  return generatedReport(rows, compile)
}

/// How the MLP loss's generated gradient is written.
private let mlpShape = """
  The MLP loss's (`MLPLoss()`, 1,185 weights, 4 samples) is recorded once at its default \
  weights: each layer is a loop (a hidden layer's neurons, the output's inner product) with \
  its activations kept in arrays, the 4 samples (their data are constants of the recording) \
  one after another, and a neuron's 32-term inner product written out in its loop's body.
  """

/// The section's Markdown, terminal lines, figures and JSON.
private func generatedReport(_ rows: [GeneratedRow], _ compile: [GeneratedCompile]) -> BenchSection
{
  var md = """
    DualTape's Codegen writes a recording out as Swift source with no tape (see the DocC \
    article *Generated code*); the benchmark runs the files in Sources/DualTapeSuite/Generated \
    (public functions of DualTapeSuite, which the tests also check), which the tests regenerate and compare (`DUALTAPE_REGENERATE=1 swift test --filter \
    codegenFilesMatchTheirFunctions` rewrites them). Rosenbrock's is generated from \
    `Rosenbrock()`, log-sum-exp's from the same function with its shift written `max(m, x)` (a \
    rule: no data-dependent branch, so one function covers every n); the primal and the tape \
    are the sweep's (`LogSumExp()` shifts with `if x > m`). Each is recorded at three small n \
    and takes any n. Times are multiples of one `Double` evaluation of f (interleaved, median of \
    per-round ratios); both generated forms pass the check of every engine first: against \
    `Reverse.gradient` to \(CheckTolerance.engines) and against central finite differences to \
    \(CheckTolerance.finiteDifference) (normwise). *buffer*: `name(_:into:)`, the gradient \
    written into the caller's buffer; *allocating*: `name(at:)`, which returns a new array. \
    *gap to tape*: the normwise difference to the tape's gradient. \(mlpShape)

    | function | n | f(x) | tape gradient | generated, buffer | generated, allocating | tape ÷ \
    generated | err vs FD | gap to tape |
    | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |

    """
  var terminal: [String] = []
  for r in rows {
    let cells = [
      r.function, grouped(r.n), formatSeconds(r.primal), formatRatio(r.tapeRatio),
      "\(formatRatio(r.bufferedRatio)) (\(formatSeconds(r.buffered)))",
      formatRatio(r.allocatingRatio), formatRatio(r.tape / r.buffered), formatError(r.errorVsFD),
      formatError(r.gapToTape),
    ]
    md += "| " + cells.joined(separator: " | ") + " |\n"
    terminal.append(
      "generated \(pad(r.function, 10)) n = \(pad(grouped(r.n), 9)): buffer"
        + " \(formatRatio(r.bufferedRatio)), allocating \(formatRatio(r.allocatingRatio)), tape"
        + " \(formatRatio(r.tapeRatio)) one Double evaluation; gap to tape"
        + " \(formatError(r.gapToTape))")
  }
  md += "\n" + compileMarkdown(compile)
  terminal += compile.map(\.terminal)
  let worstRosenbrock = rows.filter { $0.function == "rosenbrock" }.map(\.bufferedRatio).max()
  let worstLogSumExp = rows.filter { $0.function == "logSumExp" }.map(\.bufferedRatio).max()
  let mlpRatio = rows.first { $0.function == "mlpLoss" }?.bufferedRatio
  let figures = [
    Figure(
      name: "Generated gradient ÷ primal, Rosenbrock n = 100 to 10⁶ (buffer form)",
      target: "≤ 4×", measured: "at most \(formatRatio(worstRosenbrock))",
      status: (worstRosenbrock ?? .infinity) <= 4 ? .met : .missed),
    Figure(
      name: "Generated gradient ÷ primal, log-sum-exp n ≥ 1000 (buffer form)", target: "≤ 3×",
      measured: "at most \(formatRatio(worstLogSumExp))",
      status: (worstLogSumExp ?? .infinity) <= 3 ? .met : .missed),
    Figure(
      name: "Generated gradient ÷ primal, MLP loss (buffer form)", target: "≤ 4×",
      measured: formatRatio(mlpRatio), status: (mlpRatio ?? .infinity) <= 4 ? .met : .missed),
  ]
  let json: [JSONValue] = rows.map { r in
    [
      "function": .string(r.function), "n": .integer(r.n), "primal_seconds": .number(r.primal),
      "tape_seconds": .number(r.tape), "generated_buffer_seconds": .number(r.buffered),
      "generated_allocating_seconds": .number(r.allocating), "tape": .number(r.tapeRatio),
      "generated_buffer": .number(r.bufferedRatio),
      "generated_allocating": .number(r.allocatingRatio),
      "error_vs_fd": .number(r.errorVsFD), "gap_to_tape": .number(r.gapToTape),
    ]
  }
  return BenchSection(
    title: "Generated gradients", markdown: md, terminal: terminal.joined(separator: "\n"),
    figures: figures,
    json: [
      "rows": .array(json), "compile": .array(compile.map(\.json)),
    ])
}
