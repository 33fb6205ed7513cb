import DualTape
import DualTapeSuite
import Testing

// `Forward.elementJacobians` gives each element's Jacobian as `Forward.jacobian` does (bit for
// bit, the guarded rerun included), and the blocks assemble into the whole function's
// Jacobian as the reverse engine computes it.

/// Element e of a chain: reads x[e], …, x[e + n − 1] and a parameter c (its own per element);
/// three outputs, one of them with a 0 · ∞ edge where an input is 0.
private struct ChainElement: VectorToVector {
  let c: Double

  func callAsFunction<T: Differentiable>(_ v: [T]) -> [T] {
    var sum = T(0)
    var product = T(1)
    for (k, x) in v.enumerated() {
      sum = sum + T(Double(k + 1)) * sin(x * T(c))
      product = product * (1 + x * x)
    }
    // At v[1] == 0: 1 / v[1] is ∞ and its tangent term meets a zero factor (the edge policy's
    // example): plain multiplication makes v[0]'s tangent NaN, the guard keeps it.
    return [sum, product / T(Double(v.count)), v[0] + 1 / (2 * (1 / v[1]))]
  }
}

/// The whole chain: element e's outputs are rows 3e…3e + 2 of one function of all x.
private struct Chain: VectorToVector {
  let n: Int
  let parameters: [Double]

  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] {
    parameters.indices.flatMap { e in ChainElement(c: parameters[e])(Array(x[e..<(e + n)])) }
  }
}

/// Every element's Jacobian by `elementJacobians`, each compared with `Forward.jacobian` of the
/// same element (identical bits), and returned as one flat array.
private func blocks(_ x: [Double], _ parameters: [Double], n: Int, chunkSize: Int?) -> [Double] {
  var out: [Double] = []
  var visited: [Int] = []
  Forward.elementJacobians(count: parameters.count, inputCount: n, chunkSize: chunkSize) {
    e, inputs in
    for k in 0..<n { inputs[k] = x[e + k] }
    return ChainElement(c: parameters[e])
  } body: { e, block in
    visited.append(e)
    let expected = Forward.jacobian(
      at: Array(x[e..<(e + n)]), chunkSize: chunkSize, of: ChainElement(c: parameters[e]))
    #expect(block.count == expected.elements.count)
    for (a, b) in zip(block, expected.elements) {
      #expect(a.bitPattern == b.bitPattern, "element \(e): \(a) vs Forward.jacobian's \(b)")
    }
    out += block
  }
  #expect(visited == Array(parameters.indices))
  return out
}

/// `count` copies of v[0] · v[1]: elements of different output counts.
private struct Copies: VectorToVector {
  let count: Int

  func callAsFunction<T: Differentiable>(_ v: [T]) -> [T] {
    [T](repeating: v[0] * v[1], count: count)
  }
}

/// Two outputs, one with the edge of `ChainElement` (NaN unguarded at v[1] == 0), and only the
/// first of them when run with the guarded numbers: the guarded rerun's output count differs.
private struct FewerWhenGuarded: VectorToVector {
  func callAsFunction<T: Differentiable>(_ v: [T]) -> [T] {
    let outputs = [v[0] * v[1], v[0] + 1 / (2 * (1 / v[1]))]
    return String(describing: T.self).contains("EdgeGuard>") ? [outputs[0]] : outputs
  }
}

@Suite("Element Jacobians")
struct ElementJacobianTests {
  /// One pass (n ≤ 16), several passes (n = 20 in passes of 16, and of 3), and an element with
  /// an edge (x[e + 1] == 0, which needs the guarded rerun): each block is `Forward.jacobian`'s.
  @Test(arguments: [(5, nil), (20, nil), (20, 3), (7, 1)] as [(Int, Int?)])
  func eachBlockIsForwardJacobians(n: Int, chunkSize: Int?) {
    let elements = 6
    var g = SplitMix64(seed: 17)
    var x = (0..<(elements + n - 1)).map { _ in Double.random(in: -1..<1, using: &g) }
    x[3] = 0  // elements 2 (its v[1]) and 3 (its v[0]) meet the edge
    let parameters = (0..<elements).map { _ in Double.random(in: 0.5..<1.5, using: &g) }
    let all = blocks(x, parameters, n: n, chunkSize: chunkSize)
    #expect(all.count == elements * 3 * n)
    #expect(!all.contains { $0.isNaN }, "the guarded rerun must remove the plain run's NaN")
    // Element 2's third output at v[1] = 0: ∂/∂v[0] = 1 (the guard's value, NaN unguarded).
    #expect(all[(2 * 3 + 2) * n] == 1)
  }

