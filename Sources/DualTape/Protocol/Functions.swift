// Free functions, so generic code reads like ordinary maths: `exp(x)` rather than `T.exp(x)`.
// For `Double` and `Float` arguments the C library's concrete overloads are preferred by Swift's
// overload ranking, so importing DualTape changes nothing for plain numeric code.

/// eˣ. See ``Differentiable/exp(_:)``.
@inlinable public func exp<T: Differentiable>(_ x: T) -> T { T.exp(x) }
/// eˣ − 1, accurate near 0.
@inlinable public func expm1<T: Differentiable>(_ x: T) -> T { T.expMinusOne(x) }
/// Natural logarithm.
@inlinable public func log<T: Differentiable>(_ x: T) -> T { T.log(x) }
/// log(1 + x), accurate near 0.
@inlinable public func log1p<T: Differentiable>(_ x: T) -> T { T.log(onePlus: x) }
/// log(1 + x), accurate near 0 (swift-numerics spelling).
@inlinable public func log<T: Differentiable>(onePlus x: T) -> T { T.log(onePlus: x) }
/// Square root.
@inlinable public func sqrt<T: Differentiable>(_ x: T) -> T { T.sqrt(x) }
/// xʸ. See ``Differentiable/pow(_:_:)`` for the derivative at x = 0 and x < 0.
@inlinable public func pow<T: Differentiable>(_ x: T, _ y: T) -> T { T.pow(x, y) }
/// xⁿ for an integer n, exact for negative bases.
@inlinable public func pow<T: Differentiable>(_ x: T, n: Int) -> T { T.pow(x, n: n) }
/// Sine.
@inlinable public func sin<T: Differentiable>(_ x: T) -> T { T.sin(x) }
/// Cosine.
@inlinable public func cos<T: Differentiable>(_ x: T) -> T { T.cos(x) }
/// Tangent.
@inlinable public func tan<T: Differentiable>(_ x: T) -> T { T.tan(x) }
/// Arcsine.
@inlinable public func asin<T: Differentiable>(_ x: T) -> T { T.asin(x) }
/// Arccosine.
@inlinable public func acos<T: Differentiable>(_ x: T) -> T { T.acos(x) }
/// Arctangent.
@inlinable public func atan<T: Differentiable>(_ x: T) -> T { T.atan(x) }
/// The angle of the point (x, y).
@inlinable public func atan2<T: Differentiable>(y: T, x: T) -> T { T.atan2(y: y, x: x) }
/// Hyperbolic sine.
@inlinable public func sinh<T: Differentiable>(_ x: T) -> T { T.sinh(x) }
/// Hyperbolic cosine.
@inlinable public func cosh<T: Differentiable>(_ x: T) -> T { T.cosh(x) }
/// Hyperbolic tangent.
@inlinable public func tanh<T: Differentiable>(_ x: T) -> T { T.tanh(x) }
/// Absolute value; derivative 0 at 0.
@inlinable public func abs<T: Differentiable>(_ x: T) -> T { T.abs(x) }
/// √(x² + y²) without undue overflow.
@inlinable public func hypot<T: Differentiable>(_ x: T, _ y: T) -> T { T.hypot(x, y) }
/// The logistic function 1/(1 + e⁻ˣ).
@inlinable public func sigmoid<T: Differentiable>(_ x: T) -> T { T.sigmoid(x) }
/// log(1 + eˣ).
@inlinable public func softplus<T: Differentiable>(_ x: T) -> T { T.softplus(x) }
/// max(x, 0); derivative 0 at 0.
@inlinable public func relu<T: Differentiable>(_ x: T) -> T { T.relu(x) }
/// The smaller value; a tie splits the derivative ½/½. NaN propagates.
@inlinable public func min<T: Differentiable>(_ x: T, _ y: T) -> T { T.min(x, y) }
/// The larger value; a tie splits the derivative ½/½. NaN propagates.
@inlinable public func max<T: Differentiable>(_ x: T, _ y: T) -> T { T.max(x, y) }

// MARK: min and max next to the standard library's

// Without the overloads below, `max(x, 0)` in generic code resolves to the standard library's
// `max<T: Comparable>` (a literal argument makes the solver favour it), which has no ½/½ tie
// rule, and `max(a, b)` on two `Double`s resolves to the generic overload above (more
// specialised than `Comparable`), which changes plain Double code at a tie of infinities. The
// literal-typed overloads are disfavoured, so they only steer the solver to DualTape's rule; the
// concrete `Double`/`Float` overloads forward to the standard library, so `import DualTape`
// leaves plain numeric code as it was (`max(Double.infinity, .infinity) == .infinity`).

/// The smaller value, with a literal on the right: `min(x, 1)`.
@_disfavoredOverload @inlinable
public func min<T: Differentiable>(_ x: T, _ y: T.IntegerLiteralType) -> T {
  T.min(x, T(integerLiteral: y))
}
/// The smaller value, with a literal on the left: `min(1, x)`.
@_disfavoredOverload @inlinable
public func min<T: Differentiable>(_ x: T.IntegerLiteralType, _ y: T) -> T {
  T.min(T(integerLiteral: x), y)
}
/// The smaller value, with a literal on the right: `min(x, 0.5)`.
@_disfavoredOverload @inlinable
public func min<T: Differentiable>(_ x: T, _ y: T.FloatLiteralType) -> T {
  T.min(x, T(floatLiteral: y))
}
/// The smaller value, with a literal on the left: `min(0.5, x)`.
@_disfavoredOverload @inlinable
public func min<T: Differentiable>(_ x: T.FloatLiteralType, _ y: T) -> T {
  T.min(T(floatLiteral: x), y)
}
/// The larger value, with a literal on the right: `max(x, 0)`.
@_disfavoredOverload @inlinable
public func max<T: Differentiable>(_ x: T, _ y: T.IntegerLiteralType) -> T {
  T.max(x, T(integerLiteral: y))
}
/// The larger value, with a literal on the left: `max(0, x)`.
@_disfavoredOverload @inlinable
public func max<T: Differentiable>(_ x: T.IntegerLiteralType, _ y: T) -> T {
  T.max(T(integerLiteral: x), y)
}
/// The larger value, with a literal on the right: `max(x, 0.5)`.
@_disfavoredOverload @inlinable
public func max<T: Differentiable>(_ x: T, _ y: T.FloatLiteralType) -> T {
  T.max(x, T(floatLiteral: y))
}
/// The larger value, with a literal on the left: `max(0.5, x)`.
@_disfavoredOverload @inlinable
public func max<T: Differentiable>(_ x: T.FloatLiteralType, _ y: T) -> T {
  T.max(T(floatLiteral: x), y)
}

/// The standard library's `min` for plain `Double`s (IEEE semantics, unchanged by DualTape).
@inlinable public func min(_ x: Double, _ y: Double) -> Double { Swift.min(x, y) }
/// The standard library's `max` for plain `Double`s (IEEE semantics, unchanged by DualTape).
@inlinable public func max(_ x: Double, _ y: Double) -> Double { Swift.max(x, y) }
/// The standard library's `min` for plain `Float`s (IEEE semantics, unchanged by DualTape).
@inlinable public func min(_ x: Float, _ y: Float) -> Float { Swift.min(x, y) }
/// The standard library's `max` for plain `Float`s (IEEE semantics, unchanged by DualTape).
@inlinable public func max(_ x: Float, _ y: Float) -> Float { Swift.max(x, y) }
