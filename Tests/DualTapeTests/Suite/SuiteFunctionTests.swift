import DualTape
import DualTapeSuite
import Testing

// Every suite function through both engines, checked against each other and against finite
// differences, in Double and in Float.

extension Array where Element == Double {
  /// The same point in single precision.
  fileprivate var inFloat: [Float] { map { Float($0) } }
}

@Suite("Shared suite: engines agree")
struct SuiteFunctionTests {
  @Test func suiteHasEnoughUniquelyNamedFunctions() {
    let names =
      Suite.scalarFunctions.map(\.name) + Suite.vectorFunctions.map(\.name)
      + Suite.vectorToVectorFunctions.map(\.name)
    #expect(Suite.count >= 30)
    #expect(Set(names).count == names.count, "duplicate names in \(names)")
    #expect(Suite.scalarFunctions.allSatisfy { $0.category == .scalarToScalar })
    #expect(Suite.vectorFunctions.allSatisfy { $0.category == .vectorToScalar })
    #expect(Suite.vectorToVectorFunctions.allSatisfy { $0.category == .vectorToVector })
  }

  @Test(arguments: Suite.scalarFunctions)
  func derivatives(of f: any SuiteScalarFunction) {
    SuiteCheck.checkDerivative(f, at: f.defaultInput, label: f.name)
    SuiteCheck.checkDerivative(f, at: Float(f.defaultInput), label: f.name)
  }

  @Test(arguments: Suite.vectorFunctions)
  func gradients(of f: any SuiteVectorFunction) {
    SuiteCheck.checkGradient(f, at: f.defaultInput, label: f.name)
    SuiteCheck.checkGradient(f, at: f.defaultInput.inFloat, label: f.name)
  }

  @Test(arguments: Suite.vectorFunctions)
  func hessians(of f: any SuiteVectorFunction) {
    SuiteCheck.checkHessian(f, at: f.defaultInput, label: f.name)
    SuiteCheck.checkHessian(f, at: f.defaultInput.inFloat, label: f.name)
  }

  @Test(arguments: Suite.vectorToVectorFunctions)
  func jacobians(of f: any SuiteVectorMap) {
    SuiteCheck.checkJacobian(f, at: f.defaultInput, label: f.name)
    SuiteCheck.checkJacobian(f, at: f.defaultInput.inFloat, label: f.name)
  }

  /// The scalable functions at their smallest size and at a larger one.
  @Test func scalableFunctionsAtOtherSizes() {
    let functions: [any SuiteFunction] = Suite.vectorFunctions + Suite.vectorToVectorFunctions
    for f in functions {
      guard let s = f as? any ScalableFunction else { continue }
      for n in [s.minimumCount, 17] {
        let x = s.input(count: n)
        #expect(x.count == n)
        if let g = f as? any SuiteVectorFunction {
          SuiteCheck.checkGradient(g, at: x, label: "\(f) n=\(n)")
        }
        if let m = f as? any SuiteVectorMap {
          SuiteCheck.checkJacobian(m, at: x, label: "\(f) n=\(n)")
        }
      }
    }
  }
}

@Suite("Shared suite: benchmark sizes")
struct SuiteLargeInputTests {
  /// The benchmark sweeps n into the thousands: every scalable function's input of size 300 has
  /// a finite value and a finite reverse gradient (vector-Jacobian product for the maps).
  @Test func scalableFunctionsStayFiniteAtLargeSizes() {
    let n = 300
    for f in Suite.vectorFunctions {
      guard let s = f as? any ScalableFunction else { continue }
      let r = Reverse.valueWithGradient(at: s.input(count: n), of: f)
      #expect(r.value.isFinite && r.gradient.allSatisfy(\.isFinite), "\(f) at n = \(n)")
    }
    for f in Suite.vectorToVectorFunctions {
      guard let s = f as? any ScalableFunction else { continue }
      let x = s.input(count: n)
      let u: [Double] = SuiteCheck.direction(count: f(x).count, seed: 1)
      let r = Reverse.vjp(at: x, cotangent: u, of: f)
      #expect(r.value.allSatisfy(\.isFinite) && r.vjp.allSatisfy(\.isFinite), "\(f) at n = \(n)")
    }
  }
}

@Suite("Shared suite: known values")
struct SuiteKnownValueTests {
  @Test func quadraticFormHasGradientAxPlusBAndHessianA() {
    let f = QuadraticForm()
    let x = f.defaultInput
    let a = f.matrix(count: x.count)
    let expected = (0..<x.count).map { i in SuiteCheck.dot(a.row(i), x) + Double(i + 1) }
    for g in [Reverse.gradient(at: x, of: f), Forward.gradient(at: x, of: f)] {
      SuiteCheck.expectPassed(
        GradientCheck.compare(g, expected, tolerance: .engines), "quadratic gradient")
    }
    for h in [Reverse.hessian(at: x, of: f), Forward.hessian(at: x, of: f)] {
      SuiteCheck.expectPassed(GradientCheck.compare(h, a, tolerance: .engines), "quadratic Hessian")
    }
  }

