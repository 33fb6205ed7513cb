import DualTape
import DualTapePlot
import DualTapeSuite
import Foundation

// The sweep: which cases run in which order, and the memory figures taken along the way.

/// What one run of the benchmark measured.
struct SweepResult {
  var measurements: [Measurement] = []
  /// Check failures, one message each; the run fails if any.
  var failures: [String] = []
  /// Grid cells of the dense map left out by the plan (n, m).
  var skippedDenseCells: [(n: Int, m: Int)] = []
  var memory: MemoryReport?
  /// The linear-scaling measurement, if the plan has Rosenbrock at n = 10³ and 10⁶.
  var scaling: ScalingMeasurement?
}

/// The reverse gradient of Rosenbrock at n = 10³ and n = 10⁶, timed interleaved in the same
/// rounds, so the ratio of their times per input is not at the mercy of the machine's state
/// when each case happened to run.
struct ScalingMeasurement {
  var small: Timing
  var large: Timing
  var smallN: Int
  var largeN: Int
  /// The median over rounds of (large time / largeN) / (small time / smallN).
  var perInputRatio: Double
}

/// Times the reverse gradient of Rosenbrock at both sizes, interleaved (already checked as
/// ordinary cases).
private func measureScaling(small: Int, large: Int, policy: TimingPolicy) -> ScalingMeasurement {
  let f = Rosenbrock()
  let xs = [f.input(count: small), f.input(count: large)]
  let runners = xs.map { x in Runner(.reverse, .gradient) { Reverse.gradient(at: x, of: f) } }
  let first = runners.map { r in secondsForOneCall { r.compute() } }
  var rounds = policy
  rounds.maximumRounds = max(policy.maximumRounds, 9)
  rounds.caseBudget = max(policy.caseBudget, 1)
  let t = timeInterleaved(runners, firstCallSeconds: first, policy: rounds)
  let ratio = pairedRatio(t[1], t[0])! * Double(small) / Double(large)
  return ScalingMeasurement(
    small: t[0], large: t[1], smallN: small, largeN: large, perInputRatio: ratio)
}

/// The tape's memory: the node size, and the peak for the largest reverse gradient.
struct MemoryReport {
  /// Bytes of one recorded operation (`MemoryLayout<TapeNode<Double>>.stride`).
  var bytesPerNode: Int
  /// Bytes of one adjoint during the sweep.
  var bytesPerAdjoint: Int
  /// Bytes of one `Tracked<Double>` value.
  var bytesPerTracked: Int
  /// Recorded operations per Rosenbrock input, from the Wengert lists at n = 1000 and 2000.
  var nodesPerInput: Double
  /// The n of the largest case (Rosenbrock, reverse gradient).
  var largestN: Int
  /// Recorded operations at that n (extrapolated linearly from the two lists).
  var largestNodes: Double
  /// The process's resident memory before the largest case, bytes.
  var residentBefore: Int?
  /// The process's peak resident memory (VmHWM) after it, bytes.
  var peakAfter: Int?
}

/// A case not yet built (building allocates its inputs), with its progress label.
private struct PendingCase {
  var label: String
  var build: () -> BenchCase
}

/// Lists the cases of the plan in the order they run: the ℝⁿ → ℝ functions by growing n,
/// then the (n, m) grid of the two maps.
private func pendingCases(_ plan: Plan, _ options: Options, _ result: inout SweepResult)
  -> [PendingCase]
{
  var cases: [PendingCase] = []
  func add(_ name: FunctionName, n: Int, m: Int = 1, _ build: @escaping () -> BenchCase) {
    guard options.includes(name) else { return }
    let size = m == 1 && (name != .sinMap && name != .bandedSinMap) ? "n=\(n)" : "n=\(n) m=\(m)"
    cases.append(PendingCase(label: "\(name.rawValue) \(size)", build: build))
  }
  for n in plan.rosenbrockSizes {
    add(.rosenbrock, n: n) {
      scalarCase(
        .rosenbrock, Rosenbrock(), at: Rosenbrock().input(count: n), plan: plan,
        swiftGradient: SwiftAutodiff.rosenbrockGradient(), cPrimal: CPrimal.rosenbrock)
    }
  }
  for n in plan.logSumExpSizes {
    add(.logSumExp, n: n) {
      scalarCase(
        .logSumExp, LogSumExp(), at: LogSumExp().input(count: n), plan: plan,
        swiftGradient: SwiftAutodiff.logSumExpGradient(), cPrimal: CPrimal.logSumExp)
    }
  }
  add(.softmaxCrossEntropy, n: SoftmaxCrossEntropy.parameterCount) {
    let f = SoftmaxCrossEntropy()
    return scalarCase(
      .softmaxCrossEntropy, f, at: f.defaultInput, plan: plan,
      swiftGradient: SwiftAutodiff.softmaxCrossEntropyGradient(
        samples: f.samples, labels: f.labels), cPrimal: CPrimal.softmaxCrossEntropy(f))
  }
  add(.mlpLoss, n: MLPLoss.parameterCount) {
    let f = MLPLoss()
    return scalarCase(
      .mlpLoss, f, at: f.defaultInput, plan: plan,
      swiftGradient: SwiftAutodiff.mlpGradient(samples: f.samples, targets: f.targets),
      cPrimal: CPrimal.mlpLoss(f))
  }
  for m in plan.gridSizes {
    for n in plan.gridSizes {
      if n * m > plan.denseCellLimit {
        if options.includes(.sinMap) { result.skippedDenseCells.append((n, m)) }
      } else {
        add(.sinMap, n: n, m: m) {
          mapCase(
            .sinMap, SinMap(outputCount: m), at: SinMap.input(count: n), outputs: m, plan: plan,
            swiftVJP: SwiftAutodiff.sinMapVJP(outputCount: m), cPrimal: CPrimal.sinMap(m))
        }
      }
      add(.bandedSinMap, n: n, m: m) {
        mapCase(
          .bandedSinMap, BandedSinMap(outputCount: m), at: BandedSinMap.input(count: n),
          outputs: m, plan: plan, swiftVJP: SwiftAutodiff.bandedSinMapVJP(outputCount: m),
          cPrimal: CPrimal.bandedSinMap(m))
      }
    }
  }
  return cases
}

