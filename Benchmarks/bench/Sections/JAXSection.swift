import DualTape
import DualTapePlot
import DualTapeSuite
import Foundation

// JAX's jax.jit(jax.grad(f)) on the benchmark's Rosenbrock, in the same run as the generated
// Swift gradient: Benchmarks/jax/rosenbrock.py is run through Foundation's Process (the
// interpreter from DUALTAPE_PYTHON, else `python3` on PATH) and prints its timings as JSON;
// the Swift primal, the generated gradient and the tape's gradient are then timed back to
// back, and JAX's gradient is checked against DualTape's before any ratio is reported.

/// JAX's figures at one n, as Benchmarks/jax/rosenbrock.py prints them.
private struct JAXRow: Decodable {
  var n: Int
  var value: Double
  /// (index, gradient entry) at a few indices.
  var gradientEntries: [[Double]]
  /// Σ wᵢ gᵢ and Σ wᵢ |gᵢ| with wᵢ = 1 + (i mod 7): a check of the whole gradient.
  var gradientWeightedSum: Double
  var gradientWeightedAbsSum: Double
  /// Trace + lower + compile of the jitted function, wall seconds, once.
  var primalCompileSeconds: Double
  var gradCompileSeconds: Double
  /// Median per-call CPU seconds of the whole process (every thread JAX uses).
  var primalCpuSeconds: Double
  var gradCpuSeconds: Double
  /// Median per-call wall seconds.
  var primalWallSeconds: Double
  var gradWallSeconds: Double
  /// Median of per-round ratios of the gradient's CPU time to the primal's.
  var gradToPrimal: Double
}

/// What the script prints when it measured.
private struct JAXReport: Decodable {
  var jax: String
  var backend: String
  var python: String
  var rows: [JAXRow]
}

/// What the script prints when JAX cannot be imported (exit status 3).
private struct JAXMissing: Decodable {
  var message: String
  var python: String
}

/// The interpreter the section runs: DUALTAPE_PYTHON, else `python3` on PATH.
private var jaxInterpreter: String {
  ProcessInfo.processInfo.environment["DUALTAPE_PYTHON"].flatMap { $0.isEmpty ? nil : $0 }
    ?? "python3"
}

/// What to do when JAX cannot be run, with the interpreter named.
private func installAdvice(_ python: String) -> String {
  "Install JAX for that interpreter (`\(python) -m pip install jax`, i.e. `pip install jax`),"
    + " or set DUALTAPE_PYTHON to a Python that has it, and run the section again:"
    + " `DUALTAPE_PYTHON=/path/to/python swift run -c release bench --section jax`."
}

