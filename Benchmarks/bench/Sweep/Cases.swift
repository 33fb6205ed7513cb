import DualTape
import DualTapePlot
import DualTapeSuite

// What is measured: the cases (a function at a size), the runners of each case (one per engine
// and task), and the loop that checks, times and records them.

/// A function at one size, with its runners and its check.
struct BenchCase {
  /// The function's name.
  var function: String
  var n: Int
  var m: Int
  /// The runners; the first is the primal.
  var runners: [Runner]
  /// Checks the runners' results (in runner order).
  var check: (_ results: [[Double]]) -> CheckOutcome
}

/// The names of the benchmark's functions, as `--filter` takes them.
enum FunctionName: String, CaseIterable {
  case rosenbrock, logSumExp, softmaxCrossEntropy, mlpLoss, sinMap, bandedSinMap
}

/// A random unit-scale direction of length n, seeded (the JVP direction, the VJP cotangent).
func seededDirection(count n: Int, seed: UInt64) -> [Double] {
  seededUniform(count: n, low: -1, high: 1, seed: seed)
}

/// Builds the case of a scalar function f: ℝⁿ → ℝ: primal, forward JVP, forward gradient,
/// reverse gradient, finite differences, Swift's AD; engines beyond their limits are left out.
func scalarCase<F: VectorToScalar>(
  _ name: FunctionName, _ f: F, at x: [Double], plan: Plan,
  swiftGradient: (([Double]) -> [Double])?, cPrimal: @escaping ([Double]) -> Double
) -> BenchCase {
  let n = x.count
  let v = seededDirection(count: n, seed: 7)
  var runners = [
    Runner(.primal, .value) { f(x) },
    Runner(.cPrimal, .value) { cPrimal(x) },
    Runner(.forward, .jvp) { Forward.directionalDerivative(at: x, direction: v, of: f).derivative },
  ]
  if n <= plan.forwardGradientMaxN {
    runners.append(Runner(.forward, .gradient) { Forward.gradient(at: x, of: f) })
  }
  runners.append(Runner(.reverse, .gradient) { Reverse.gradient(at: x, of: f) })
  if 2 * Double(n) * secondsForOneCall({ f(x) }) <= plan.finiteDifferenceBudget {
    runners.append(Runner(.finiteDifference, .gradient) { FiniteDifference.gradient(at: x, of: f) })
  }
  if let g = swiftGradient, n <= plan.swiftGradientMaxN {
    runners.append(Runner(.swiftAutodiff, .gradient) { g(x) })
  }
  let probes = probeDirections(n: n, jvpDirection: v, allUpTo: plan.allProbesUpTo, sampled: 8)
  let label = "\(name.rawValue) n=\(n)"
  let runnersCopy = runners
  return BenchCase(function: name.rawValue, n: n, m: 1, runners: runners) { results in
    check(
      ScalarAsMap(f: f), at: x, direction: v, cotangent: [1], runners: runnersCopy,
      results: results, probes: probes, label: label)
  }
}

