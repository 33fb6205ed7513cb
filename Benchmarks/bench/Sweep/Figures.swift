import DualTape
import DualTapePlot
import DualTapeSuite

// The figures the engines must reach (issue 3), each stated as met or missed with the measured
// number. The benchmark reports them; it does not fail when one is missed.

/// A figure with an upper bound on a measured value.
private func bound(
  _ name: String, _ value: Double?, atMost limit: Double, unit: String = "×", _ detail: String = ""
) -> Figure {
  // Whole numbers (bytes, the targets) read better without decimals: "24 B", "≤ 12×".
  func text(_ x: Double) -> String {
    x == x.rounded() && x.magnitude < 1e6 ? String(Int(x)) : significant(x)
  }
  let target = "≤ \(text(limit))\(unit)"
  guard let v = value else {
    return Figure(name: name, target: target, measured: "–", status: .notMeasured)
  }
  return Figure(
    name: name, target: target,
    measured: "\(text(v))\(unit)\(detail.isEmpty ? "" : " (\(detail))")",
    status: v <= limit ? .met : .missed)
}

/// Evaluates every figure from the run's measurements.
func evaluateFigures(
  _ index: MeasurementIndex, _ sweep: SweepResult, _ plan: Plan, mode: Mode, elapsed: Double
) -> [Figure] {
  var figures: [Figure] = []
  let big = plan.rosenbrockSizes.filter {
    $0 >= 1000 && index[.rosenbrock, n: $0, m: 1, .primal, .value] != nil
  }
  let mlpN = MLPLoss.parameterCount

  // One forward JVP ≤ 2x primal; reverse gradient ≤ 12x (Rosenbrock), ≤ 6x (MLP).
  let targets: [(Engine, Task, String, rosenbrock: Double, mlp: Double)] = [
    (.forward, .jvp, "One forward JVP ÷ Swift primal", 2, 2),
    (.reverse, .gradient, "Reverse gradient ÷ Swift primal", 12, 6),
  ]
  for (engine, task, label, rosenbrockLimit, mlpLimit) in targets {
    // The worst ratio over the large Rosenbrock sizes, and where it was.
    let worst = big.compactMap { n in
      index[.rosenbrock, n: n, m: 1, engine, task].map { (n, $0.ratioToPrimal ?? .nan) }
    }
    .max { $0.1 < $1.1 }
    figures.append(
      bound(
        "\(label), Rosenbrock (worst n ≥ 1000)", worst?.1, atMost: rosenbrockLimit,
        worst.map { "n = \($0.0)" } ?? ""))
    figures.append(
      bound(
        "\(label), 2-32-32-1 tanh MLP loss",
        index[.mlpLoss, n: mlpN, m: 1, engine, task]?.ratioToPrimal, atMost: mlpLimit))
  }

  // One VJP of the dense sin map, at the largest square cell.
  let square = plan.gridSizes.reversed().first {
    index[.sinMap, n: $0, m: $0, .reverse, .vjp] != nil
  }
  figures.append(
    bound(
      "One reverse VJP ÷ Swift primal, dense sin map (largest n = m)",
      square.flatMap { index[.sinMap, n: $0, m: $0, .reverse, .vjp]?.ratioToPrimal }, atMost: 3,
      square.map { "n = m = \($0)" } ?? ""))

  // DualTape against Swift's AD.
  for (function, n, label) in [
    (FunctionName.rosenbrock, 10_000, "Rosenbrock n = 10,000"), (.mlpLoss, mlpN, "MLP loss"),
  ] {
    let name = "DualTape reverse gradient speedup over Swift _Differentiation, \(label)"
    guard let s = index[function, n: n, m: 1, .swiftAutodiff, .gradient],
      let r = index[function, n: n, m: 1, .reverse, .gradient]
    else {
      figures.append(
        Figure(
          name: name, target: "≥ 25×",
          measured: SwiftAutodiff.isAvailable ? "–" : "Swift AD not available", status: .notMeasured
        ))
      continue
    }
    let speedup = timeRatio(s, r)
    figures.append(
      Figure(
        name: name, target: "≥ 25×",
        measured:
          "\(formatRatio(speedup)) (\(formatSeconds(s.timing.median)) vs"
          + " \(formatSeconds(r.timing.median)))",
        status: speedup >= 25 ? .met : .missed))
  }

  // Where the chunked forward gradient stops winning at m = 1 is reported by the issue-11
  // figure below (reverse from n ≤ 4) and the gradient tables; the older figure "forward wins
  // below n*" contradicted it once per-call overheads fell, and is retired.

  // Against the C primal (issue 11): the engines at the machine's limit.
  let cTargets: [(FunctionName, Engine, Task, String, Double, [Int])] = [
    (
      .rosenbrock, .reverse, .gradient,
      "Reverse gradient ÷ C primal, Rosenbrock (worst n from 10³ to 10⁶)", 25, big
    ),
    (
      .rosenbrock, .forward, .jvp,
      "One forward JVP ÷ C primal, Rosenbrock (worst n from 10³ to 10⁶)", 2, big
    ),
    (
      .logSumExp, .reverse, .gradient, "Reverse gradient ÷ C primal, log-sum-exp n = 1000", 2.5,
      [1000]
    ),
    (
      .mlpLoss, .reverse, .gradient,
      "Reverse gradient ÷ C primal, 2-32-32-1 tanh MLP loss (scalar tape)", 8, [mlpN]
    ),
  ]
  for (function, engine, task, name, limit, sizes) in cTargets {
    let worst = sizes.compactMap { n in
      index[function, n: n, m: 1, engine, task]?.ratioToC.map { (n, $0) }
    }.max { $0.1 < $1.1 }
    figures.append(
      bound(name, worst?.1, atMost: limit, worst.map { sizes.count > 1 ? "n = \($0.0)" : "" } ?? "")
    )
  }
  if let c = gradientCrossover(.rosenbrock, index, sizes: plan.rosenbrockSizes) {
    let name =
      "Gradient crossover at m = 1, Rosenbrock: smallest n from which reverse beats the chunked"
      + " forward gradient"
    figures.append(
      Figure(
        name: name, target: "≤ 4",
        measured: c.n.map(String.init) ?? "> \(c.largestN)",
        status: (c.n ?? .max) <= 4 ? .met : .missed))
  }

  // Linear scaling of the reverse gradient (both sizes timed in the same rounds).
  let scalingName = "Reverse gradient time per input, Rosenbrock n = 10⁶ over n = 10³"
  if let s = sweep.scaling {
    let perInput = { (t: Timing, n: Int) in formatSeconds(t.median / Double(n)) }
    figures.append(
      bound(
        scalingName, s.perInputRatio, atMost: 1.3,
        "\(perInput(s.large, s.largeN)) vs \(perInput(s.small, s.smallN)) per input, medians"))
  } else {
    figures.append(
      Figure(name: scalingName, target: "≤ 1.3×", measured: "–", status: .notMeasured))
  }

  // Memory: the node size is a property of the build; the peak needs the largest case.
  figures.append(
    bound(
      "Bytes per recorded operation (tape node)", Double(MemoryLayout<TapeNode<Double>>.stride),
      atMost: 24, unit: " B"))
  // Run time.
  let limit: Double = mode == .quick ? 30 : 180
  if mode != .full {
    figures.append(
      bound(
        "Run time of `bench\(mode == .quick ? " --quick" : "")` on this machine", elapsed,
        atMost: limit, unit: " s"))
  }
  return figures
}
