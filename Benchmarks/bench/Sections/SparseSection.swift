import DualTape
import DualTapeSuite
import Foundation

// Sparse section: dense against compressed (coloured) Jacobians and Hessians on three sparse
// problems: the banded sin map (3 inputs per output), a 2-D Laplacian-like map (5-point
// stencil, the discrete Bratu problem) and the extended Rosenbrock function (tridiagonal
// Hessian). Every sparse result is checked against the dense one (1e-12, relative to the
// largest entry) before anything is timed; times are CPU seconds of this thread, interleaved
// round by round with the plain Double primal of the same function, and each ratio is the
// median of the per-round ratios (the primal is measured in the same run, in the same rounds).

/// One computation of a sparse case: what it is, how many colours (passes) it uses, and the
/// call to time (returning a number that depends on its result, for the black hole).
private struct SparseRunner {
  var label: String
  var colors: String
  var body: () -> Double
}

/// CPU seconds per call of each runner: the median over rounds, and the median over rounds of
/// the ratio to runner 0 (the primal).
///
/// `clock` is this thread's CPU time, except for multithreaded runners, which need wall time.
private func sparseTimings(
  _ runners: [SparseRunner], quick: Bool, clock: () -> Double = threadCPUTime
) -> [(seconds: Double, ratio: Double)] {
  let minimumSample = quick ? 0.002 : 0.02
  // Calibrate: enough calls that one sample lasts the minimum time (the first call is the
  // warm-up).
  var iterations = [Int]()
  var roundSeconds = 0.0
  for runner in runners {
    let start = clock()
    blackHole(runner.body())
    let first = Swift.max(clock() - start, 1e-9)
    let count = Swift.max(1, Int(minimumSample / first))
    iterations.append(count)
    roundSeconds += first * Double(count)
  }
  let rounds = Swift.max(3, Swift.min(quick ? 5 : 21, Int((quick ? 0.3 : 3) / roundSeconds)))
  var samples = [[Double]](repeating: [], count: runners.count)
  for round in 0..<rounds {
    for offset in 0..<runners.count {
      let k = (offset + round) % runners.count
      var sum = 0.0
      let start = clock()
      for _ in 0..<iterations[k] { sum += runners[k].body() }
      samples[k].append((clock() - start) / Double(iterations[k]))
      blackHole(sum)
    }
  }
  func median(_ v: [Double]) -> Double {
    let s = v.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
  }
  return samples.map { s in
    (median(s), median(zip(s, samples[0]).map { $0 / $1 }))
  }
}

/// The largest |a − b| relative to the largest |b| (at least 1).
private func sparseDifference(_ a: Matrix<Double>, _ b: Matrix<Double>) -> Double {
  let scale = Swift.max(1, b.elements.map { Swift.abs($0) }.max() ?? 0)
  return zip(a.elements, b.elements).map { Swift.abs($0 - $1) }.max()! / scale
}

/// One case's rows of the table, after its check.
private struct SparseCase {
  var title: String
  var runners: [SparseRunner]
  /// The largest difference between a sparse result and its dense counterpart.
  var agreement: Double
  /// Seconds to build the plan (detection and colouring), once.
  var planSeconds: Double
}

/// Seconds for one call of `body` (the median of a few, for one-time costs).
private func oneTimeSeconds(_ body: () -> Void) -> Double {
  var times = [Double]()
  for _ in 0..<5 {
    let start = threadCPUTime()
    body()
    times.append(threadCPUTime() - start)
  }
  return times.sorted()[2]
}

/// A Jacobian case: primal, dense forward and reverse, sparse forward and reverse.
private func jacobianCase<F: VectorToVector>(_ title: String, _ f: F, at x: [Double])
  -> SparseCase
{
  let plan = SparseJacobianPlan(at: x, of: f)
  let planSeconds = oneTimeSeconds { _ = SparseJacobianPlan(at: x, of: f) }
  let denseForward = Forward.jacobian(at: x, of: f)
  let denseReverse = Reverse.jacobian(at: x, of: f)
  let sparseForward = Forward.sparseJacobian(at: x, plan: plan, of: f).dense()
  let sparseReverse = Reverse.sparseJacobian(at: x, plan: plan, of: f).dense()
  let agreement = Swift.max(
    sparseDifference(sparseForward, denseForward), sparseDifference(sparseReverse, denseReverse))
  precondition(
    agreement <= 1e-12, "sparse: \(title): sparse and dense Jacobians differ by \(agreement)")
  let p = plan.columnColoring.colorCount
  let r = plan.rowColoring.colorCount
  let k = Forward.defaultChunkSize(forInputCount: p)
  let passes = (p + k - 1) / k
  let n = x.count
  let denseK = Forward.defaultChunkSize(forInputCount: n)
  return SparseCase(
    title: title,
    runners: [
      SparseRunner(label: "primal f(x), `Double`", colors: "–") { f(x)[0] },
      SparseRunner(
        label: "dense forward Jacobian", colors: "\(n) columns, \((n + denseK - 1) / denseK) passes"
      ) { Forward.jacobian(at: x, of: f).elements[0] },
      SparseRunner(label: "dense reverse Jacobian", colors: "\(f(x).count) sweeps") {
        Reverse.jacobian(at: x, of: f).elements[0]
      },
      SparseRunner(
        label: "sparse forward Jacobian",
        colors: "\(p) colours, \(passes) pass\(passes > 1 ? "es" : "")"
      ) { Forward.sparseJacobian(at: x, plan: plan, of: f).values[0] },
      SparseRunner(label: "sparse reverse Jacobian", colors: "\(r) colours, \(r) sweeps") {
        Reverse.sparseJacobian(at: x, plan: plan, of: f).values[0]
      },
    ], agreement: agreement, planSeconds: planSeconds)
}