/// Runs Benchmarks/jax/rosenbrock.py at `sizes`; its report, or why there is none.
private func runJAXScript(sizes: [Int], quick: Bool) -> Result<JAXReport, JAXFailure> {
  guard let root = repositoryRoot() else {
    return .failure(JAXFailure("cannot find the repository root; run from it"))
  }
  let script = root.appendingPathComponent("Benchmarks/jax/rosenbrock.py")
  guard FileManager.default.fileExists(atPath: script.path) else {
    return .failure(JAXFailure("\(script.path) is missing"))
  }
  let python = jaxInterpreter
  let process = Process()
  if python.contains("/") {
    process.executableURL = URL(fileURLWithPath: python)
    process.arguments = []
  } else {
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [python]
  }
  process.arguments! += [
    script.path, "--sizes", sizes.map(String.init).joined(separator: ","),
    "--sample-seconds", quick ? "0.005" : "0.02", "--rounds", quick ? "5" : "9",
  ]
  let output = Pipe()
  process.standardOutput = output
  // Standard error goes to a file: a pipe nobody reads while the child runs could fill up.
  let errorFile = FileManager.default.temporaryDirectory
    .appendingPathComponent("dualtape-jax-\(getpid()).err")
  _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
  defer { try? FileManager.default.removeItem(at: errorFile) }
  process.standardError = try? FileHandle(forWritingTo: errorFile)
  do { try process.run() } catch {
    return .failure(
      JAXFailure(
        "DUALTAPE_PYTHON=\(python) cannot be run (\(error.localizedDescription)); set it to a"
          + " Python 3 interpreter. " + installAdvice("python3")))
  }
  let data = output.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  let status = process.terminationStatus
  let stderr = (try? String(contentsOf: errorFile, encoding: .utf8)) ?? ""
  if status == 127 && !python.contains("/") {
    return .failure(
      JAXFailure(
        "no `\(python)` on PATH. Install Python 3, then JAX (`pip install jax`), or set"
          + " DUALTAPE_PYTHON to a Python that has JAX."))
  }
  if status == 3, let missing = try? JSONDecoder().decode(JAXMissing.self, from: data) {
    return .failure(JAXFailure(missing.message + ". " + installAdvice(missing.python)))
  }
  let decoder = JSONDecoder()
  decoder.keyDecodingStrategy = .convertFromSnakeCase
  guard status == 0, let report = try? decoder.decode(JAXReport.self, from: data) else {
    let tail = stderr.split(separator: "\n").suffix(3).joined(separator: " / ")
    return .failure(
      JAXFailure(
        "\(script.lastPathComponent) with \(python) exited with status \(status) without a"
          + " report (\(tail.isEmpty ? "no message" : tail))"))
  }
  return .success(report)
}

/// Why the JAX figures are missing.
private struct JAXFailure: Error {
  var reason: String
  init(_ reason: String) { self.reason = reason }
}

/// One n: JAX's row and the Swift timings of the same run.
private struct JAXComparison {
  var jax: JAXRow
  var primal: Double
  var generated: Double
  var tape: Double
  /// The generated gradient's time ÷ the Swift primal's (median of per-round ratios).
  var generatedRatio: Double
  /// The largest relative disagreement between JAX's gradient (and value) and DualTape's.
  var jaxGap: Double
  /// The generated gradient ÷ JAX's jit(grad), CPU time: below 1, DualTape is ahead.
  var generatedToJAX: Double { generated / jax.gradCpuSeconds }
}

/// Checks JAX's numbers against DualTape's gradient at n and times the Swift side.
private func compare(_ jax: JAXRow, _ plan: Plan) -> JAXComparison {
  let n = jax.n
  let f = Rosenbrock()
  let x = f.input(count: n)
  let generated = bufferedRunner(
    GeneratedGradient(
      file: "GeneratedRosenbrock.swift", buffered: { generatedRosenbrock($0, into: $1) },
      allocating: { generatedRosenbrock(at: $0) }), at: x)
  let runners = [
    Runner(.primal, .value) { f(x) }, generated,
    Runner(.reverse, .gradient) { Reverse.gradient(at: x, of: f) },
  ]
  var first: [Double] = []
  var results: [[Double]] = []
  for runner in runners {
    let start = threadCPUTime()
    results.append(runner.compute())
    first.append(threadCPUTime() - start)
  }
  let gradient = results[1]
  let tapeGap = normwiseError(gradient, results[2])
  precondition(
    tapeGap <= CheckTolerance.engines,
    "jax section: the generated Rosenbrock gradient differs from the tape's by \(tapeGap) at"
      + " n = \(n); regenerate it (DUALTAPE_REGENERATE=1 swift test --filter"
      + " codegenFilesMatchTheirFunctions).")
  let scale = gradient.map(\.magnitude).max() ?? 1
  var gaps = [abs(jax.value - results[0][0]) / abs(results[0][0])]
  for entry in jax.gradientEntries {
    gaps.append(abs(entry[1] - gradient[Int(entry[0])]) / scale)
  }
  let weighted = gradient.indices.reduce(0.0) { $0 + Double(1 + $1 % 7) * gradient[$1] }
  gaps.append(abs(weighted - jax.gradientWeightedSum) / jax.gradientWeightedAbsSum)
  let jaxGap = gaps.max()!
  precondition(
    jaxGap <= CheckTolerance.engines,
    "jax section: JAX's Rosenbrock value or gradient differs from DualTape's by \(jaxGap)"
      + " (relative) at n = \(n): Benchmarks/jax/rosenbrock.py must compute the benchmark's"
      + " Rosenbrock (DualTapeSuite) at its point.")
  let t = timeInterleaved(runners, firstCallSeconds: first, policy: plan.timing)
  return JAXComparison(
    jax: jax, primal: t[0].median, generated: t[1].median, tape: t[2].median,
    generatedRatio: pairedRatio(t[1], t[0]) ?? .nan, jaxGap: jaxGap)
}