  /// The blocks, placed at their rows and columns, are the whole chain's Jacobian as the reverse
  /// engine gives it.
  @Test func blocksAssembleIntoTheReverseJacobian() {
    let (elements, n) = (5, 4)
    var g = SplitMix64(seed: 29)
    let x = (0..<(elements + n - 1)).map { _ in Double.random(in: -1..<1, using: &g) }
    let parameters = (0..<elements).map { _ in Double.random(in: 0.5..<1.5, using: &g) }
    let all = blocks(x, parameters, n: n, chunkSize: nil)
    let dense = Reverse.jacobian(at: x, of: Chain(n: n, parameters: parameters))
    #expect(dense.rows == 3 * elements && dense.columns == x.count)
    for e in 0..<elements {
      for i in 0..<3 {
        for j in 0..<x.count {
          let block = j >= e && j < e + n ? all[(e * 3 + i) * n + j - e] : 0
          #expect(
            abs(block - dense[3 * e + i, j]) <= 1e-13 * max(1, abs(block)),
            "row \(3 * e + i), column \(j): \(block) vs reverse \(dense[3 * e + i, j])")
        }
      }
    }
  }

  /// No element: the body is never called.
  @Test func noElementCallsNothing() {
    var calls = 0
    Forward.elementJacobians(count: 0, inputCount: 3) { (_, _: inout [Double]) in
      calls += 1
      return ChainElement(c: 1)
    } body: { _, _ in
      calls += 1
    }
    #expect(calls == 0)
  }

  @Test func misuseIsRejected() async {
    expectMessage(
      await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
        Forward.elementJacobians(count: 2, inputCount: 0) { (_, _: inout [Double]) in
          ChainElement(c: 1)
        } body: {
          _, _ in
        }
      }, containing: "each element needs at least one input")
    expectMessage(
      await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
        Forward.elementJacobians(count: 2, inputCount: 3) { (_, inputs: inout [Double]) in
          inputs.append(1)
          return ChainElement(c: 1)
        } body: { _, _ in
        }
      }, containing: "without appending or removing any")
    expectMessage(
      await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
        Forward.elementJacobians(count: 2, inputCount: 3, chunkSize: 17) { (_, _: inout [Double]) in
          ChainElement(c: 1)
        } body: { _, _ in
        }
      }, containing: "chunkSize 17 is out of range")
    expectMessage(
      await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
        Forward.elementJacobians(count: -1, inputCount: 3) { (_, _: inout [Double]) in
          ChainElement(c: 1)
        } body: { _, _ in
        }
      }, containing: "count is -1; pass 0 or more elements")
    // Element 2 gives two outputs, elements 0 and 1 one.
    expectMessage(
      await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
        Forward.elementJacobians(count: 3, inputCount: 2) { (e, inputs: inout [Double]) in
          (inputs[0], inputs[1]) = (1, 2)
          return Copies(count: e == 2 ? 2 : 1)
        } body: { _, _ in
        }
      },
      containing: "element 2's function returned 2 outputs, element 0's returned 1. One call's"
        + " elements must all give the same number of outputs")
    // The plain run's NaN lane (v[1] == 0) calls for the guarded rerun, which gives one output
    // of two: it is rejected before its outputs are read.
    expectMessage(
      await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
        Forward.elementJacobians(count: 1, inputCount: 2) { (_, inputs: inout [Double]) in
          (inputs[0], inputs[1]) = (1, 0)
          return FewerWhenGuarded()
        } body: { _, _ in
        }
      },
      containing: "element 0: the function returned 1 outputs in one evaluation and 2 in"
        + " another")
  }
}
