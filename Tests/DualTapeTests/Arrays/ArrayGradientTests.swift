import DualTape
import DualTapeMatrixOperators
import Testing

// Gradients through the array layer, three ways: the operation-level tape (TrackedMatrix), the
// scalar tape and the forward engine on Matrix<Tracked>/Matrix<Dual>, and finite differences.

/// Shapes of the parameters of `Composite`: W 3×4, b 1×4 (row), v 3×1 (column), s 1×1.
let compositeShapes = [(3, 4), (1, 4), (3, 1), (1, 1)]
let compositeX = Matrix([[0.3, -1.2, 0.8], [1.1, 0.4, -0.5], [-0.7, 0.9, 0.2]])
let compositeC = Matrix([[0.2, -0.4, 0.9, 0.1], [-0.3, 0.5, 0.7, -0.8], [0.6, 0.1, -0.2, 0.4]])
let compositeLabels = [0, 3, 1]
let compositeTargets = Matrix([[0.0, 1, 1, 0], [1, 0, 0, 1], [0, 0, 1, 1]])

/// Splits a flat parameter vector into matrices of the given shapes.
func unflatten<T>(_ flat: [T], _ shapes: [(Int, Int)]) -> [Matrix<T>] {
  var k = 0
  return shapes.map { r, c in
    defer { k += r * c }
    return Matrix(rows: r, columns: c, elements: Array(flat[k..<(k + r * c)]))
  }
}

/// A loss that uses every array operation: matmul, transpose, broadcasting of a row, a column
/// and a scalar, + − * /, the elementwise functions, reductions along both axes, max,
/// logSumExp, softmax, and the four losses. Written on `Matrix<T>` for any engine.
struct Composite: VectorToScalar {
  func callAsFunction<T: Differentiable>(_ flat: [T]) -> T {
    let p = unflatten(flat, compositeShapes)
    let x = compositeX.map { T($0) }
    let z = (x.matmul(p[0]) + p[1] + p[2]) * p[3]
    let a = tanh(z)
    let c = compositeC.map { T($0) }
    let targets = compositeTargets.map { T($0) }
    var total = Loss.softmaxCrossEntropy(logits: z, labels: compositeLabels)
    total += a.logSumExp(alongAxis: 0).sum() + z.logSumExp() * 0.5
    total += (z.softmax() * c).sum() + (z.softmax(alongAxis: 0) * c).mean()
    total += z.max(alongAxis: 1).sum() + z.max(alongAxis: 0).mean() + z.max()
    total += Loss.meanSquaredError(sigmoid(z), targets)
    total += Loss.binaryCrossEntropy(logits: z, targets: targets)
    total += Loss.binaryCrossEntropy(probabilities: sigmoid(a), targets: targets)
    total += (exp(a) + log(softplus(z)) + sqrt(softplus(z)) + sin(z) * cos(a)).mean()
    total += (abs(z) + relu(z) - pow(a, n: 3)).sum(alongAxis: 1).mean()
    total += z.transposed.matmul(z).mean(alongAxis: 0).sum() * 0.1
    // Scalars enter a generic matrix through `map` (a literal is not a matrix).
    total += (z / (p[2] * p[2]).map { $0 + 1 } - (a * a).map { 1 / (2 + $0) }).mean(alongAxis: 1)
      .sum()
    total += (a.map { $0 / 3 - 0.5 } + p[3].map { $0 * 2 }).sum()
    return total
  }
}

