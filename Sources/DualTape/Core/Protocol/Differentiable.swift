/// A scalar that every DualTape engine can compute with.
///
/// Write a function once, generically over `Differentiable`, and run it with plain `Double`
/// (the primal), with ``Dual`` or ``DualVector`` (forward mode), with ``Tracked`` (reverse mode)
/// or with any nesting of them (higher derivatives).
///
/// ```swift
/// func rosenbrock<T: Differentiable>(_ x: T, _ y: T) -> T {
///   (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x)
/// }
/// ```
///
/// The protocol is deliberately small. A conformer (an engine) implements the arithmetic
/// (`SignedNumeric`'s `+`, `-`, `*` and `negate()`, which `Double` and `Float` already
/// satisfy, and ``DifferentiableArithmetic``'s `/`) and the three `apply` methods, which apply
/// a rule (``UnaryRule``, ``BinaryRule``, ``VectorRule``: a value plus its partials) with this
/// engine's chain rule.
/// Every elementary function (`exp`, `sin`, `atan2`, `tan`, `hypot`, `sigmoid`, `max`,
/// integer powers, ...) has a default that applies its rule from the table ``Rules``, so each
/// derivative is written once and every engine, and a user's own rule, goes the same way.
/// `Double` and `Float` override the functions with the C library's.
///
/// Why `SignedNumeric` rather than operators of DualTape's own: Swift's type checker weighs
/// every visible declaration named `*` at every `*` in a file, also in code that never uses
/// DualTape. `SignedNumeric`'s operators are already in every file, and because `Int`
/// satisfies them an integer literal in `2 * x` matches them, which keeps generic formulas
/// fast. The engines implement them under other names with `@_implements` (a compiler
/// attribute the standard library uses itself), so they add no declaration named `*` either:
/// see ``DifferentiableArithmetic`` for the whole design and what each declaration cost
/// (`Tests/TypeCheckCorpus` and `Tests/ImportCostCorpus` guard both sides).
///
/// Comparison operators compare *primal values*: `Dual(1, tangent: 5) < Dual(2, tangent: 0)`.
/// A branch therefore follows the primal, and the derivative is the derivative of the branch
/// taken (the usual AD semantics: piecewise functions are differentiated piecewise).
///
/// Like swift-numerics' `ElementaryFunctions`, this protocol does not refine `FloatingPoint`:
/// a dual number is not a floating-point number (it has no ulp, no rounding mode).
public protocol Differentiable: SignedNumeric, DifferentiableArithmetic, Comparable,
  ExpressibleByFloatLiteral, CustomStringConvertible
{
  /// A constant: the value `value`, with zero derivative in every engine.
  init(_ value: Double)
  /// A constant from an integer: `T(i)`, with zero derivative. `Double` and `Float` satisfy it
  /// with their own initialiser, the engines with the default for `_EngineScalar` types: a
  /// requirement, not an extension of every conformer, so that `Double(i)` in plain code weighs
  /// no extra initialiser (an extension's `init(_: Int)` visible on `Double` cost `grid` of
  /// Tests/ImportCostCorpus 48k more solver scopes, 10%).
  init(_ value: Int)

  // MARK: Rules (each engine implements these three)

  /// `rule` applied to `x`: the value f(x) and, for an engine, the derivative f′(x) chained
  /// onto x's. Call it as `rule(x)`.
  static func apply<R: UnaryRule>(_ rule: R, _ x: Self) -> Self
  /// `rule` applied to `(x, y)`, chaining both partials. Call it as `rule(x, y)`.
  static func apply<R: BinaryRule>(_ rule: R, _ x: Self, _ y: Self) -> Self
  /// `rule` applied to a vector, chaining every partial. Call it as `rule(xs)`.
  static func apply<R: VectorRule>(_ rule: R, _ x: [Self]) -> Self

  // MARK: Elementary functions (defaults apply the rule table; overridable)

  /// eˣ. Derivative: eˣ.
  static func exp(_ x: Self) -> Self
  /// eˣ − 1, accurate near 0. Derivative: eˣ.
  static func expMinusOne(_ x: Self) -> Self
  /// Natural logarithm. Derivative: 1/x. `log(0) = -inf`, `log(x < 0) = NaN`.
  static func log(_ x: Self) -> Self
  /// log(1 + x), accurate near 0. Derivative: 1/(1 + x).
  static func log(onePlus x: Self) -> Self
  /// Square root. Derivative: 1/(2√x), `+inf` at 0.
  static func sqrt(_ x: Self) -> Self
  /// xʸ. Derivatives: `∂x = y·xʸ⁻¹`, `∂y = xʸ·log x`, with `∂y = 0` where `x == 0`
  /// (as in PyTorch and JAX). For a negative base and integer `y` the value is real and `∂y`
  /// is NaN (xʸ is not differentiable in `y` there). For integer exponents prefer
  /// ``pow(_:n:)``, which is exact for negative bases.
  static func pow(_ x: Self, _ y: Self) -> Self
  /// Sine. Derivative: cos x.
  static func sin(_ x: Self) -> Self
  /// Cosine. Derivative: −sin x.
  static func cos(_ x: Self) -> Self
  /// The angle of the point (x, y), in (−π, π]. Derivatives: `∂y = x/(x²+y²)`,
  /// `∂x = −y/(x²+y²)`.
  static func atan2(y: Self, x: Self) -> Self
  /// Hyperbolic tangent. Derivative: 1 − tanh²x.
  static func tanh(_ x: Self) -> Self
  /// Absolute value. Derivative: sign(x), taken as **0 at x = 0** (the minimum-norm
  /// subgradient, as in PyTorch).
  static func abs(_ x: Self) -> Self

  /// Tangent. Derivative 1 + tan²x.
  static func tan(_ x: Self) -> Self
  /// Arcsine. Derivative 1/√(1 − x²), +∞ at ±1.
  static func asin(_ x: Self) -> Self
  /// Arccosine. Derivative −1/√(1 − x²), −∞ at ±1.
  static func acos(_ x: Self) -> Self
  /// Arctangent. Derivative 1/(1 + x²).
  static func atan(_ x: Self) -> Self
  /// Hyperbolic sine (finite wherever the C library's is). Derivative cosh x.
  static func sinh(_ x: Self) -> Self
  /// Hyperbolic cosine (finite wherever the C library's is). Derivative sinh x.
  static func cosh(_ x: Self) -> Self
  /// √(x² + y²) without undue overflow; `hypot(±∞, NaN) = +∞` as in C. Partials x/h, y/h,
  /// 0 at the origin.
  static func hypot(_ x: Self, _ y: Self) -> Self
  /// The logistic function 1/(1 + e⁻ˣ), stable for large |x|.
  static func sigmoid(_ x: Self) -> Self
  /// log(1 + eˣ), stable for large |x|. Derivative: sigmoid(x).
  static func softplus(_ x: Self) -> Self
  /// max(x, 0). Derivative: 1 for x > 0, **0 for x ≤ 0** (PyTorch and JAX).
  static func relu(_ x: Self) -> Self
  /// The smaller of two values; NaN if either is NaN. At a tie the derivative is split ½/½
  /// (as JAX does).
  static func min(_ x: Self, _ y: Self) -> Self
  /// The larger of two values; NaN if either is NaN. At a tie the derivative is split ½/½.
  static func max(_ x: Self, _ y: Self) -> Self
  /// xⁿ for an integer n by repeated squaring: exact for negative bases, `x⁰ = 1`.
  /// Derivative n·xⁿ⁻¹.
  static func pow(_ x: Self, n: Int) -> Self
  /// sign(x): −1, 0 or 1 (0 at ±0, NaN at NaN). Derivative 0.
  static func sign(_ x: Self) -> Self
  /// a·b + c, as the product and the sum (partials b, a and 1): what ``fma(_:_:_:)`` calls.
  /// The default is `a * b + c`; the reverse engine records it as one fused node.
  static func multiplyAdd(_ a: Self, _ b: Self, _ c: Self) -> Self

  /// Whether the primal value is exactly zero (for a symbolic expression: whether it is the
  /// constant 0). Rules use it to pick a partial's limit, as ``Rules/Pow`` does at x = 0.
  /// The default compares with 0.
  var hasZeroValue: Bool { get }

  /// Whether the primal value is NaN (for a symbolic expression: whether it is the constant
  /// NaN). The default is `self != self`.
  var hasNaNValue: Bool { get }

  /// Whether this is exactly zero *including every derivative it carries* (a zero tangent of
  /// a `Dual` whose own tangent is nonzero is not exactly zero; neither is a recorded value).
  ///
  /// Engines use it to drop a term `partial · tangent` whose tangent is exactly zero, so that a
  /// NaN or infinite partial of one argument cannot leak into the derivative with respect to
  /// another. The default, `false`, is always safe.
  var isExactlyZero: Bool { get }
}