/// Runs every case of the plan, printing progress and a one-line summary per case.
func runSweep(_ plan: Plan, _ options: Options) -> SweepResult {
  var result = SweepResult()
  let cases = pendingCases(plan, options, &result)
  let largestRosenbrock = options.includes(.rosenbrock) ? plan.rosenbrockSizes.max() : nil
  let start = now()
  for (k, pending) in cases.enumerated() {
    let progress = "[\(pad(String(k + 1), cases.count.description.count))/\(cases.count)]"
    print(
      "\(progress) \(pending.label.padding(toLength: 28, withPad: " ", startingAt: 0))",
      terminator: "")
    // Flush stdout: show which case is running, also when the output is a pipe (CI logs).
    fflush(nil)
    let c = pending.build()
    let isLargest = c.function == FunctionName.rosenbrock.rawValue && c.n == largestRosenbrock
    let residentBefore = isLargest ? processMemory("VmRSS") : nil
    let outcome = run(c, policy: plan.timing)
    if isLargest {
      result.memory = memoryReport(largestN: c.n, residentBefore: residentBefore)
    }
    result.measurements += outcome.measurements
    let elapsed = now() - start
    let left = elapsed / Double(k + 1) * Double(cases.count - k - 1)
    print(
      caseSummary(outcome.measurements)
        + "  (\(formatSeconds(elapsed)) so"
        + " far\(k + 1 < cases.count ? ", about \(formatSeconds(left)) left in the sweep" : ""))"
    )
    for failure in outcome.failures {
      print("    CHECK FAILED: \(failure)")
    }
    result.failures += outcome.failures
  }
  if options.includes(.rosenbrock), plan.rosenbrockSizes.contains(1000),
    plan.rosenbrockSizes.contains(1_000_000)
  {
    print(
      "scaling: Rosenbrock reverse gradient at n = 1000 and 1000000, interleaved", terminator: "")
    fflush(nil)
    result.scaling = measureScaling(small: 1000, large: 1_000_000, policy: plan.timing)
    print(": time per input at 10⁶ = \(formatRatio(result.scaling!.perInputRatio)) that at 10³")
  }
  return result
}

/// The memory figures after the largest reverse gradient has run.
private func memoryReport(largestN: Int, residentBefore: Int?) -> MemoryReport {
  let peak = processMemory("VmHWM")
  // Count recorded operations exactly on two small tapes; Rosenbrock's count is affine in n.
  let small = Reverse.wengertList(at: Rosenbrock().input(count: 1000), of: Rosenbrock())
    .rows.count
  let large = Reverse.wengertList(at: Rosenbrock().input(count: 2000), of: Rosenbrock())
    .rows.count
  let perInput = Double(large - small) / 1000
  return MemoryReport(
    bytesPerNode: MemoryLayout<TapeNode<Double>>.stride,
    bytesPerAdjoint: MemoryLayout<Double>.stride,
    bytesPerTracked: MemoryLayout<Tracked<Double>>.stride, nodesPerInput: perInput,
    largestN: largestN, largestNodes: Double(small) + perInput * Double(largestN - 1000),
    residentBefore: residentBefore, peakAfter: peak)
}

/// `text` right-aligned in `width` characters.
func pad(_ text: String, _ width: Int) -> String {
  String(repeating: " ", count: max(0, width - text.count)) + text
}
