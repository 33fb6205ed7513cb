import Dispatch
import DualTape
import Foundation
import Testing

struct Coupled: VectorToScalar {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> T {
    var s: T = 0
    for i in x.indices { s += sin(x[i]) * x[(i + 1) % x.count] + exp(x[i] * 0.1) }
    return s
  }
}

/// The analytic gradient of `Coupled`.
func coupledGradient(_ x: [Double]) -> [Double] {
  let n = x.count
  return (0..<n).map { i in
    let prev = (i + n - 1) % n
    return Foundation.cos(x[i]) * x[(i + 1) % n] + Foundation.sin(x[prev]) + 0.1
      * Foundation.exp(x[i] * 0.1)
  }
}

@Test func concurrentGradientsAreEachCorrect() {
  // Many threads differentiate at once, each at its own point; every result must match the
  // analytic gradient (no shared tape between threads).
  let tasks = 64
  let results = UnsafeMutableBufferPointer<Bool>.allocate(capacity: tasks)
  defer { results.deallocate() }
  nonisolated(unsafe) let out = results
  DispatchQueue.concurrentPerform(iterations: tasks) { t in
    let x = (0..<(50 + t)).map { Double(($0 * 7 + t) % 13) / 5 - 1 }
    let g = Reverse.gradient(at: x, of: Coupled())
    let expected = coupledGradient(x)
    out[t] = GradientCheck.compare(g, expected, tolerance: .engines).passed
  }
  #expect(results.allSatisfy { $0 })
}

@Test func tapeGrowsPastItsInitialCapacity() {
  // 200,000 inputs record about 10⁶ nodes: the tape must grow and stay correct.
  let x = (0..<200_000).map { Double($0 % 17) / 9 - 0.8 }
  let g = Reverse.gradient(at: x, of: Coupled())
  #expect(GradientCheck.compare(g, coupledGradient(x), tolerance: .engines).passed)
}
