import DualTape
import DualTapeSuite
import Testing

/// The checks every suite test uses, in one namespace (the test module is shared with other
/// subsystems' tests).
enum SuiteCheck {
  // Checks written once, generically over the scalar type, and run for Double and Float with the
  // checker's tolerances: `.engines` between forward and reverse (1e-12 Double, 1e-5 Float),
  // `.standard` against finite differences (1e-6 Double, 1e-2 Float).

  /// Inputs above this size are checked against finite differences along a few directions
  /// instead of all n coordinates (the MLP's 1,185 weights would need 2,370 evaluations).
  static let fullDifferenceLimit = 64

  /// Hessians are formed for n up to this size; above it, Hessian–vector products are checked.
  static let fullHessianLimit = 12

  /// A function ℝⁿ → ℝ seen as ℝⁿ → ℝ¹ (for directional finite differences).
  struct AsMap<F: VectorToScalar>: VectorToVector {
    let f: F
    func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] { [f(x)] }
  }

  /// A seeded direction with entries in [−1, 1].
  static func direction<S: RealScalar>(count n: Int, seed: UInt64) -> [S] {
    var random = SplitMix64(seed: seed)
    return (0..<n).map { _ in S(random.nextUnit() * 2 - 1) }
  }

  static func dot<S: RealScalar>(_ a: [S], _ b: [S]) -> S {
    zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }
  }

  /// Records a failed check with what was compared and the report's worst entry.
  static func expectPassed<S>(
    _ report: CheckReport<S>, _ what: String, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    #expect(report.passed, "\(what) [\(S.typeName)]: \(report)", sourceLocation: sourceLocation)
  }

  /// Each forward-mode result equals the reverse-mode one to `.engines`.
  static func expectAgreement<S: RealScalar>(
    _ forward: [(String, Matrix<S>)], _ reverse: Matrix<S>, label: String,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    for (engine, result) in forward {
      expectPassed(
        GradientCheck.compare(result, reverse, tolerance: .engines),
        "\(label) \(engine) vs reverse",
        sourceLocation: sourceLocation)
    }
  }

  /// Gradient checks for f: ℝⁿ → ℝ at x: forward (chunk mode, chunk 1 and plain `Dual`) equals
  /// reverse to `.engines`; both agree with finite differences to `.standard`; the values agree
  /// with the plain evaluation.
  ///
  /// Above ``fullDifferenceLimit`` inputs (the MLP's 1,185 weights), both comparisons run along
  /// three seeded directions v instead: the forward JVP ∇f·v against the reverse gradient's ∇f·v,
  /// and a directional finite difference. A full chunked forward gradient of the MLP costs
  /// seconds in a debug build; `mlpForwardGradientEqualsReverse` does it once on a small batch.
  static func checkGradient<S: RealScalar>(_ f: some VectorToScalar, at x: [S], label: String) {
    let reverse = Reverse.valueWithGradient(at: x, of: f)
    expectPassed(
      GradientCheck.compare([reverse.value], [f(x)], tolerance: .engines), "\(label) value")
    guard x.count <= fullDifferenceLimit else {
      for seed in 1...3 as ClosedRange<UInt64> {
        let v: [S] = direction(count: x.count, seed: seed)
        let fd = FiniteDifference.directionalDerivative(at: x, direction: v, of: AsMap(f: f))[0]
        let jvp = Forward.directionalDerivative(at: x, direction: v, of: f)
        let reverseJVP = dot(reverse.gradient, v)
        expectPassed(GradientCheck.compare([reverseJVP], [fd]), "\(label) reverse ∇f·v vs FD")
        expectPassed(
          GradientCheck.compare(
            [jvp.value, jvp.derivative], [reverse.value, reverseJVP], tolerance: .engines),
          "\(label) forward ∇f·v vs reverse")
      }
      return
    }
    let forward = Forward.valueWithGradient(at: x, of: f)
    expectPassed(
      GradientCheck.compare([forward.value], [reverse.value], tolerance: .engines), "\(label) value"
    )
    checkForwardGradients(f, at: x, forward.gradient, equal: reverse.gradient, label: label)
    expectPassed(GradientCheck.gradient(reverse.gradient, at: x, of: f), "\(label) reverse vs FD")
    expectPassed(GradientCheck.gradient(forward.gradient, at: x, of: f), "\(label) forward vs FD")
  }

  /// The forward gradient (default chunk), chunk sizes 1 and 3, and the plain-`Dual` closure
  /// driver each equal the reverse gradient to `.engines`.
  static func checkForwardGradients<S: RealScalar>(
    _ f: some VectorToScalar, at x: [S], _ forward: [S], equal reverse: [S], label: String
  ) {
    var forwardGradients = [("forward", forward)]
    forwardGradients += [1, 3].map { (k: Int) in
      ("forward chunk \(k)", Forward.gradient(at: x, chunkSize: k, of: f))
    }
    forwardGradients.append(("forward Dual closure", Forward.gradient(at: x) { f($0) }))
    expectAgreement(
      forwardGradients.map { ($0, Matrix(rows: 1, columns: x.count, elements: $1)) },
      Matrix(rows: 1, columns: x.count, elements: reverse), label: label)
  }

  /// Hessian checks: forward-over-reverse equals forward-over-forward to `.engines`, is
  /// symmetric, and agrees with finite differences of the reverse gradient. For large n, the
  /// Hessian–vector products along a seeded direction are checked the same ways.
  static func checkHessian<S: RealScalar>(_ f: some VectorToScalar, at x: [S], label: String) {
    let gradient = { (y: [S]) in Reverse.gradient(at: y, of: f) }
    if x.count <= fullHessianLimit {
      let overReverse = Reverse.hessian(at: x, of: f)
      let overForward = Forward.hessian(at: x, of: f)
      expectPassed(
        GradientCheck.compare(overReverse, overForward, tolerance: .engines),
        "\(label) Hessian forward-over-reverse vs forward-over-forward")
      expectPassed(
        GradientCheck.compare(overReverse, overReverse.transposed, tolerance: .engines),
        "\(label) Hessian symmetry")
      expectPassed(
        GradientCheck.compare(overReverse, FiniteDifference.jacobian(at: x, of: gradient)),
        "\(label) Hessian vs FD")
    } else {
      let v: [S] = direction(count: x.count, seed: 5)
      let hvp = Reverse.hessianVectorProduct(at: x, direction: v, of: f)
      let fd = centralDifference(at: x, along: v, gradient)
      expectPassed(GradientCheck.compare(hvp, fd), "\(label) Hessian-vector product vs FD")
      // Symmetry without forming H: uᵀ(Hv) = vᵀ(Hu).
      let u: [S] = direction(count: x.count, seed: 6)
      let hu = Reverse.hessianVectorProduct(at: x, direction: u, of: f)
      expectPassed(
        GradientCheck.compare([dot(u, hvp)], [dot(v, hu)], tolerance: .engines),
        "\(label) Hessian symmetry uᵀHv = vᵀHu")
    }
  }

  /// The central difference of `g` along `v` at x, with the step finite differences use for
  /// the largest |xᵢ| (for Hessian–vector products: g is the reverse gradient).
  static func centralDifference<S: RealScalar>(at x: [S], along v: [S], _ g: ([S]) -> [S]) -> [S] {
    let h = FiniteDifference.step(at: x.reduce(S(0)) { Swift.max($0, $1.magnitude) })
    let plus = g(zip(x, v).map { $0 + h * $1 })
    let minus = g(zip(x, v).map { $0 - h * $1 })
    return zip(plus, minus).map { ($0 - $1) / (2 * h) }
  }

  /// Jacobian checks for f: ℝⁿ → ℝᵐ: forward (chunk mode, chunk 1, plain `Dual`) equals
  /// reverse (one recording, m sweeps) to `.engines`; both agree with finite differences;
  /// JVP and VJP agree with the Jacobian, and the dot-product test passes.
  static func checkJacobian<S: RealScalar>(_ f: some VectorToVector, at x: [S], label: String) {
    let reverse = Reverse.valueWithJacobian(at: x, of: f)
    let forward = Forward.valueWithJacobian(at: x, of: f)
    let primal = f(x)
    expectPassed(
      GradientCheck.compare(reverse.value, primal, tolerance: .engines), "\(label) value")
    expectPassed(
      GradientCheck.compare(forward.value, primal, tolerance: .engines), "\(label) value")
    let forwardJacobians = [
      ("forward", forward.jacobian),
      ("forward chunk 1", Forward.jacobian(at: x, chunkSize: 1, of: f)),
      ("forward Dual closure", Forward.jacobian(at: x) { f($0) }),
    ]
    expectAgreement(forwardJacobians, reverse.jacobian, label: label)
    expectPassed(GradientCheck.jacobian(reverse.jacobian, at: x, of: f), "\(label) reverse vs FD")
    expectPassed(GradientCheck.jacobian(forward.jacobian, at: x, of: f), "\(label) forward vs FD")

    let v: [S] = direction(count: x.count, seed: 3)
    let u: [S] = direction(count: primal.count, seed: 4)
    let jv = (0..<reverse.jacobian.rows).map { dot(reverse.jacobian.row($0), v) }
    let uj = (0..<x.count).map { dot(reverse.jacobian.column($0), u) }
    expectPassed(
      GradientCheck.compare(Forward.jvp(at: x, direction: v, of: f).jvp, jv, tolerance: .engines),
      "\(label) JVP vs J·v")
    expectPassed(
      GradientCheck.compare(Reverse.vjp(at: x, cotangent: u, of: f).vjp, uj, tolerance: .engines),
      "\(label) VJP vs uᵀJ")
    expectPassed(GradientCheck.dotProductTest(at: x, of: f, seed: 9), "\(label) dot-product test")
  }

  /// Derivative checks for f: ℝ → ℝ: forward equals reverse, both agree with finite
  /// differences; the second derivative by nested duals equals forward-over-reverse and
  /// reverse-over-forward, and agrees with finite differences of f'.
  static func checkDerivative<S: RealScalar>(_ f: some ScalarToScalar, at x: S, label: String) {
    let forward = Forward.valueWithDerivative(at: x, of: f)
    let reverse = Reverse.valueWithDerivative(at: x, of: f)
    expectPassed(
      GradientCheck.compare([forward.value], [f(x)], tolerance: .engines), "\(label) value")
    expectPassed(
      GradientCheck.compare([reverse.value], [f(x)], tolerance: .engines), "\(label) value")
    expectPassed(
      GradientCheck.compare([forward.derivative], [reverse.derivative], tolerance: .engines),
      "\(label) forward vs reverse derivative")
    let fd = FiniteDifference.derivative(at: x, of: f)
    expectPassed(GradientCheck.compare([forward.derivative], [fd]), "\(label) forward vs FD")
    expectPassed(GradientCheck.compare([reverse.derivative], [fd]), "\(label) reverse vs FD")

    let nested = Forward.secondDerivative(at: x, of: f)
    let forwardOverReverse = Forward.derivative(at: x) { (d: Dual<S>) in
      Reverse.derivative(at: d, of: f)
    }
    let reverseOverForward = Reverse.derivative(at: x) { (t: Tracked<S>) in
      Forward.derivative(at: t, of: f)
    }
    expectPassed(
      GradientCheck.compare([forwardOverReverse], [nested], tolerance: .engines),
      "\(label) f'' forward-over-reverse vs nested duals")
    expectPassed(
      GradientCheck.compare([reverseOverForward], [nested], tolerance: .engines),
      "\(label) f'' reverse-over-forward vs nested duals")
    let fdSecond = FiniteDifference.derivative(at: x) { Reverse.derivative(at: $0, of: f) }
    expectPassed(GradientCheck.compare([nested], [fdSecond]), "\(label) f'' vs FD of f'")
  }
}