/// The input and gradient buffers of a buffer-form runner, freed with the runner's closures.
private final class GradientBuffers {
  let x: UnsafeMutableBufferPointer<Double>
  let g: UnsafeMutableBufferPointer<Double>
  init(_ x: [Double]) {
    self.x = .allocate(capacity: x.count)
    _ = self.x.initialize(from: x)
    g = .allocate(capacity: x.count)
    g.initialize(repeating: 0)
  }
  deinit {
    x.deallocate()
    g.deallocate()
  }
}

/// A runner of the buffer form of a generated gradient at `x`: times `name(_:into:)`,
/// computes (for the check) the gradient it writes, or NaN where a guard fails.
private func bufferedRunner(_ generated: GeneratedGradient, at x: [Double]) -> Runner {
  let buffers = GradientBuffers(x)
  let input = UnsafeBufferPointer(buffers.x)
  var runner = Runner(.generated, .gradient) {
    withExtendedLifetime(buffers) { generated.buffered(input, buffers.g) ?? .nan }
  }
  runner.compute = {
    withExtendedLifetime(buffers) {
      generated.buffered(input, buffers.g) == nil ? [.nan] : Array(buffers.g)
    }
  }
  return runner
}

/// JAX's jit(grad) on Rosenbrock against the generated Swift gradient, in this run.
func jaxSection(_ plan: Plan, quick: Bool) -> BenchSection {
  let title = "JAX jit(grad) against the generated gradient"
  let figureName = "Generated Rosenbrock gradient ÷ JAX jit(grad), n ≤ 10⁴ (same run)"
  let target = "< 1× (ahead)"
  let sizes = quick ? [100, 1000, 10_000] : [100, 1000, 10_000, 100_000, 1_000_000]
  let report: JAXReport
  switch runJAXScript(sizes: sizes, quick: quick) {
  case .success(let r): report = r
  case .failure(let failure):
    let reason = "Not measured: " + failure.reason
    var section = BenchSection.notMeasured(title, reason)
    section.terminal = "jax: " + reason
    section.figures = [
      Figure(name: figureName, target: target, measured: "not measured", status: .notMeasured)
    ]
    return section
  }
  let rows = report.rows.map { compare($0, plan) }
  return jaxReport(rows, report, figureName: figureName, target: target, title: title)
}

