// Forward scalars without the 0 · ∞ guard, for the drivers of rank-2 functions.
//
// The edge policy drops a term partial · tangent whose factor is exactly zero (see
// `chainTerm`); `Dual` and `DualVector` pay one NaN test per rule application for it. A
// function given as a rank-2 type (`VectorToScalar`, `VectorToVector`) is generic, so the
// drivers can run it first with these scalars, which multiply plainly, and run it again with
// the guarded ones only if an output tangent comes out NaN. The first run is then exact:
//
// - Values are computed the same way in both (the guard touches tangents only), so every
//   comparison, branch and loop goes the same way.
// - Each tangent lane of each intermediate is the same in both runs or NaN in the plain run:
//   inputs agree; an operation whose input lanes agree gives the same lane unless the plain
//   product is NaN (the guard changes nothing else); and a NaN input lane makes the plain
//   lane NaN, since every tangent is a sum of products with it (IEEE: NaN · 0 = NaN + x =
//   NaN). A value whose tangent is dropped (`withoutDerivative`, a branch not taken) is
//   dropped, lanes and all, in both runs alike.
// - So an output lane that is not NaN in the plain run is the guarded one. The drivers check
//   every lane (also unseeded ones, which the guarded run's lane mask reads too) and re-run
//   with `Dual` / `DualVector` otherwise, so a rank-2 function may be evaluated twice at an
//   edge point. Closures are typed for one scalar and always run guarded, once.

/// A dual number whose rules multiply tangents plainly (0 · ∞ = NaN): ``Dual`` without the
/// edge guard, for the rank-2 forward drivers' first run (see the top of this file). It nests
/// (`UnguardedDual<UnguardedDual<Double>>`, forward-over-forward Hessians): the argument above
/// holds at each level, every component being a sum of plain products.
@frozen @usableFromInline
struct UnguardedDual<S: Differentiable>: Differentiable, _PrimalOrdered {
  @usableFromInline var value: S
  @usableFromInline var tangent: S

  @inlinable init(_ value: S, tangent: S) {
    self.value = value
    self.tangent = tangent
  }
  @inlinable init(_ value: Double) { self.init(S(value), tangent: 0) }
  @inlinable init(integerLiteral value: Int) { self.init(Double(value)) }
  @inlinable init(floatLiteral value: Double) { self.init(value) }

  @usableFromInline var description: String { "Dual(\(value), tangent: \(tangent))" }

  @inlinable var isExactlyZero: Bool { value.isExactlyZero && tangent.isExactlyZero }

  @_implements(AdditiveArithmetic,+(_:_:))

  @inlinable static func _sum(_ lhs: Self, _ rhs: Self) -> Self {
    Self(lhs.value + rhs.value, tangent: lhs.tangent + rhs.tangent)
  }
  @_implements(AdditiveArithmetic,-(_:_:))
  @inlinable static func _difference(_ lhs: Self, _ rhs: Self) -> Self {
    Self(lhs.value - rhs.value, tangent: lhs.tangent - rhs.tangent)
  }
  @inlinable mutating func negate() {
    self = Self(-self.value, tangent: -self.tangent)
  }
  @_implements(Numeric,*(_:_:))
  @inlinable static func _product(_ lhs: Self, _ rhs: Self) -> Self {
    apply(Rules.Multiply(), lhs, rhs)
  }
  @_implements(DifferentiableArithmetic,/(_:_:))
  @inlinable static func _quotient(_ lhs: Self, _ rhs: Self) -> Self {
    apply(Rules.Divide(), lhs, rhs)
  }

  @inlinable static func apply<R: UnaryRule>(_ rule: R, _ x: Self) -> Self {
    let y = S.apply(rule, x.value)
    return Self(y, tangent: rule.derivative(at: x.value, value: y) * x.tangent)
  }
  @inlinable static func apply<R: BinaryRule>(_ rule: R, _ x: Self, _ y: Self) -> Self {
    let z = S.apply(rule, x.value, y.value)
    let px = rule.firstPartial(x.value, y.value, value: z)
    let py = rule.secondPartial(x.value, y.value, value: z)
    return Self(z, tangent: px * x.tangent + py * y.tangent)
  }
  @inlinable static func apply<R: VectorRule>(_ rule: R, _ x: [Self]) -> Self {
    let values = x.map(\.value)
    let z = S.apply(rule, values)
    var tangent: S = 0
    let gradient = rule.checkedGradient(at: values, value: z)
    for (xi, gi) in zip(x, gradient) { tangent += gi * xi.tangent }
    return Self(z, tangent: tangent)
  }
}

extension UnguardedDual: Detachable {
  @inlinable var detached: Self { Self(withoutDerivative(at: value), tangent: 0) }
}