/// The same loss on the operation-level tape.
func compositeTracked(_ p: [TrackedMatrix<Double>]) -> TrackedMatrix<Double> {
  let z = (compositeX.matmul(p[0]) + p[1] + p[2]) * p[3]
  let a = tanh(z)
  var total = Loss.softmaxCrossEntropy(logits: z, labels: compositeLabels)
  total = total + a.logSumExp(alongAxis: 0).sum() + z.logSumExp() * 0.5
  total = total + (z.softmax() * compositeC).sum() + (z.softmax(alongAxis: 0) * compositeC).mean()
  total = total + z.max(alongAxis: 1).sum() + z.max(alongAxis: 0).mean() + z.max()
  total = total + Loss.meanSquaredError(sigmoid(z), compositeTargets)
  total = total + Loss.binaryCrossEntropy(logits: z, targets: compositeTargets)
  total = total + Loss.binaryCrossEntropy(probabilities: sigmoid(a), targets: compositeTargets)
  total = total + (exp(a) + log(softplus(z)) + sqrt(softplus(z)) + sin(z) * cos(a)).mean()
  total = total + (abs(z) + relu(z) - pow(a, n: 3)).sum(alongAxis: 1).mean()
  total = total + z.transposed.matmul(z).mean(alongAxis: 0).sum() * 0.1
  let one: Double = 1
  let two: Double = 2
  let vv: TrackedMatrix<Double> = p[2] * p[2] + one
  let aa: TrackedMatrix<Double> = two + a * a
  let quotient: TrackedMatrix<Double> = z / vv - one / aa
  total = total + quotient.mean(alongAxis: 1).sum()
  total = total + (a / 3 - 0.5 + p[3] * 2).sum()
  return total
}

let compositePoint: [Double] = {
  var g = SplitMix64(seed: 7)
  return (0..<(12 + 4 + 3 + 1)).map { _ in g.nextUnit() * 2 - 1 }
}()

@Test func operationLevelTapeAgreesWithScalarTapeForwardAndFiniteDifferences() {
  let x = compositePoint
  let op = Reverse.valueWithGradient(at: unflatten(x, compositeShapes), of: compositeTracked)
  let opFlat = op.gradient.flatMap(\.elements)
  #expect(op.gradient.map(\.rows) == compositeShapes.map(\.0))
  #expect(op.gradient.map(\.columns) == compositeShapes.map(\.1))

  let scalar = Reverse.valueWithGradient(at: x, of: Composite())
  #expect(Swift.abs(op.value - scalar.value) <= 1e-12 * Swift.abs(scalar.value))
  let engines = Tolerance<Double>(absolute: 1e-11, relative: 1e-11)
  let vsScalar = GradientCheck.compare(opFlat, scalar.gradient, tolerance: engines)
  #expect(vsScalar.passed, "\(vsScalar)")
  let vsForward = GradientCheck.compare(
    opFlat, Forward.gradient(at: x, of: Composite()), tolerance: engines)
  #expect(vsForward.passed, "\(vsForward)")
  let vsFD = GradientCheck.gradient(opFlat, at: x, of: Composite(), tolerance: .standard)
  #expect(vsFD.passed, "\(vsFD)")
}

