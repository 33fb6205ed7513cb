import DualTape
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

// The primitives added through the rule table: known values, plain Double identical to the C
// library, derivatives against finite differences in both engines, second derivatives.

/// One new primitive, written generically.
private struct Special: ScalarToScalar {
  let name: String
  func callAsFunction<T: Differentiable>(_ x: T) -> T {
    switch name {
    case "erf": erf(x)
    case "erfc": erfc(x)
    case "lgamma": lgamma(x)
    case "digamma": digamma(x)
    case "trigamma": polygamma(1, x)
    case "log2": log2(x)
    case "log10": log10(x)
    case "exp2": exp2(x)
    case "cbrt": cbrt(x)
    case "asinh": asinh(x)
    case "acosh": acosh(x)
    case "atanh": atanh(x)
    case "pow2.5": pow(x, p: 2.5)
    case "floor": floor(x)
    case "ceil": ceil(x)
    case "round": round(x)
    case "sign": sign(x)
    default: clamp(x, -1, 1)
    }
  }
}

private let smooth = [
  "erf", "erfc", "lgamma", "digamma", "trigamma", "log2", "log10", "exp2", "cbrt", "asinh",
  "acosh", "atanh", "pow2.5",
]

/// Points inside each function's domain, away from its poles and kinks.
private func points(_ name: String) -> [Double] {
  switch name {
  case "acosh": [1.2, 2, 7.5]
  case "atanh": [-0.7, 0.1, 0.5]
  case "log2", "log10", "pow2.5": [0.3, 1.7, 40]
  case "lgamma", "digamma", "trigamma": [-2.5, -0.3, 0.4, 1, 3.7, 20, 150]
  default: [-2.2, -0.4, 0.3, 1.7, 4]
  }
}

@Suite("New primitives")
struct SpecialFunctionTests {
  @Test func knownValues() {
    let cases: [(String, Double, Double)] = [
      ("erf", 0.5, 0.520_499_877_813_046_5), ("erfc", 2, 0.004_677_734_981_047_266),
      ("lgamma", 0.5, 0.572_364_942_924_700_1), ("lgamma", 10, 12.801_827_480_081_469),
      ("digamma", 1, -0.577_215_664_901_532_9), ("digamma", 0.5, -1.963_510_026_021_423_5),
      ("digamma", 10, 2.251_752_589_066_721), ("digamma", -0.5, 0.036_489_973_978_576_52),
      ("digamma", 1e6, 13.815_510_057_964_191),  // mpmath
      ("trigamma", 1, 1.644_934_066_848_226_4), ("trigamma", 0.5, 4.934_802_200_544_679),
      ("log2", 8, 3), ("log10", 1000, 3), ("exp2", 10, 1024), ("cbrt", -27, -3),
      ("asinh", 1, 0.881_373_587_019_543), ("acosh", 2, 1.316_957_896_924_816_6),
      ("atanh", 0.5, 0.549_306_144_334_054_9), ("pow2.5", 4, 32),
      ("floor", -2.5, -3), ("ceil", -2.5, -2), ("round", 2.5, 3), ("round", -2.5, -3),
      ("sign", -0.0, 0), ("sign", -3, -1), ("clamp", 3, 1), ("clamp", -0.25, -0.25),
    ]
    for (name, x, expected) in cases {
      let v = Special(name: name)(x)
      #expect(abs(v - expected) <= 4e-15 * max(1, abs(expected)), "\(name)(\(x)) = \(v)")
    }
    #expect(abs(polygamma(2, 1.0) + 2.404_113_806_319_188_5) < 1e-14)  // −2ζ(3)
    #expect(digamma(0.0).isNaN && digamma(-3.0).isNaN && digamma(Double.infinity) == .infinity)
  }