/// ``DualVector`` without the edge guard: every lane multiplied plainly (see the top of this
/// file).
@frozen @usableFromInline
struct UnguardedDualVector<Partials: SIMD>: Differentiable, _PrimalOrdered
where Partials.Scalar: RealScalar {
  @usableFromInline typealias Scalar = Partials.Scalar
  @usableFromInline var value: Scalar
  @usableFromInline var partials: Partials

  @inlinable init(_ value: Scalar, partials: Partials) {
    self.value = value
    self.partials = partials
  }
  @inlinable init(constant value: Scalar) { self.init(value, partials: Partials()) }
  @inlinable init(_ value: Double) { self.init(constant: Scalar(value)) }
  @inlinable init(integerLiteral value: Int) { self.init(constant: Scalar(value)) }
  @inlinable init(floatLiteral value: Double) { self.init(constant: Scalar(value)) }

  @usableFromInline var description: String {
    DualVector(value, partials: partials).description
  }

  @inlinable var isExactlyZero: Bool { value == 0 && partials == Partials() }

  @_implements(AdditiveArithmetic,+(_:_:))

  @inlinable @inline(__always) static func _sum(_ lhs: Self, _ rhs: Self) -> Self {
    Self(lhs.value + rhs.value, partials: lhs.partials + rhs.partials)
  }
  @_implements(AdditiveArithmetic,-(_:_:))
  @inlinable @inline(__always) static func _difference(_ lhs: Self, _ rhs: Self) -> Self {
    Self(lhs.value - rhs.value, partials: lhs.partials - rhs.partials)
  }
  @inlinable @inline(__always) mutating func negate() {
    self = Self(-self.value, partials: -self.partials)
  }
  @_implements(Numeric,*(_:_:))
  @inlinable @inline(__always) static func _product(_ lhs: Self, _ rhs: Self) -> Self {
    apply(Rules.Multiply(), lhs, rhs)
  }
  @_implements(DifferentiableArithmetic,/(_:_:))
  @inlinable @inline(__always) static func _quotient(_ lhs: Self, _ rhs: Self) -> Self {
    apply(Rules.Divide(), lhs, rhs)
  }

  @inlinable @inline(__always)
  static func apply<R: UnaryRule>(_ rule: R, _ x: Self) -> Self {
    let y = rule.value(x.value)
    return Self(y, partials: x.partials * rule.derivative(at: x.value, value: y))
  }
  @inlinable @inline(__always)
  static func apply<R: BinaryRule>(_ rule: R, _ x: Self, _ y: Self) -> Self {
    let z = rule.value(x.value, y.value)
    let px = rule.firstPartial(x.value, y.value, value: z)
    let py = rule.secondPartial(x.value, y.value, value: z)
    return Self(z, partials: x.partials * px + y.partials * py)
  }
  @inlinable static func apply<R: VectorRule>(_ rule: R, _ x: [Self]) -> Self {
    let values = x.map(\.value)
    let z = rule.value(values)
    var partials = Partials()
    let gradient = rule.checkedGradient(at: values, value: z)
    for (xi, gi) in zip(x, gradient) { partials += xi.partials * gi }
    return Self(z, partials: partials)
  }
}

extension UnguardedDualVector: Detachable {
  @inlinable var detached: Self { Self(constant: value) }
}

/// The chunk-mode scalars the forward Jacobian drivers run: ``DualVector`` and
/// ``UnguardedDualVector``, one value and `Partials.scalarCount` tangent lanes.
@usableFromInline
protocol ChunkLanes: Differentiable {
  associatedtype Partials: SIMD where Partials.Scalar: RealScalar
  init(constant value: Partials.Scalar)
  var value: Partials.Scalar { get }
  var partials: Partials { get set }
  /// Whether a tangent lane of NaN may stand for one the guarded scalar computes differently,
  /// so that the pass must be run again with ``DualVector``.
  static var mayNeedGuardedRun: Bool { get }
}

extension DualVector: ChunkLanes {
  @inlinable static var mayNeedGuardedRun: Bool { false }
}

extension UnguardedDualVector: ChunkLanes {
  @inlinable static var mayNeedGuardedRun: Bool { true }
}

/// A one-tangent forward scalar over a machine number: ``Dual`` and ``UnguardedDual``, for the
/// Hessian–vector product, which runs either under ``Tracked``.
@usableFromInline
protocol DualScalar: Differentiable {
  associatedtype Scalar: RealScalar
  var value: Scalar { get }
  var tangent: Scalar { get }
}

extension Dual: DualScalar where T: RealScalar {
  @usableFromInline typealias Scalar = T
}

extension UnguardedDual: DualScalar where S: RealScalar {
  @usableFromInline typealias Scalar = S
}
