import DualTape
import DualTapeSuite
import Testing

// The advisor's pick on cases with a clear answer, the Auto drivers' agreement with the
// explicitly chosen drivers, and the decision table.

/// ℝ¹ → ℝᵐ: one forward pass against m reverse sweeps.
private struct Fan: VectorToVector, Hashable {
  let outputCount: Int
  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] {
    (0..<outputCount).map { i in sin(T(Double(i) + 1) * x[0]) * x[0] }
  }
}

/// ℝⁿ → ℝ: a dense scalar function (every input meets every other through the sum).
private struct DenseSum: VectorToScalar, Hashable {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> T {
    var s: T = 0
    for v in x { s += sin(v) * v }
    return s * s
  }
}

/// ℝⁿ → ℝⁿ with three nonzeros per row: y_i = sin(x_{i−1}·x_i) + x_{i+1}².
private struct Banded: VectorToVector, Hashable {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] {
    let n = x.count
    return (0..<n).map { i in
      let left = i > 0 ? x[i - 1] : T(1)
      let right = i + 1 < n ? x[i + 1] : T(0)
      return sin(left * x[i]) + right * right
    }
  }
}

/// The extended Rosenbrock function: a tridiagonal Hessian.
private struct ChainedRosenbrock: VectorToScalar, Hashable {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> T {
    var s: T = 0
    for i in 0..<(x.count - 1) {
      let a = 1 - x[i]
      let b = x[i + 1] - x[i] * x[i]
      s += a * a + 100 * b * b
    }
    return s
  }
}

private func point(_ n: Int) -> [Double] { (0..<n).map { 0.3 + 0.01 * Double($0 % 17) } }

private func maxDifference(_ a: Matrix<Double>, _ b: Matrix<Double>) -> Double {
  #expect(a.rows == b.rows && a.columns == b.columns)
  return zip(a.elements, b.elements).map { abs($0 - $1) }.max() ?? 0
}

@Test func oneInputManyOutputsPicksForward() {
  let advice = ModeAdvisor.jacobian(at: [0.7], of: Fan(outputCount: 300))
  guard case .forward = advice.recommended else {
    Issue.record("expected forward mode, got \(advice.recommended)\n\(advice)")
    return
  }
  #expect(advice.inputCount == 1 && advice.outputCount == 300)
  #expect(advice.estimate(for: .reverse) != nil)
}

@Test func manyInputsOneOutputPicksReverse() {
  let advice = ModeAdvisor.gradient(at: point(400), of: DenseSum())
  #expect(advice.recommended == .reverse, "\(advice)")
  #expect(advice.tapeNodes ?? 0 > 400)
}

@Test func bandedMapPicksSparse() {
  let advice = ModeAdvisor.jacobian(at: point(300), of: Banded())
  #expect(advice.recommended.isSparse, "\(advice)")
  #expect(advice.colorCounts?.columns == 3)
  #expect(advice.nonzeroCount == 3 * 300 - 2)
}

@Test func tridiagonalHessianPicksSparse() {
  let advice = ModeAdvisor.hessian(at: point(120), of: ChainedRosenbrock())
  #expect(advice.recommended == .sparseForwardOverReverse, "\(advice)")
  #expect(advice.colorCounts?.columns == 3)
}

@Test func reportListsEveryStrategy() {
  let advice = ModeAdvisor.jacobian(at: point(20), of: Banded())
  let text = advice.description
  for name in [
    "forward k=1", "forward k=4", "forward k=16", "reverse", "sparse forward", "recommended",
  ] {
    #expect(text.contains(name), "missing \(name) in\n\(text)")
  }
  #expect(advice.estimates.map(\.cost) == advice.estimates.map(\.cost).sorted())
  #expect(advice.adviceSeconds < 5)
  let svg = advice.svg
  #expect(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>\n"))
  #expect(svg.contains("forward k=4") && svg.contains("recommended"))
}

@Test func predictionOnlyNeedsNoWholeCalls() {
  let advice = ModeAdvisor.jacobian(
    at: point(30), options: ModeAdvisor.Options(measure: false), of: Banded())
  #expect(advice.estimates.allSatisfy { $0.measured == nil })
  #expect(advice.estimates.allSatisfy { $0.predicted > 0 })
}

/// The Auto tests share the process-wide decision table, so they run one at a time.
@Suite(.serialized) struct AutoTests {
  @Test func autoAgreesWithTheChosenDriver() {
    Auto.forgetDecisions()
    let cases: [(any VectorToVector & SendableMetatype, Int)] = [
      (Fan(outputCount: 40), 1), (Banded(), 60), (Banded(), 5),
    ]
    for (f, n) in cases {
      let x = point(n)
      let auto = Auto.jacobian(at: x, of: f)
      let reference = Reverse.jacobian(at: x, of: f)
      #expect(maxDifference(auto, reference) <= 1e-12, "\(f), n = \(n)")
      let chosen: Matrix<Double> =
        switch Auto.advice(forJacobianAt: x, of: f).recommended {
        case .forward(let k): Forward.jacobian(at: x, chunkSize: k, of: f)
        case .parallelForward(let k, let t):
          Forward.parallelJacobian(at: x, chunkSize: k, threads: t, of: f)
        case .sparseForward: Forward.sparseJacobian(at: x, of: f).dense()
        case .sparseReverse: Reverse.sparseJacobian(at: x, of: f).dense()
        default: reference
        }
      #expect(maxDifference(auto, chosen) <= 1e-12, "\(f), n = \(n)")
    }
    let z = point(80)
    let sparse = Auto.sparseJacobian(at: z, of: Banded())
    #expect(maxDifference(sparse.dense(), Reverse.jacobian(at: z, of: Banded())) <= 1e-12)
    #expect(sparse.pattern.nonzeroCount == 3 * 80 - 2)
    let x = point(50)
    let gradient = Auto.gradient(at: x, of: DenseSum())
    let reverse = Reverse.gradient(at: x, of: DenseSum())
    #expect(zip(gradient, reverse).allSatisfy { abs($0 - $1) <= 1e-12 })
    let y = point(40)
    #expect(
      maxDifference(
        Auto.hessian(at: y, of: ChainedRosenbrock()),
        Reverse.hessian(at: y, of: ChainedRosenbrock()))
        <= 1e-12)
  }

  @Test func autoRemembersItsDecision() {
    Auto.forgetDecisions()
    let x = point(64)
    let first = Auto.jacobian(at: x, of: Banded())
    let before = Auto.lookups
    #expect(Auto.decisionCount == 1)
    let second = Auto.jacobian(at: x.map { $0 + 0.1 }, of: Banded())
    let after = Auto.lookups
    #expect(after.hits == before.hits + 1 && after.misses == before.misses)
    #expect(Auto.decisionCount == 1)
    #expect(first.rows == 64 && second.rows == 64)
    // Another size or derivative is another decision.
    _ = Auto.jacobian(at: point(8), of: Banded())
    #expect(Auto.decisionCount == 2)
    Auto.forgetDecisions()
    #expect(Auto.decisionCount == 0)
  }

  @Test func autoIsSafeAcrossThreads() async {
    Auto.forgetDecisions()
    let x = point(32)
    let reference = Reverse.jacobian(at: x, of: Banded())
    await withTaskGroup(of: Double.self) { group in
      for _ in 0..<4 {
        group.addTask { maxDifference(Auto.jacobian(at: x, of: Banded()), reference) }
      }
      for await d in group { #expect(d <= 1e-12) }
    }
  }
}
