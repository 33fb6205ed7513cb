/// The scalar that detects a Jacobian's sparsity pattern by operator overloading.
///
/// Each value carries its primal (so comparisons, and therefore branches, follow the point
/// the pattern is detected at) and the set of inputs it depends on. Every operation's result
/// depends on the union of its operands' sets, whatever the operation: the pattern is
/// *structural* (an entry that happens to vanish at this point, like cos at π/2, is kept).
/// Output i's set is row i of the Jacobian pattern.
///
/// Branches: a comparison compares primals, so only the branch taken at the point is traced.
/// The pattern holds at every point that takes the same branches; re-detect elsewhere.
@usableFromInline
struct JacobianTracer: PrimalTracer {
  /// The primal value at the detection point.
  @usableFromInline var value: Double
  /// The inputs this value depends on.
  @usableFromInline var inputs: InputIndexSet

  @inlinable init(_ value: Double, inputs: InputIndexSet) {
    self.value = value
    self.inputs = inputs
  }

  /// A constant: depends on no input.
  @inlinable init(_ value: Double) { self.init(value, inputs: InputIndexSet()) }

  @usableFromInline var description: String {
    "JacobianTracer(\(value), inputs: \(inputs.indices))"
  }

  /// A constant zero (a value that depends on an input is never exactly zero).
  @inlinable var isExactlyZero: Bool { inputs.isEmpty && value == 0 }

  @inlinable static func unary(_ value: Double, _ x: Self) -> Self { Self(value, inputs: x.inputs) }
  @inlinable static func binary(_ value: Double, _ a: Self, _ b: Self) -> Self {
    Self(value, inputs: .union(a.inputs, b.inputs))
  }

  @_implements(AdditiveArithmetic,+(_:_:))

  @inlinable static func _sum(_ lhs: Self, _ rhs: Self) -> Self {
    binary(lhs.value + rhs.value, lhs, rhs)
  }
  @_implements(AdditiveArithmetic,-(_:_:))
  @inlinable static func _difference(_ lhs: Self, _ rhs: Self) -> Self {
    binary(lhs.value - rhs.value, lhs, rhs)
  }
  @_implements(Numeric,*(_:_:))
  @inlinable static func _product(_ lhs: Self, _ rhs: Self) -> Self {
    binary(lhs.value * rhs.value, lhs, rhs)
  }
  @_implements(DifferentiableArithmetic,/(_:_:))
  @inlinable static func _quotient(_ lhs: Self, _ rhs: Self) -> Self {
    binary(lhs.value / rhs.value, lhs, rhs)
  }
  @inlinable mutating func negate() { self = Self.unary(-self.value, self) }
}
