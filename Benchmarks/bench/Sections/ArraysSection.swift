import DualTape
import DualTapeLearning
import DualTapePlot
import Foundation

// Arrays figure: the gradient of a 2-32-32-1 tanh MLP's MSE on a batch of 256, by the
// operation-level tape (TrackedMatrix: one node per matrix operation) and by the scalar tape
// (Matrix<Tracked<Double>>: one node per scalar operation), each as a multiple of the plain
// Double forward pass of the same loss, timed interleaved in one run.

/// Splits a flat vector into matrices of the given shapes.
private func arraysUnflatten<T>(_ flat: [T], _ shapes: [(Int, Int)]) -> [Matrix<T>] {
  var k = 0
  return shapes.map { r, c in
    defer { k += r * c }
    return Matrix(rows: r, columns: c, elements: Array(flat[k..<(k + r * c)]))
  }
}

func arraysSection(_ plan: Plan) -> BenchSection {
  let net = MLP<Double>(layerSizes: [2, 32, 32, 1], activation: .tanh)
  let parameters = net.initialParameters(seed: 1)
  let shapes = parameters.map { ($0.rows, $0.columns) }
  let flat = parameters.flatMap(\.elements)
  var random = SplitMix64(seed: 1)
  let x = Matrix<Double>.uniform(rows: 256, columns: 2, in: -1...1, using: &random)
  let y = Matrix(column: (0..<256).map { (x[$0, 0] * x[$0, 0] + x[$0, 1] * x[$0, 1]) / 2 })
  let xTracked = x.converted(to: Tracked<Double>.self)
  let yTracked = y.converted(to: Tracked<Double>.self)

  func forward() -> Double { Loss.meanSquaredError(net.apply(parameters, to: x), y) }
  func operationLevel() -> (value: Double, gradient: [Matrix<Double>]) {
    Reverse.valueWithGradient(at: parameters) { p in Loss.meanSquaredError(net.apply(p, to: x), y) }
  }
  func scalarTape() -> (value: Double, gradient: [Double]) {
    Reverse.valueWithGradient(at: flat) { (q: [Tracked<Double>]) in
      Loss.meanSquaredError(net.apply(arraysUnflatten(q, shapes), to: xTracked), yTracked)
    }
  }

  // Check before timing: both gradients agree with each other and the values with the primal.
  let op = operationLevel()
  let scalar = scalarTape()
  let agreement = GradientCheck.compare(
    op.gradient.flatMap(\.elements), scalar.gradient,
    tolerance: Tolerance(absolute: 1e-12, relative: 1e-10))
  precondition(agreement.passed, "arrays: engines disagree: \(agreement)")
  precondition(Swift.abs(op.value - forward()) <= 1e-14 * Swift.abs(forward()))

  let runners = [
    Runner(.primal, .value) { forward() },
    Runner(.reverse, .gradient) { operationLevel().value },
    Runner(.reverse, .gradient) { scalarTape().value },
  ]
  let first = runners.map { r in secondsForOneCall { r.compute() } }
  let t = timeInterleaved(runners, firstCallSeconds: first, policy: plan.timing)
  let ratioOperation = pairedRatio(t[1], t[0]) ?? t[1].median / t[0].median
  let ratioScalar = pairedRatio(t[2], t[0]) ?? t[2].median / t[0].median
  let footprint = Reverse.arrayTapeFootprint(at: parameters) { p in
    Loss.meanSquaredError(net.apply(p, to: x), y)
  }
  let scalarNodes = Reverse.wengertList(at: flat) { (q: [Tracked<Double>]) in
    Loss.meanSquaredError(net.apply(arraysUnflatten(q, shapes), to: xTracked), yTracked)
  }.rows.count
  let scalarBytes =
    scalarNodes * (MemoryLayout<TapeNode<Double>>.stride + MemoryLayout<Double>.stride)

  let markdown = """
    Gradient of the MSE of a 2-32-32-1 tanh MLP (\(grouped(net.parameterCount)) parameters) on a \
    batch of 256, as a multiple of the plain `Double` forward pass of the same loss (timed \
    interleaved like the sweep, release build, one run). Both gradients agree to \
    \(formatError(agreement.maxRelativeError)) relative.

    | computation | time | × forward pass | tape memory |
    | --- | ---: | ---: | ---: |
    | forward pass, `Matrix<Double>` | \(formatSeconds(t[0].median)) | 1× | none |
    | gradient, operation-level tape (`TrackedMatrix`) | \(formatSeconds(t[1].median)) | \
    \(formatRatio(ratioOperation)) | \(grouped(footprint.bytes)) bytes (\(footprint.nodes) nodes) |
    | gradient, scalar tape (`Matrix<Tracked<Double>>`) | \(formatSeconds(t[2].median)) | \
    \(formatRatio(ratioScalar)) | \(grouped(scalarBytes)) bytes (\(grouped(scalarNodes)) nodes) |

    The operation-level tape holds every intermediate matrix once plus its adjoint; the scalar \
    tape holds one node and one adjoint per scalar operation. Both appear in the learning-loss \
    plot above.
    """
  let terminal = """
    arrays: 2-32-32-1 tanh MLP, batch 256, MSE
      forward pass (Double)         \(formatSeconds(t[0].median))
      gradient, operation-level     \(formatSeconds(t[1].median)) = \
    \(formatRatio(ratioOperation)) the forward pass, \(grouped(footprint.bytes)) bytes of tape
      gradient, scalar tape         \(formatSeconds(t[2].median)) = \(formatRatio(ratioScalar)) \
    the forward pass, \(grouped(scalarBytes)) bytes of tape
    """
  return BenchSection(
    title: "Arrays: operation-level reverse mode", markdown: markdown, terminal: terminal,
    lossBars: (
      name: "2-32-32-1 tanh MLP, batch 256 (arrays section)",
      bars: [
        Bar(
          "operation-level tape (TrackedMatrix)", color: EngineColor.reverse,
          value: ratioOperation),
        Bar("scalar tape (Matrix<Tracked>)", color: "#f4a261", value: ratioScalar),
      ]
    ),
    figures: [
      Figure(
        name: "Operation-level MLP gradient (batch 256) ÷ its forward pass", target: "≤ 4×",
        measured: formatRatio(ratioOperation), status: ratioOperation <= 4 ? .met : .missed)
    ],
    json: [
      "forward_seconds": .number(t[0].median),
      "operation_level_seconds": .number(t[1].median),
      "scalar_tape_seconds": .number(t[2].median), "operation_level": .number(ratioOperation),
      "scalar_tape": .number(ratioScalar), "operation_level_tape_bytes": .integer(footprint.bytes),
      "operation_level_nodes": .integer(footprint.nodes),
      "scalar_tape_bytes": .integer(scalarBytes),
      "scalar_tape_nodes": .integer(scalarNodes),
      "agreement_relative": .number(agreement.maxRelativeError),
    ])
}
