import Foundation

// Number formatting shared by the terminal output, RESULTS.md and the plots.

/// A duration with a unit that keeps 3 significant digits: `812 ns`, `12.3 µs`, `4.56 s`.
func formatSeconds(_ seconds: Double) -> String {
  let units: [(Double, String)] = [(1, "s"), (1e-3, "ms"), (1e-6, "µs"), (1e-9, "ns")]
  for (scale, unit) in units where seconds >= scale || scale == 1e-9 {
    return "\(significant(seconds / scale)) \(unit)"
  }
  return "\(seconds) s"
}

/// A number with 3 significant digits and no exponent for ordinary magnitudes: `1.23`, `45.6`,
/// `789`, `12300`.
func significant(_ x: Double) -> String {
  guard x.isFinite else { return x.isNaN ? "nan" : "inf" }
  let magnitude = x.magnitude
  if magnitude >= 100 { return String(format: "%.0f", x) }
  if magnitude >= 10 { return String(format: "%.1f", x) }
  if magnitude >= 1 || magnitude == 0 { return String(format: "%.2f", x) }
  return String(format: "%.3g", x)
}

/// A time ratio such as `3.1x`.
func formatRatio(_ ratio: Double?) -> String {
  guard let r = ratio else { return "–" }
  return significant(r) + "x"
}

/// An error in scientific notation, `3.2e-09`, or `–` where there is none.
func formatError(_ error: Double?) -> String {
  guard let e = error else { return "–" }
  return e == 0 ? "0" : String(format: "%.1e", e)
}

/// Bytes as `24 B`, `192 MiB`.
func formatBytes(_ bytes: Double) -> String {
  if bytes >= Double(1 << 30) { return significant(bytes / Double(1 << 30)) + " GiB" }
  if bytes >= Double(1 << 20) { return significant(bytes / Double(1 << 20)) + " MiB" }
  if bytes >= 1024 { return significant(bytes / 1024) + " KiB" }
  return String(format: "%.0f B", bytes)
}

/// A short label for a runner on the terminal: `fwd J`, `rev vjp`, `Swift grad`.
func shortLabel(_ engine: Engine, _ task: Task) -> String {
  let e: String
  switch engine {
  case .primal: e = "primal"
  case .forward: e = "fwd"
  case .reverse: e = "rev"
  case .finiteDifference: e = "FD"
  case .swiftAutodiff: e = "Swift"
  }
  let t: String
  switch task {
  case .value: return e
  case .jvp: t = "jvp"
  case .vjp: t = "vjp"
  case .gradient: t = "grad"
  case .jacobian: t = "J"
  }
  return "\(e) \(t)"
}

/// One line for the terminal after a case: the primal time, every engine's ratio to it and the
/// worst error against finite differences.
func caseSummary(_ measurements: [Measurement]) -> String {
  var parts: [String] = []
  for m in measurements {
    if m.engine == .primal {
      parts.append("primal \(formatSeconds(m.timing.median))")
    } else {
      parts.append("\(shortLabel(m.engine, m.task)) \(formatRatio(m.ratioToPrimal))")
    }
  }
  let worst = measurements.compactMap(\.errorVsFD).max()
  return parts.joined(separator: " | ") + " | err vs FD \(formatError(worst))"
}
