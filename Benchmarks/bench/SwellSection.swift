import DualTape
import DualTapeSuite

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

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

// A black hole with a real side effect, so the optimiser can neither drop nor hoist the
// timed work (an opaque identity function is not enough; see the core notes).
nonisolated(unsafe) private var swellSinkCounter = 0
nonisolated(unsafe) private var swellSink: Any?
@inline(never) private func swellBlackHole<T>(_ x: T) {
  swellSinkCounter &+= 1
  if swellSinkCounter == -1 { swellSink = x }
}

/// Seconds per call of `body`: the best of 3 batches, each long enough to time.
private func swellTime(quick: Bool, _ body: () -> Void) -> Double {
  let clock = ContinuousClock()
  let target: Duration = quick ? .milliseconds(5) : .milliseconds(60)
  var best = Double.infinity
  for _ in 0..<3 {
    var calls = 0
    let start = clock.now
    repeat {
      body()
      calls += 1
    } while clock.now - start < target
    let elapsed = clock.now - start
    let seconds =
      Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    best = Swift.min(best, seconds / Double(calls))
  }
  return best
}

private func measure<F: SwellFamily>(_ family: F.Type, n: Int, quick: Bool) -> SwellRow {
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
    let build = swellTime(quick: quick) {
      let g = f(xs).gradient(withRespectTo: xs, accumulation: accumulation)
      swellBlackHole(try! CompiledExpression(g, variables: names))
    }
    let gradient = f(xs).gradient(withRespectTo: xs, accumulation: accumulation)
    let compiled = try! CompiledExpression(gradient, variables: names)
    // Checked before it is timed: the symbolic gradient agrees with the reverse engine.
    let report = GradientCheck.compare(
      compiled(point), reference, tolerance: Tolerance(absolute: 1e-10, relative: 1e-10))
    precondition(report.passed, "swell \(F.name) n=\(n) \(accumulation): \(report)")
    let eval = swellTime(quick: quick) { swellBlackHole(compiled(point)) }
    return (build, Expr.nodeCount(of: gradient), eval)
  }
  let (reverseBuild, reverseDAG, reverseEval) = symbolic(.reverse)
  let engine = swellTime(quick: quick) { swellBlackHole(Reverse.gradient(at: point, of: f)) }
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
func swellSection(quick: Bool) -> BenchSection {
  var rows: [SwellRow] = []
  let products = quick ? [2, 4, 8, 16, 32] : [2, 4, 8, 16, 32, 64, 128, 256]
  let depths = quick ? [1, 2, 4, 8, 16] : [1, 2, 4, 8, 16, 32, 64, 128, 256]
  let layers = quick ? [1, 2, 3, 4] : [1, 2, 3, 4, 5, 6, 7, 8]
  rows += products.map { measure(ProductFamily.self, n: $0, quick: quick) }
  rows += depths.map { measure(NestedSinFamily.self, n: $0, quick: quick) }
  rows += layers.map { measure(MLPLossFamily.self, n: $0, quick: quick) }
  rows += (quick ? [1] : [1, 2, 4]).map { measure(SuiteMLPFamily.self, n: $0, quick: quick) }

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

    | family | n | tape ops | tree (raw) | DAG (raw) | DAG fwd | DAG rev | build fwd | build rev | eval fwd | eval rev | Reverse.gradient |
    |---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|

    """
  for r in rows {
    md += "| \(r.family) | \(r.n) | \(r.tapeOps) | \(text(r.rawTree, count))"
    md += " | \(text(r.rawDAG)) | \(text(r.forwardDAG)) | \(r.reverseDAG)"
    md += " | \(text(r.forwardBuild, duration)) | \(duration(r.reverseBuild))"
    md += " | \(text(r.forwardEval, duration)) | \(duration(r.reverseEval))"
    md += " | \(duration(r.engine)) |\n"
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
  md += """

    Reading: the tape grows like f itself. Written out as trees, the symbolic gradient swells:
    for the product, n partials of O(n²) tree nodes each; for nested sin, each cos(sin(…))
    writes the inner chain out again; for the MLP, every layer multiplies the tree. Sharing
    (a DAG) removes the repeated subexpressions, and nested sin stays at about 3 nodes per
    tape operation. What sharing cannot remove is the cost of *forward* accumulation, one pass
    per input: the product's forward gradient keeps about n²/2 nodes and the MLP's grows with
    layers × weights, because the suffix products that a reverse sweep shares are built
    separately for each partial. Reverse accumulation over the expression shares them as the
    tape does, and its DAG stays a small constant multiple of the tape for every family: the
    swell is a property of trees and of forward accumulation, not of symbolic derivatives as
    such. Compiled, the reverse-accumulated symbolic gradient evaluates at about the speed
    of the reverse engine: faster on the small families (its instructions are fixed in
    advance, nothing is recorded), up to about 1.6 times slower on the suite's MLP, whose
    gradient DAG has about 4 nodes per tape operation.

    """
  let terminal = rows.map {
    "swell \($0.family) n=\($0.n): tape \($0.tapeOps), tree \(text($0.rawTree, count)),"
      + " DAG raw \(text($0.rawDAG)), fwd \(text($0.forwardDAG)), rev \($0.reverseDAG)"
  }.joined(separator: "\n")
  return BenchSection(
    title: "Expression swell: symbolic gradient vs reverse tape", markdown: md,
    svgs: [(fileName: "swell.svg", svg: swellPlot(rows))], terminal: terminal)
}

/// A measured value, or — where it was not measured.
private func text<T>(_ value: T?, _ format: (T) -> String = { "\($0)" }) -> String {
  value.map(format) ?? "—"
}

/// `×12.3`, or `×1234` for large factors.
private func growthText(_ from: Double, _ to: Double) -> String {
  let g = to / Swift.max(from, 1)
  return "×" + (g >= 100 ? count(g.rounded()) : fixed(g, 1))
}

// MARK: Formatting

private func fixed(_ v: Double, _ digits: Int) -> String {
  var s = String(Int((v * pow(10, Double(digits))).rounded()))
  while s.count <= digits { s = "0" + s }
  return digits == 0 ? s : String(s.dropLast(digits)) + "." + String(s.suffix(digits))
}

/// An integer count, in scientific notation above 10⁹.
private func count(_ v: Double) -> String {
  if v < 1e9 { return String(Int(v)) }
  let e = Int(log10(v).rounded(.down))
  return fixed(v / pow(10, Double(e)), 2) + "e" + String(e)
}

private func duration(_ seconds: Double) -> String {
  if seconds >= 1 { return fixed(seconds, 2) + " s" }
  if seconds >= 1e-3 { return fixed(seconds * 1e3, 2) + " ms" }
  return fixed(seconds * 1e6, 2) + " µs"
}

// MARK: The plot

/// Three panels (one per family), node count against n on log–log axes.
private func swellPlot(_ rows: [SwellRow]) -> String {
  let families = ["product", "nested sin", "MLP loss"]
  let meanings = [
    "n factors (log scale)", "n nested sines (log scale)", "n tanh layers (log scale)",
  ]
  let series: [(label: String, color: String, dash: String, value: (SwellRow) -> Double?)] = [
    ("tree (raw): no sharing, no simplification", "#d62728", "", { $0.rawTree }),
    ("DAG (raw): shared, not simplified", "#ff7f0e", "6 3", { $0.rawDAG.map(Double.init) }),
    ("DAG fwd: shared, simplified, forward", "#1f77b4", "", { $0.forwardDAG.map(Double.init) }),
    ("DAG rev: shared, simplified, reverse", "#9467bd", "8 4", { Double($0.reverseDAG) }),
    ("reverse tape: operations", "#2ca02c", "2 3", { Double($0.tapeOps) }),
  ]
  let panelWidth = 300.0
  let panelHeight = 260.0
  let left = 70.0
  let top = 100.0
  let gap = 40.0
  let width = left + 3 * panelWidth + 2 * gap + 30
  let height = top + panelHeight + 60
  let values = rows.flatMap { r in series.compactMap { $0.value(r) } }.filter { $0 > 0 }
  let yMin = 0.0
  let yMax = (log10(values.max() ?? 10)).rounded(.up)
  var svg = """
    <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" \
    font-family="Helvetica, Arial, sans-serif" font-size="12">
    <rect width="100%" height="100%" fill="white"/>
    <text x="\(width / 2)" y="22" text-anchor="middle" font-size="16">Symbolic gradient \
    size vs reverse tape (log–log)</text>

    """
  // Legend: rows of three entries.
  for (i, s) in series.enumerated() {
    let x = left + Double(i % 3) * 320
    let y = 42 + Double(i / 3) * 18
    svg +=
      "<line x1=\"\(x)\" y1=\"\(y - 4)\" x2=\"\(x + 28)\" y2=\"\(y - 4)\" stroke=\"\(s.color)\""
    svg += " stroke-width=\"2.5\" stroke-dasharray=\"\(s.dash)\"/>"
    svg += "<text x=\"\(x + 34)\" y=\"\(y)\">\(s.label)</text>\n"
  }
  for (p, family) in families.enumerated() {
    let data = rows.filter { $0.family == family }
    guard let first = data.first, let last = data.last else { continue }
    let x0 = left + Double(p) * (panelWidth + gap)
    let xMin = log2(Double(first.n))
    let xMax = Swift.max(log2(Double(last.n)), xMin + 1)
    func px(_ n: Int) -> Double { x0 + (log2(Double(n)) - xMin) / (xMax - xMin) * panelWidth }
    func py(_ v: Double) -> Double {
      top + panelHeight - (log10(Swift.max(v, 1)) - yMin) / (yMax - yMin) * panelHeight
    }
    svg += "<text x=\"\(x0 + panelWidth / 2)\" y=\"\(top - 8)\" text-anchor=\"middle\""
    svg += " font-weight=\"bold\">\(family)</text>\n"
    svg += "<rect x=\"\(x0)\" y=\"\(top)\" width=\"\(panelWidth)\" height=\"\(panelHeight)\""
    svg += " fill=\"none\" stroke=\"#444\"/>\n"
    // y grid and labels: one per decade, labelled on every other decade when crowded.
    let step = yMax > 10 ? 2 : 1
    for e in stride(from: Int(yMin), through: Int(yMax), by: step) {
      let y = py(pow(10, Double(e)))
      svg +=
        "<line x1=\"\(x0)\" y1=\"\(y)\" x2=\"\(x0 + panelWidth)\" y2=\"\(y)\" stroke=\"#ddd\"/>"
      svg += "<text x=\"\(x0 - 5)\" y=\"\(y + 4)\" text-anchor=\"end\">10<tspan dy=\"-6\""
      svg += " font-size=\"9\">\(e)</tspan></text>\n"
    }
    for r in data {
      let x = px(r.n)
      svg +=
        "<line x1=\"\(x)\" y1=\"\(top + panelHeight)\" x2=\"\(x)\" y2=\"\(top + panelHeight + 4)\" stroke=\"#444\"/>"
      svg +=
        "<text x=\"\(x)\" y=\"\(top + panelHeight + 17)\" text-anchor=\"middle\">\(r.n)</text>\n"
    }
    svg += "<text x=\"\(x0 + panelWidth / 2)\" y=\"\(top + panelHeight + 36)\""
    svg += " text-anchor=\"middle\">\(meanings[p])</text>\n"
    for s in series {
      let points = data.compactMap { r in
        s.value(r).map { "\(fixed(px(r.n), 1)),\(fixed(py($0), 1))" }
      }
      svg += "<polyline fill=\"none\" stroke=\"\(s.color)\" stroke-width=\"2\""
      svg += " stroke-dasharray=\"\(s.dash)\" points=\"\(points.joined(separator: " "))\"/>\n"
      for pt in points {
        let xy = pt.split(separator: ",")
        svg += "<circle cx=\"\(xy[0])\" cy=\"\(xy[1])\" r=\"2.5\" fill=\"\(s.color)\"/>"
      }
      svg += "\n"
    }
  }
  let midY = top + panelHeight / 2
  svg += "<text x=\"16\" y=\"\(midY)\" text-anchor=\"middle\" transform=\"rotate(-90 16 \(midY))\">"
  svg += "nodes (log scale)</text>\n</svg>\n"
  return svg
}
