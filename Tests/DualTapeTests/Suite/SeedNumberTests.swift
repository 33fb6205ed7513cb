import DualTape
import DualTapeSuite
import Testing

// The published numbers of shared/SEEDS.md, through both engines, from the suite's functions.

@Suite("SEEDS worked numbers, both engines")
struct SeedNumberTests {
  @Test func scalarTape33And27And10() {
    let f = ScalarTapeExample()
    let x = f.defaultInput
    for (value, gradient) in [
      Reverse.valueWithGradient(at: x, of: f), Forward.valueWithGradient(at: x, of: f),
    ] {
      #expect(value == 33)
      #expect(gradient == [27, 10])
    }
  }

  @Test func symbolic28And12AndMixedPartial3() {
    let f = SymbolicExample()
    let x = f.defaultInput
    #expect(f(x) == 28)
    #expect(Reverse.gradient(at: x, of: f)[0] == 12)
    #expect(Forward.gradient(at: x, of: f)[0] == 12)
    for h in [Reverse.hessian(at: x, of: f), Forward.hessian(at: x, of: f)] {
      #expect(h[0, 1] == 3 && h[1, 0] == 3)
      #expect(h[0, 0] == 2 && h[1, 1] == 0)
    }
    // d/dy (dz/dx) by nesting: the reverse derivative in x, inside a forward derivative in y.
    let mixed = Forward.derivative(at: 2.0) { (y: Dual<Double>) in
      Reverse.derivative(at: Dual(constant: 3.0)) { (x: Tracked<Dual<Double>>) in
        f([x, Tracked(constant: y)])
      }
    }
    #expect(mixed == 3)
  }

  @Test func tensorPower576WithItsGradient() {
    let f = TensorPowerExample()
    let v = f.defaultInput
    let (a, b, c, d) = (v[0], v[1], v[2], v[3])
    let base = a * b + c
    let outer = d * DualTape.pow(base, d - 1)
    let expected = [outer * b, outer * a, outer, DualTape.pow(base, d) * DualTape.log(base)]
    #expect(expected[0] == 96 && expected[1] == 480 && expected[2] == 48)
    for (value, gradient) in [
      Reverse.valueWithGradient(at: v, of: f), Forward.valueWithGradient(at: v, of: f),
    ] {
      #expect(value == 576)
      SuiteCheck.expectPassed(
        GradientCheck.compare(gradient, expected, tolerance: .engines), "(ab+c)^d")
    }
  }

  @Test func variableExampleGradientIsBPlusOne() {
    let f = VariableExample()
    for x in [f.defaultInput, [-3.0, 7.5], [0.25, -1.0]] {
      let (a, b) = (x[0], x[1])
      for g in [Reverse.gradient(at: x, of: f), Forward.gradient(at: x, of: f)] {
        #expect(g[0] == b + 1)
        #expect(g[1] == a - 2 * b - 1)
      }
    }
  }

  @Test func sigmoidLayerGradientMatchesThePublishedOne() {
    let f = SigmoidLayerExample()
    let published: [Double] = [
      -0.17098514, 0.01043009, -0.1489807, 0.00908782,
      -0.00857008, 0.00052277, -0.06251394, 0.00381335,
      0.08549257, 0.07449035, 0.00428504, 0.03125697,
    ]
    // Published to 8 significant digits (and dW₁ = db₁ · X exactly).
    let digits = Tolerance<Double>(absolute: 1e-8, relative: 1e-7)
    for g in [
      Reverse.gradient(at: f.defaultInput, of: f), Forward.gradient(at: f.defaultInput, of: f),
    ] {
      SuiteCheck.expectPassed(
        GradientCheck.compare(g, published, tolerance: digits), "sigmoid layer")
    }
  }
}
