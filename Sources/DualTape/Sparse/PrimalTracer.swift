/// What the two sparsity tracers share: a primal `Double` that literals set and comparisons
/// compare, so a traced function branches exactly as it does at the detection point; and a
/// constant of that value for `withoutDerivative(at:)`.
@usableFromInline
protocol PrimalTracer: Differentiable, Detachable {
  /// The primal value at the detection point.
  var value: Double { get }
  /// A constant.
  init(_ value: Double)
}

extension PrimalTracer {
  @inlinable init(integerLiteral value: Int) { self.init(Double(value)) }
  @inlinable init(floatLiteral value: Double) { self.init(value) }

  /// The value as a constant, depending on no input and adding no interaction: what
  /// `withoutDerivative(at:)` means for a sparsity pattern (a detached value's derivative is 0).
  @inlinable var detached: Self { Self(value) }

  // All four orderings are spelled out: Comparable's defaults would be true at NaN.
  @inlinable @_implements(Equatable, ==(_:_:)) static func _isEqual(_ lhs: Self, _ rhs: Self) -> Bool { lhs.value == rhs.value }
  @inlinable @_implements(Comparable, <(_:_:)) static func _isLess(_ lhs: Self, _ rhs: Self) -> Bool { lhs.value < rhs.value }
  @inlinable @_implements(Comparable, <=(_:_:)) static func _isLessOrEqual(_ lhs: Self, _ rhs: Self) -> Bool { lhs.value <= rhs.value }
  @inlinable @_implements(Comparable, >(_:_:)) static func _isGreater(_ lhs: Self, _ rhs: Self) -> Bool { lhs.value > rhs.value }
  @inlinable @_implements(Comparable, >=(_:_:)) static func _isGreaterOrEqual(_ lhs: Self, _ rhs: Self) -> Bool { lhs.value >= rhs.value }
}
