/// Forward-mode drivers: derivatives by dual numbers.
///
/// One forward pass gives f(x) and one directional derivative J·v at a small constant multiple
/// of the cost of f. A full gradient or Jacobian of f: ℝⁿ → ℝᵐ takes ⌈n / chunk⌉ passes with
/// ``DualVector`` (chunk mode), so forward mode wins when n is small relative to m.
///
/// Every driver takes the function either as a rank-2 type (``ScalarToScalar``,
/// ``VectorToScalar``, ``VectorToVector``: written once, runs under every engine) or as a
/// closure over this engine's scalar.
///
/// What the function receives: a closure gets exactly the scalar in its signature (``Dual``,
/// ``Chunk``, ``HessianScalar``) and runs once per pass. `jvp`, `directionalDerivative`,
/// `gradient`, `jacobian` and their `valueWith` forms, given a rank-2 function, first run it
/// with an internal forward scalar that skips the edge policy's 0 · ∞ guard (one test per
/// operation saved), and run that pass again with ``Dual`` or
/// ``DualVector`` only if a tangent comes out NaN; the results are the guarded ones, bit for
/// bit (see <doc:EdgeSemantics>). So a rank-2 function should not depend on the concrete type
/// it receives, nor count its calls: at an edge point it runs twice.
public enum Forward {}

extension Forward {
  /// The derivative f'(x) of f: ℝ → ℝ, by one forward pass.
  ///
  /// `T` may itself be a dual or tracked number, which is how derivatives nest.
  /// - Parameters:
  ///   - x: the point.
  ///   - f: the function, written generically.
  /// - Returns: f'(x).
  @inlinable public static func derivative<T: Differentiable>(
    at x: T, of f: some ScalarToScalar
  ) -> T {
    derivative(at: x) { f($0) }
  }

  /// The derivative f'(x) of a closure over ``Dual`` numbers.
  ///
  /// ```swift
  /// Forward.derivative(at: 2.0) { x in x * x * x }   // 12
  /// ```
  @inlinable public static func derivative<T: Differentiable>(
    at x: T, of f: (Dual<T>) -> Dual<T>
  ) -> T {
    seeded(at: x, f).tangent
  }

  /// f(x) and f'(x) from one forward pass.
  @inlinable public static func valueWithDerivative<T: Differentiable>(
    at x: T, of f: some ScalarToScalar
  ) -> (value: T, derivative: T) {
    valueWithDerivative(at: x) { f($0) }
  }

  /// f(x) and f'(x) from one forward pass of a closure over ``Dual`` numbers.
  @inlinable public static func valueWithDerivative<T: Differentiable>(
    at x: T, of f: (Dual<T>) -> Dual<T>
  ) -> (value: T, derivative: T) {
    let y = seeded(at: x, f)
    return (y.value, y.tangent)
  }

  /// The second derivative f''(x), by one pass with nested duals `Dual<Dual<T>>`.
  ///
  /// The inner perturbation ε₁ and the outer ε₂ are both seeded with 1; the coefficient of
  /// ε₁ε₂ is f''(x). Where f'(x) is ±∞ or NaN, f''(x) does not exist and the result is NaN
  /// (`sqrt` at 0), as in every Hessian driver.
  @inlinable public static func secondDerivative<T: Differentiable>(
    at x: T, of f: some ScalarToScalar
  ) -> T {
    secondDerivative(at: x) { f($0) }
  }

  /// The second derivative f''(x) of a closure over nested duals; NaN where f'(x) is not
  /// finite.
  @inlinable public static func secondDerivative<T: Differentiable>(
    at x: T, of f: (Dual<Dual<T>>) -> Dual<Dual<T>>
  ) -> T {
    let y = f(Dual(Dual(x, tangent: 1), tangent: Dual(1, tangent: 0)))
    return SecondOrderDomain.exists(firstDerivative: y.tangent.value)
      ? y.tangent.tangent : T(Double.nan)
  }

