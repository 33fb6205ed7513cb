/// A dual number `value + tangent·ε` with `ε² = 0`: the forward engine's scalar.
///
/// Evaluating f at `Dual(x, tangent: v)` gives `Dual(f(x), tangent: f'(x)·v)`: the value and
/// the directional derivative in one pass, at a small constant multiple of the primal's cost.
/// `Dual` is a value type with two stored fields: no heap traffic, no reference counting.
///
/// ```swift
/// let y = sin(Dual(1.0, tangent: 1))   // y.value == sin(1), y.tangent == cos(1)
/// ```
///
/// ## Nesting and perturbation confusion
/// `Dual<Dual<Double>>` carries two independent perturbations ε₁ (inner) and ε₂ (outer), so
/// evaluating with it gives second derivatives. Perturbation confusion — mixing up the ε of an
/// inner `derivative` call with the ε of an outer one — cannot happen silently: each nesting
/// level is a different *type*, so an outer variable enters an inner derivative only by being
/// lifted explicitly with ``init(constant:)`` (zero tangent at the inner level), and the inner
/// driver reads the tangent of its own level only. Swift's type system plays the role of
/// ForwardDiff.jl's tags. ForwardDiff's test `D(x -> x * D(y -> x + y, 1), 1) == 1` holds:
///
/// ```swift
/// let d = Forward.derivative(at: 1.0) { (x: Dual<Double>) in
///   x * Forward.derivative(at: Dual(constant: 1.0)) { y in Dual(constant: x) + y }
/// }   // d == 1
/// ```
@frozen
public struct Dual<T: Differentiable>: Differentiable {
  /// The primal value.
  public var value: T
  /// The directional derivative carried along: df(x)·v for the seeded direction v.
  public var tangent: T

  /// A dual number with the given value and tangent.
  @inlinable public init(_ value: T, tangent: T) {
    self.value = value
    self.tangent = tangent
  }

  /// A constant at this nesting level: `value` with zero tangent.
  @inlinable public init(constant value: T) {
    self.value = value
    self.tangent = 0
  }

  /// A constant: `T(value)` with zero tangent.
  @inlinable public init(_ value: Double) { self.init(constant: T(value)) }
  @inlinable public init(integerLiteral value: Int) { self.init(constant: T(Double(value))) }
  @inlinable public init(floatLiteral value: Double) { self.init(constant: T(value)) }

  /// `Dual(value, tangent)`.
  public var description: String { "Dual(\(value), tangent: \(tangent))" }

  // Comparisons look at the primal value only: a branch follows the primal.
  // All four orderings are spelled out: Comparable's defaults (`<=` as `!(b < a)`) would be
  // true at NaN, unlike IEEE.
  @inlinable public static func == (lhs: Dual, rhs: Dual) -> Bool { lhs.value == rhs.value }
  @inlinable public static func < (lhs: Dual, rhs: Dual) -> Bool { lhs.value < rhs.value }
  @inlinable public static func <= (lhs: Dual, rhs: Dual) -> Bool { lhs.value <= rhs.value }
  @inlinable public static func > (lhs: Dual, rhs: Dual) -> Bool { lhs.value > rhs.value }
  @inlinable public static func >= (lhs: Dual, rhs: Dual) -> Bool { lhs.value >= rhs.value }

  /// Zero value and zero tangent, all the way down.
  @inlinable public var isExactlyZero: Bool { value.isExactlyZero && tangent.isExactlyZero }

  // MARK: Arithmetic (the product and quotient rules)

  @inlinable public static func + (lhs: Dual, rhs: Dual) -> Dual {
    Dual(lhs.value + rhs.value, tangent: lhs.tangent + rhs.tangent)
  }
  @inlinable public static func - (lhs: Dual, rhs: Dual) -> Dual {
    Dual(lhs.value - rhs.value, tangent: lhs.tangent - rhs.tangent)
  }
  @inlinable public static func * (lhs: Dual, rhs: Dual) -> Dual {
    Dual(lhs.value * rhs.value, tangent: lhs.tangent * rhs.value + lhs.value * rhs.tangent)
  }
  // d(a/b) = (da − (a/b)·db) / b: reuses the quotient instead of forming b². At b = 0 the
  // partials are infinite, so each term is formed only if its tangent is nonzero.
  @inlinable public static func / (lhs: Dual, rhs: Dual) -> Dual {
    let q = lhs.value / rhs.value
    let ta: T = lhs.tangent.isExactlyZero ? 0 : lhs.tangent / rhs.value
    let tb: T = rhs.tangent.isExactlyZero ? 0 : q * rhs.tangent / rhs.value
    return Dual(q, tangent: ta - tb)
  }

