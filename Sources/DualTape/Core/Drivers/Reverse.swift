/// Reverse-mode drivers: derivatives by recording a Wengert list and sweeping it backwards.
///
/// One recording of f: ℝⁿ → ℝᵐ plus one reverse sweep gives a vector–Jacobian product uᵀJ,
/// so a whole gradient (m = 1) costs a small constant multiple of f, whatever n is. A Jacobian
/// records once and sweeps m times. Reverse mode therefore wins when m is small relative to n.
///
/// Each call takes a tape from a pool and gives it back, so storage is allocated once and
/// reused, and concurrent calls on different threads each use their own tape.
public enum Reverse {}

extension Reverse {
  // MARK: ℝ → ℝ

  /// f'(x) of f: ℝ → ℝ by one recording and one sweep.
  @inlinable public static func derivative<T: Differentiable>(
    at x: T, of f: some ScalarToScalar
  ) -> T {
    valueWithDerivative(at: x) { f($0) }.derivative
  }

  /// f'(x) of a closure over ``Tracked`` numbers.
  @inlinable public static func derivative<T: Differentiable>(
    at x: T, of f: (Tracked<T>) -> Tracked<T>
  ) -> T {
    valueWithDerivative(at: x, of: f).derivative
  }

  /// f(x) and f'(x) of f: ℝ → ℝ by one recording and one sweep.
  @inlinable public static func valueWithDerivative<T: Differentiable>(
    at x: T, of f: some ScalarToScalar
  ) -> (value: T, derivative: T) {
    valueWithDerivative(at: x) { f($0) }
  }

  /// f(x) and f'(x) of a closure over ``Tracked`` numbers.
  @inlinable public static func valueWithDerivative<T: Differentiable>(
    at x: T, of f: (Tracked<T>) -> Tracked<T>
  ) -> (value: T, derivative: T) {
    record([x]) { tape, xs in
      let y = f(xs[0])
      let index = outputIndex(y, tape, "Reverse.derivative")
      return (y.value, pullback(tape, inputCount: 1, outputs: [index], seeds: [1])[0])
    }
  }

  // MARK: ℝⁿ → ℝ

  /// The gradient ∇f(x) of f: ℝⁿ → ℝ by one recording and one reverse sweep.
  ///
  /// ```swift
  /// Reverse.gradient(at: [1.2, 1.0], of: Rosenbrock())
  /// ```
  /// - Parameters:
  ///   - x: the point, n ≥ 1 values.
  ///   - f: the function, written generically.
  /// - Complexity: one evaluation of f with ``Tracked`` numbers plus one sweep of its tape:
  ///   O(operations), independent of n.
  @inlinable public static func gradient<S: RealScalar>(
    at x: [S], of f: some VectorToScalar
  ) -> [S] {
    valueWithGradient(at: x) { f($0) }.gradient
  }

  /// The gradient of a closure over ``Tracked`` numbers.
  @inlinable public static func gradient<S: RealScalar>(
    at x: [S], of f: ([Tracked<S>]) -> Tracked<S>
  ) -> [S] {
    valueWithGradient(at: x, of: f).gradient
  }

  /// f(x) and ∇f(x) by one recording and one sweep.
  @inlinable public static func valueWithGradient<S: RealScalar>(
    at x: [S], of f: some VectorToScalar
  ) -> (value: S, gradient: [S]) {
    valueWithGradient(at: x) { f($0) }
  }

  /// f(x) and ∇f(x) of a closure over ``Tracked`` numbers.
  @inlinable public static func valueWithGradient<S: RealScalar>(
    at x: [S], of f: ([Tracked<S>]) -> Tracked<S>
  ) -> (value: S, gradient: [S]) {
    requireInputs(x, "Reverse.gradient")
    return record(x) { tape, xs in
      let y = f(xs)
      let index = outputIndex(y, tape, "Reverse.gradient")
      return (y.value, gradient(tape, inputCount: x.count, output: index))
    }
  }

  // MARK: ℝⁿ → ℝᵐ

