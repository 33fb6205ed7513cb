import DualTapePlot

// What the terminal shows while the sweep runs: one line per case.

/// A short label for a runner on the terminal: `fwd J`, `rev vjp`, `Swift grad`.
func shortLabel(_ engine: Engine, _ task: Task) -> String {
  let e: String
  switch engine {
  case .primal: e = "primal"
  case .cPrimal: e = "C"
  case .forward: e = "fwd"
  case .reverse: e = "rev"
  case .finiteDifference: e = "FD"
  case .swiftAutodiff: e = "Swift"
  case .generated: e = "gen"
  }
  let t: String
  switch task {
  case .value: return e
  case .jvp: t = "jvp"
  case .vjp: t = "vjp"
  case .gradient: t = "grad"
  case .jacobian: t = "J"
  case .hessian: t = "H"
  }
  return "\(e) \(t)"
}

/// One line for the terminal after a case: the primal time, every engine's cost in Double
/// evaluations of f, and the worst error against finite differences.
func caseSummary(_ measurements: [Measurement]) -> String {
  var parts: [String] = []
  for m in measurements {
    if m.engine == .primal {
      parts.append("f(x) \(formatSeconds(m.timing.median))")
    } else {
      parts.append("\(shortLabel(m.engine, m.task)) \(formatRatio(m.ratioToPrimal))")
    }
  }
  let worst = measurements.compactMap(\.errorVsFD).max()
  return parts.joined(separator: " | ") + " | err vs FD \(formatError(worst))"
}

/// The legend printed before the sweep: what the numbers on each line mean.
let consoleLegend = """
  Each line: f(x) = the time of one plain Double evaluation of f (Swift); every other number \
  is an engine's time as a multiple of it (× one Double evaluation; C = the same function \
  in C, -O3). err vs FD: the worst normwise gap to central finite differences.
  """