@Test func broadcastBiasGetsTheSumOfTheRowsGradients() {
  // f(W, b) = Σ (X W + b) ⊙ C with b a 1×4 row added to each of 3 rows: ∂f/∂b = Σᵢ Cᵢ
  // (the column sums), ∂f/∂W = Xᵀ C. The classic bug gives b the shape or value of one row.
  let w = Matrix([[0.1, 0.2, 0.3, 0.4], [0.5, 0.6, 0.7, 0.8], [0.9, 1.0, 1.1, 1.2]])
  let b = Matrix(row: [0.0, 0, 0, 0])
  let g = Reverse.gradient(at: [w, b]) { p in ((compositeX.matmul(p[0]) + p[1]) * compositeC).sum()
  }
  #expect(g[1].shape == (1, 4))
  let columnSums = compositeC.sum(alongAxis: 0)
  for j in 0..<4 { #expect(Swift.abs(g[1][0, j] - columnSums[0, j]) < 1e-15) }
  let xtc = compositeX.transposed.matmul(compositeC)
  for (a, e) in zip(g[0].elements, xtc.elements) { #expect(Swift.abs(a - e) < 1e-15) }

  // A column bias (3×1) gets the row sums; a 1×1 scalar gets the sum of everything.
  let v = Matrix(column: [0.0, 0, 0])
  let s = Matrix(rows: 1, columns: 1, elements: [0.0])
  let h = Reverse.gradient(at: [v, s]) { p in
    ((compositeX.matmul(w) + p[0] + p[1]) * compositeC).sum()
  }
  let rowSums = compositeC.sum(alongAxis: 1)
  for i in 0..<3 { #expect(Swift.abs(h[0][i, 0] - rowSums[i, 0]) < 1e-15) }
  #expect(Swift.abs(h[1][0, 0] - compositeC.sum()) < 1e-14)

  // The scalar path (one node per scalar) undoes broadcasting by construction: same numbers.
  let scalar = Reverse.gradient(at: w.elements + b.elements) { (q: [Tracked<Double>]) in
    let p = unflatten(q, [(3, 4), (1, 4)])
    return
      ((compositeX.converted(to: Tracked<Double>.self).matmul(p[0]) + p[1])
      * compositeC.converted(to: Tracked<Double>.self)).sum()
  }
  for j in 0..<4 { #expect(Swift.abs(scalar[12 + j] - columnSums[0, j]) < 1e-15) }
}

/// y = sigmoid(W1 X + b1) of SEEDS system 3, as a function of W1 (4×2) and b1 (4×1).
struct SeedSigmoidLayer: VectorToVector {
  func callAsFunction<T: Differentiable>(_ flat: [T]) -> [T] {
    let p = unflatten(flat, [(4, 2), (4, 1)])
    let x = Matrix(column: [-2.0, 0.122]).map { T($0) }
    return sigmoid(p[0].matmul(x) + p[1]).elements
  }
}

@Test func seedSigmoidLayerGradients() {
  let w1 = Matrix([[-0.5, 0.5], [1.827, 0.213], [-2, 2], [2.34, 0.657]])
  let b1 = Matrix(column: [1.2, 1.2, 1.2, 1.2])
  let x = Matrix(column: [-2.0, 0.122])
  let expectedB = [0.08549257, 0.07449035, 0.00428504, 0.03125697]
  let expectedW = [
    -0.17098514, 0.01043009, -0.1489807, 0.00908782,
    -0.00857008, 0.00052277, -0.06251394, 0.00381335,
  ]
  // Seed gradient all ones, as in the seed.
  let op = Reverse.vjp(at: [w1, b1], cotangent: Matrix(column: [1.0, 1, 1, 1])) { p in
    sigmoid(p[0].matmul(x) + p[1])
  }
  let flat = w1.elements + b1.elements
  let scalar = Reverse.vjp(at: flat, cotangent: [1, 1, 1, 1], of: SeedSigmoidLayer()).vjp
  let forward = Forward.jacobian(at: flat, of: SeedSigmoidLayer())
  let forwardVJP = (0..<12).map { j in (0..<4).reduce(0.0) { $0 + forward[$1, j] } }
  for g in [op.vjp[0].elements + op.vjp[1].elements, scalar, forwardVJP] {
    for (a, e) in zip(g[0..<8], expectedW) { #expect(Swift.abs(a - e) < 5e-9, "dW: \(a) vs \(e)") }
    for (a, e) in zip(g[8..<12], expectedB) { #expect(Swift.abs(a - e) < 5e-9, "db: \(a) vs \(e)") }
  }
}

@Test func floatOperationLevelTapeMatchesDouble() {
  let w = Matrix([[0.1, -0.2], [0.3, 0.4], [-0.5, 0.6]])
  let b = Matrix(row: [0.05, -0.1])
  func loss<S: RealScalar>(_ p: [TrackedMatrix<S>], _ x: Matrix<S>) -> TrackedMatrix<S> {
    Loss.softmaxCrossEntropy(logits: tanh(x.matmul(p[0]) + p[1]), labels: [1, 0, 1])
  }
  let gd = Reverse.gradient(at: [w, b]) { loss($0, compositeX) }
  let gf = Reverse.gradient(at: [w.converted(to: Float.self), b.converted(to: Float.self)]) {
    loss($0, compositeX.converted(to: Float.self))
  }
  for (d, f) in zip(gd.flatMap(\.elements), gf.flatMap(\.elements)) {
    #expect(Swift.abs(d - Double(f)) < 1e-6)
  }
}

@Test func tapeRecordsOneNodePerMatrixOperation() {
  // A 2-layer network: leaves (2 inputs + constant X) + matmul, add, tanh, matmul, mse + target.
  let w = Matrix(rows: 3, columns: 4, repeating: 0.1)
  let v = Matrix(rows: 4, columns: 1, repeating: 0.2)
  let f = Reverse.arrayTapeFootprint(at: [w, v]) { p in
    Loss.meanSquaredError(tanh(compositeX.matmul(p[0])).matmul(p[1]), Matrix(column: [1.0, 2, 3]))
  }
  #expect(f.nodes == 8)
  #expect(f.bytes > 0)
}
