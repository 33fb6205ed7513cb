import DualTape
import DualTapeSuite
import Testing

// Edge semantics (documented in Differentiable.swift), identical in both engines: the value is
// the IEEE result, the derivative the documented convention, and nothing traps.

/// One scalar function under both engines: (value, derivative) from forward and from reverse.
private struct BothEngines<F: ScalarToScalar> {
  let f: F
  func at(_ x: Double) -> [(value: Double, derivative: Double)] {
    [Forward.valueWithDerivative(at: x, of: f), Reverse.valueWithDerivative(at: x, of: f)]
  }
}

/// Whether two numbers are the same IEEE result (NaN equals NaN, infinities by sign).
private func same(_ a: Double, _ b: Double) -> Bool { a.isNaN ? b.isNaN : a == b }

private struct AbsFunction: ScalarToScalar {
  func callAsFunction<T: Differentiable>(_ x: T) -> T { abs(x) }
}
private struct ReluFunction: ScalarToScalar {
  func callAsFunction<T: Differentiable>(_ x: T) -> T { relu(x) }
}
private struct SqrtFunction: ScalarToScalar {
  func callAsFunction<T: Differentiable>(_ x: T) -> T { sqrt(x) }
}
private struct LogFunction: ScalarToScalar {
  func callAsFunction<T: Differentiable>(_ x: T) -> T { log(x) }
}
private struct CubeByIntegerPower: ScalarToScalar {
  func callAsFunction<T: Differentiable>(_ x: T) -> T { pow(x, n: 3) }
}
private struct RealPower: VectorToScalar {
  func callAsFunction<T: Differentiable>(_ v: [T]) -> T { pow(v[0], v[1]) }
}
private struct SquareByRealPower: ScalarToScalar {
  func callAsFunction<T: Differentiable>(_ x: T) -> T { pow(x, 2) }
}
private struct SqrtPlusX: VectorToScalar {
  func callAsFunction<T: Differentiable>(_ v: [T]) -> T { v[0] + sqrt(v[1]) }
}
private struct LogPlusX: VectorToScalar {
  func callAsFunction<T: Differentiable>(_ v: [T]) -> T { v[0] + log(v[1]) }
}
private struct QuotientPlusX: VectorToScalar {
  func callAsFunction<T: Differentiable>(_ v: [T]) -> T { v[0] + v[1] / v[2] }
}
private struct AsinFunction: ScalarToScalar {
  func callAsFunction<T: Differentiable>(_ x: T) -> T { asin(x) }
}
private struct MinOfTwo: VectorToScalar {
  func callAsFunction<T: Differentiable>(_ v: [T]) -> T { min(v[0], v[1]) }
}
private struct MaxOfTwo: VectorToScalar {
  func callAsFunction<T: Differentiable>(_ v: [T]) -> T { max(v[0], v[1]) }
}