  /// The vector–Jacobian product uᵀJ(x) of f: ℝⁿ → ℝᵐ by one recording and one sweep.
  ///
  /// - Parameters:
  ///   - x: the point, n ≥ 1 values.
  ///   - cotangent: u, one entry per output (m values).
  ///   - f: the function.
  /// - Returns: f(x) (m values) and uᵀJ (n values).
  @inlinable public static func vjp<S: RealScalar>(
    at x: [S], cotangent: [S], of f: some VectorToVector
  ) -> (value: [S], vjp: [S]) {
    vjp(at: x, cotangent: cotangent) { f($0) }
  }

  /// The vector–Jacobian product of a closure over ``Tracked`` numbers.
  @inlinable public static func vjp<S: RealScalar>(
    at x: [S], cotangent: [S], of f: ([Tracked<S>]) -> [Tracked<S>]
  ) -> (value: [S], vjp: [S]) {
    requireInputs(x, "Reverse.vjp")
    return record(x) { tape, xs in
      let y = f(xs)
      require(
        cotangent.count == y.count,
        "Reverse.vjp: the cotangent has \(cotangent.count) entries but the function has"
          + " \(y.count) outputs; pass one cotangent entry per output.")
      let outputs = y.map { outputIndex($0, tape, "Reverse.vjp") }
      return (
        y.map(\.value), pullback(tape, inputCount: x.count, outputs: outputs, seeds: cotangent)
      )
    }
  }

  /// The Jacobian of f: ℝⁿ → ℝᵐ: one recording, then one reverse sweep per output row.
  ///
  /// - Returns: an m × n matrix; row i is the gradient of output i.
  /// - Complexity: one evaluation of f with ``Tracked`` numbers plus m sweeps, each over the
  ///   nodes up to that output only, skipping nodes whose adjoint is zero (nodes that do not
  ///   lead to that output). Measured: 1.6–2.5x faster than plain sweeps on a banded map and
  ///   1.7x on a dense map (n = m = 256…1024). Where a partial is infinite, a skipped node
  ///   contributes an exact 0 rather than IEEE's 0 · ∞ = NaN.
  @inlinable public static func jacobian<S: RealScalar>(
    at x: [S], of f: some VectorToVector
  ) -> Matrix<S> {
    valueWithJacobian(at: x) { f($0) }.jacobian
  }

  /// The Jacobian of a closure over ``Tracked`` numbers.
  @inlinable public static func jacobian<S: RealScalar>(
    at x: [S], of f: ([Tracked<S>]) -> [Tracked<S>]
  ) -> Matrix<S> {
    valueWithJacobian(at: x, of: f).jacobian
  }

  /// f(x) and its Jacobian: one recording, m sweeps.
  @inlinable public static func valueWithJacobian<S: RealScalar>(
    at x: [S], of f: some VectorToVector
  ) -> (value: [S], jacobian: Matrix<S>) {
    valueWithJacobian(at: x) { f($0) }
  }

  /// f(x) and the Jacobian of a closure over ``Tracked`` numbers.
  @inlinable public static func valueWithJacobian<S: RealScalar>(
    at x: [S], of f: ([Tracked<S>]) -> [Tracked<S>]
  ) -> (value: [S], jacobian: Matrix<S>) {
    requireInputs(x, "Reverse.jacobian")
    let n = x.count
    return record(x) { tape, xs in
      let y = f(xs)
      var jacobian = [S](repeating: 0, count: y.count * n)
      for (row, output) in y.enumerated() {
        guard let top = outputIndex(output, tape, "Reverse.jacobian") else { continue }
        let adj = tape.pointee.zeroedAdjoints(through: Swift.max(top, n))
        adj[top] = 1
        tape.pointee.sweep(from: top, adjoints: adj)
        for i in 0..<n { jacobian[row * n + i] = adj[i + 1] }
      }
      return (y.map(\.value), Matrix(rows: y.count, columns: n, elements: jacobian))
    }
  }
}
