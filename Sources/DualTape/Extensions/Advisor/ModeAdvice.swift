/// What ``ModeAdvisor`` measured for one function at one point, and which way to compute its
/// derivative it recommends.
///
/// ```swift
/// let advice = ModeAdvisor.jacobian(at: x, of: f)
/// print(advice)                // a table: strategy, passes, predicted and measured cost
/// advice.recommended           // e.g. .sparseForward
/// try advice.svg.write(...)    // the same as a bar chart
/// ```
///
/// Costs are in seconds and as multiples of one `Double` evaluation of f (the primal).
public struct ModeAdvice: Sendable, CustomStringConvertible {
  /// One strategy's cost.
  public struct Estimate: Sendable {
    /// The strategy.
    public var strategy: Strategy
    /// Passes of the engine: forward passes, reverse sweeps or Hessian–vector products.
    public var passes: Int
    /// The cost the model predicts from the measured single passes, in seconds.
    public var predicted: Double
    /// The cost of one whole call of the driver, measured; nil where it was not run (its
    /// prediction was far above the best one's, or over the time budget).
    public var measured: Double?
    /// The measured cost where there is one, else the predicted.
    public var cost: Double { measured ?? predicted }
  }

  /// The derivative the advice is about.
  public var kind: DerivativeKind
  /// The number of inputs n.
  public var inputCount: Int
  /// The number of outputs m (1 for gradients and Hessians).
  public var outputCount: Int
  /// One evaluation of f (the primal), in seconds.
  public var primalSeconds: Double
  /// The forward driver's own cost per call at the default chunk width, apart from evaluating
  /// f: seeding, the passes' output arrays, the result (its time on a function that does no
  /// arithmetic), in seconds. For Hessians: allocating the result.
  public var fixedSeconds: Double
  /// The reverse driver's own cost per call apart from recording f and sweeping: taking a
  /// pooled tape, the result, in seconds.
  public var reverseFixedSeconds: Double
  /// One forward pass per chunk width tried, in seconds (for a Hessian: one nested-dual pass).
  public var forwardPassSeconds: [(chunk: Int, seconds: Double)]
  /// One recording of f on the tape, in seconds (nil for forward-only advice).
  public var recordingSeconds: Double?
  /// One reverse sweep (one output row or one Hessian–vector product), in seconds.
  public var sweepSeconds: Double?
  /// Nodes on the tape after one recording, and their bytes.
  public var tapeNodes: Int?
  /// Bytes the recording occupies (nodes × node size).
  public var tapeBytes: Int?
  /// The detected sparsity pattern's nonzeros, if a pattern was detected.
  public var nonzeroCount: Int?
  /// Colours of the columns (forward) and of the rows (reverse) or the star colouring
  /// (Hessians) of the detected pattern.
  public var colorCounts: (columns: Int, rows: Int)?
  /// The processors the parallel strategies may use.
  public var processors: Int
  /// Every strategy considered, cheapest first.
  public var estimates: [Estimate]
  /// The strategy with the smallest cost (measured where measured).
  public var recommended: Strategy
  /// Why, in one or two sentences.
  public var reason: String
  /// The pattern and colourings detected for the sparse Jacobian strategies (``Auto`` reuses
  /// them); nil if sparsity was not considered.
  public var jacobianPlan: SparseJacobianPlan?
  /// The pattern and star colouring detected for the sparse Hessian strategy.
  public var hessianPlan: SparseHessianPlan?
  /// The seconds the advisor spent measuring.
  public var adviceSeconds: Double

  /// The estimate for a strategy, if it was considered.
  public func estimate(for strategy: Strategy) -> Estimate? {
    estimates.first { $0.strategy == strategy }
  }

  /// The advice with a widened plan (``Auto`` widens its plan where f's pattern differs), the
  /// pattern's counts updated with it.
  @usableFromInline func widened(
    jacobian: SparseJacobianPlan? = nil, hessian: SparseHessianPlan? = nil
  ) -> ModeAdvice {
    var advice = self
    advice.jacobianPlan = jacobian ?? jacobianPlan
    advice.hessianPlan = hessian ?? hessianPlan
    if let plan = jacobian {
      advice.nonzeroCount = plan.pattern.nonzeroCount
      advice.colorCounts = (plan.columnColoring.colorCount, plan.rowColoring.colorCount)
    }
    if let plan = hessian {
      advice.nonzeroCount = plan.pattern.nonzeroCount
      advice.colorCounts = (plan.coloring.colorCount, plan.coloring.colorCount)
    }
    return advice
  }