  @Test func plainDoubleIsTheCLibrarysResult() {
    for x in [-3.5, -0.2, 0, 0.7, 2, 30] {
      #expect(DualTape.erf(x) == Glibc.erf(x) && DualTape.erfc(x) == Glibc.erfc(x))
      #expect(same(DualTape.lgamma(x), Glibc.lgamma(x)))
      #expect(same(DualTape.log2(x), Glibc.log2(x)) && same(DualTape.log10(x), Glibc.log10(x)))
      #expect(DualTape.exp2(x) == Glibc.exp2(x) && DualTape.cbrt(x) == Glibc.cbrt(x))
      #expect(DualTape.asinh(x) == Glibc.asinh(x) && same(DualTape.acosh(x), Glibc.acosh(x)))
      #expect(same(DualTape.atanh(x), Glibc.atanh(x)))
      #expect(DualTape.floor(x) == Glibc.floor(x) && DualTape.ceil(x) == Glibc.ceil(x))
      #expect(
        DualTape.round(x) == Glibc.round(x) && DualTape.round(x + 0.5) == Glibc.round(x + 0.5))
      #expect(same(DualTape.pow(x, p: 2.5), Glibc.pow(x, 2.5)))
      #expect(DualTape.cosh(x) == Glibc.cosh(x) && DualTape.sinh(x) == Glibc.sinh(x))
      let f = Float(x)
      #expect(DualTape.erf(f) == Float(Glibc.erf(Double(f))))
    }
  }

  @Test func derivativesMatchFiniteDifferencesInBothEngines() {
    for name in smooth {
      let f = Special(name: name)
      for x in points(name) {
        let fd = FiniteDifference.derivative(at: x, method: .richardson, of: f)
        let forward = Forward.derivative(at: x, of: f)
        let reverse = Reverse.derivative(at: x, of: f)
        #expect(abs(forward - fd) <= 1e-7 * max(1, abs(fd)), "\(name)'(\(x)): \(forward) vs \(fd)")
        #expect(abs(forward - reverse) <= 1e-14 * max(1, abs(fd)), "\(name)'(\(x))")
        // Second derivatives through nesting, against differences of the first derivative.
        let second = Forward.secondDerivative(at: x, of: f)
        let fd2 = FiniteDifference.derivative(at: x, method: .richardson) {
          Reverse.derivative(at: $0, of: f)
        }
        #expect(
          abs(second - fd2) <= 1e-6 * max(1, abs(fd2)), "\(name)''(\(x)): \(second) vs \(fd2)")
        let fl = Forward.derivative(at: Float(x), of: f)
        #expect(abs(Double(fl) - forward) <= 1e-4 * max(1, abs(forward)), "\(name) Float")
      }
    }
    // digamma is lgamma's derivative, trigamma digamma's.
    for x in [0.3, 2.5, 12] {
      #expect(Forward.derivative(at: x) { lgamma($0) } == digamma(x))
      #expect(Reverse.derivative(at: x) { digamma($0) } == polygamma(1, x))
    }
  }

  @Test func stepFunctionsHaveDerivativeZeroAndClampFollowsTheTieRule() {
    for name in ["floor", "ceil", "round", "sign"] {
      for x in [-2.0, -0.5, 0, 0.5, 3] {
        #expect(Forward.derivative(at: x, of: Special(name: name)) == 0, "\(name)")
        #expect(Reverse.derivative(at: x, of: Special(name: name)) == 0, "\(name)")
      }
    }
    let clamp = Special(name: "clamp")
    for (x, d) in [(-2.0, 0.0), (-1, 0.5), (0.3, 1), (1, 0.5), (4, 0)] {
      #expect(
        Forward.derivative(at: x, of: clamp) == d && Reverse.derivative(at: x, of: clamp) == d)
    }
  }

  @Test func realPowerRecordsNoExponentPartial() {
    let list = Reverse.wengertList(at: [3.0]) { v in pow(v[0], p: 2.5) }
    #expect(list.rows.map(\.definition) == ["x0", "pow(v1)"])
    #expect(abs(list.gradient[0] - 2.5 * Glibc.pow(3, 1.5)) < 1e-13)
  }

  @Test func symbolicDerivativesOfTheNewPrimitives() throws {
    let x = Expr.variable("x")
    for name in smooth where name != "trigamma" {
      let d = Special(name: name)(x).derivative(withRespectTo: x)
      for p in points(name) {
        let expected = Forward.derivative(at: p, of: Special(name: name))
        let value = try d.evaluate(["x": p])
        #expect(abs(value - expected) <= 1e-13 * max(1, abs(expected)), "\(name): \(d)")
      }
    }
  }
}

private func same(_ a: Double, _ b: Double) -> Bool { a.isNaN ? b.isNaN : a == b }
