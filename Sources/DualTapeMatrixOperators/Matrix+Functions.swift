// The elementwise functions of `Matrix` (`exp(m)`, `sqrt(m)`, ...): the scalar functions of
// `Differentiable` applied to every element, so they carry derivatives in every engine. They
// live in this module with the matrix operators for the same reason: each overload of `exp`,
// `sqrt`, `log`, ... that DualTape declared was weighed by Swift's solver at every call of that
// name in every file that imports DualTape, scalar formulas included (the generic formula of
// Tests/TypeCheckCorpus/GenericFormulas.swift `issue18Formula` took 248k solver scopes with the
// Matrix and TrackedMatrix overloads, and failed to type-check with Foundation imported).

import DualTape

/// eˣ elementwise.
@inlinable public func exp<T: Differentiable>(_ x: Matrix<T>) -> Matrix<T> { x.map { T.exp($0) } }
/// Natural logarithm elementwise.
@inlinable public func log<T: Differentiable>(_ x: Matrix<T>) -> Matrix<T> { x.map { T.log($0) } }
/// Square root elementwise.
@inlinable public func sqrt<T: Differentiable>(_ x: Matrix<T>) -> Matrix<T> {
  x.map { T.sqrt($0) }
}
/// Sine elementwise.
@inlinable public func sin<T: Differentiable>(_ x: Matrix<T>) -> Matrix<T> { x.map { T.sin($0) } }
/// Cosine elementwise.
@inlinable public func cos<T: Differentiable>(_ x: Matrix<T>) -> Matrix<T> { x.map { T.cos($0) } }
/// Hyperbolic tangent elementwise.
@inlinable public func tanh<T: Differentiable>(_ x: Matrix<T>) -> Matrix<T> {
  x.map { T.tanh($0) }
}
/// Absolute value elementwise.
@inlinable public func abs<T: Differentiable>(_ x: Matrix<T>) -> Matrix<T> { x.map { T.abs($0) } }
/// The logistic function 1/(1 + e⁻ˣ) elementwise (stable for large |x|).
@inlinable public func sigmoid<T: Differentiable>(_ x: Matrix<T>) -> Matrix<T> {
  x.map { T.sigmoid($0) }
}
/// log(1 + eˣ) elementwise (stable).
@inlinable public func softplus<T: Differentiable>(_ x: Matrix<T>) -> Matrix<T> {
  x.map { T.softplus($0) }
}
/// max(x, 0) elementwise.
@inlinable public func relu<T: Differentiable>(_ x: Matrix<T>) -> Matrix<T> {
  x.map { T.relu($0) }
}
/// xⁿ elementwise, for an integer n.
@inlinable public func pow<T: Differentiable>(_ x: Matrix<T>, n: Int) -> Matrix<T> {
  x.map { T.pow($0, n: n) }
}
