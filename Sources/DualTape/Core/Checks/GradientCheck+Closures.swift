// GradientCheck for closures. The finite-difference reference evaluates the closure on plain
// numbers (`S`); the dot-product test needs one closure per engine, since a closure serves one
// engine only.

extension GradientCheck {
  /// Checks a gradient of a closure ℝⁿ → ℝ (over plain numbers) against finite differences.
  ///
  /// ```swift
  /// let x = [1.0, 2.0]
  /// let g = Reverse.gradient(at: x) { v in v[0] * v[1] }
  /// GradientCheck.gradient(g, at: x) { v in v[0] * v[1] }.passed   // true
  /// ```
  /// - Parameters:
  ///   - gradient: the gradient to check, n values.
  ///   - x: the point.
  ///   - method: the finite-difference method.
  ///   - tolerance: the tolerance, ``Tolerance/standard`` by default.
  ///   - f: the function on plain numbers.
  public static func gradient<S: RealScalar>(
    _ gradient: [S], at x: [S], method: FiniteDifference.Method = .central,
    tolerance: Tolerance<S> = .standard, of f: ([S]) -> S
  ) -> CheckReport<S> {
    compare(gradient, FiniteDifference.gradient(at: x, method: method, of: f), tolerance: tolerance)
  }

  /// Checks a Jacobian of a closure ℝⁿ → ℝᵐ (over plain numbers) against finite differences.
  /// - Parameters:
  ///   - jacobian: the m × n Jacobian to check.
  ///   - x: the point.
  ///   - method: the finite-difference method.
  ///   - tolerance: the tolerance, ``Tolerance/standard`` by default.
  ///   - f: the function on plain numbers.
  public static func jacobian<S: RealScalar>(
    _ jacobian: Matrix<S>, at x: [S], method: FiniteDifference.Method = .central,
    tolerance: Tolerance<S> = .standard, of f: ([S]) -> [S]
  ) -> CheckReport<S> {
    compare(jacobian, FiniteDifference.jacobian(at: x, method: method, of: f), tolerance: tolerance)
  }

  /// The dot-product test ⟨J v, u⟩ = ⟨v, Jᵀ u⟩ for a function given once per engine.
  ///
  /// ```swift
  /// GradientCheck.dotProductTest(
  ///   at: [1.0, 2.0], forward: { v in [v[0] * v[1], sin(v[0])] },
  ///   reverse: { v in [v[0] * v[1], sin(v[0])] })
  /// ```
  /// - Parameters:
  ///   - x: the point.
  ///   - seed: seeds the random v and u (entries uniform in [−1, 1]).
  ///   - tolerance: defaults to ``Tolerance/engines``.
  ///   - forward: the function as a closure over ``Dual`` numbers.
  ///   - reverse: the same function as a closure over ``Tracked`` numbers.
  /// - Returns: a report whose computed value is ⟨J v, u⟩ and reference ⟨v, Jᵀ u⟩.
  public static func dotProductTest<S: RealScalar>(
    at x: [S], seed: UInt64 = 1, tolerance: Tolerance<S> = .engines,
    forward: ([Dual<S>]) -> [Dual<S>], reverse: ([Tracked<S>]) -> [Tracked<S>]
  ) -> CheckReport<S> {
    var random = SplitMix64(seed: seed)
    let v = x.map { _ in S(random.nextUnit() * 2 - 1) }
    let jvp = Forward.jvp(at: x, direction: v, of: forward)
    let u = jvp.value.map { _ in S(random.nextUnit() * 2 - 1) }
    let vjp = Reverse.vjp(at: x, cotangent: u, of: reverse)
    let jvpDotU = zip(jvp.jvp, u).reduce(S(0)) { $0 + $1.0 * $1.1 }
    let vDotVjp = zip(v, vjp.vjp).reduce(S(0)) { $0 + $1.0 * $1.1 }
    return compare([jvpDotU], [vDotVjp], tolerance: tolerance)
  }
}
