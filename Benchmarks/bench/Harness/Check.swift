import DualTape
import DualTapeSuite

// The correctness check every timed result passes before it is timed: the engines against each
// other (to rounding) and against central finite differences (to their truncation error).

/// How far apart two results may be, as a normwise error max|a − b| / max|reference|.
enum CheckTolerance {
  /// Two AD engines (and Swift's AD) compute the same numbers up to rounding.
  static let engines = 1e-10
  /// Central differences are accurate to about ε^(2/3) times the function's curvature; at the
  /// highest frequency of the sin maps (m·h ≈ 6e-3 rad) that is a few 1e-6.
  static let finiteDifference = 1e-4
}

/// The outcome of checking the results of one case.
struct CheckOutcome {
  /// The worst normwise error against finite differences, per runner (nil where it does not
  /// apply: the primal value, and finite differences themselves).
  var errorVsFD: [Double?]
  /// Messages for every comparison that failed; empty when the case passed.
  var failures: [String]
}

/// J·p for a row-major m × n matrix.
private func multiply(_ jacobian: [Double], rows m: Int, _ p: [Double]) -> [Double] {
  let n = p.count
  return (0..<m).map { j in (0..<n).reduce(0) { $0 + jacobian[j * n + $1] * p[$1] } }
}

/// The directions finite differences probe: the JVP direction plus coordinate vectors (all of
/// them for small n, otherwise a spread of `sampled` indices including the first and last).
func probeDirections(n: Int, jvpDirection v: [Double], allUpTo: Int, sampled: Int) -> [[Double]] {
  let indices =
    n <= allUpTo
    ? Array(0..<n) : Array(Set((0..<sampled).map { $0 * (n - 1) / Swift.max(1, sampled - 1) }))
  return [v]
    + indices.sorted().map { i in
      var e = [Double](repeating: 0, count: n)
      e[i] = 1
      return e
    }
}

/// Checks the results of one case.
///
/// - Parameters:
///   - f: the function as a map ℝⁿ → ℝᵐ (a scalar function as ℝⁿ → ℝ¹).
///   - x: the point.
///   - v: the direction of the JVP runners.
///   - u: the cotangent of the VJP runners.
///   - runners: the runners, in order.
///   - results: each runner's flattened result.
///   - probes: directions for finite differences (the first is `v`).
///   - label: the case, for messages.
func check<F: VectorToVector>(
  _ f: F, at x: [Double], direction v: [Double], cotangent u: [Double],
  runners: [Runner], results: [[Double]], probes: [[Double]], label: String
) -> CheckOutcome {
  let m = u.count
  // Finite-difference directional derivatives J·p, one per probe.
  let fd = probes.map { FiniteDifference.directionalDerivative(at: x, direction: $0, of: f) }
  // The engine reference: the reverse Jacobian if timed, else the forward one.
  let full = runners.indices.filter {
    runners[$0].task == .gradient || runners[$0].task == .jacobian
  }
  let referenceIndex =
    full.first { runners[$0].engine == .reverse } ?? full.first { runners[$0].engine == .forward }
  let reference = referenceIndex.map { results[$0] }

  var errors = [Double?](repeating: nil, count: runners.count)
  var failures: [String] = []
  func require(_ error: Double, _ tolerance: Double, _ what: String, _ runner: Runner) {
    if !(error <= tolerance) {
      failures.append(
        "\(label): \(runner.engine.rawValue) \(runner.task.rawValue) \(what): normwise error"
          + " \(error) exceeds \(tolerance)")
    }
  }
  for (k, runner) in runners.enumerated() where runner.engine != .primal {
    let r = results[k]
    switch runner.task {
    case .value:
      continue
    case .jvp:
      let e = normwiseError(r, fd[0])
      errors[k] = e
      require(e, CheckTolerance.finiteDifference, "vs finite differences", runner)
      if let jacobian = reference {
        require(
          normwiseError(r, multiply(jacobian, rows: m, v)), CheckTolerance.engines, "vs J·v", runner
        )
      }
    case .vjp:
      // ⟨uᵀJ, p⟩ against ⟨u, J·p⟩ with J·p by finite differences (the dot-product test).
      var worst = 0.0
      for (p, jp) in zip(probes, fd) {
        let lhs = zip(r, p).reduce(0) { $0 + $1.0 * $1.1 }
        let rhs = zip(u, jp).reduce(0) { $0 + $1.0 * $1.1 }
        let scale = zip(u, jp).reduce(0) { $0 + ($1.0 * $1.1).magnitude }
        worst = Swift.max(worst, scale > 0 ? (lhs - rhs).magnitude / scale : (lhs - rhs).magnitude)
      }
      errors[k] = worst
      require(worst, CheckTolerance.finiteDifference, "vs finite differences", runner)
      if let jacobian = reference {
        let n = x.count
        let uJ = (0..<n).map { i in (0..<m).reduce(0) { $0 + u[$1] * jacobian[$1 * n + i] } }
        require(normwiseError(r, uJ), CheckTolerance.engines, "vs uᵀJ", runner)
      }
    case .hessian:
      continue  // checked by the Hessian section itself
    case .gradient, .jacobian:
      let computed = probes.map { multiply(r, rows: m, $0) }
      let e = normwiseError(computed.flatMap { $0 }, fd.flatMap { $0 })
      if runner.engine == .finiteDifference {
        if let jacobian = reference {
          require(
            normwiseError(r, jacobian), CheckTolerance.finiteDifference, "vs the engines", runner)
        }
        continue
      }
      errors[k] = e
      require(e, CheckTolerance.finiteDifference, "vs finite differences", runner)
      if let jacobian = reference, k != referenceIndex {
        require(
          normwiseError(r, jacobian), CheckTolerance.engines, "vs the reference engine", runner)
      }
    }
  }
  return CheckOutcome(errorVsFD: errors, failures: failures)
}
