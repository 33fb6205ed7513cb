/// What the two sparsity tracers share: a primal `Double` that literals set and comparisons
/// compare, so a traced function branches exactly as it does at the detection point.
@usableFromInline
protocol PrimalTracer: Differentiable {
  /// The primal value at the detection point.
  var value: Double { get }
  /// A constant.
  init(_ value: Double)
}

extension PrimalTracer {
  @inlinable init(integerLiteral value: Int) { self.init(Double(value)) }
  @inlinable init(floatLiteral value: Double) { self.init(value) }

  // All four orderings are spelled out: Comparable's defaults would be true at NaN.
  @inlinable static func == (lhs: Self, rhs: Self) -> Bool { lhs.value == rhs.value }
  @inlinable static func < (lhs: Self, rhs: Self) -> Bool { lhs.value < rhs.value }
  @inlinable static func <= (lhs: Self, rhs: Self) -> Bool { lhs.value <= rhs.value }
  @inlinable static func > (lhs: Self, rhs: Self) -> Bool { lhs.value > rhs.value }
  @inlinable static func >= (lhs: Self, rhs: Self) -> Bool { lhs.value >= rhs.value }
}
