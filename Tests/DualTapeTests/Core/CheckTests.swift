import DualTape
import Foundation
import Testing

@Test func centralDifferencesReachTheirExpectedAccuracy() {
  // d/dx eˣ at 1 is e. Central error ≈ ε^(2/3) ≈ 4e-11, Richardson ≈ 1e-13 or better.
  let central = FiniteDifference.derivative(at: 1.0) { Foundation.exp($0) }
  let richardson = FiniteDifference.derivative(at: 1.0, method: .richardson) { Foundation.exp($0) }
  #expect(Swift.abs(central - M_E) < 1e-9)
  #expect(Swift.abs(richardson - M_E) < 1e-12)
  #expect(Swift.abs(richardson - M_E) < Swift.abs(central - M_E))
}

@Test func stepScalesWithTheArgument() {
  #expect(FiniteDifference.step(at: 1e6) > 1e6 * 1e-6)
  #expect(FiniteDifference.step(at: 1e-6) == FiniteDifference.step(at: 0))
}

@Test func checkerNamesTheWorstEntry() {
  let computed = Matrix([[1.0, 2.0], [3.0, 4.5]])
  let reference = Matrix([[1.0, 2.0], [3.0, 4.0]])
  let report = GradientCheck.compare(computed, reference)
  #expect(!report.passed)
  #expect(report.worstOutput == 1 && report.worstInput == 1)
  #expect(report.computed == 4.5 && report.reference == 4.0)
  #expect(report.maxAbsoluteError == 0.5)
  #expect(report.description.hasPrefix("FAIL"))
  #expect(GradientCheck.compare(reference, reference).passed)
}

@Test func checkerTreatsNaNAndInfinityAsResults() {
  #expect(GradientCheck.compare([Double.nan], [Double.nan]).passed)
  #expect(!GradientCheck.compare([Double.nan], [1.0]).passed)
  #expect(GradientCheck.compare([Double.infinity], [Double.infinity]).passed)
  #expect(!GradientCheck.compare([Double.infinity], [-Double.infinity]).passed)
}

struct Spiral: VectorToVector {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] {
    [x[0] * cos(x[1]), x[0] * sin(x[1]), x[0] * x[1] * x[2], tanh(x[2] - x[0])]
  }
}

@Test func jacobiansAgreeWithFiniteDifferencesAndTheDotProductTest() {
  let x = [1.3, 0.4, -0.7]
  let forward = Forward.jacobian(at: x, of: Spiral())
  let reverse = Reverse.jacobian(at: x, of: Spiral())
  #expect(GradientCheck.compare(forward, reverse, tolerance: .engines).passed)
  let report = GradientCheck.jacobian(reverse, at: x, of: Spiral())
  #expect(report.passed, "\(report)")
  let richardson = GradientCheck.jacobian(
    reverse, at: x, of: Spiral(), method: .richardson,
    tolerance: Tolerance(absolute: 1e-10, relative: 1e-10))
  #expect(richardson.passed, "\(richardson)")
  #expect(GradientCheck.dotProductTest(at: x, of: Spiral(), seed: 3).passed)
  for k in 1...4 {
    let chunked = Forward.jacobian(at: x, chunkSize: k, of: Spiral())
    #expect(GradientCheck.compare(chunked, reverse, tolerance: .engines).passed)
  }
}

@Test func wengertListShowsTheTextbookTable() {
  let list = Reverse.wengertList(at: [2.0, 3.0]) { v in 2 * v[1] * v[0] * v[0] + v[0] * v[1] + 3 }
  #expect(list.value == 33)
  #expect(list.gradient == [27, 10])
  #expect(list.rows.count == 8)
  #expect(list.rows[0].definition == "x0" && list.rows[0].adjoint == 27)
  #expect(list.rows[2].definition == "2.0 * v2")
  #expect(list.rows.last?.definition == "v7 + 3.0")
  let text = list.description
  #expect(text.hasPrefix("Wengert list: 8 nodes, 24 bytes per node"))
  #expect(text.contains("v6    v1 * v2"))
}

@Test func longWengertListsAreSummarised() {
  let list = Reverse.wengertList(at: (0..<100).map(Double.init), of: Coupled())
  #expect(list.rows.count > WengertList<Double>.fullListLimit)
  #expect(list.description.contains("nodes not shown"))
  #expect(list.description.split(separator: "\n").count < 40)
}