  /// The MLP's full forward gradient, over all 1,185 weights, on a one-sample batch (the
  /// parameterised test checks the default batch along random directions, for speed).
  @Test func mlpForwardGradientEqualsReverse() {
    let f = MLPLoss(sampleCount: 1)
    let x = f.defaultInput
    #expect(x.count == MLPLoss.parameterCount)
    let reverse = Reverse.gradient(at: x, of: f)
    let forward = Forward.gradient(at: x, chunkSize: 16, of: f)
    SuiteCheck.expectPassed(
      GradientCheck.compare(forward, reverse, tolerance: .engines), "mlp forward")
    // Spot-check a few weights of each layer against central differences.
    for i in [0, 64, 100, 500, 1120, 1184] {
      var e = [Double](repeating: 0, count: x.count)
      e[i] = 1
      let fd = FiniteDifference.directionalDerivative(
        at: x, direction: e, of: SuiteCheck.AsMap(f: f))[0]
      SuiteCheck.expectPassed(GradientCheck.compare([reverse[i]], [fd]), "mlp weight \(i) vs FD")
    }
  }

  @Test func rosenbrockIsStationaryAtOnes() {
    let x = [Double](repeating: 1, count: 5)
    #expect(Rosenbrock()(x) == 0)
    #expect(Reverse.gradient(at: x, of: Rosenbrock()) == [0, 0, 0, 0, 0])
    #expect(Forward.gradient(at: x, of: Rosenbrock()) == [0, 0, 0, 0, 0])
    // ∂²/∂x₀² = 2 + 1200x₀² − 400x₁ = 802, ∂²/∂x₀∂x₁ = −400x₀ = −400.
    let h = Reverse.hessian(at: x, of: Rosenbrock())
    #expect(h[0, 0] == 802 && h[0, 1] == -400 && h[4, 4] == 200)
  }

  @Test func powerTowerDerivativeIsXToTheXTimesOnePlusLogX() {
    let x = 1.3
    let expected = DualTape.pow(x, x) * (1 + DualTape.log(x))
    for d in [
      Forward.derivative(at: x, of: PowerTower()), Reverse.derivative(at: x, of: PowerTower()),
    ] {
      #expect(Swift.abs(d - expected) <= 1e-14 * expected)
    }
  }

  @Test func newtonIterationsDifferentiateToTheSquareRootsDerivative() {
    let x = 2.5
    let expected = 1 / (2 * DualTape.sqrt(x))
    #expect(Swift.abs(NewtonSquareRoot()(x) - DualTape.sqrt(x)) <= 1e-15)
    #expect(Swift.abs(Reverse.derivative(at: x, of: NewtonSquareRoot()) - expected) <= 1e-14)
    #expect(Swift.abs(Forward.derivative(at: x, of: NewtonSquareRoot()) - expected) <= 1e-14)
  }

  @Test func logSumExpGradientIsSoftmax() {
    let x = LogSumExp().defaultInput
    let softmax = Softmax()(x)
    for g in [Reverse.gradient(at: x, of: LogSumExp()), Forward.gradient(at: x, of: LogSumExp())] {
      SuiteCheck.expectPassed(
        GradientCheck.compare(g, softmax, tolerance: .engines), "logsumexp gradient")
    }
    // Stable: no overflow where exp(x) alone would overflow.
    let big = x.map { $0 + 1000 }
    #expect(Swift.abs(LogSumExp()(big) - LogSumExp()(x) - 1000) <= 1e-9)
    SuiteCheck.expectPassed(
      GradientCheck.compare(
        Reverse.gradient(at: big, of: LogSumExp()), softmax, tolerance: .engines),
      "logsumexp gradient at large inputs")
  }

  @Test func sphericalJacobianDeterminantIsRSquaredSinTheta() {
    let v = SphericalToCartesian().defaultInput
    for j in [
      Reverse.jacobian(at: v, of: SphericalToCartesian()),
      Forward.jacobian(at: v, of: SphericalToCartesian()),
    ] {
      let det =
        j[0, 0] * (j[1, 1] * j[2, 2] - j[1, 2] * j[2, 1])
        - j[0, 1] * (j[1, 0] * j[2, 2] - j[1, 2] * j[2, 0])
        + j[0, 2] * (j[1, 0] * j[2, 1] - j[1, 1] * j[2, 0])
      let expected = v[0] * v[0] * DualTape.sin(v[1])
      #expect(Swift.abs(det - expected) <= 1e-13 * expected)
    }
  }

  @Test func brownJacobianIsIdentityPlusOnesAboveTheProductRow() {
    let x = BrownAlmostLinear().defaultInput
    let n = x.count
    let j = Reverse.jacobian(at: x, of: BrownAlmostLinear())
    for r in 0..<(n - 1) {
      for c in 0..<n { #expect(j[r, c] == (r == c ? 2 : 1)) }
    }
    let product = x.reduce(1, *)
    for c in 0..<n { #expect(Swift.abs(j[n - 1, c] - product / x[c]) <= 1e-14) }
    SuiteCheck.expectPassed(
      GradientCheck.compare(
        Forward.jacobian(at: x, of: BrownAlmostLinear()), j, tolerance: .engines),
      "Brown Jacobian forward vs reverse")
  }
}
