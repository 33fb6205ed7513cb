import DualTape
import DualTapePlot
import DualTapeSVG
import DualTapeSuite
import Foundation

// Expression swell: how big a symbolic gradient gets, against the reverse tape, as n grows.
//
// For each family f_n the section reports
//   tape ops     operations recorded on the reverse tape for f_n (the Wengert list, inputs
//                excluded): what reverse mode stores, and a constant multiple of its cost
//   tree (raw)   the symbolic gradient written out as trees, no sharing, no simplification:
//                what a naive symbolic engine (the seed's) holds and prints
//   DAG (raw)    the same gradient with equal subexpressions shared (hash-consing)
//   DAG fwd      shared and simplified, forward accumulation (Expr.gradient's default)
//   DAG rev      shared and simplified, reverse accumulation (accumulation: .reverse)
// and times: building each simplified gradient and compiling it, evaluating each compiled
// gradient at one point, and one Reverse.gradient call at the same point.

/// A family of functions indexed by n, written once for every engine.
private protocol SwellFamily: VectorToScalar {
  static var name: String { get }
  /// What n means for this family.
  static var meaning: String { get }
  init(n: Int)
  /// The number of inputs of f_n.
  var inputCount: Int { get }
  /// Where to evaluate the gradient.
  func point(_ random: inout SplitMix64) -> [Double]
}

extension SwellFamily {
  /// Uniform in [0.2, 0.8]: away from 0, so products and sines neither vanish nor blow up.
  func point(_ random: inout SplitMix64) -> [Double] {
    (0..<inputCount).map { _ in 0.2 + 0.6 * random.nextUnit() }
  }
}

/// Above this many inputs only reverse accumulation is measured: forward accumulation makes
/// one pass per input (about 2 s for the suite's 1,185-weight MLP on one sample).
private let forwardInputLimit = 300

/// x₁·x₂·…·xₙ: each partial derivative is a product of n − 1 factors.
private struct ProductFamily: SwellFamily {
  static let name = "product"
  static let meaning = "factors"
  let n: Int
  init(n: Int) { self.n = n }
  var inputCount: Int { n }
  func callAsFunction<T: Differentiable>(_ x: [T]) -> T { x.dropFirst().reduce(x[0], *) }
}

/// sin(sin(…sin(x)…)), n times: the chain rule makes a product of n cosines.
private struct NestedSinFamily: SwellFamily {
  static let name = "nested sin"
  static let meaning = "depth"
  let n: Int
  init(n: Int) { self.n = n }
  var inputCount: Int { 1 }
  func callAsFunction<T: Differentiable>(_ x: [T]) -> T {
    var y = x[0]
    for _ in 0..<n { y = sin(y) }
    return y
  }
}

/// The mean squared error of a tanh MLP with n hidden layers of width 3 on 4 fixed samples,
/// as a function of its 12n + 4 weights and biases.
private struct MLPLossFamily: SwellFamily {
  static let name = "MLP loss"
  static let meaning = "layers"
  static let width = 3
  let n: Int
  let samples: [[Double]]
  let targets: [Double]
  init(n: Int) {
    self.n = n
    var random = SplitMix64(seed: 5)
    samples = (0..<4).map { _ in (0..<Self.width).map { _ in 2 * random.nextUnit() - 1 } }
    targets = samples.map { $0.reduce(0, +) / 3 }
  }
  var inputCount: Int { n * (Self.width * Self.width + Self.width) + Self.width + 1 }

  func callAsFunction<T: Differentiable>(_ p: [T]) -> T {
    let w = Self.width
    var loss: T = 0
    for (sample, target) in zip(samples, targets) {
      var h = sample.map { T($0) }
      var k = 0
      for _ in 0..<n {
        h = (0..<w).map { i in
          var s = p[k + w * w + i]
          for j in 0..<w { s += p[k + i * w + j] * h[j] }
          return tanh(s)
        }
        k += w * w + w
      }
      var out = p[k + w]
      for j in 0..<w { out += p[k + j] * h[j] }
      let e = out - T(target)
      loss += e * e
    }
    return loss / T(Double(samples.count))
  }
}

/// The shared suite's MLPLoss (a 2-32-32-1 tanh network, 1,185 weights) on n samples: a
/// realistic network, measured with reverse accumulation only (see `forwardInputLimit`).
private struct SuiteMLPFamily: SwellFamily {
  static let name = "suite MLPLoss"
  static let meaning = "samples"
  let loss: MLPLoss
  init(n: Int) { loss = MLPLoss(sampleCount: n) }
  var inputCount: Int { MLPLoss.parameterCount }
  func point(_ random: inout SplitMix64) -> [Double] { loss.defaultInput }
  func callAsFunction<T: Differentiable>(_ x: [T]) -> T { loss(x) }
}