/// The Hessian case: primal, dense forward-over-reverse Hessian, sparse Hessian.
private func hessianCase<F: VectorToScalar>(_ title: String, _ f: F, at x: [Double])
  -> SparseCase
{
  let plan = SparseHessianPlan(at: x, of: f)
  let planSeconds = oneTimeSeconds { _ = SparseHessianPlan(at: x, of: f) }
  let agreement = sparseDifference(
    Reverse.sparseHessian(at: x, plan: plan, of: f).dense(), Reverse.hessian(at: x, of: f))
  precondition(
    agreement <= 1e-12, "sparse: \(title): sparse and dense Hessians differ by \(agreement)")
  let p = plan.coloring.colorCount
  let k = Forward.defaultChunkSize(forInputCount: x.count)  // Reverse.hessian's chunk width
  return SparseCase(
    title: title,
    runners: [
      SparseRunner(label: "primal f(x), `Double`", colors: "–") { f(x) },
      SparseRunner(
        label: "dense Hessian (forward-over-reverse in chunks)",
        colors: "\((x.count + k - 1) / k) recordings of \(k) columns"
      ) {
        Reverse.hessian(at: x, of: f).elements[0]
      },
      SparseRunner(label: "sparse Hessian (star colouring)", colors: "\(p) colours, \(p) HVPs") {
        Reverse.sparseHessian(at: x, plan: plan, of: f).values[0]
      },
    ], agreement: agreement, planSeconds: planSeconds)
}

func sparseSection(quick: Bool) -> BenchSection {
  let n = quick ? 256 : 1024
  let side = quick ? 16 : 32
  let cases = [
    jacobianCase(
      "banded sin map, n = m = \(n)", BandedSinMap(outputCount: n), at: BandedSinMap.input(count: n)
    ),
    jacobianCase(
      "2-D Bratu map (5-point Laplacian), \(side) × \(side) grid, n = m = \(side * side)",
      GridLaplacianMap(side: side), at: GridLaplacianMap(side: side).input()),
    hessianCase(
      "extended Rosenbrock Hessian (tridiagonal), n = \(n)", Rosenbrock(),
      at: Rosenbrock().input(count: n)),
  ]
  func time(_ t: Double) -> String {
    t >= 1e-3 ? String(format: "%.2f ms", t * 1e3) : String(format: "%.1f µs", t * 1e6)
  }
  func ratio(_ r: Double) -> String {
    r >= 100 ? String(format: "%.0fx", r) : String(format: "%.2fx", r)
  }
  var markdown = """
    Sparse Jacobians and Hessians by colouring (`Forward.sparseJacobian`, \
    `Reverse.sparseJacobian`, `Reverse.sparseHessian` with a precomputed plan), against the \
    dense drivers. Every sparse result equals the dense one to the stated relative difference \
    (checked before timing). Times are CPU time per call, medians over interleaved rounds; \
    "x primal" is the median per-round ratio to the plain `Double` evaluation of the same \
    function, measured in the same rounds. The plan (sparsity detection by tracers plus \
    colouring) is built once per function and size; its one-time cost is shown below each table.

    """
  var terminal = ""
  var json: [JSONValue] = []
  for c in cases {
    let timings = sparseTimings(c.runners, quick: quick)
    markdown += "\n**\(c.title)**\n\n| computation | colours / passes | time | x primal |\n"
    markdown += "| --- | --- | ---: | ---: |\n"
    terminal += "sparse: \(c.title)\n"
    for (runner, t) in zip(c.runners, timings) {
      markdown +=
        "| \(runner.label) | \(runner.colors) | \(time(t.seconds)) | \(ratio(t.ratio)) |\n"
      let label = runner.label.replacingOccurrences(of: "`", with: "")
      terminal +=
        "  " + label.padding(toLength: 38, withPad: " ", startingAt: 0)
        + time(t.seconds).padding(toLength: 11, withPad: " ", startingAt: 0)
        + ratio(t.ratio).padding(toLength: 8, withPad: " ", startingAt: 0) + runner.colors + "\n"
    }
    let planRatio = c.planSeconds / timings[0].seconds
    markdown += """

      Sparse equals dense to \(String(format: "%.1e", c.agreement)) (relative). Plan \
      (detection and colouring, once): \(time(c.planSeconds)), \(ratio(planRatio)) primal.

      """
    terminal +=
      "  agreement \(String(format: "%.1e", c.agreement)); plan once \(time(c.planSeconds))"
      + " (\(ratio(planRatio)) primal)\n"
    json.append(
      [
        "case": .string(c.title), "agreement_relative": .number(c.agreement),
        "plan_seconds": .number(c.planSeconds), "plan_over_primal": .number(planRatio),
        "rows": .array(
          zip(c.runners, timings).map { runner, t in
            [
              "computation": .string(runner.label.replacingOccurrences(of: "`", with: "")),
              "colours": .string(runner.colors), "seconds": .number(t.seconds),
              "over_primal": .number(t.ratio),
            ]
          }),
      ])
  }
  let parallel = parallelTable(n: n, quick: quick, time: time)
  markdown += "\n" + parallel.markdown
  terminal += parallel.terminal
  return BenchSection(
    title: "Sparse Jacobians and Hessians", markdown: markdown, terminal: terminal,
    json: ["cases": .array(json), "parallel": .array(parallel.json)])
}