  /// `tangent / denominator`, or exactly 0 when the tangent is exactly zero: a zero tangent
  /// contributes nothing even where the local partial is infinite (sqrt and log at 0), so an
  /// infinite partial cannot turn another input's derivative into NaN.
  @inlinable @inline(__always)
  static func term(_ tangent: T, over denominator: T) -> T {
    tangent.isExactlyZero ? 0 : tangent / denominator
  }
  @inlinable public static prefix func - (operand: Dual) -> Dual {
    Dual(-operand.value, tangent: -operand.tangent)
  }

  // MARK: Primitive elementary functions: value f(x), tangent f'(x)·dx

  @inlinable public static func exp(_ x: Dual) -> Dual {
    let e = T.exp(x.value)
    return Dual(e, tangent: e * x.tangent)
  }
  @inlinable public static func expMinusOne(_ x: Dual) -> Dual {
    Dual(T.expMinusOne(x.value), tangent: T.exp(x.value) * x.tangent)
  }
  @inlinable public static func log(_ x: Dual) -> Dual {
    Dual(T.log(x.value), tangent: term(x.tangent, over: x.value))
  }
  @inlinable public static func log(onePlus x: Dual) -> Dual {
    Dual(T.log(onePlus: x.value), tangent: term(x.tangent, over: 1 + x.value))
  }
  @inlinable public static func sqrt(_ x: Dual) -> Dual {
    let r = T.sqrt(x.value)
    return Dual(r, tangent: term(x.tangent, over: 2 * r))
  }
  @inlinable public static func pow(_ x: Dual, _ y: Dual) -> Dual {
    let z = T.pow(x.value, y.value)
    let dx = y.value * T.pow(x.value, y.value - 1)
    // ∂y = xʸ·log x, taken as 0 at x = 0 (where log x = −∞ would give 0·∞ = NaN).
    let dy: T = x.value == 0 ? 0 : z * T.log(x.value)
    // ∂x is ∞ at x = 0 for y < 1 and ∂y is NaN for x < 0: a term whose tangent is exactly zero
    // is dropped, so such a partial cannot poison the derivative along the other argument.
    let tx: T = x.tangent.isExactlyZero ? 0 : dx * x.tangent
    let ty: T = y.tangent.isExactlyZero ? 0 : dy * y.tangent
    return Dual(z, tangent: tx + ty)
  }
  @inlinable public static func sin(_ x: Dual) -> Dual {
    Dual(T.sin(x.value), tangent: T.cos(x.value) * x.tangent)
  }
  @inlinable public static func cos(_ x: Dual) -> Dual {
    Dual(T.cos(x.value), tangent: -T.sin(x.value) * x.tangent)
  }
  @inlinable public static func atan2(y: Dual, x: Dual) -> Dual {
    let r2 = x.value * x.value + y.value * y.value
    return Dual(
      T.atan2(y: y.value, x: x.value),
      tangent: (y.tangent.isExactlyZero ? 0 : x.value * y.tangent / r2)
        - (x.tangent.isExactlyZero ? 0 : y.value * x.tangent / r2))
  }
  @inlinable public static func tanh(_ x: Dual) -> Dual {
    let t = T.tanh(x.value)
    return Dual(t, tangent: (1 - t * t) * x.tangent)
  }
  @inlinable public static func abs(_ x: Dual) -> Dual {
    // sign(x)·dx with sign(0) = 0; NaN keeps a NaN tangent.
    if x.value > 0 { return x }
    if x.value < 0 { return -x }
    if x.value == 0 { return Dual(T.abs(x.value), tangent: 0) }
    return Dual(x.value, tangent: x.value)
  }
}
