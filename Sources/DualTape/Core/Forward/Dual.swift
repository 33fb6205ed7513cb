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
/// evaluating with it gives second derivatives. To nest `derivative` calls, lift the inner
/// point one level and the outer variable into it with ``DualNumber/init(constant:)``: each
/// level is then a different type and the inner driver reads its own level's tangent only.
/// ForwardDiff.jl's test `D(x -> x * D(y -> x + y, 1), 1) == 1` holds:
///
/// ```swift
/// let d = Forward.derivative(at: 1.0) { (x: Dual<Double>) in
///   x * Forward.derivative(at: Dual(constant: 1.0)) { y in Dual(constant: x) + y }
/// }   // d == 1
/// ```
///
/// Written without the lift (`Forward.derivative(at: 1.0) { y in x + y }`), Swift infers `y`
/// to be `Dual<Double>`, the outer variable's own type, and both perturbations would share one
/// tangent. A nested call detects this (it runs its function a second time with a zero seed:
/// any tangent left came from a captured outer dual) and stops with a message showing the
/// lifted spelling, rather than returning 2.
///
/// ## The edge policy
/// `Dual<T>` is ``DualNumber`` with the policy ``EdgeGuard``: the dual number under the edge
/// policy's guard. The drivers' internal first run of a rank-2 function uses the same type
/// with a plain-multiplying policy (see ``EdgePolicy``).
public typealias Dual<T: Differentiable> = DualNumber<T, EdgeGuard>

/// A dual number `value + tangent·ε` whose rules chain tangents under the edge policy
/// `Edges`; ``Dual`` is the one to use (`DualNumber<T, EdgeGuard>`).
@frozen
public struct DualNumber<T: Differentiable, Edges: EdgePolicy>: Differentiable, _PrimalOrdered {
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

  /// `Dual(value, tangent: …)` (`UnguardedDual(…)` under the plain policy).
  public var description: String { "\(Edges.namePrefix)Dual(\(value), tangent: \(tangent))" }

  /// Zero value and zero tangent, all the way down.
  @inlinable public var isExactlyZero: Bool { value.isExactlyZero && tangent.isExactlyZero }

  // MARK: Arithmetic and rules: value f(x), tangent Σ ∂f/∂xᵢ · dxᵢ from the rule table, each
  // term chained under the policy `Edges`
  // The operators are the protocols' requirements under other names (`@_implements`), so that
  // DualTape adds no operator to the files that import it (see DifferentiableArithmetic).

  // Sum, difference and negation are linear: their tangent map is the operation itself.
  @_implements(AdditiveArithmetic,+(_:_:))
  @inlinable public static func _sum(_ lhs: Self, _ rhs: Self) -> Self {
    Self(lhs.value + rhs.value, tangent: lhs.tangent + rhs.tangent)
  }
  @_implements(AdditiveArithmetic,-(_:_:))
  @inlinable public static func _difference(_ lhs: Self, _ rhs: Self) -> Self {
    Self(lhs.value - rhs.value, tangent: lhs.tangent - rhs.tangent)
  }
  @inlinable public mutating func negate() {
    self = Self(-self.value, tangent: -self.tangent)
  }
  @_implements(Numeric,*(_:_:))
  @inlinable public static func _product(_ lhs: Self, _ rhs: Self) -> Self {
    apply(Rules.Multiply(), lhs, rhs)
  }
  @_implements(DifferentiableArithmetic,/(_:_:))
  @inlinable public static func _quotient(_ lhs: Self, _ rhs: Self) -> Self {
    apply(Rules.Divide(), lhs, rhs)
  }

  /// f(x) with tangent f′(x)·dx; under ``EdgeGuard`` the derivative is not evaluated when dx
  /// is exactly zero.
  @inlinable public static func apply<R: UnaryRule>(_ rule: R, _ x: Self) -> Self {
    let y = T.apply(rule, x.value)
    return Self(y, tangent: Edges.chain(rule.derivative(at: x.value, value: y), x.tangent))
  }
  /// f(x, y) with tangent ∂f/∂x·dx + ∂f/∂y·dy. Both partials are evaluated (as the product
  /// rule must); the zero guards run only if the sum is NaN, so the common path pays one test.
  @inlinable public static func apply<R: BinaryRule>(_ rule: R, _ x: Self, _ y: Self) -> Self {
    let z = T.apply(rule, x.value, y.value)
    let px = rule.firstPartial(x.value, y.value, value: z)
    let py = rule.secondPartial(x.value, y.value, value: z)
    let tangent = px * x.tangent + py * y.tangent
    if !Edges.guardsEdges || !tangent.hasNaNValue { return Self(z, tangent: tangent) }
    return Self(z, tangent: Edges.chain(px, x.tangent) + Edges.chain(py, y.tangent))
  }
  /// f(x) with tangent Σ ∂f/∂xᵢ·dxᵢ.
  @inlinable public static func apply<R: VectorRule>(_ rule: R, _ x: [Self]) -> Self {
    let values = x.map(\.value)
    let z = T.apply(rule, values)
    let gradient = rule.checkedGradient(at: values, value: z)
    var tangent: T = 0
    for (xi, gi) in zip(x, gradient) { tangent += Edges.chain(gi, xi.tangent) }
    return Self(z, tangent: tangent)
  }
}
