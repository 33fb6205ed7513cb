/// A function ℝ → ℝ written once for every engine (the rank-2 pattern).
///
/// Swift has no generic closures, so a function that must run under `Double`, ``Dual``,
/// ``Tracked`` and their nestings is a type with a generic `callAsFunction`:
///
/// ```swift
/// struct Cube: ScalarToScalar {
///   func callAsFunction<T: Differentiable>(_ x: T) -> T { x * x * x }
/// }
/// Forward.derivative(at: 2.0, of: Cube())   // 12
/// ```
public protocol ScalarToScalar {
  /// Evaluates the function with any engine's scalar.
  func callAsFunction<T: Differentiable>(_ x: T) -> T
}

/// A function ℝⁿ → ℝ written once for every engine (the rank-2 pattern).
///
/// ```swift
/// struct Rosenbrock: VectorToScalar {
///   func callAsFunction<T: Differentiable>(_ x: [T]) -> T {
///     var s: T = 0
///     for i in 0..<(x.count - 1) {
///       let a = 1 - x[i], b = x[i + 1] - x[i] * x[i]
///       s += a * a + 100 * b * b
///     }
///     return s
///   }
/// }
/// Reverse.gradient(at: [1.2, 1.0], of: Rosenbrock())
/// ```
public protocol VectorToScalar {
  /// Evaluates the function with any engine's scalar.
  func callAsFunction<T: Differentiable>(_ x: [T]) -> T
}

/// A function ℝⁿ → ℝᵐ written once for every engine (the rank-2 pattern).
///
/// The output length m must not depend on the input values; the drivers check that it stays
/// the same across evaluations.
public protocol VectorToVector {
  /// Evaluates the function with any engine's scalar.
  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T]
}

// MARK: One function, every shape

extension VectorToVector {
  /// Output `i` of this function, as a function ℝⁿ → ℝ for the gradient and Hessian drivers.
  ///
  /// One `[T] -> [T]` function serves every driver:
  ///
  /// ```swift
  /// struct Model: VectorToVector {
  ///   func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] { [x[0] * x[1], sin(x[0])] }
  /// }
  /// let m = Model()
  /// Reverse.jacobian(at: [1.0, 2.0], of: m)              // ℝⁿ → ℝᵐ
  /// Reverse.gradient(at: [1.0, 2.0], of: m.output(0))    // ℝⁿ → ℝ
  /// Forward.derivative(at: 1.0, of: m.scalar())          // ℝ → ℝ
  /// ```
  /// - Parameter i: the output's index; it must exist when the function is evaluated.
  @inlinable public func output(_ i: Int) -> OutputOf<Self> { OutputOf(function: self, index: i) }

  /// This function as ℝ → ℝ: the input is `[x]` and the result is output `i`.
  /// - Parameter i: the output's index, 0 by default.
  @inlinable public func scalar(output i: Int = 0) -> ScalarOf<Self> {
    ScalarOf(function: self, index: i)
  }
}

/// One output of a ``VectorToVector`` function, as a ``VectorToScalar`` (see
/// ``VectorToVector/output(_:)``).
public struct OutputOf<F: VectorToVector>: VectorToScalar {
  /// The whole function.
  public let function: F
  /// The output taken.
  public let index: Int

  @inlinable init(function: F, index: Int) {
    self.function = function
    self.index = index
  }

  /// Output ``index`` of ``function`` at x.
  @inlinable public func callAsFunction<T: Differentiable>(_ x: [T]) -> T {
    let y = function(x)
    require(
      y.indices.contains(index),
      "output(\(index)): the function returned \(y.count) outputs; pick an index below"
        + " \(y.count).")
    return y[index]
  }
}

/// A ``VectorToVector`` function of one input and one output taken as a ``ScalarToScalar``
/// (see ``VectorToVector/scalar(output:)``).
public struct ScalarOf<F: VectorToVector>: ScalarToScalar {
  /// The whole function.
  public let function: F
  /// The output taken.
  public let index: Int

  @inlinable init(function: F, index: Int) {
    self.function = function
    self.index = index
  }

  /// Output ``index`` of ``function`` at `[x]`.
  @inlinable public func callAsFunction<T: Differentiable>(_ x: T) -> T {
    OutputOf(function: function, index: index)([x])
  }
}