extension Differentiable {
  /// `false`: never claims to be zero (safe for any conformer).
  @inlinable public var isExactlyZero: Bool { false }
  /// `self == 0`.
  @inlinable public var hasZeroValue: Bool { self == 0 }
  /// `self != self`.
  @inlinable public var hasNaNValue: Bool { self != self }

  /// The constant `source` if a `Double` represents it exactly (`SignedNumeric`'s
  /// requirement), otherwise `nil`.
  @inlinable public init?<Source: BinaryInteger>(exactly source: Source) {
    guard let value = Double(exactly: source) else { return nil }
    self.init(value)
  }

  /// |x| (`SignedNumeric`'s requirement), with the derivative of ``abs(_:)``: sign(x), 0 at 0.
  @inlinable public var magnitude: Self { Self.abs(self) }

  /// `lhs = lhs + rhs` (`AdditiveArithmetic`'s requirement), forced inline: with the standard
  /// library's default instead, a reverse-mode Rosenbrock gradient took 416 instructions per
  /// term instead of 391 (callgrind).
  @_implements(AdditiveArithmetic,+=(_:_:))
  @inlinable @inline(__always) public static func _addAssign(_ lhs: inout Self, _ rhs: Self) {
    lhs = lhs + rhs
  }
  /// `lhs = lhs - rhs`, forced inline.
  @_implements(AdditiveArithmetic,-=(_:_:))
  @inlinable @inline(__always) public static func _subtractAssign(_ lhs: inout Self, _ rhs: Self) {
    lhs = lhs - rhs
  }
  /// `lhs = lhs * rhs` (`Numeric`'s requirement). Named `_multiplyAssign`, like the two above,
  /// so that it adds no operator `*=` to the files that import DualTape (see
  /// ``DifferentiableArithmetic``).
  @_implements(Numeric,*=(_:_:))
  @inlinable @inline(__always) public static func _multiplyAssign(_ lhs: inout Self, _ rhs: Self) {
    lhs = lhs * rhs
  }
}

/// The engines' scalars (``Dual``, ``DualVector``, ``Tracked``, ``Expr``), as opposed to the
/// plain numbers `Double` and `Float`: defaults here are invisible to plain code's name lookup
/// (`Double(i)` in a file that imports DualTape sees only `Double`'s initialisers). Not a
/// protocol to conform to outside DualTape.
public protocol _EngineScalar {}

extension Differentiable where Self: _EngineScalar {
  /// A constant from an integer: `T(i)` with zero derivative (``Differentiable``'s requirement).
  @_disfavoredOverload @inlinable public init(_ value: Int) { self.init(Double(value)) }
}

extension DualNumber: _EngineScalar {}
extension DualLanes: _EngineScalar {}
extension Tracked: _EngineScalar {}
// The extensions' scalars (Expr, the sparsity tracers, the code generator's terms) conform in
// their own folders: the core refers to no extension.
