import Dispatch
import DualTape
import DualTapeMatrixOperators
import Synchronization
import Testing

// Each operation's adjoint rule on its own, against central differences of the same function
// on plain matrices, so a wrong rule is named rather than hidden in a sum.

/// One operation as a loss of two matrices A (3×4) and B (shape `bShape`): on tracked
/// matrices, and on plain matrices for the finite differences.
struct RuleCase: Sendable {
  var name: String
  var bShape: (Int, Int)
  var tracked: @Sendable ([TrackedMatrix<Double>]) -> TrackedMatrix<Double>
  var plain: @Sendable ([Matrix<Double>]) -> Double
}

let weights = Matrix([[0.3, -0.7, 1.1, 0.2], [0.9, 0.4, -0.6, 1.3], [-0.2, 0.8, 0.5, -1.4]])

let ruleCases: [RuleCase] = [
  RuleCase(
    name: "add (same shape)", bShape: (3, 4), tracked: { ((($0[0] + $0[1])) * weights).sum() },
    plain: { (($0[0] + $0[1]) * weights).sum() }),
  RuleCase(
    name: "add (row)", bShape: (1, 4), tracked: { (($0[0] + $0[1]) * weights).sum() },
    plain: { (($0[0] + $0[1]) * weights).sum() }),
  RuleCase(
    name: "subtract (column)", bShape: (3, 1), tracked: { (($0[0] - $0[1]) * weights).sum() },
    plain: { (($0[0] - $0[1]) * weights).sum() }),
  RuleCase(
    name: "multiply (scalar 1x1)", bShape: (1, 1), tracked: { (($0[0] * $0[1]) * weights).sum() },
    plain: { (($0[0] * $0[1]) * weights).sum() }),
  RuleCase(
    name: "multiply (row)", bShape: (1, 4), tracked: { ($0[0] * $0[1] * weights).sum() },
    plain: { ($0[0] * $0[1] * weights).sum() }),
  RuleCase(
    name: "divide (column)", bShape: (3, 1),
    tracked: { ($0[0] / ($0[1] * $0[1] + 1.0) * weights).sum() },
    plain: { ($0[0] / ($0[1] * $0[1] + 1.0) * weights).sum() }),
  RuleCase(
    name: "matmul", bShape: (4, 2),
    tracked: { $0[0].matmul($0[1]).matmul(Matrix(column: [1.0, -2])).sum() },
    plain: { $0[0].matmul($0[1]).matmul(Matrix(column: [1.0, -2])).sum() }),
  RuleCase(
    name: "transpose", bShape: (1, 1), tracked: { ($0[0].transposed * weights.transposed).sum() },
    plain: { ($0[0].transposed * weights.transposed).sum() }),
  RuleCase(
    name: "exp", bShape: (1, 1), tracked: { (exp($0[0]) * weights).sum() },
    plain: { (exp($0[0]) * weights).sum() }),
  RuleCase(
    name: "log", bShape: (1, 1), tracked: { (log($0[0] * $0[0] + 1.0) * weights).sum() },
    plain: { (log($0[0] * $0[0] + 1.0) * weights).sum() }),
  RuleCase(
    name: "sqrt", bShape: (1, 1), tracked: { (sqrt($0[0] * $0[0] + 1.0) * weights).sum() },
    plain: { (sqrt($0[0] * $0[0] + 1.0) * weights).sum() }),
  RuleCase(
    name: "sin, cos", bShape: (1, 1), tracked: { (sin($0[0]) * cos($0[0]) * weights).sum() },
    plain: { (sin($0[0]) * cos($0[0]) * weights).sum() }),
  RuleCase(
    name: "tanh", bShape: (1, 1), tracked: { (tanh($0[0]) * weights).sum() },
    plain: { (tanh($0[0]) * weights).sum() }),
  RuleCase(
    name: "sigmoid", bShape: (1, 1), tracked: { (sigmoid($0[0]) * weights).sum() },
    plain: { (sigmoid($0[0]) * weights).sum() }),
  RuleCase(
    name: "softplus", bShape: (1, 1), tracked: { (softplus($0[0]) * weights).sum() },
    plain: { (softplus($0[0]) * weights).sum() }),
  RuleCase(
    name: "relu, abs", bShape: (1, 1), tracked: { ((relu($0[0]) + abs($0[0])) * weights).sum() },
    plain: { ((relu($0[0]) + abs($0[0])) * weights).sum() }),
  RuleCase(
    name: "pow n, reciprocal", bShape: (1, 1),
    tracked: { ((pow($0[0], n: 3) + 1.0 / ($0[0] * $0[0] + 2.0)) * weights).sum() },
    plain: { ((pow($0[0], n: 3) + 1.0 / ($0[0] * $0[0] + 2.0)) * weights).sum() }),
  RuleCase(
    name: "scale, shift, negate", bShape: (1, 1),
    tracked: { ((-($0[0] * 3.0) + 2.0 - $0[0] / 4.0) * weights).sum() },
    plain: { ((-($0[0] * 3.0) + 2.0 - $0[0] / 4.0) * weights).sum() }),
  RuleCase(
    name: "sum, mean along axes", bShape: (1, 1),
    tracked: {
      ($0[0] * weights).sum(alongAxis: 0).matmul(Matrix(column: [1.0, 2, 3, 4])).sum()
        + ($0[0] * $0[0]).mean(alongAxis: 1).matmul(Matrix(row: [1.0])).sum()
    },
    plain: {
      ($0[0] * weights).sum(alongAxis: 0).matmul(Matrix(column: [1.0, 2, 3, 4])).sum()
        + ($0[0] * $0[0]).mean(alongAxis: 1).sum()
    }),
  RuleCase(
    name: "max along axes", bShape: (1, 1),
    tracked: {
      ($0[0] * weights).max(alongAxis: 1).sum() + ($0[0] * weights).max(alongAxis: 0).sum()
        + $0[0].max()
    },
    plain: {
      ($0[0] * weights).max(alongAxis: 1).sum() + ($0[0] * weights).max(alongAxis: 0).sum()
        + $0[0].max()
    }),
  RuleCase(
    name: "logSumExp", bShape: (1, 1),
    tracked: {
      ($0[0].logSumExp(alongAxis: 1) * Matrix(column: [1.0, -2, 3])).sum()
        + $0[0].logSumExp(alongAxis: 0).sum() + $0[0].logSumExp()
    },
    plain: {
      ($0[0].logSumExp(alongAxis: 1) * Matrix(column: [1.0, -2, 3])).sum()
        + $0[0].logSumExp(alongAxis: 0).sum() + $0[0].logSumExp()
    }),
  RuleCase(
    name: "softmax", bShape: (1, 1),
    tracked: { ($0[0].softmax() * weights).sum() + ($0[0].softmax(alongAxis: 0) * weights).sum() },
    plain: { ($0[0].softmax() * weights).sum() + ($0[0].softmax(alongAxis: 0) * weights).sum() }),
  RuleCase(
    name: "reshape", bShape: (1, 1),
    tracked: { ($0[0].reshaped(rows: 4, columns: 3) * weights.transposed).sum() },
    plain: { (Matrix(rows: 4, columns: 3, elements: $0[0].elements) * weights.transposed).sum() }),
  RuleCase(
    name: "meanSquaredError", bShape: (3, 4), tracked: { Loss.meanSquaredError($0[0], $0[1]) },
    plain: { Loss.meanSquaredError($0[0], $0[1]) }),
  RuleCase(
    name: "softmaxCrossEntropy", bShape: (1, 1),
    tracked: { Loss.softmaxCrossEntropy(logits: $0[0], labels: [2, 0, 3]) },
    plain: { Loss.softmaxCrossEntropy(logits: $0[0], labels: [2, 0, 3]) }),
  RuleCase(
    name: "binaryCrossEntropy (logits)", bShape: (3, 4),
    tracked: { Loss.binaryCrossEntropy(logits: $0[0], targets: sigmoid($0[1])) },
    plain: { Loss.binaryCrossEntropy(logits: $0[0], targets: sigmoid($0[1])) }),
  RuleCase(
    name: "binaryCrossEntropy (probabilities)", bShape: (1, 1),
    tracked: {
      Loss.binaryCrossEntropy(
        probabilities: sigmoid($0[0]), targets: Matrix(rows: 3, columns: 4, repeating: 0.25))
    },
    plain: {
      Loss.binaryCrossEntropy(
        probabilities: sigmoid($0[0]), targets: Matrix(rows: 3, columns: 4, repeating: 0.25))
    }),
]