/// The parallel drivers against their serial forms, in wall time (the work runs on other
/// threads): the dense forward and reverse Jacobians of the banded map and the reverse Hessian
/// of Rosenbrock. Speed-up = median per-round ratio; every result is checked identical (==).
private func parallelTable(n: Int, quick: Bool, time: (Double) -> String) -> (
  markdown: String, terminal: String, json: [JSONValue]
) {
  let f = BandedSinMap(outputCount: n)
  let x = BandedSinMap.input(count: n)
  let h = quick ? 64 : 256
  let y = Rosenbrock().input(count: h)
  let processors = ProcessInfo.processInfo.activeProcessorCount
  let threadCounts = Array(Set([2, processors])).sorted()
  let cases: [(String, () -> Matrix<Double>, (Int) -> Matrix<Double>)] = [
    (
      "forward Jacobian (chunk mode), banded map n = m = \(n)", { Forward.jacobian(at: x, of: f) },
      { Forward.parallelJacobian(at: x, threads: $0, of: f) }
    ),
    (
      "reverse Jacobian (row sweeps of one recording), banded map n = m = \(n)",
      { Reverse.jacobian(at: x, of: f) }, { Reverse.parallelJacobian(at: x, threads: $0, of: f) }
    ),
    (
      "reverse Hessian (chunks of forward-over-reverse), Rosenbrock n = \(h)",
      { Reverse.hessian(at: y, of: Rosenbrock()) },
      { Reverse.parallelHessian(at: y, threads: $0, of: Rosenbrock()) }
    ),
  ]
  var markdown = """
    **Parallel drivers** on a machine with \(processors) processors; wall time (the work runs \
    on several threads), so other load on the machine shows. Each result is identical to the \
    serial one (checked with ==).

    | driver | threads | time | speed-up |
    | --- | ---: | ---: | ---: |

    """
  var terminal = "sparse: parallel drivers, wall time\n"
  var json: [JSONValue] = []
  for (name, serial, parallel) in cases {
    let reference = serial()
    for t in threadCounts {
      precondition(
        parallel(t) == reference, "parallel: \(name) with \(t) threads differs from the serial one")
    }
    let runners =
      [SparseRunner(label: "serial", colors: "1") { serial().elements[0] }]
      + threadCounts.map { t in
        SparseRunner(label: "parallel", colors: "\(t)") { parallel(t).elements[0] }
      }
    let timings = sparseTimings(runners, quick: quick, clock: now)
    terminal += "  \(name)\n"
    for (runner, t) in zip(runners, timings) {
      let speedUp = String(format: "%.2fx", 1 / t.ratio)
      markdown += "| \(name) | \(runner.colors) | \(time(t.seconds)) | \(speedUp) |\n"
      terminal += "    \(runner.colors) thread(s)  \(time(t.seconds))  speed-up \(speedUp)\n"
      json.append(
        [
          "driver": .string(name), "threads": .integer(Int(runner.colors) ?? 1),
          "seconds": .number(t.seconds), "speedup": .number(1 / t.ratio),
        ])
    }
  }
  return (markdown, terminal, json)
}
