// The rule protocols: a primitive is its value on plain numbers plus its local partials,
// written generically so that every engine (and every nesting of engines) consumes the same
// rule. Built-in primitives and a user's own functions conform alike.

/// A differentiable function of one variable, defined once by its value and its derivative.
///
/// Every engine consumes the rule through `apply(_:_:)` (a requirement of ``Differentiable``):
/// `Dual` multiplies the tangent by the derivative, `Tracked` records the derivative as the
/// node's partial, nestings get second derivatives by evaluating `derivative` with their own
/// scalar. So the derivative must be written generically, with the operations of
/// ``Differentiable``; the value is needed only for plain numbers.
///
/// ```swift
/// /// The Lambert W function (principal branch): the w with w·eʷ = x, for x ≥ −1/e.
/// struct LambertW: UnaryRule {
///   func value<S: RealScalar>(_ x: S) -> S {
///     var w = x < 1 ? x : S.log(x)            // a start that converges for x > −1/e
///     for _ in 0..<64 {
///       let e = S.exp(w)
///       let step = (w * e - x) / (e * (w + 1))   // Newton on w·eʷ − x
///       w -= step
///       if abs(step) <= 1e-15 * max(1, abs(w)) { break }
///     }
///     return w
///   }
///   func derivative<T: Differentiable>(at x: T, value w: T) -> T {
///     w / (x * (1 + w))                        // W' = W / (x (1 + W))
///   }
/// }
/// let lambertW = LambertW()
/// Forward.derivative(at: 1.0) { x in lambertW(x) }     // 0.3618...
/// ```
public protocol UnaryRule: Sendable {
  /// The function on plain numbers (`Double` or `Float`).
  func value<S: RealScalar>(_ x: S) -> S
  /// f′(x), given x and the value y = f(x), with any engine's scalar.
  func derivative<T: Differentiable>(at x: T, value y: T) -> T
  /// The name printed in Wengert lists; the type's name by default.
  var name: String { get }
  /// The shared operation this rule implements: ``Primitive/custom`` for a user's rule.
  var primitive: Primitive { get }
}

/// A differentiable function of two variables, defined once by its value and two partials.
///
/// ```swift
/// struct Hypot: BinaryRule {
///   func value<S: RealScalar>(_ x: S, _ y: S) -> S { (x * x + y * y).squareRoot() }
///   func firstPartial<T: Differentiable>(_ x: T, _ y: T, value z: T) -> T { x / z }
///   func secondPartial<T: Differentiable>(_ x: T, _ y: T, value z: T) -> T { y / z }
/// }
/// ```
/// An engine evaluates a partial only when its argument carries a derivative, and a term
/// whose tangent is exactly zero is dropped, so a partial that is infinite or NaN where the
/// other argument varies cannot poison the result.
public protocol BinaryRule: Sendable {
  /// The function on plain numbers.
  func value<S: RealScalar>(_ x: S, _ y: S) -> S
  /// ∂f/∂x at (x, y), given the value z = f(x, y).
  func firstPartial<T: Differentiable>(_ x: T, _ y: T, value z: T) -> T
  /// ∂f/∂y at (x, y), given the value z = f(x, y).
  func secondPartial<T: Differentiable>(_ x: T, _ y: T, value z: T) -> T
  /// The name printed in Wengert lists; the type's name by default.
  var name: String { get }
  /// The shared operation this rule implements: ``Primitive/custom`` for a user's rule.
  var primitive: Primitive { get }
}

/// A differentiable function of a small vector, defined once by its value and its gradient.
///
/// ```swift
/// struct LogSumExp: VectorRule {
///   func value<S: RealScalar>(_ x: [S]) -> S {
///     let m = x.max()!
///     return m + S.log(x.reduce(0) { $0 + S.exp($1 - m) })
///   }
///   func gradient<T: Differentiable>(at x: [T], value y: T) -> [T] { x.map { exp($0 - y) } }
/// }
/// ```
/// The reverse engine records it as `n − 1` linked nodes (O(n) tape), the forward engines
/// as one weighted sum of tangents.
public protocol VectorRule: Sendable {
  /// The function on plain numbers.
  func value<S: RealScalar>(_ x: [S]) -> S
  /// [∂f/∂x₀, …] at x, given the value y = f(x), with any engine's scalar.
  func gradient<T: Differentiable>(at x: [T], value y: T) -> [T]
  /// The name printed in messages; the type's name by default.
  var name: String { get }
}