  /// A readable report: the sizes, the measured single passes, then one row per strategy
  /// (passes, predicted and measured cost in µs and as multiples of the primal), and the
  /// recommendation with its reason.
  public var description: String {
    let p = primalSeconds
    var s = "ModeAdvisor: \(kind.rawValue) of f: ℝ^\(inputCount) → ℝ^\(outputCount)\n"
    if kind == .hessian {
      s += "  primal \(microseconds(p))"
      if let hvp = sweepSeconds { s += "; one Hessian–vector product \(times(hvp, p))" }
      if let nested = forwardPassSeconds.first?.seconds {
        s += "; one nested-dual pass \(times(nested, p))"
      }
      s += "\n"
      if let nz = nonzeroCount, let c = colorCounts {
        s += "  sparsity: \(nz) nonzeros, \(c.columns) star colours\n"
      }
    } else {
      s += "  primal \(microseconds(p)); fixed cost per call: forward \(microseconds(fixedSeconds))"
      s += ", reverse \(microseconds(reverseFixedSeconds))\n"
      if !forwardPassSeconds.isEmpty {
        s += "  one forward pass: "
        s += forwardPassSeconds.map { "k=\($0.chunk) \(times($0.seconds, p))" }.joined(
          separator: ", ")
        s += "\n"
      }
      if let r = recordingSeconds, let w = sweepSeconds {
        s += "  recording \(times(r, p)), one sweep \(times(w, p))"
        if let nodes = tapeNodes, let bytes = tapeBytes {
          s += ", tape \(nodes) nodes (\(bytes) B)"
        }
        s += "\n"
      }
      if let nz = nonzeroCount, let c = colorCounts {
        s += "  sparsity: \(nz) nonzeros, \(c.columns) column colours, \(c.rows) row colours\n"
      }
    }
    let rows = estimates.map { e -> [String] in
      [
        e.strategy == recommended ? "→ \(e.strategy)" : "  \(e.strategy)", "\(e.passes)",
        microseconds(e.predicted), ratio(e.predicted, p),
        e.measured.map(microseconds) ?? "–", e.measured.map { ratio($0, p) } ?? "–",
      ]
    }
    let header = ["strategy", "passes", "predicted", "×primal", "measured", "×primal"]
    let widths = header.indices.map { c in
      ([header[c]] + rows.map { $0[c] }).map(\.count).max() ?? 0
    }
    func line(_ cells: [String]) -> String {
      "  "
        + cells.indices.map { c in
          c == 0 ? pad(cells[c], widths[c], left: true) : pad(cells[c], widths[c], left: false)
        }.joined(separator: "  ") + "\n"
    }
    s += line(header)
    for r in rows { s += line(r) }
    s += "  recommended: \(recommended). \(reason)\n"
    return s
  }
}

/// A duration in µs with three significant digits.
func microseconds(_ seconds: Double) -> String {
  let us = seconds * 1e6
  if us >= 100 { return "\(Int(us.rounded())) µs" }
  return "\(Double(Int((us * 10).rounded())) / 10) µs"
}

/// A duration as a multiple of `reference`.
func ratio(_ seconds: Double, _ reference: Double) -> String {
  guard reference > 0 else { return "–" }
  let r = seconds / reference
  if r >= 100 { return "\(Int(r.rounded()))x" }
  return "\(Double(Int((r * 10).rounded())) / 10)x"
}

/// A duration with its multiple of the primal, e.g. `3.2 µs (4.1x)`.
func times(_ seconds: Double, _ primal: Double) -> String {
  "\(microseconds(seconds)) (\(ratio(seconds, primal)))"
}

/// `text` padded with spaces to `width` characters.
func pad(_ text: String, _ width: Int, left: Bool) -> String {
  let fill = String(repeating: " ", count: Swift.max(0, width - text.count))
  return left ? text + fill : fill + text
}
