/// What the two sparsity tracers share: a primal `Double` that literals set and comparisons
/// compare, so a traced function branches exactly as it does at the detection point; and a
/// constant of that value for `withoutDerivative(at:)`.
@usableFromInline
protocol PrimalTracer: Differentiable, Detachable, _PrimalOrdered {
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

}