/// Builds the case of a map f: ℝⁿ → ℝᵐ: primal, forward JVP, reverse VJP, forward and reverse
/// Jacobians, finite differences (when 2n evaluations fit the plan's budget) and Swift's AD VJP.
func mapCase<F: VectorToVector>(
  _ name: FunctionName, _ f: F, at x: [Double], outputs m: Int, plan: Plan,
  swiftVJP: (([Double], [Double]) -> [Double])?, cPrimal: @escaping ([Double]) -> [Double]
) -> BenchCase {
  let n = x.count
  let v = seededDirection(count: n, seed: 7)
  let u = seededDirection(count: m, seed: 8)
  var runners = [
    Runner(.primal, .value) { f(x) },
    Runner(.cPrimal, .value) { cPrimal(x) },
    Runner(.forward, .jvp) { Forward.jvp(at: x, direction: v, of: f).jvp },
    Runner(.reverse, .vjp) { Reverse.vjp(at: x, cotangent: u, of: f).vjp },
    Runner(.forward, .jacobian) { Forward.jacobian(at: x, of: f).elements },
    Runner(.reverse, .jacobian) { Reverse.jacobian(at: x, of: f).elements },
  ]
  if 2 * Double(n) * secondsForOneCall({ f(x) }) <= plan.finiteDifferenceBudget {
    runners.append(
      Runner(.finiteDifference, .jacobian) { FiniteDifference.jacobian(at: x, of: f).elements })
  }
  if let g = swiftVJP, n * n * m <= plan.swiftVJPMaxWork {
    runners.append(Runner(.swiftAutodiff, .vjp) { g(x, u) })
  }
  let probes = probeDirections(n: n, jvpDirection: v, allUpTo: plan.allProbesUpTo, sampled: 8)
  let label = "\(name.rawValue) n=\(n) m=\(m)"
  let runnersCopy = runners
  return BenchCase(function: name.rawValue, n: n, m: m, runners: runners) { results in
    check(
      f, at: x, direction: v, cotangent: u, runners: runnersCopy, results: results,
      probes: probes, label: label)
  }
}

/// The median over rounds of `a`'s sample over `b`'s sample in the same round: a ratio of two
/// engines' times that drift common to both cancels out of. Nil if `b` has a zero sample.
func pairedRatio(_ a: Timing, _ b: Timing) -> Double? {
  guard !b.samples.contains(0) else { return nil }
  return median(zip(a.samples, b.samples).map { $0 / $1 })
}

/// How many times longer `a` took than `b`, two engines of the same case: the median of the
/// per-round ratios (see ``pairedRatio(_:_:)``), else the ratio of the medians.
func timeRatio(_ a: Measurement, _ b: Measurement) -> Double {
  pairedRatio(a.timing, b.timing) ?? a.timing.median / b.timing.median
}

/// The CPU time of one call of `body` (after one untimed call), to decide what fits the plan.
func secondsForOneCall<R: BenchResult>(_ body: () -> R) -> Double {
  // The fastest of three calls: one disturbed call must not change what runs.
  (0..<3).map { _ in
    let start = threadCPUTime()
    blackHole(body().checksum)
    return threadCPUTime() - start
  }.min()!
}

/// Runs one case: computes and checks every runner's result once (the warm-up), then times
/// them interleaved.
/// - Returns: the measurements, and the check's failure messages (empty if it passed).
func run(_ c: BenchCase, policy: TimingPolicy) -> (measurements: [Measurement], failures: [String])
{
  var results: [[Double]] = []
  var firstCall: [Double] = []
  for runner in c.runners {
    let start = threadCPUTime()
    results.append(runner.compute())
    firstCall.append(threadCPUTime() - start)
  }
  var outcome = c.check(results)
  // The C primal computes the same numbers as the Swift primal, up to rounding.
  if let k = c.runners.firstIndex(where: { $0.engine == .cPrimal }),
    !(normwiseError(results[k], results[0]) <= CheckTolerance.engines)
  {
    outcome.failures.append(
      "\(c.function) n=\(c.n) m=\(c.m): the C primal differs from the Swift primal by"
        + " \(normwiseError(results[k], results[0])) (normwise)")
  }
  let timings = timeInterleaved(c.runners, firstCallSeconds: firstCall, policy: policy)
  let measurements = c.runners.indices.map { k in
    Measurement(
      function: c.function, engine: c.runners[k].engine, task: c.runners[k].task, n: c.n,
      m: c.m, timing: timings[k], ratioToPrimal: pairedRatio(timings[k], timings[0]),
      errorVsFD: outcome.errorVsFD[k],
      ratioToC: c.runners.firstIndex { $0.engine == .cPrimal }.flatMap {
        pairedRatio(timings[k], timings[$0])
      })
  }
  return (measurements, outcome.failures)
}
