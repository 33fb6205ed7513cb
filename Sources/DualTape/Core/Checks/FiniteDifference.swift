/// Derivatives by finite differences: the reference every engine is checked against.
///
/// Central differences `(f(x + h) − f(x − h)) / 2h` have truncation error O(h²) and rounding
/// error O(ε/h); the step `h = ∛ε · max(1, |x|)` balances the two, leaving about ε^(2/3)
/// relative error (≈ 4e-11 for `Double`, 2e-5 for `Float`). Richardson extrapolation combines
/// steps h and h/2 as `(4·D(h/2) − D(h)) / 3`, cancelling the h² term: O(h⁴) truncation with
/// `h = ε^(1/5) · max(1, |x|)`, about ε^(4/5) relative error (≈ 3e-13 for `Double`).
///
/// Each step is rounded so that `x + h` is exactly representable (`h = (x + h) − x`), which
/// removes one source of rounding error.
///
/// A finite difference is the cost a user pays without AD: a gradient of f: ℝⁿ → ℝ takes 2n
/// evaluations (4n with Richardson) and is accurate to only about half the digits.
public enum FiniteDifference {
  /// How to difference.
  public enum Method: Sendable {
    /// Central differences, O(h²), 2 evaluations per direction.
    case central
    /// Richardson-extrapolated central differences, O(h⁴), 4 evaluations per direction.
    case richardson
  }

  /// The step for a component of size `x`: ∛ε·max(1, |x|) (central) or ε^(1/5)·max(1, |x|)
  /// (Richardson), rounded so that x + h is representable.
  @inlinable public static func step<S: RealScalar>(at x: S, method: Method = .central) -> S {
    let base: S = method == .central ? S.ulpOfOne.cubeRoot : S.ulpOfOne.fifthRoot
    let h = base * Swift.max(1, x.magnitude)
    return (x + h) - x
  }

  /// The derivative along the direction `v` of any vector function, by differences of
  /// `g(t) = f(x + t v)` at t = 0. All the public drivers reduce to this.
  ///
  /// - Parameters:
  ///   - x: the point.
  ///   - v: the direction (the step is scaled to the largest |xᵢ| with vᵢ ≠ 0).
  ///   - method: central or Richardson.
  ///   - f: the function, evaluated with plain numbers.
  /// - Returns: (f(x + hv) − f(x − hv)) / 2h, or its Richardson extrapolation.
  @inlinable static func difference<S: RealScalar>(
    at x: [S], along v: [S], method: Method, _ f: ([S]) -> [S]
  ) -> [S] {
    // Scale the step to the largest coordinate that moves, and divide by the direction's size,
    // so that along a unit vector eᵢ the step is exactly step(at: xᵢ).
    let vMax = v.reduce(S(0)) { Swift.max($0, $1.magnitude) }
    if vMax == 0 { return f(x).map { _ in 0 } }
    let xMax = x.indices.reduce(S(0)) { v[$1] == 0 ? $0 : Swift.max($0, x[$1].magnitude) }
    let h = step(at: xMax, method: method) / vMax
    func central(_ h: S) -> [S] {
      let plus = f(zip(x, v).map { $0 + h * $1 })
      let minus = f(zip(x, v).map { $0 - h * $1 })
      requireSameOutputCount(plus.count, minus.count, "FiniteDifference")
      return zip(plus, minus).map { ($0 - $1) / (2 * h) }
    }
    switch method {
    case .central:
      return central(h)
    case .richardson:
      let coarse = central(h)
      let fine = central(h / 2)
      return zip(fine, coarse).map { (4 * $0 - $1) / 3 }
    }
  }

  /// f'(x) of f: ℝ → ℝ by finite differences.
  @inlinable public static func derivative<S: RealScalar>(
    at x: S, method: Method = .central, of f: some ScalarToScalar
  ) -> S {
    derivative(at: x, method: method) { f($0) }
  }

  /// f'(x) of a closure ℝ → ℝ by finite differences.
  @inlinable public static func derivative<S: RealScalar>(
    at x: S, method: Method = .central, of f: (S) -> S
  ) -> S {
    difference(at: [x], along: [1], method: method) { [f($0[0])] }[0]
  }

  /// ∇f(x) of f: ℝⁿ → ℝ by finite differences: one difference per input.
  /// - Complexity: 2n evaluations of f (4n with Richardson).
  @inlinable public static func gradient<S: RealScalar>(
    at x: [S], method: Method = .central, of f: some VectorToScalar
  ) -> [S] {
    gradient(at: x, method: method) { f($0) }
  }

  /// ∇f(x) of a closure ℝⁿ → ℝ by finite differences.
  @inlinable public static func gradient<S: RealScalar>(
    at x: [S], method: Method = .central, of f: ([S]) -> S
  ) -> [S] {
    jacobian(at: x, method: method) { [f($0)] }.elements
  }

  /// The Jacobian of f: ℝⁿ → ℝᵐ by finite differences (rows = outputs).
  /// - Complexity: 2n evaluations of f (4n with Richardson).
  @inlinable public static func jacobian<S: RealScalar>(
    at x: [S], method: Method = .central, of f: some VectorToVector
  ) -> Matrix<S> {
    jacobian(at: x, method: method) { f($0) }
  }

  /// The Jacobian of a closure ℝⁿ → ℝᵐ by finite differences (rows = outputs).
  @inlinable public static func jacobian<S: RealScalar>(
    at x: [S], method: Method = .central, of f: ([S]) -> [S]
  ) -> Matrix<S> {
    requireInputs(x, "FiniteDifference.jacobian")
    let n = x.count
    var e = [S](repeating: 0, count: n)
    var columns: [[S]] = []
    for i in 0..<n {
      e[i] = 1
      columns.append(difference(at: x, along: e, method: method, f))
      e[i] = 0
      requireSameOutputCount(columns[i].count, columns[0].count, "FiniteDifference.jacobian")
    }
    return Matrix(columns).transposed
  }

  /// The directional derivative J(x)·v of f: ℝⁿ → ℝᵐ by one finite difference.
  @inlinable public static func directionalDerivative<S: RealScalar>(
    at x: [S], direction: [S], method: Method = .central, of f: some VectorToVector
  ) -> [S] {
    Forward.checkDirection(direction, x, "FiniteDifference.directionalDerivative")
    return difference(at: x, along: direction, method: method) { f($0) }
  }
}

extension BinaryFloatingPoint {
  @inlinable var cubeRoot: Self { Self(libmPow(Double(self), 1.0 / 3.0)) }
  @inlinable var fifthRoot: Self { Self(libmPow(Double(self), 0.2)) }
}
