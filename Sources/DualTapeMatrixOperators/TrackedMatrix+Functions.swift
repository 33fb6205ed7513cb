// The elementwise functions of `TrackedMatrix` (`exp(m)`, `sqrt(m)`, ...): one tape node each.
// They live in this module for the reason given in Matrix+Functions.swift.

import DualTape

/// eˣ elementwise (one node; adjoint x̄ = z̄ ⊙ eˣ).
@inlinable public func exp<S>(_ x: TrackedMatrix<S>) -> TrackedMatrix<S> { x.unary(.exp) }
/// Natural logarithm elementwise (adjoint x̄ = z̄ / x).
@inlinable public func log<S>(_ x: TrackedMatrix<S>) -> TrackedMatrix<S> { x.unary(.log) }
/// Square root elementwise (adjoint x̄ = z̄ / (2√x)).
@inlinable public func sqrt<S>(_ x: TrackedMatrix<S>) -> TrackedMatrix<S> { x.unary(.sqrt) }
/// Sine elementwise.
@inlinable public func sin<S>(_ x: TrackedMatrix<S>) -> TrackedMatrix<S> { x.unary(.sin) }
/// Cosine elementwise.
@inlinable public func cos<S>(_ x: TrackedMatrix<S>) -> TrackedMatrix<S> { x.unary(.cos) }
/// Hyperbolic tangent elementwise (adjoint x̄ = z̄ ⊙ (1 − z²)).
@inlinable public func tanh<S>(_ x: TrackedMatrix<S>) -> TrackedMatrix<S> { x.unary(.tanh) }
/// Absolute value elementwise (derivative 0 at 0).
@inlinable public func abs<S>(_ x: TrackedMatrix<S>) -> TrackedMatrix<S> { x.unary(.abs) }
/// The logistic function elementwise (adjoint x̄ = z̄ ⊙ z(1 − z)).
@inlinable public func sigmoid<S>(_ x: TrackedMatrix<S>) -> TrackedMatrix<S> {
  x.unary(.sigmoid)
}
/// log(1 + eˣ) elementwise, stably (adjoint x̄ = z̄ ⊙ sigmoid x).
@inlinable public func softplus<S>(_ x: TrackedMatrix<S>) -> TrackedMatrix<S> {
  x.unary(.softplus)
}
/// max(x, 0) elementwise (derivative 0 at x ≤ 0).
@inlinable public func relu<S>(_ x: TrackedMatrix<S>) -> TrackedMatrix<S> { x.unary(.relu) }
/// xⁿ elementwise for an integer n (adjoint x̄ = z̄ ⊙ n xⁿ⁻¹).
@inlinable public func pow<S>(_ x: TrackedMatrix<S>, n: Int) -> TrackedMatrix<S> {
  x.unary(.powInt, parameter: S(n))
}