/// The section's Markdown, terminal lines, figure and JSON.
private func jaxReport(
  _ rows: [JAXComparison], _ report: JAXReport, figureName: String, target: String,
  title: String
) -> BenchSection {
  var md = """
    JAX \(report.jax) (\(report.backend), Python \(report.python), float64) runs \
    Benchmarks/jax/rosenbrock.py in this run (interpreter: DUALTAPE_PYTHON, else `python3`): \
    the same Rosenbrock as the sweep, `jnp.sum((1 - x[:-1])**2 + 100 * (x[1:] - x[:-1]**2)**2)` \
    at the sweep's point, its primal under `jax.jit` and `jax.jit(jax.grad(f))`, each call \
    ending in `block_until_ready()` (so JAX's times include its Python dispatch, as a JAX user \
    calls it). Compile = trace + lower + compile of each function, measured once apart from \
    the timings, which start after a warm-up call. JAX's times are CPU seconds of its whole \
    process (every thread XLA uses), median per call; the Swift times (the primal, the \
    generated gradient of Sources/DualTapeSuite/Generated/GeneratedRosenbrock.swift in its buffer \
    form, and `Reverse.gradient`) are CPU seconds of the benchmark's one thread, timed right \
    after. JAX's value and gradient (a few entries and a weighted sum of all) agree with \
    DualTape's to \(CheckTolerance.engines) (relative) before any ratio is reported. \
    *generated ÷ JAX* below 1: the generated Swift gradient is ahead.

    | n | JAX f(x) | JAX jit(grad) | JAX grad ÷ JAX f | JAX compile f / grad | Swift f(x) \
    | generated gradient | generated ÷ Swift f | tape gradient | generated ÷ JAX | ahead | \
    JAX gap |
    | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |

    """
  var terminal: [String] = []
  for r in rows {
    let ahead = r.generatedToJAX < 1 ? "DualTape" : "JAX"
    let cells = [
      grouped(r.jax.n), formatSeconds(r.jax.primalCpuSeconds), formatSeconds(r.jax.gradCpuSeconds),
      formatRatio(r.jax.gradToPrimal),
      "\(formatSeconds(r.jax.primalCompileSeconds)) / \(formatSeconds(r.jax.gradCompileSeconds))",
      formatSeconds(r.primal), formatSeconds(r.generated), formatRatio(r.generatedRatio),
      formatSeconds(r.tape), formatRatio(r.generatedToJAX), ahead, formatError(r.jaxGap),
    ]
    md += "| " + cells.joined(separator: " | ") + " |\n"
    terminal.append(
      "jax n = \(pad(grouped(r.jax.n), 9)): JAX grad \(formatSeconds(r.jax.gradCpuSeconds))"
        + " (\(formatRatio(r.jax.gradToPrimal)) its primal), generated"
        + " \(formatSeconds(r.generated)) (\(formatRatio(r.generatedRatio)) the Swift primal):"
        + " generated ÷ JAX \(formatRatio(r.generatedToJAX)), \(ahead) ahead")
  }
  let small = rows.filter { $0.jax.n <= 10_000 }
  let worst = small.map(\.generatedToJAX).max()
  let figure = Figure(
    name: figureName, target: target,
    measured: worst.map { "at most \(formatRatio($0)) of JAX's time" } ?? "–",
    status: worst.map { $0 < 1 ? .met : .missed } ?? .notMeasured)
  let json: [JSONValue] = rows.map { r in
    [
      "n": .integer(r.jax.n), "jax_primal_seconds": .number(r.jax.primalCpuSeconds),
      "jax_grad_seconds": .number(r.jax.gradCpuSeconds),
      "jax_primal_wall_seconds": .number(r.jax.primalWallSeconds),
      "jax_grad_wall_seconds": .number(r.jax.gradWallSeconds),
      "jax_grad_to_primal": .number(r.jax.gradToPrimal),
      "jax_primal_compile_seconds": .number(r.jax.primalCompileSeconds),
      "jax_grad_compile_seconds": .number(r.jax.gradCompileSeconds),
      "primal_seconds": .number(r.primal), "generated_seconds": .number(r.generated),
      "tape_seconds": .number(r.tape), "generated_to_primal": .number(r.generatedRatio),
      "generated_to_jax": .number(r.generatedToJAX), "jax_gap": .number(r.jaxGap),
    ]
  }
  return BenchSection(
    title: title, markdown: md, terminal: terminal.joined(separator: "\n"), figures: [figure],
    json: [
      "jax": .string(report.jax), "backend": .string(report.backend),
      "python": .string(report.python), "rows": .array(json),
    ])
}
