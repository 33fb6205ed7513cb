import DualTape
import DualTapeLearning
import DualTapeMatrixOperators
import Testing

// Values of the array layer's operations, checked against results worked by hand.

@Test func matmulTransposeAndShapes() {
  let a = Matrix([[1.0, 2, 3], [4, 5, 6]])
  let b = Matrix([[7.0, 8], [9, 10], [11, 12]])
  #expect(a.matmul(b) == Matrix([[58.0, 64], [139, 154]]))
  #expect(matmul(b, a) == Matrix([[39.0, 54, 69], [49, 68, 87], [59, 82, 105]]))
  #expect(a.transposed == Matrix([[1.0, 4], [2, 5], [3, 6]]))
  #expect(
    Matrix<Double>.identity(2).matmul(Matrix([[1.0, 2], [3, 4]])) == Matrix([[1.0, 2], [3, 4]]))
}

@Test func broadcastingRowColumnAndScalar() {
  let x = Matrix([[1.0, 2, 3], [4, 5, 6]])
  #expect(x + Matrix(row: [10.0, 20, 30]) == Matrix([[11.0, 22, 33], [14, 25, 36]]))
  #expect(x - Matrix(column: [1.0, 4]) == Matrix([[0.0, 1, 2], [0, 1, 2]]))
  #expect(x * Matrix(rows: 1, columns: 1, elements: [2.0]) == x * 2)
  #expect(2 * x == Matrix([[2.0, 4, 6], [8, 10, 12]]))
  #expect(x / Matrix(column: [1.0, 2]) == Matrix([[1.0, 2, 3], [2, 2.5, 3]]))
  #expect(1 - x == Matrix([[0.0, -1, -2], [-3, -4, -5]]))
  // A column and a row combine to their outer sum.
  #expect(
    Matrix(column: [1.0, 2]) + Matrix(row: [10.0, 20, 30])
      == Matrix([[11.0, 21, 31], [12, 22, 32]]))
}

@Test func reductions() {
  let x = Matrix([[1.0, 2, 3], [4, 5, 6]])
  #expect(x.sum() == 21)
  #expect(x.mean() == 3.5)
  #expect(x.sum(alongAxis: 0) == Matrix(row: [5.0, 7, 9]))
  #expect(x.sum(alongAxis: 1) == Matrix(column: [6.0, 15]))
  #expect(x.mean(alongAxis: 0) == Matrix(row: [2.5, 3.5, 4.5]))
  #expect(x.max() == 6)
  #expect(x.max(alongAxis: 0) == Matrix(row: [4.0, 5, 6]))
  #expect(x.max(alongAxis: 1) == Matrix(column: [3.0, 6]))
}

