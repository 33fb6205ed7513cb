import DualTapeSuite
import Testing

@testable import DualTape

// The chunked forward-over-reverse Hessian against one column per pass (the previous method,
// kept as hessianVectorProduct) and against forward-over-forward.

/// The Hessian one column per forward-over-reverse pass: H·eⱼ for j = 0 … n − 1.
func hessianByColumns(at x: [Double], of f: some VectorToScalar) -> [Double] {
  let n = x.count
  var h = [Double](repeating: 0, count: n * n)
  for j in 0..<n {
    var e = [Double](repeating: 0, count: n)
    e[j] = 1
    let column = Reverse.hessianVectorProduct(at: x, direction: e, of: f)
    for i in 0..<n { h[i * n + j] = column[i] }
  }
  return h
}

@Test(arguments: [1, 2, 3, 5, 8, 9, 17, 30])
func chunkedHessianMatchesOneColumnPerPass(_ n: Int) {
  for f in Suite.vectorFunctions {
    guard let scalable = f as? any ScalableFunction, n >= scalable.minimumCount else { continue }
    let x = scalable.input(count: n)
    let chunked = Reverse.hessian(at: x, of: f)
    let columns = hessianByColumns(at: x, of: f)
    #expect(chunked.rows == n && chunked.columns == n)
    let check = GradientCheck.compare(chunked.elements, columns, tolerance: .engines)
    #expect(check.passed, "\(f.name) n = \(n): \(check)")
    let worst = zip(chunked.elements, columns).map { Swift.abs($0 - $1) }.max() ?? 0
    let scale = columns.map { Swift.abs($0) }.max() ?? 0
    #expect(worst <= 1e-12 * Swift.max(1, scale), "\(f.name) n = \(n)")
  }
}

@Test func chunkedHessianMatchesForwardOverForward() {
  let x = (0..<11).map { Double($0) / 7 - 0.6 }
  let over = Reverse.hessian(at: x, of: Rosenbrock())
  let nested = Forward.hessian(at: x, of: Rosenbrock())
  #expect(GradientCheck.compare(over.elements, nested.elements, tolerance: .engines).passed)
}

@Test func chunkedHessianRecordsOncePerChunk() {
  // 20 inputs in chunks of 4 (the default chunk): 5 recordings on the calling thread's
  // DualVector<SIMD4> tape.
  #expect(Forward.defaultChunkSize(forInputCount: 20) == 4)
  typealias D = DualVector<SIMD4<Double>>
  let tape = TapePool.acquire(D.self)
  let before = tape.pointee.generation
  TapePool.release(tape)
  _ = Reverse.hessian(at: [Double](repeating: 0.5, count: 20), of: Rosenbrock())
  let after = TapePool.acquire(D.self)
  #expect(after == tape)
  #expect(after.pointee.generation == before + 5 * 4)  // begin and end: 2 steps of 2 each
  TapePool.release(after)
}