extension UnaryRule {
  public var name: String { "\(Self.self)" }
  public var primitive: Primitive { .custom }
  /// Applies the rule with any engine's scalar: `lambertW(x)`.
  @inlinable public func callAsFunction<T: Differentiable>(_ x: T) -> T { T.apply(self, x) }
}

extension BinaryRule {
  public var name: String { "\(Self.self)" }
  public var primitive: Primitive { .custom }
  /// Applies the rule with any engine's scalar: `rule(x, y)`.
  @inlinable public func callAsFunction<T: Differentiable>(_ x: T, _ y: T) -> T {
    T.apply(self, x, y)
  }
}

extension VectorRule {
  public var name: String { "\(Self.self)" }
  /// Applies the rule with any engine's scalar: `rule([x, y, z])`.
  @inlinable public func callAsFunction<T: Differentiable>(_ x: [T]) -> T { T.apply(self, x) }

  /// ``gradient(at:value:)``, checked to hold one partial per argument. Every engine (the
  /// forward scalars, the tape, the replay) takes a vector rule's partials through here, so a
  /// gradient one entry short or long stops with a message instead of being cut to the
  /// shorter length (a wrong derivative) or read past its end (the replay).
  @inlinable func checkedGradient<T: Differentiable>(at x: [T], value y: T) -> [T] {
    let g = gradient(at: x, value: y)
    if _slowPath(g.count != x.count) { vectorRuleLengthFailure(name, x.count, g.count) }
    return g
  }
}

@usableFromInline @inline(never)
func vectorRuleLengthFailure(_ name: String, _ arguments: Int, _ partials: Int) -> Never {
  dualTapeFailure(
    "the vector rule \(name) was applied to \(arguments) arguments but its gradient(at:value:)"
      + " returned \(partials) partials. Return one partial ∂f/∂xᵢ per argument, in the"
      + " arguments' order (x.map { ... } keeps the length).")
}

/// `partial · tangent`, or exactly 0 when the tangent or the partial is exactly zero: the
/// forward engine's single guard against 0 · ∞ = NaN. A zero tangent takes no part of an
/// infinite or NaN partial, so such a partial along one input never turns the derivative along
/// another into NaN (`x0 + 1/(2*(1/x1))` at (1, 0) has ∂/∂x0 = 1); a zero partial takes no
/// part of an infinite tangent (`max(sqrt(x), x + 1)` at 0 has derivative 1), as the tape
/// routes a zero partial to its sink. Since 0 · ∞ is NaN, the zero tests run only when the
/// product is NaN: one compare on the common path (testing up front cost 7% of `Dual` `sin`).
///
/// For a nested scalar (`Dual<Dual<S>>`, `Tracked<DualVector<…>>`) the test looks at every
/// level: the product's value and each of its derivative parts drop their own 0 · ∞ terms
/// (``Rules/ChainProduct``), so a zero first derivative absorbs an infinite partial even when
/// its own derivative is not zero. That is what makes second derivatives follow the same
/// policy in forward-over-forward and forward-over-reverse.
@inlinable @inline(__always)
func chainTerm<T: Differentiable>(evaluated partial: T, _ tangent: T) -> T {
  let product = partial * tangent
  if !product.hasNaNValue { return product }
  return T.apply(Rules.ChainProduct(), partial, tangent)
}

extension Rules {
  /// x · y in the chain rule: a partial times a tangent, scale or adjoint, where an exactly
  /// zero factor absorbs the other (0 · ∞ = 0 · NaN = 0), the edge policy's one guard. Applied
  /// with a nested scalar it guards every level: the value is this product of the values, each
  /// derivative part the sum of such products (partials (y, x), chained with the same guard).
  @usableFromInline struct ChainProduct: BinaryRule {
    @inlinable init() {}
    @usableFromInline var primitive: Primitive { .multiply }
    @inlinable func value<S: RealScalar>(_ x: S, _ y: S) -> S {
      let p = x * y
      return p.isNaN && (x == 0 || y == 0) ? 0 : p
    }
    @inlinable func firstPartial<T: Differentiable>(_ x: T, _ y: T, value z: T) -> T { y }
    @inlinable func secondPartial<T: Differentiable>(_ x: T, _ y: T, value z: T) -> T { x }
  }
}
