// Free functions for the special functions and the rest of the rule table: one generic
// overload each, so generic code reads `erf(x)`, `lgamma(x)`, `clamp(x, 0, 1)`. For plain
// `Double`/`Float` each gives exactly the C library's result (the rule's value is the C
// function), whichever of the two Swift picks.

/// The error function erf x = (2/√π)∫₀ˣ e^(−t²) dt. Derivative (2/√π)e^(−x²).
/// Edges: erf(±∞) = ±1 with derivative 0; NaN propagates.
@inlinable public func erf<T: Differentiable>(_ x: T) -> T { T.apply(Rules.Erf(), x) }

/// The complementary error function 1 − erf x, accurate where erf x is near 1.
/// Derivative −(2/√π)e^(−x²).
@inlinable public func erfc<T: Differentiable>(_ x: T) -> T { T.apply(Rules.Erfc(), x) }

/// log |Γ(x)|. Derivative ψ(x) (``digamma(_:)``); second derivative ψ′(x), and so on.
/// Edges: +∞ at the poles x = 0, −1, −2, … where the derivative is NaN.
@inlinable public func lgamma<T: Differentiable>(_ x: T) -> T { T.apply(Rules.LogGamma(), x) }

/// ψ⁽ⁿ⁾(x), the n-th derivative of digamma (n = 0 is digamma itself, n = 1 trigamma).
/// Computed by the recurrence ψ⁽ⁿ⁾(x) = ψ⁽ⁿ⁾(x + 1) − (−1)ⁿ n!/xⁿ⁺¹ up to x ≥ 15 and the
/// asymptotic series there (cost grows with 15 − x for small or negative x).
/// - Parameters:
///   - n: the order, n ≥ 0.
///   - x: the point; NaN at the poles 0, −1, −2, ….
@inlinable public func polygamma<T: Differentiable>(_ n: Int, _ x: T) -> T {
  T.apply(Rules.Polygamma(n), x)
}

/// log₂ x. Derivative 1/(x ln 2); log₂ 0 = −∞ (derivative +∞), NaN below 0.
@inlinable public func log2<T: Differentiable>(_ x: T) -> T { T.apply(Rules.Log2(), x) }

/// log₁₀ x. Derivative 1/(x ln 10); log₁₀ 0 = −∞ (derivative +∞), NaN below 0.
@inlinable public func log10<T: Differentiable>(_ x: T) -> T { T.apply(Rules.Log10(), x) }

/// 2ˣ. Derivative 2ˣ ln 2.
@inlinable public func exp2<T: Differentiable>(_ x: T) -> T { T.apply(Rules.Exp2(), x) }

/// The real cube root (∛−8 = −2). Derivative 1/(3∛x²): +∞ at 0.
@inlinable public func cbrt<T: Differentiable>(_ x: T) -> T { T.apply(Rules.Cbrt(), x) }

/// Inverse hyperbolic sine. Derivative 1/√(x² + 1).
@inlinable public func asinh<T: Differentiable>(_ x: T) -> T { T.apply(Rules.Asinh(), x) }

/// Inverse hyperbolic cosine, x ≥ 1 (NaN below). Derivative 1/√(x² − 1): +∞ at 1.
@inlinable public func acosh<T: Differentiable>(_ x: T) -> T { T.apply(Rules.Acosh(), x) }

/// Inverse hyperbolic tangent, |x| ≤ 1 (±∞ at ±1, NaN beyond). Derivative 1/(1 − x²):
/// +∞ at ±1.
@inlinable public func atanh<T: Differentiable>(_ x: T) -> T { T.apply(Rules.Atanh(), x) }

/// xᵖ for a constant real exponent: one operation with the single partial p·xᵖ⁻¹ (writing
/// `pow(x, T(p))` would also evaluate the exponent's partial xᵖ log x).
///
/// ```swift
/// Forward.derivative(at: 4.0) { x in pow(x, p: 1.5) }   // 3
/// ```
/// Edges: at x = 0 the derivative is +∞ for 0 < p < 1, 0 for p > 1; NaN for x < 0 and
/// non-integer p (as the value).
@inlinable public func pow<T: Differentiable>(_ x: T, p: Double) -> T {
  T.apply(Rules.RealPower(p), x)
}

/// The largest integer ≤ x. Derivative 0 everywhere (also at the jumps, as PyTorch and JAX).
@_disfavoredOverload @inlinable public func floor<T: Differentiable>(_ x: T) -> T {
  T.apply(Rules.Floor(), x)
}

/// The smallest integer ≥ x. Derivative 0 everywhere.
@_disfavoredOverload @inlinable public func ceil<T: Differentiable>(_ x: T) -> T {
  T.apply(Rules.Ceil(), x)
}

/// The nearest integer, halves away from zero (C's `round`). Derivative 0 everywhere.
@_disfavoredOverload @inlinable public func round<T: Differentiable>(_ x: T) -> T {
  T.apply(Rules.Round(), x)
}

/// −1, 0 or 1 by the sign of x (0 at ±0, NaN at NaN). Derivative 0 everywhere.
@inlinable public func sign<T: Differentiable>(_ x: T) -> T { T.sign(x) }

/// x limited to [lower, upper]: `min(max(x, lower), upper)`. Derivative 1 inside, 0 outside,
/// ½ at a bound that x equals (the tie rule of `max(_:_:)`), and the bounds get the rest.
/// With `lower > upper` the result is `upper` (as `min(max(x, lower), upper)`).
@inlinable public func clamp<T: Differentiable>(_ x: T, _ lower: T, _ upper: T) -> T {
  T.min(T.max(x, lower), upper)
}