  /// The Jacobian–vector product J(x)·v of f: ℝⁿ → ℝᵐ, by one forward pass.
  ///
  /// - Parameters:
  ///   - x: the point, n ≥ 1 values.
  ///   - direction: v, n values.
  ///   - f: the function.
  /// - Returns: f(x) and J(x)·v (m values each).
  /// - Complexity: one evaluation of f with ``Dual`` numbers.
  @inlinable public static func jvp<S: RealScalar>(
    at x: [S], direction: [S], of f: some VectorToVector
  ) -> (value: [S], jvp: [S]) {
    checkDirection(direction, x, "Forward.jvp")
    let y = f(seeded(x, direction) { UnguardedDual($0, tangent: $1) })
    // Unguarded first (see Forward/EdgePolicy.swift): exact unless a tangent is NaN.
    if !y.contains(where: { $0.tangent.isNaN }) { return (y.map(\.value), y.map(\.tangent)) }
    return jvp(at: x, direction: direction) { f($0) }
  }

  /// The Jacobian–vector product J(x)·v of a closure over ``Dual`` numbers.
  @inlinable public static func jvp<S: RealScalar>(
    at x: [S], direction: [S], of f: ([Dual<S>]) -> [Dual<S>]
  ) -> (value: [S], jvp: [S]) {
    checkDirection(direction, x, "Forward.jvp")
    let y = f(seeded(x, direction))
    return (y.map(\.value), y.map(\.tangent))
  }

  /// The directional derivative ∇f(x)·v of f: ℝⁿ → ℝ, by one forward pass.
  @inlinable public static func directionalDerivative<S: RealScalar>(
    at x: [S], direction: [S], of f: some VectorToScalar
  ) -> (value: S, derivative: S) {
    checkDirection(direction, x, "Forward.directionalDerivative")
    let y = f(seeded(x, direction) { UnguardedDual($0, tangent: $1) })
    // Unguarded first (see Forward/EdgePolicy.swift): exact unless the tangent is NaN.
    if !y.tangent.isNaN { return (y.value, y.tangent) }
    return directionalDerivative(at: x, direction: direction) { f($0) }
  }

  /// The directional derivative ∇f(x)·v of a closure over ``Dual`` numbers, by one pass.
  ///
  /// ```swift
  /// Forward.directionalDerivative(at: [1.0, 2.0], direction: [1, 0]) { v in v[0] * v[1] }
  /// // (value: 2, derivative: 2)
  /// ```
  @inlinable public static func directionalDerivative<S: RealScalar>(
    at x: [S], direction: [S], of f: ([Dual<S>]) -> Dual<S>
  ) -> (value: S, derivative: S) {
    checkDirection(direction, x, "Forward.directionalDerivative")
    let y = f(seeded(x, direction))
    return (y.value, y.tangent)
  }

  /// The duals xᵢ + vᵢε, built with one indexed loop (a `zip(…).map` costs several times more).
  @inlinable static func seeded<S: RealScalar>(_ x: [S], _ v: [S]) -> [Dual<S>] {
    seeded(x, v) { Dual($0, tangent: $1) }
  }

  /// `dual(xᵢ, vᵢ)` for every i, with one indexed loop.
  @inlinable @inline(__always)
  static func seeded<S: RealScalar, D>(_ x: [S], _ v: [S], _ dual: (S, S) -> D) -> [D] {
    [D](unsafeUninitializedCapacity: x.count) { buffer, count in
      x.withUnsafeBufferPointer { xs in
        v.withUnsafeBufferPointer { vs in
          for i in 0..<xs.count { (buffer.baseAddress! + i).initialize(to: dual(xs[i], vs[i])) }
        }
      }
      count = x.count
    }
  }

  @inlinable static func checkDirection<S>(_ v: [S], _ x: [S], _ caller: String) {
    requireInputs(x, caller)
    require(
      v.count == x.count,
      "\(caller): the direction has \(v.count) entries but x has \(x.count); pass one"
        + " direction entry per input.")
  }
}

/// Stops with a message if a driver is given no inputs.
@inlinable func requireInputs<S>(_ x: [S], _ caller: String) {
  require(
    !x.isEmpty,
    "\(caller): x is empty. Pass at least one input; for a function of one number use"
      + " derivative(at:of:).")
}
