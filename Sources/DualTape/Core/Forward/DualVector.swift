/// A dual number carrying several tangents at once: forward mode's *chunk mode*.
///
/// `DualVector<SIMD8<Double>>` propagates the value and eight directional derivatives in one
/// evaluation, so a gradient of f: ℝⁿ → ℝ costs ⌈n / 8⌉ passes instead of n, and each pass
/// updates the eight tangents with SIMD instructions. This is ForwardDiff.jl's chunk mode;
/// the drivers pick the SIMD width from the input size (``Forward/defaultChunkSize(forInputCount:)``).
///
/// Every operation applies the same scalar derivative to all lanes:
/// `f(a + Σ bᵢεᵢ) = f(a) + f'(a) Σ bᵢεᵢ`.
///
/// - Note: the partials are plain machine numbers, so `DualVector` does not nest; use
///   ``Dual`` for higher derivatives.
///
/// `DualVector<Partials>` is ``DualLanes`` with the policy ``EdgeGuard`` (see ``EdgePolicy``).
public typealias DualVector<Partials: SIMD> = DualLanes<Partials, EdgeGuard>
where Partials.Scalar: RealScalar

/// A dual number with `Partials.scalarCount` tangent lanes whose rules chain them under the
/// edge policy `Edges`; ``DualVector`` is the one to use (`DualLanes<Partials, EdgeGuard>`).
@frozen
public struct DualLanes<Partials: SIMD, Edges: EdgePolicy>: Differentiable, _PrimalOrdered
where Partials.Scalar: RealScalar {
  /// The scalar type of the value and of each tangent.
  public typealias Scalar = Partials.Scalar

  /// The primal value.
  public var value: Scalar
  /// The tangents, one per lane (lane k is the derivative along the k-th seeded direction).
  public var partials: Partials

  /// A dual vector with the given value and tangents.
  @inlinable public init(_ value: Scalar, partials: Partials) {
    self.value = value
    self.partials = partials
  }

  /// A constant: `value` with every tangent zero.
  @inlinable public init(constant value: Scalar) {
    self.value = value
    self.partials = Partials()
  }

  @inlinable public init(_ value: Double) { self.init(constant: Scalar(value)) }
  @inlinable public init(integerLiteral value: Int) { self.init(constant: Scalar(value)) }
  @inlinable public init(floatLiteral value: Double) { self.init(constant: Scalar(value)) }

  /// `DualVector(value, partials: [...])` (`UnguardedDualVector(…)` under the plain policy).
  public var description: String {
    let lanes = (0..<Partials.scalarCount).map { "\(partials[$0])" }.joined(separator: ", ")
    return "\(Edges.namePrefix)DualVector(\(value), partials: [\(lanes)])"
  }

  /// Zero value and every tangent zero.
  @inlinable public var isExactlyZero: Bool { value == 0 && partials == Partials() }

  // MARK: Arithmetic and rules: one scalar partial from the rule table, applied to every lane
  // under the policy `Edges`
  // The operators are the protocols' requirements under other names (`@_implements`), so that
  // DualTape adds no operator to the files that import it (see DifferentiableArithmetic).

  // Sum, difference and negation are linear: their tangent map is the operation itself.
  @inlinable @inline(__always)
  @_implements(AdditiveArithmetic,+(_:_:))
  public static func _sum(_ lhs: Self, _ rhs: Self) -> Self {
    Self(lhs.value + rhs.value, partials: lhs.partials + rhs.partials)
  }
  @inlinable @inline(__always)
  @_implements(AdditiveArithmetic,-(_:_:))
  public static func _difference(_ lhs: Self, _ rhs: Self) -> Self {
    Self(lhs.value - rhs.value, partials: lhs.partials - rhs.partials)
  }
  @inlinable @inline(__always)
  public mutating func negate() {
    self = Self(-self.value, partials: -self.partials)
  }
  @inlinable @inline(__always)
  @_implements(Numeric,*(_:_:))
  public static func _product(_ lhs: Self, _ rhs: Self) -> Self {
    apply(Rules.Multiply(), lhs, rhs)
  }
  @inlinable @inline(__always)
  @_implements(DifferentiableArithmetic,/(_:_:))
  public static func _quotient(_ lhs: Self, _ rhs: Self) -> Self { apply(Rules.Divide(), lhs, rhs) }

  /// `tangents · partial`; under ``EdgeGuard`` with exactly 0 in the lanes whose tangent is
  /// exactly zero: a zero tangent contributes nothing even where the partial is infinite
  /// (0 · ∞ stays out).
  @inlinable @inline(__always)
  static func chain(_ partial: Scalar, _ tangents: Partials) -> Partials {
    if !Edges.guardsEdges { return tangents * partial }
    let zero = Partials()
    // An exactly zero partial contributes nothing, even to an infinite tangent (as `Dual`'s
    // `chainTerm` and the tape's sink).
    if partial == 0 { return zero }
    return (tangents * partial).replacing(with: zero, where: tangents .== zero)
  }

  /// Whether a plain product of tangents and partials may hold a 0 · ∞ lane: only if some lane
  /// is NaN, which one horizontal sum shows (a NaN lane makes the sum NaN). The masked form is
  /// computed only then: on the common path a rule costs a sum and one test, not a lane mask per
  /// operand (the mask, generic over the SIMD width, cost 2.6x at width 4 and 20x at width 8).
  /// Under the plain policy a product is taken as it comes: never.
  @inlinable @inline(__always)
  static func mayHoldZeroTimesInfinity(_ partials: Partials) -> Bool {
    Edges.guardsEdges && partials.sum().isNaN
  }

  /// f(x) with every lane's tangent times f′(x).
  @inlinable @inline(__always)
  public static func apply<R: UnaryRule>(_ rule: R, _ x: Self) -> Self {
    let y = rule.value(x.value)
    let d = rule.derivative(at: x.value, value: y)
    let plain = x.partials * d
    if !mayHoldZeroTimesInfinity(plain) { return Self(y, partials: plain) }
    return Self(y, partials: chain(d, x.partials))
  }
  /// f(x, y) with tangents ∂f/∂x·dx + ∂f/∂y·dy, lane by lane.
  @inlinable @inline(__always)
  public static func apply<R: BinaryRule>(_ rule: R, _ x: Self, _ y: Self) -> Self {
    let z = rule.value(x.value, y.value)
    let px = rule.firstPartial(x.value, y.value, value: z)
    let py = rule.secondPartial(x.value, y.value, value: z)
    let plain = x.partials * px + y.partials * py
    if !mayHoldZeroTimesInfinity(plain) { return Self(z, partials: plain) }
    return Self(z, partials: chain(px, x.partials) + chain(py, y.partials))
  }
  /// f(x) with tangents Σ ∂f/∂xᵢ·dxᵢ, lane by lane.
  @inlinable public static func apply<R: VectorRule>(_ rule: R, _ x: [Self]) -> Self {
    let values = x.map(\.value)
    let z = rule.value(values)
    let gradient = rule.checkedGradient(at: values, value: z)
    var partials = Partials()
    for (xi, gi) in zip(x, gradient) { partials += chain(gi, xi.partials) }
    return Self(z, partials: partials)
  }
}