/// One row of the table.
private struct SwellRow {
  var family: String
  var n: Int
  var tapeOps: Int
  var rawTree: Double?
  var rawDAG: Int?
  var forwardDAG: Int?
  var reverseDAG: Int
  var forwardBuild: Double?
  var reverseBuild: Double
  var forwardEval: Double?
  var reverseEval: Double
  var engine: Double
}

/// Seconds per call of `body`, by the benchmark's harness (calibrated samples, median).
private func swellTime(_ policy: TimingPolicy, _ body: @escaping () -> Void) -> Double {
  let runner = Runner(.reverse, .value) { () -> Double in
    body()
    return 0
  }
  let first = secondsForOneCall { runner.compute() }
  return timeInterleaved([runner], firstCallSeconds: [first], policy: policy)[0].median
}

private func measure<F: SwellFamily>(_ family: F.Type, n: Int, _ policy: TimingPolicy) -> SwellRow {
  let f = F(n: n)
  var random = SplitMix64(seed: UInt64(n))
  let point = f.point(&random)
  let xs = (0..<f.inputCount).map { Expr.variable("x\($0)") }
  let names = xs.map { $0.variableName! }
  let reference = Reverse.gradient(at: point, of: f)

  /// Build and compile time, the compiled gradient, its DAG size and its evaluation time.
  func symbolic(_ accumulation: Expr.Accumulation) -> (Double, Int, Double) {
    // Time the build while no gradient node is alive: a build must not find its nodes
    // already in the intern table.
    let build = swellTime(policy) {
      let g = f(xs).gradient(withRespectTo: xs, accumulation: accumulation)
      blackHole(try! CompiledExpression(g, variables: names))
    }
    let gradient = f(xs).gradient(withRespectTo: xs, accumulation: accumulation)
    let compiled = try! CompiledExpression(gradient, variables: names)
    // Checked before it is timed: the symbolic gradient agrees with the reverse engine.
    let report = GradientCheck.compare(
      compiled(point), reference, tolerance: Tolerance(absolute: 1e-10, relative: 1e-10))
    precondition(report.passed, "swell \(F.name) n=\(n) \(accumulation): \(report)")
    let eval = swellTime(policy) { blackHole(compiled(point)) }
    return (build, Expr.nodeCount(of: gradient), eval)
  }
  let (reverseBuild, reverseDAG, reverseEval) = symbolic(.reverse)
  let engine = swellTime(policy) { blackHole(Reverse.gradient(at: point, of: f)) }
  var row = SwellRow(
    family: F.name, n: n,
    tapeOps: Reverse.wengertList(at: point, of: f).rows.count - f.inputCount,
    reverseDAG: reverseDAG, reverseBuild: reverseBuild, reverseEval: reverseEval, engine: engine)
  if f.inputCount <= forwardInputLimit {
    (row.forwardBuild, row.forwardDAG, row.forwardEval) = symbolic(.forward)
    let raw = f(xs).gradient(withRespectTo: xs, simplification: .none)
    row.rawTree = Expr.treeSize(of: raw)
    row.rawDAG = Expr.nodeCount(of: raw)
  }
  return row
}

