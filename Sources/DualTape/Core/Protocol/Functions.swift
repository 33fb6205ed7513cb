// Free functions, so generic code reads like ordinary maths: `exp(x)` rather than `T.exp(x)`.
// For `Double` and `Float` arguments the C library's concrete overloads are preferred by Swift's
// overload ranking, so importing DualTape changes nothing for plain numeric code.
// `sqrt` (and `floor`, `ceil`, `round` in Functions+Special.swift) are disfavoured: with
// Foundation imported, the C library offers only a generic `sqrt<T: FloatingPoint>` for `Float`,
// and `sqrt(x)` of a `Float` was ambiguous between it and this one (found by
// Tests/ImportCostCorpus). Disfavoured, these still serve every DualTape scalar (nothing else
// fits one) and cost the formulas of Tests/TypeCheckCorpus nothing measurable.

/// eˣ. See ``Differentiable/exp(_:)``.
@inlinable @inline(__always) public func exp<T: Differentiable>(_ x: T) -> T { T.exp(x) }
/// eˣ − 1, accurate near 0.
@inlinable @inline(__always) public func expm1<T: Differentiable>(_ x: T) -> T { T.expMinusOne(x) }
/// Natural logarithm.
@inlinable @inline(__always) public func log<T: Differentiable>(_ x: T) -> T { T.log(x) }
/// log(1 + x), accurate near 0.
@inlinable @inline(__always) public func log1p<T: Differentiable>(_ x: T) -> T { T.log(onePlus: x) }
/// log(1 + x), accurate near 0 (swift-numerics spelling).
@inlinable @inline(__always) public func log<T: Differentiable>(onePlus x: T) -> T {
  T.log(onePlus: x)
}
/// Square root.
@_disfavoredOverload @inlinable @inline(__always) public func sqrt<T: Differentiable>(_ x: T) -> T {
  T.sqrt(x)
}
/// xʸ. See ``Differentiable/pow(_:_:)`` for the derivative at x = 0 and x < 0.
@inlinable @inline(__always) public func pow<T: Differentiable>(_ x: T, _ y: T) -> T { T.pow(x, y) }
/// xⁿ for an integer n, exact for negative bases.
@inlinable @inline(__always) public func pow<T: Differentiable>(_ x: T, n: Int) -> T {
  T.pow(x, n: n)
}
/// Sine.
@inlinable @inline(__always) public func sin<T: Differentiable>(_ x: T) -> T { T.sin(x) }
/// Cosine.
@inlinable @inline(__always) public func cos<T: Differentiable>(_ x: T) -> T { T.cos(x) }
/// Tangent.
@inlinable @inline(__always) public func tan<T: Differentiable>(_ x: T) -> T { T.tan(x) }
/// Arcsine.
@inlinable @inline(__always) public func asin<T: Differentiable>(_ x: T) -> T { T.asin(x) }
/// Arccosine.
@inlinable @inline(__always) public func acos<T: Differentiable>(_ x: T) -> T { T.acos(x) }
/// Arctangent.
@inlinable @inline(__always) public func atan<T: Differentiable>(_ x: T) -> T { T.atan(x) }
/// The angle of the point (x, y).
@inlinable @inline(__always) public func atan2<T: Differentiable>(y: T, x: T) -> T {
  T.atan2(y: y, x: x)
}
/// Hyperbolic sine.
@inlinable @inline(__always) public func sinh<T: Differentiable>(_ x: T) -> T { T.sinh(x) }
/// Hyperbolic cosine.
@inlinable @inline(__always) public func cosh<T: Differentiable>(_ x: T) -> T { T.cosh(x) }
/// Hyperbolic tangent.
@inlinable @inline(__always) public func tanh<T: Differentiable>(_ x: T) -> T { T.tanh(x) }
/// Absolute value; derivative 0 at 0.
@inlinable @inline(__always) public func abs<T: Differentiable>(_ x: T) -> T { T.abs(x) }
/// √(x² + y²) without undue overflow.
@inlinable @inline(__always) public func hypot<T: Differentiable>(_ x: T, _ y: T) -> T {
  T.hypot(x, y)
}
/// The logistic function 1/(1 + e⁻ˣ).
@inlinable @inline(__always) public func sigmoid<T: Differentiable>(_ x: T) -> T { T.sigmoid(x) }
/// log(1 + eˣ).
@inlinable @inline(__always) public func softplus<T: Differentiable>(_ x: T) -> T { T.softplus(x) }
/// max(x, 0); derivative 0 at 0.
@inlinable @inline(__always) public func relu<T: Differentiable>(_ x: T) -> T { T.relu(x) }
/// The smaller value; a tie splits the derivative ½/½. NaN propagates.
@inlinable public func min<T: Differentiable>(_ x: T, _ y: T) -> T { T.min(x, y) }
/// The larger value; a tie splits the derivative ½/½. NaN propagates.
@inlinable public func max<T: Differentiable>(_ x: T, _ y: T) -> T { T.max(x, y) }

