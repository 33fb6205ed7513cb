import DualTape
import Foundation

// Arrays figure: the gradient of a 2-32-32-1 tanh MLP's MSE on a batch of 256, by the
// operation-level tape (TrackedMatrix: one node per matrix operation) and by the scalar tape
// (Matrix<Tracked<Double>>: one node per scalar operation), each as a multiple of the plain
// Double forward pass of the same loss, measured in one run.

/// Median seconds of `body` over `repetitions` runs after `warmUp` runs.
private func medianSeconds(warmUp: Int, repetitions: Int, _ body: () -> Double) -> Double {
  var sink = 0.0
  for _ in 0..<warmUp { sink += body() }
  var times = [Double]()
  for _ in 0..<repetitions {
    let start = ContinuousClock.now
    sink += body()
    let d = ContinuousClock.now - start
    times.append(Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18)
  }
  arraysBlackHole(sink)
  times.sort()
  return times[times.count / 2]
}

/// Keeps a result alive so the optimiser cannot drop the work that produced it.
@inline(never) private func arraysBlackHole(_ x: Double) {
  if x == 0x1.234p-1000 { print("") }
}

/// Splits a flat vector into matrices of the given shapes.
private func arraysUnflatten<T>(_ flat: [T], _ shapes: [(Int, Int)]) -> [Matrix<T>] {
  var k = 0
  return shapes.map { r, c in
    defer { k += r * c }
    return Matrix(rows: r, columns: c, elements: Array(flat[k..<(k + r * c)]))
  }
}

func arraysSection(quick: Bool) -> BenchSection {
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

  let (warmUp, repetitions) = quick ? (3, 15) : (20, 101)
  let tForward = medianSeconds(warmUp: warmUp, repetitions: repetitions) { forward() }
  let tOperation = medianSeconds(warmUp: warmUp, repetitions: repetitions) {
    operationLevel().value
  }
  let tScalar = medianSeconds(warmUp: Swift.max(2, warmUp / 4), repetitions: quick ? 7 : 21) {
    scalarTape().value
  }
  let footprint = Reverse.arrayTapeFootprint(at: parameters) { p in
    Loss.meanSquaredError(net.apply(p, to: x), y)
  }
  let scalarNodes = Reverse.wengertList(at: flat) { (q: [Tracked<Double>]) in
    Loss.meanSquaredError(net.apply(arraysUnflatten(q, shapes), to: xTracked), yTracked)
  }.rows.count
  let scalarBytes =
    scalarNodes * (MemoryLayout<TapeNode<Double>>.stride + MemoryLayout<Double>.stride)

  let ratioOperation = tOperation / tForward
  let ratioScalar = tScalar / tForward
  func us(_ t: Double) -> String { String(format: "%.1f µs", t * 1e6) }
  func ratio(_ r: Double) -> String { String(format: "%.2fx", r) }
  func grouped(_ n: Int) -> String {
    var s = String(n)
    var i = s.count - 3
    while i > 0 {
      s.insert(",", at: s.index(s.startIndex, offsetBy: i))
      i -= 3
    }
    return s
  }
  let verdict = ratioOperation <= 4 ? "meets" : "misses"
  let markdown = """
    Gradient of the MSE of a 2-32-32-1 tanh MLP (\(grouped(net.parameterCount)) parameters) on a \
    batch of 256, as a multiple of the plain `Double` forward pass of the same loss (median of \
    \(repetitions) runs after \(warmUp) warm-up runs, release build, one run). Both gradients \
    agree to \(String(format: "%.1e", agreement.maxRelativeError)) relative.

    | computation | time | x forward | tape memory |
    | --- | ---: | ---: | ---: |
    | forward pass, `Matrix<Double>` | \(us(tForward)) | 1.00x | none |
    | gradient, operation-level tape (`TrackedMatrix`) | \(us(tOperation)) | \(ratio(ratioOperation)) | \(grouped(footprint.bytes)) bytes (\(footprint.nodes) nodes) |
    | gradient, scalar tape (`Matrix<Tracked<Double>>`) | \(us(tScalar)) | \(ratio(ratioScalar)) | \(grouped(scalarBytes)) bytes (\(grouped(scalarNodes)) nodes) |

    The operation-level gradient \(verdict) the target of at most 4x the forward pass. Its tape \
    holds every intermediate matrix once plus its adjoint; the scalar tape holds one 24-byte node \
    and one adjoint per scalar operation.
    """
  let terminal = """
    arrays: 2-32-32-1 tanh MLP, batch 256, MSE
      forward (Double)          \(us(tForward))
      gradient, op-level tape   \(us(tOperation))  \(ratio(ratioOperation)) forward, \(grouped(footprint.bytes)) bytes of tape
      gradient, scalar tape     \(us(tScalar))  \(ratio(ratioScalar)) forward, \(grouped(scalarBytes)) bytes of tape
    """
  return BenchSection(
    title: "Arrays: operation-level reverse mode", markdown: markdown, terminal: terminal)
}