/// The expression-swell section of RESULTS.md: a table and a plot of node counts against n.
func swellSection(_ plan: Plan, quick: Bool) -> BenchSection {
  var policy = plan.timing
  policy.maximumRounds = Swift.min(policy.maximumRounds, 5)
  policy.caseBudget = Swift.min(policy.caseBudget, 0.15)
  var rows: [SwellRow] = []
  let products = quick ? [2, 4, 8, 16, 32] : [2, 4, 8, 16, 32, 64, 128, 256]
  let depths = quick ? [1, 2, 4, 8, 16] : [1, 2, 4, 8, 16, 32, 64, 128, 256]
  let layers = quick ? [1, 2, 3, 4] : [1, 2, 3, 4, 5, 6, 7, 8]
  rows += products.map { measure(ProductFamily.self, n: $0, policy) }
  rows += depths.map { measure(NestedSinFamily.self, n: $0, policy) }
  rows += layers.map { measure(MLPLossFamily.self, n: $0, policy) }
  rows += (quick ? [1] : [1, 2, 4]).map { measure(SuiteMLPFamily.self, n: $0, policy) }

  var md = """
    How large a symbolic gradient gets, against the reverse tape. *tape ops*: operations
    recorded on the reverse tape for f (inputs excluded). *tree (raw)*: the gradient as
    trees, no sharing, no simplification (what a naive symbolic engine holds and prints).
    *DAG (raw)*: equal subexpressions shared (hash-consing), not simplified. *DAG fwd*: shared
    and simplified, forward accumulation (one pass per input, `Expr.gradient`'s default).
    *DAG rev*: shared and simplified, reverse accumulation over the expression
    (`accumulation: .reverse`). *build*: building the simplified gradient and compiling it;
    *eval*: the compiled gradient at one point; *Reverse.gradient*: the reverse engine at the
    same point. Families: product x₁⋯xₙ (n inputs); nested sin, n sines of one input; MLP
    loss, n tanh layers of width 3 on 4 samples (12n + 4 weights); suite MLPLoss, the shared
    suite's 2-32-32-1 tanh network (1,185 weights) on n samples, reverse accumulation only
    (forward makes 1,185 passes; — marks what is not measured).

    | family | n | tape ops | tree (raw) | DAG (raw) | DAG fwd | DAG rev | build fwd | build rev \
    | eval fwd | eval rev | Reverse.gradient |
    |---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|

    """
  for r in rows {
    md += "| \(r.family) | \(r.n) | \(r.tapeOps) | \(text(r.rawTree, formatCount))"
    md += " | \(text(r.rawDAG)) | \(text(r.forwardDAG)) | \(r.reverseDAG)"
    md += " | \(text(r.forwardBuild, formatSeconds)) | \(formatSeconds(r.reverseBuild))"
    md += " | \(text(r.forwardEval, formatSeconds)) | \(formatSeconds(r.reverseEval))"
    md += " | \(formatSeconds(r.engine)) |\n"
  }
  md += """

    ![Node count of the symbolic gradient against n](Benchmarks/results/swell.svg)

    Growth from the smallest to the largest n (the factor by which each count grows):

    | family | n | tape ops | tree (raw) | DAG (raw) | DAG fwd | DAG rev |
    |---|---|---:|---:|---:|---:|---:|

    """
  let families = [
    ProductFamily.name, NestedSinFamily.name, MLPLossFamily.name, SuiteMLPFamily.name,
  ]
  for family in families {
    let data = rows.filter { $0.family == family }
    guard let a = data.first, let b = data.last else { continue }
    func growth(_ measure: (SwellRow) -> Double?) -> String {
      guard let x = measure(a), let y = measure(b) else { return "—" }
      return growthText(x, y)
    }
    md += "| \(family) | \(a.n) → \(b.n) | \(growth { Double($0.tapeOps) })"
    md += " | \(growth { $0.rawTree }) | \(growth { $0.rawDAG.map(Double.init) })"
    md += " | \(growth { $0.forwardDAG.map(Double.init) })"
    md += " | \(growth { Double($0.reverseDAG) }) |\n"
  }
  // The numbers in the reading come from the rows above.
  let sin = rows.last { $0.family == NestedSinFamily.name }
  let sinPerOp = sin.map {
    Double($0.forwardDAG ?? $0.reverseDAG) / Double(Swift.max(1, $0.tapeOps))
  }
  let product = rows.last { $0.family == ProductFamily.name && $0.forwardDAG != nil }
  let suite = rows.last { $0.family == SuiteMLPFamily.name }
  let suitePerOp = suite.map { Double($0.reverseDAG) / Double(Swift.max(1, $0.tapeOps)) }
  let suiteEval = suite.map { $0.reverseEval / $0.engine }
  let smallEval = rows.filter { $0.family != SuiteMLPFamily.name }.map {
    $0.reverseEval / $0.engine
  }
  md += """
    Reading: the tape grows like f itself. Written out as trees, the symbolic gradient swells: \
    for the product, n partials of O(n²) tree nodes each; for nested sin, each cos(sin(…)) \
    writes the inner chain out again; for the MLP, every layer multiplies the tree. Sharing \
    (a DAG) removes the repeated subexpressions: nested sin at n = \(sin.map { "\($0.n)" } ?? "–") \
    keeps \(sinPerOp.map { fixed($0, 1) } ?? "–") nodes per tape operation. What sharing cannot \
    remove is the cost of *forward* accumulation, one pass per input: the product's forward \
    gradient at n = \(product.map { "\($0.n)" } ?? "–") keeps \
    \(product.flatMap { $0.forwardDAG }.map { grouped($0) } ?? "–") \
    nodes (about n²/2) and the MLP's grows with layers × weights, because the suffix products \
    that a reverse sweep shares are built separately for each partial. Reverse accumulation over \
    the expression shares them as the tape does, and its DAG stays a small constant multiple of \
    the tape for every family: the swell is a property of trees and of forward accumulation, not \
    of symbolic derivatives as such. Compiled, the reverse-accumulated symbolic gradient takes \
    \(smallEval.min().map { fixed($0, 2) } ?? "–")–\
    \(smallEval.max().map { fixed($0, 2) } ?? "–")× the \
    reverse engine's time on the small families (its instructions are fixed in advance, nothing \
    is recorded) and \(suiteEval.map { fixed($0, 2) } ?? "–")× on the suite's MLP, whose gradient \
    DAG has \(suitePerOp.map { fixed($0, 1) } ?? "–") nodes per tape operation.

    """
  let terminal = rows.map {
    "swell \($0.family) n=\($0.n): nodes: tape \($0.tapeOps), tree"
      + " \(text($0.rawTree, formatCount)),"
      + " DAG raw \(text($0.rawDAG)), fwd \(text($0.forwardDAG)), rev \($0.reverseDAG)"
  }.joined(separator: "\n")
  return BenchSection(
    title: "Expression swell: symbolic gradient vs reverse tape", markdown: md,
    svgs: [(fileName: "swell.svg", svg: swellPlot(rows))], terminal: terminal,
    json: ["rows": .array(rows.map(\.json))])
}

