// The sparsity tracers under the rule table: a rule's value is evaluated on the primal, and its
// dependence pattern is that of a general function of its operands (every rule is taken as
// nonlinear, the conservative choice: a zero derivative such as floor's keeps its entries).
// min and max are the exception: like the branch they are, they depend on the operand chosen at
// the detection point only (both at a tie, where the derivative is split ½/½).

/// The operands a binary rule depends on at these primal values: `(first, second)`.
@inlinable func dependsOn<R: BinaryRule>(_ rule: R, _ x: Double, _ y: Double) -> (Bool, Bool) {
  switch rule.primitive {
  case .min: return x < y ? (true, false) : (y < x ? (false, true) : (true, true))
  case .max: return x > y ? (true, false) : (y > x ? (false, true) : (true, true))
  default: return (true, true)
  }
}

extension JacobianTracer {
  @inlinable static func apply<R: UnaryRule>(_ rule: R, _ x: Self) -> Self {
    unary(rule.value(x.value), x)
  }
  @inlinable static func apply<R: BinaryRule>(_ rule: R, _ x: Self, _ y: Self) -> Self {
    let value = rule.value(x.value, y.value)
    switch dependsOn(rule, x.value, y.value) {
    case (true, false): return unary(value, x)
    case (false, true): return unary(value, y)
    default: return binary(value, x, y)
    }
  }
  @inlinable static func apply<R: VectorRule>(_ rule: R, _ x: [Self]) -> Self {
    let value = rule.value(x.map(\.value))
    return x.dropFirst().reduce(unary(value, x.first ?? Self(0))) { binary(value, $0, $1) }
  }
}

extension HessianTracer {
  @inlinable static func apply<R: UnaryRule>(_ rule: R, _ x: Self) -> Self {
    nonlinear(rule.value(x.value), x)
  }
  @inlinable static func apply<R: BinaryRule>(_ rule: R, _ x: Self, _ y: Self) -> Self {
    let value = rule.value(x.value, y.value)
    switch dependsOn(rule, x.value, y.value) {
    case (true, false): return linear(value, x)
    case (false, true): return linear(value, y)
    // A tie of min or max is the average of the two, which is linear in them.
    case (true, true) where rule.primitive == .min || rule.primitive == .max:
      return combine(value, x, y, adding: InputIndexSet(), InputIndexSet())
    default: return nonlinear(value, x, y)
    }
  }
  @inlinable static func apply<R: VectorRule>(_ rule: R, _ x: [Self]) -> Self {
    let value = rule.value(x.map(\.value))
    return x.dropFirst().reduce(nonlinear(value, x.first ?? Self(0))) {
      nonlinear(value, $0, $1)
    }
  }
}
