import DualTape
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

// The edge cases reported in issue 8, each with the answer the written policy gives
// (README "Edge semantics"), in every engine that the current tape already supports.

private func same(_ a: Double, _ b: Double) -> Bool { a.isNaN ? b.isNaN : a == b }

private struct Hypot2: VectorToScalar {
  func callAsFunction<T: Differentiable>(_ v: [T]) -> T { hypot(v[0], v[1]) }
}
private struct MaxMin: VectorToScalar {
  func callAsFunction<T: Differentiable>(_ v: [T]) -> T { max(v[0], v[1]) }
}
private struct ReciprocalOfReciprocal: VectorToScalar {
  func callAsFunction<T: Differentiable>(_ v: [T]) -> T { v[0] + 1 / (2 * (1 / v[1])) }
}

@Suite("Issue 8's edge cases")
struct ListedEdgeCaseTests {
  @Test func maxOfSqrtAtZeroHasDerivativeOne() {
    #expect(Forward.derivative(at: 0.0) { max(sqrt($0), $0 + 1) } == 1)
    #expect(Reverse.jacobian(at: [0.0]) { v in [max(sqrt(v[0]), v[0] + 1)] }[0, 0] == 1)
    #expect(Reverse.derivative(at: 0.0) { max(sqrt($0), $0 + 1) } == 1)
  }

  @Test func aZeroTangentTakesNoPartOfAnInfiniteValue() {
    let g = Forward.gradient(at: [1.0, 0], of: ReciprocalOfReciprocal())
    #expect(g[0] == 1)
    #expect(Reverse.jacobian(at: [1.0, 0]) { v in [ReciprocalOfReciprocal()(v)] }[0, 0] == 1)
    #expect(Reverse.gradient(at: [1.0, 0], of: ReciprocalOfReciprocal())[0] == 1)
  }

  @Test func polesThroughCompositionsAgree() {
    // tan(√x) at 0: (1 + tan² 0)·(+∞) = +∞ in both engines (forward gave NaN).
    #expect(Forward.derivative(at: 0.0) { tan(sqrt($0)) } == .infinity)
    #expect(Reverse.derivative(at: 0.0) { tan(sqrt($0)) } == .infinity)
    // cosh(acos x) at −1: sinh(π)·(−∞) = −∞ in both (forward gave NaN).
    #expect(Forward.derivative(at: -1.0) { cosh(acos($0)) } == -.infinity)
    #expect(Reverse.derivative(at: -1.0) { cosh(acos($0)) } == -.infinity)
    // pow(x, n: −2) at 0: value +∞, derivative −2·0⁻³ = −∞ (both engines gave 0).
    for n in [-2, -3] {
      let f = Forward.valueWithDerivative(at: 0.0) { pow($0, n: n) }
      let r = Reverse.valueWithDerivative(at: 0.0) { pow($0, n: n) }
      #expect(f.value == .infinity && f.derivative == -.infinity, "n = \(n)")
      #expect(r.value == .infinity && r.derivative == -.infinity, "n = \(n)")
    }
  }

  @Test func valuesAreTheCLibrarys() {
    // cosh(709.9) is finite in Double; the engines overflowed through (eˣ + e⁻ˣ)/2.
    let c = Glibc.cosh(709.9)
    #expect(c.isFinite)
    for r in [
      Forward.valueWithDerivative(at: 709.9) { cosh($0) },
      Reverse.valueWithDerivative(at: 709.9) { cosh($0) },
    ] {
      #expect(r.value == c && r.derivative == Glibc.sinh(709.9))
    }
    // hypot(±∞, NaN) = +∞, as C.
    for x in [[Double.infinity, .nan], [-.infinity, .nan], [.nan, .infinity]] {
      #expect(Hypot2()(x) == .infinity)
      #expect(Forward.valueWithGradient(at: x, of: Hypot2()).value == .infinity)
      #expect(Reverse.valueWithGradient(at: x, of: Hypot2()).value == .infinity)
    }
    // max/min at an infinite tie: the infinity, not NaN.
    for x in [[Double.infinity, .infinity], [-.infinity, -.infinity]] {
      #expect(MaxMin()(x) == x[0])
      #expect(Forward.valueWithGradient(at: x, of: MaxMin()).value == x[0])
      #expect(Reverse.valueWithGradient(at: x, of: MaxMin()).value == x[0])
      #expect(DualTape.min(x[0], x[1]) == x[0] && DualTape.max(x[0], x[1]) == x[0])
    }
    // The generic max and min give Swift.max's result for plain Double at infinite ties and
    // the documented ½/½ split only under the engines.
    #expect(DualTape.max(Double.infinity, .infinity) == Swift.max(Double.infinity, .infinity))
  }

  @Test func finiteTiesSplitTheDerivative() {
    let g = Forward.gradient(at: [2.0, 2.0], of: MaxMin())
    let r = Reverse.gradient(at: [2.0, 2.0], of: MaxMin())
    #expect(g == [0.5, 0.5] && r == [0.5, 0.5])
  }
}