extension SwellRow {
  /// The row as `--json` writes it; null where not measured.
  var json: JSONValue {
    let count = { (x: Int?) in x.map { JSONValue.integer($0) } ?? .null }
    return [
      "family": .string(family), "n": .integer(n), "tape_ops": .integer(tapeOps),
      "tree_raw": .optional(rawTree), "dag_raw": count(rawDAG), "dag_forward": count(forwardDAG),
      "dag_reverse": .integer(reverseDAG), "build_forward_seconds": .optional(forwardBuild),
      "build_reverse_seconds": .number(reverseBuild),
      "eval_forward_seconds": .optional(forwardEval), "eval_reverse_seconds": .number(reverseEval),
      "reverse_gradient_seconds": .number(engine),
    ]
  }
}

/// A measured value, or — where it was not measured.
private func text<T>(_ value: T?, _ format: (T) -> String = { "\($0)" }) -> String {
  value.map(format) ?? "—"
}

/// `×12.3`, or `×1234` for large factors.
private func growthText(_ from: Double, _ to: Double) -> String {
  let g = to / Swift.max(from, 1)
  return "×" + (g >= 100 ? formatCount(g.rounded()) : fixed(g, 1))
}

// MARK: The plot

/// Three panels (one per family), node count against n on log–log axes, one legend.
private func swellPlot(_ rows: [SwellRow]) -> String {
  let families = [
    ("product", "n factors (log scale)"), ("nested sin", "n nested sines (log scale)"),
    ("MLP loss", "n tanh layers (log scale)"),
  ]
  let measures: [(label: String, color: String, dashed: Bool, value: (SwellRow) -> Double?)] = [
    ("tree (raw): no sharing, no simplification", "#d62728", false, { $0.rawTree }),
    ("DAG (raw): shared, not simplified", "#ff7f0e", true, { $0.rawDAG.map(Double.init) }),
    ("DAG fwd: shared, simplified, forward", "#1f77b4", false, { $0.forwardDAG.map(Double.init) }),
    ("DAG rev: shared, simplified, reverse", "#9467bd", true, { Double($0.reverseDAG) }),
    ("reverse tape: operations", "#2ca02c", false, { Double($0.tapeOps) }),
  ]
  let all = rows.flatMap { r in measures.compactMap { $0.value(r) } }.filter { $0 > 0 }
  let yDomain = 1...Swift.max(10, all.max() ?? 10)
  var drawings = families.map { family, meaning -> SVGWriter in
    let data = rows.filter { $0.family == family }
    let series = measures.map { m in
      Series(
        m.label, color: m.color, dashed: m.dashed,
        points: data.compactMap { r in m.value(r).map { (x: Double(r.n), y: $0) } })
    }
    var chart = LineChart(
      title: family, x: Axis(meaning, scale: .log, ticks: data.map { Double($0.n) }),
      y: Axis("nodes (log scale)", scale: .log, format: formatNodes, domain: yDomain),
      series: series, width: 330, height: 320)
    chart.series = series.map {
      var s = $0
      s.name = ""
      return s
    }
    return chart.drawing()
  }
  // The legend as its own panel, so the three plots keep the same size.
  var legend = SVGWriter(width: 300, height: 320)
  var y = 60.0
  for m in measures {
    legend.line(10, y, 40, y, stroke: m.color, width: 2, dash: m.dashed ? "6 4" : nil)
    legend.circle(cx: 25, cy: y, r: 3.2, fill: m.color)
    y += legendEntry(&legend, m.label, x: 48, y: y + 4, width: 240)
  }
  drawings.append(legend)
  return panels(
    title: "Symbolic gradient size against the reverse tape (log–log)", drawings, columns: 4,
    note: "Each panel: node counts of the gradient of one family f_n; the tape grows like f itself."
  )
}

/// A node-count tick: `10`, `1k`, `1M`, `1e12`.
private func formatNodes(_ x: Double) -> String {
  x >= 1e9 ? "1e\(Int(Foundation.log10(x).rounded()))" : compactNumber(x)
}