@Suite("Edge semantics, both engines")
struct EdgeSemanticsTests {
  func expectBoth<F: ScalarToScalar>(
    _ f: F, at x: Double, value: Double, derivative: Double,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    for (engine, r) in zip(["forward", "reverse"], BothEngines(f: f).at(x)) {
      #expect(
        same(r.value, value) && same(r.derivative, derivative),
        "\(F.self) at \(x), \(engine): got (\(r.value), \(r.derivative)), expected (\(value), \(derivative))",
        sourceLocation: sourceLocation)
    }
  }

  func expectGradients(
    _ f: some VectorToScalar, at x: [Double], _ expected: [Double],
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let results = [
      ("forward", Forward.gradient(at: x, of: f)),
      ("forward chunk 1", Forward.gradient(at: x, chunkSize: 1, of: f)),
      ("reverse", Reverse.gradient(at: x, of: f)),
    ]
    for (engine, g) in results {
      #expect(
        zip(g, expected).allSatisfy { same($0, $1) }, "\(engine) at \(x): \(g) vs \(expected)",
        sourceLocation: sourceLocation)
    }
  }

  @Test func absAndReluHaveDerivativeZeroAtZero() {
    expectBoth(AbsFunction(), at: 0, value: 0, derivative: 0)
    expectBoth(AbsFunction(), at: -2, value: 2, derivative: -1)
    expectBoth(ReluFunction(), at: 0, value: 0, derivative: 0)
    expectBoth(ReluFunction(), at: 0.5, value: 0.5, derivative: 1)
    expectBoth(ReluFunction(), at: -0.5, value: 0, derivative: 0)
  }

  @Test func minAndMaxSplitTheDerivativeAtATie() {
    expectGradients(MaxOfTwo(), at: [1.5, 1.5], [0.5, 0.5])
    expectGradients(MinOfTwo(), at: [1.5, 1.5], [0.5, 0.5])
    expectGradients(MaxOfTwo(), at: [1, 2], [0, 1])
    expectGradients(MinOfTwo(), at: [1, 2], [1, 0])
    // The tie keeps the value exact.
    #expect(Reverse.valueWithGradient(at: [1.5, 1.5], of: MaxOfTwo()).value == 1.5)
  }

  @Test func sqrtAtZeroHasInfiniteDerivative() {
    expectBoth(SqrtFunction(), at: 0, value: 0, derivative: .infinity)
    expectBoth(SqrtFunction(), at: 4, value: 2, derivative: 0.25)
    expectBoth(SqrtFunction(), at: -1, value: .nan, derivative: .nan)
  }

  @Test func logAtZeroAndBelow() {
    expectBoth(LogFunction(), at: 0, value: -.infinity, derivative: .infinity)
    // Below 0 the value is NaN; the derivative (1/x, undocumented) is the same in both engines.
    let (forward, reverse) = (
      BothEngines(f: LogFunction()).at(-1)[0], BothEngines(f: LogFunction()).at(-1)[1]
    )
    #expect(forward.value.isNaN && reverse.value.isNaN)
    #expect(same(forward.derivative, reverse.derivative))
  }

  @Test func powWithBaseZero() {
    // ∂x = y·0^(y−1), ∂y taken as 0 at x = 0 (PyTorch, JAX).
    expectGradients(RealPower(), at: [0, 2], [0, 0])
    expectGradients(RealPower(), at: [0, 3], [0, 0])
    expectGradients(RealPower(), at: [0, 1], [1, 0])
    #expect(RealPower()([0.0, 2]) == 0)
  }

  @Test func powWithNegativeBase() {
    // Real power, integer exponent: real value and ∂x, no derivative in y (log of a negative).
    // Real power, fractional exponent: no real value.
    expectGradients(RealPower(), at: [-2, 0.5], [.nan, .nan])
    #expect(RealPower()([-2.0, 0.5]).isNaN)
    // pow(x, n:) is exact at a negative base.
    expectBoth(CubeByIntegerPower(), at: -2, value: -8, derivative: 12)
    expectBoth(CubeByIntegerPower(), at: 0, value: 0, derivative: 0)
  }

  /// A nonfinite partial of one argument must not leak into the derivative along another
  /// (∞·0 = NaN): `pow` drops a term whose tangent is exactly zero, in both engines.
  @Test func powPartialsDoNotLeakIntoTheOtherArgument() {
    // ∂x is real at a negative base with an integer exponent; ∂y is NaN (log of a negative).
    expectGradients(RealPower(), at: [-2, 3], [12, .nan])
    // At base 0, ∂x = 0.5·0^(−0.5) = ∞ and ∂y is 0 by convention.
    expectGradients(RealPower(), at: [0, 0.5], [.infinity, 0])
    // A constant real exponent: x^2.0 at x = −3 is 9 with derivative −6.
    expectBoth(SquareByRealPower(), at: -3, value: 9, derivative: -6)
  }

  /// An infinite partial times a zero tangent (∞·0) must not poison the derivatives with
  /// respect to the *other* inputs: ∂/∂x of x + √y at y = 0 is 1 (`sqrt` and `log` at 0, `/`
  /// by 0). Both engines drop a chain-rule term with an exactly-zero factor.
  @Test func infinitePartialsDoNotLeakIntoOtherInputs() {
    let cases: [(any VectorToScalar, [Double], [Double])] = [
      (SqrtPlusX(), [1, 0], [1, .infinity]),
      (LogPlusX(), [1, 0], [1, .infinity]),
      (QuotientPlusX(), [1, 1, 0], [1, .infinity, -.infinity]),
    ]
    for (f, x, expected) in cases {
      let g = Reverse.gradient(at: x, of: f)
      #expect(zip(g, expected).allSatisfy { same($0, $1) }, "reverse at \(x): \(g)")
    }
    for (f, x, expected) in cases {
      for chunk in [1, 2] {
        let g = Forward.gradient(at: x, chunkSize: chunk, of: f)
        #expect(zip(g, expected).allSatisfy { same($0, $1) }, "forward at \(x): \(g)")
      }
    }
  }

  /// asin′(1) = +∞ in both engines. The derived `asin` = atan2(x, √((1 − x)(1 + x))) sends the
  /// adjoint −∞ of √0 through a product whose partial (1 − x) is 0; the reverse engine routes a
  /// zero partial to the sink, so 0 · ∞ does not become NaN.
  @Test func asinAtOneHasInfiniteDerivativeInBothEngines() {
    #expect(Forward.derivative(at: 1.0, of: AsinFunction()) == .infinity)
    #expect(Reverse.derivative(at: 1.0, of: AsinFunction()) == .infinity)
  }

  /// `<=` and `>=` are false at NaN in every engine, as IEEE (and `Double`) say, so a branch
  /// `if x <= 0` does not catch NaN: `relu(NaN)` is NaN, as documented.
  @Test func comparisonsWithNaNFollowIEEE() {
    let nan = Double.nan
    #expect(relu(nan).isNaN)
    #expect(!(Dual<Double>(nan, tangent: 1) <= 0))
    #expect(!(Dual<Double>(nan, tangent: 1) >= 0))
    #expect(!(Tracked<Double>(constant: nan) <= 0))
    #expect(!(Tracked<Double>(constant: nan) >= 0))
    #expect(!(DualVector<SIMD2<Double>>(constant: nan) <= 0))
    #expect(Forward.valueWithDerivative(at: nan, of: ReluFunction()).value.isNaN)
    #expect(Reverse.valueWithDerivative(at: nan, of: ReluFunction()).value.isNaN)
  }

  @Test func nanPropagatesThroughEveryFunctionWithoutTrapping() {
    for f in Suite.scalarFunctions {
      for r in [
        Forward.valueWithDerivative(at: Double.nan, of: f),
        Reverse.valueWithDerivative(at: Double.nan, of: f),
      ] {
        #expect(r.value.isNaN, "\(f.name) at NaN: value \(r.value)")
      }
    }
    for f in Suite.vectorFunctions {
      var x = f.defaultInput
      x[0] = .nan
      #expect(Reverse.valueWithGradient(at: x, of: f).value.isNaN, "\(f.name)")
      // Distinct direction entries: along (1, …, 1) the tangent of x₀ − max(x) cancels to an
      // exact 0, and a zero tangent takes no part of a NaN partial (the edge policy), so the
      // directional derivative of logSumExp there is the exact 1, not NaN.
      let v = (0..<x.count).map { Double($0 + 1) }
      let forward = Forward.directionalDerivative(at: x, direction: v, of: f)
      #expect(forward.value.isNaN && forward.derivative.isNaN, "\(f.name)")
    }
    expectBoth(SqrtFunction(), at: .nan, value: .nan, derivative: .nan)
    expectBoth(AbsFunction(), at: .nan, value: .nan, derivative: .nan)
    // min/max with a NaN argument: the value is NaN, and both engines give the same gradient.
    for f in [MaxOfTwo() as any VectorToScalar, MinOfTwo()] {
      let forward = Forward.valueWithGradient(at: [.nan, 1], of: f)
      let reverse = Reverse.valueWithGradient(at: [.nan, 1], of: f)
      #expect(forward.value.isNaN && reverse.value.isNaN)
      #expect(zip(forward.gradient, reverse.gradient).allSatisfy { same($0, $1) })
    }
  }
}