@Test func logSumExpAndSoftmaxAreStable() {
  // Naively e^1000 overflows; shifted by the maximum it is 1000 + log 2.
  let big = Matrix([[1000.0, 1000], [-1000, -1000]])
  let lse = big.logSumExp(alongAxis: 1)
  #expect(Swift.abs(lse[0, 0] - (1000 + 0.6931471805599453)) < 1e-12)
  #expect(Swift.abs(lse[1, 0] - (-1000 + 0.6931471805599453)) < 1e-12)
  #expect(big.softmax() == Matrix([[0.5, 0.5], [0.5, 0.5]]))
  let s = Matrix([[1.0, 2, 3]]).softmax()
  let e = [1.0, 2, 3].map { Double.exp($0) }
  let total = e.reduce(0, +)
  for j in 0..<3 { #expect(Swift.abs(s[0, j] - e[j] / total) < 1e-15) }
  let all = [1.0, 2, 3, 4].map { Double.exp($0) }.reduce(0, +)
  #expect(Swift.abs(Matrix([[1.0, 2], [3, 4]]).logSumExp() - Double.log(all)) < 1e-14)
  // Along axis 0, each column of the softmax sums to 1.
  let s0 = Matrix([[1.0, -2], [3, 5], [0, 1]]).softmax(alongAxis: 0)
  for j in 0..<2 { #expect(Swift.abs(s0.column(j).reduce(0, +) - 1) < 1e-15) }
}

@Test func lossesKnownValues() {
  let p = Matrix([[1.0, 2], [3, 4]])
  let t = Matrix([[1.0, 0], [5, 4]])
  #expect(Loss.meanSquaredError(p, t) == 2)  // (0 + 4 + 4 + 0) / 4
  // Equal logits over C classes: cross-entropy log C, even for huge logits.
  let ce = Loss.softmaxCrossEntropy(logits: Matrix([[1e4, 1e4, 1e4]]), labels: [1])
  #expect(Swift.abs(ce - Double.log(3)) < 1e-12)
  // A confident right answer costs almost nothing; a confident wrong one its margin.
  let confident = Loss.softmaxCrossEntropy(
    logits: Matrix([[800.0, 0], [0, 800]]), labels: [0, 0])
  #expect(Swift.abs(confident - 400) < 1e-9)
  // BCE from logits equals BCE from probabilities where both are accurate.
  let z = Matrix([[-2.0, 0.5], [3, -0.25]])
  let y = Matrix([[0.0, 1], [1, 0]])
  let fromLogits = Loss.binaryCrossEntropy(logits: z, targets: y)
  let fromProbabilities = Loss.binaryCrossEntropy(probabilities: sigmoid(z), targets: y)
  #expect(Swift.abs(fromLogits - fromProbabilities) < 1e-14)
  // p = 0.5 everywhere: log 2.
  #expect(
    Swift.abs(
      Loss.binaryCrossEntropy(logits: Matrix([[0.0, 0]]), targets: Matrix([[1.0, 0]]))
        - Double.log(2)) < 1e-15)
  // From logits it stays finite (and exact) where probabilities would saturate.
  #expect(Loss.binaryCrossEntropy(logits: Matrix([[-800.0]]), targets: Matrix([[1.0]])) == 800)
}

@Test func trackedMatrixForwardValuesMatchMatrix() {
  // The operation-level recording computes the same primal values as plain matrices.
  let x = Matrix([[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]])
  let w = Matrix([[0.1, 0.2], [-0.3, 0.4], [0.5, -0.6]])
  let b = Matrix(row: [0.05, -0.02])
  let plain = tanh(x.matmul(w) + b).softmax().logSumExp(alongAxis: 0)
  let r = Reverse.vjp(at: [w, b], cotangent: Matrix(row: [1.0, 1])) { p in
    tanh(x.matmul(p[0]) + p[1]).softmax().logSumExp(alongAxis: 0)
  }
  for (a, c) in zip(r.value.elements, plain.elements) { #expect(Swift.abs(a - c) < 1e-15) }
}

@Test func trackedMatrixConstantsAndMixedOperands() {
  let a = Matrix([[1.0, 2], [3, 4]])
  let b = Matrix([[0.5, -1], [2, 0.25]])
  // Two constants compute without a tape and stay constant.
  let c = TrackedMatrix(constant: a) - TrackedMatrix(constant: b)
  #expect(c.isConstant)
  #expect(c.value == a - b)
  #expect(c.description == (a - b).description)
  let r = Reverse.valueWithGradient(at: [a]) { p in
    #expect(!p[0].isConstant)
    #expect(p[0].description.hasPrefix("m"))
    let mixed = (p[0] + b) - b + (b - p[0]) * 2.0 + 3.0 * matmul(p[0], TrackedMatrix(constant: b))
    let s = mixed.sum()
    #expect(s.scalar == ((a + b) - b + (b - a) * 2 + 3 * a.matmul(b)).sum())
    return s
  }
  // d/dA of Σ[A − 2A + 3AB] = 1 − 2 + 3·(B·1) per row: 3 × the row sums of B, minus 1.
  let rowSumsOfB = b.sum(alongAxis: 1)
  for i in 0..<2 {
    for k in 0..<2 { #expect(Swift.abs(r.gradient[0][i, k] - (3 * rowSumsOfB[k, 0] - 1)) < 1e-14) }
  }
  // A function that ignores its input has a zero gradient of the input's shape.
  let zero = Reverse.gradient(at: [a]) { _ in
    TrackedMatrix(constant: Matrix(rows: 1, columns: 1, elements: [7.0]))
  }
  #expect(zero[0] == Matrix(rows: 2, columns: 2, repeating: 0))
  let footprint = Reverse.arrayTapeFootprint(at: [a]) { p in p[0].sum() }
  #expect(footprint.description == "\(footprint.nodes) nodes, \(footprint.bytes) bytes")
}

@Test func metricsAccuracyArgmaxAndConfusion() {
  let scores = Matrix([[0.1, 0.7, 0.2], [0.9, 0.05, 0.05], [0.2, 0.3, 0.5], [0.6, 0.3, 0.1]])
  let predicted = Metrics.argmaxRows(scores)
  #expect(predicted == [1, 0, 2, 0])
  #expect(Metrics.accuracy(predicted, [1, 0, 2, 2]) == 0.75)
  let confusion = Metrics.confusionMatrix(predicted, [1, 0, 2, 2], classes: 3)
  #expect(confusion == Matrix([[1, 0, 0], [0, 1, 0], [1, 0, 1]]))
  #expect(Matrix([[1.0, 2], [3, 4], [5, 6]]).rows(at: [2, 0]) == Matrix([[5.0, 6], [1, 2]]))
}
