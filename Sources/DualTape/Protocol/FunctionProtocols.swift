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
