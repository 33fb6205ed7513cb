// What the harness records: the engines, what they compute, and one timed result. The sweep's
// cases and the sections' runners (Timing.swift) are labelled with these.

/// The engines compared; raw values are the JSON `engine` values.
enum Engine: String, CaseIterable {
  /// The function itself with plain `Double`: the baseline every ratio refers to.
  case primal
  /// The same function written in plain C and compiled with -O3 (Benchmarks/BenchC): the
  /// fastest primal the machine runs, a second baseline.
  case cPrimal = "c-primal"
  /// DualTape's forward mode (`Dual`, chunked `DualVector`).
  case forward
  /// DualTape's reverse mode (`Tracked` on a Wengert tape).
  case reverse
  /// Central finite differences (`FiniteDifference`).
  case finiteDifference = "finite-difference"
  /// Swift's built-in `_Differentiation`.
  case swiftAutodiff = "swift-autodiff"
  /// DualTape's Codegen: a recording emitted as Swift source and compiled into DualTapeSuite
  /// (Sources/DualTapeSuite/Generated).
  case generated
}

/// What an engine computes; raw values are the JSON `task` values.
enum Task: String {
  /// f(x).
  case value
  /// One Jacobian–vector product J·v (a directional derivative for f: ℝⁿ → ℝ).
  case jvp
  /// One vector–Jacobian product uᵀJ.
  case vjp
  /// The whole gradient of f: ℝⁿ → ℝ.
  case gradient
  /// The whole m × n Jacobian.
  case jacobian
  /// The whole n × n Hessian of f: ℝⁿ → ℝ.
  case hessian
}

/// One timed result.
struct Measurement {
  /// The function's name (`rosenbrock`, `sinMap`, ...).
  var function: String
  var engine: Engine
  var task: Task
  /// Inputs.
  var n: Int
  /// Outputs (1 for ℝⁿ → ℝ).
  var m: Int
  var timing: Timing
  /// The median over rounds of this engine's time over the primal's time in the same round.
  var ratioToPrimal: Double?
  /// The normwise error against finite differences (nil where not applicable).
  var errorVsFD: Double?
  /// The median over rounds of this engine's time over the C primal's time in the same round.
  var ratioToC: Double?
}