// MARK: min and max next to the standard library's

// `max(x, 0)` in generic code resolved to the standard library's `max<T: Comparable>` (a literal
// argument makes the solver favour it), which has no ½/½ tie rule; and `max(a, b)` on two
// `Double`s resolved to the generic overload above (more specialised than `Comparable`), which
// changed plain Double code at a tie of infinities. Two fixes that add no work for the solver
// (measured: extra literal-typed overloads cost a 6-term line with min and max 6 s):
// - `min`/`max<T: Comparable>` with the standard library's exact signature shadow its own
//   (a declaration in an importing module hides one with the same signature in the module it
//   imports); they apply DualTape's rule to DualTape's scalars and the standard library's to
//   every other type, plain `Double` and `Float` included;
// - concrete `Double`/`Float` overloads forward to the standard library, so
//   `max(Double.infinity, .infinity) == .infinity` with `import DualTape` as without.
// Both dispatches are on the static type and fold away once the call is specialised.

/// The smaller value: DualTape's rule (a tie splits the derivative ½/½) for DualTape's engine
/// scalars, the standard library's `min` for every other `Comparable` type.
@inlinable public func min<T: Comparable>(_ x: T, _ y: T) -> T {
  if !(x is any RealScalar), let d = x as? any Differentiable, let r = tieMin(d, y) as? T {
    return r
  }
  return Swift.min(x, y)
}

/// The larger value: DualTape's rule (a tie splits the derivative ½/½) for DualTape's engine
/// scalars, the standard library's `max` for every other `Comparable` type.
@inlinable public func max<T: Comparable>(_ x: T, _ y: T) -> T {
  if !(x is any RealScalar), let d = x as? any Differentiable, let r = tieMax(d, y) as? T {
    return r
  }
  return Swift.max(x, y)
}

@inlinable func tieMin<D: Differentiable>(_ x: D, _ y: Any) -> D? {
  guard let y = y as? D else { return nil }
  return D.min(x, y)
}

@inlinable func tieMax<D: Differentiable>(_ x: D, _ y: Any) -> D? {
  guard let y = y as? D else { return nil }
  return D.max(x, y)
}

/// The standard library's `min` for plain `Double`s (IEEE semantics, unchanged by DualTape).
@inlinable public func min(_ x: Double, _ y: Double) -> Double { Swift.min(x, y) }
/// The standard library's `max` for plain `Double`s (IEEE semantics, unchanged by DualTape).
@inlinable public func max(_ x: Double, _ y: Double) -> Double { Swift.max(x, y) }
/// The standard library's `min` for plain `Float`s (IEEE semantics, unchanged by DualTape).
@inlinable public func min(_ x: Float, _ y: Float) -> Float { Swift.min(x, y) }
/// The standard library's `max` for plain `Float`s (IEEE semantics, unchanged by DualTape).
@inlinable public func max(_ x: Float, _ y: Float) -> Float { Swift.max(x, y) }
