import DualTape
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

// `Rules.Sigmoid` computes its value with one select on the sign instead of a branch; these
// check it against the two written forms, 1/(1 + e⁻ˣ) for x ≥ 0 and eˣ/(1 + eˣ) below, bit for
// bit, in every engine.

private func same<S: BinaryFloatingPoint>(_ a: S, _ b: S) -> Bool {
  a.isNaN ? b.isNaN : a == b && a.sign == b.sign
}

/// The points: signed zeros, tiny, moderate, overflowing and non-finite values, and a
/// reproducible spread over [−40, 40].
private func points() -> [Double] {
  var state: UInt64 = 17
  let spread = (0..<400).map { _ -> Double in
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    return Double(state >> 11) / Double(1 << 53) * 80 - 40
  }
  let edges: [Double] = [
    0, -0.0, 1e-300, -1e-300, .leastNonzeroMagnitude, 0.5, -0.5, 36.7, -36.7, 709, -709, 746,
    -746, 800, -800, .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .infinity, -.infinity,
    .nan,
  ]
  return edges + spread
}

@Test func sigmoidIsTheTwoSidedFormBitForBit() {
  for x in points() {
    let expected = x >= 0 ? 1 / (1 + exp(-x)) : exp(x) / (1 + exp(x))
    let slope = expected * (1 - expected)
    #expect(same(sigmoid(x), expected), "x = \(x)")
    let forward = Forward.valueWithDerivative(at: x) { sigmoid($0) }
    let reverse = Reverse.valueWithDerivative(at: x) { sigmoid($0) }
    #expect(same(forward.value, expected) && same(forward.derivative, slope), "x = \(x)")
    #expect(same(reverse.value, expected) && same(reverse.derivative, slope), "x = \(x)")
  }
}

@Test func floatSigmoidIsTheTwoSidedFormBitForBit() {
  // Float's elementary functions are the C library's Double ones, rounded once.
  let e = { (x: Float) in Float(exp(Double(x))) }
  for x in points().map(Float.init) {
    let expected = x >= 0 ? 1 / (1 + e(-x)) : e(x) / (1 + e(x))
    #expect(same(sigmoid(x), expected), "x = \(x)")
    #expect(same(Forward.valueWithDerivative(at: x) { sigmoid($0) }.value, expected), "x = \(x)")
  }
}