@Test(arguments: ruleCases.indices)
func eachAdjointRuleMatchesFiniteDifferences(_ index: Int) {
  let rule = ruleCases[index]
  var g = SplitMix64(seed: UInt64(index) + 100)
  let a = Matrix<Double>.uniform(rows: 3, columns: 4, in: -1...1, using: &g)
  let b = Matrix<Double>.uniform(
    rows: rule.bShape.0, columns: rule.bShape.1, in: 0.5...1.5, using: &g)
  let (value, gradient) = Reverse.valueWithGradient(at: [a, b], of: rule.tracked)
  #expect(
    Swift.abs(value - rule.plain([a, b])) <= 1e-13 * Swift.max(1, Swift.abs(value)), "\(rule.name)")
  let flat = a.elements + b.elements
  let reference = FiniteDifference.gradient(at: flat, method: .richardson) { x in
    rule.plain([
      Matrix(rows: 3, columns: 4, elements: Array(x[0..<12])),
      Matrix(rows: rule.bShape.0, columns: rule.bShape.1, elements: Array(x[12...])),
    ])
  }
  let report = GradientCheck.compare(gradient.flatMap(\.elements), reference, tolerance: .standard)
  #expect(report.passed, "\(rule.name): \(report)")
}

@Test func concurrentGradientsUseTheirOwnTapes() {
  let x = compositeX
  let w = weights
  let reference = Reverse.gradient(at: [w]) { p in tanh(x.matmul(p[0])).sum() }[0]
  let results = Mutex<[Matrix<Double>]>([])
  DispatchQueue.concurrentPerform(iterations: 64) { i in
    let scaled = w * Double(1 + i % 2)
    let g = Reverse.gradient(at: [scaled]) { p in tanh(x.matmul(p[0])).sum() }[0]
    if i % 2 == 0 { results.withLock { $0.append(g) } }
  }
  for g in results.withLock({ $0 }) { #expect(g == reference) }
}
