// The sparsity tracers under the rule table. A rule's output depends on all of its operands'
// inputs, except min and max, which (like the branch they are) depend only on the operand chosen
// at the detection point (both at a tie, where the derivative is split ½/½). For Hessians, a
// rule whose second derivative vanishes wherever it exists (abs, relu, sign, floor, ceil, round,
// min, max) only passes its operands' interactions on; every other rule makes all of its
// operands' inputs interact.

/// The operands a binary rule depends on at these primal values: `(first, second)`.
@inlinable func tracedOperands<R: BinaryRule>(_ rule: R, _ x: Double, _ y: Double) -> (Bool, Bool) {
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
    switch tracedOperands(rule, x.value, y.value) {
    case (true, false): return unary(value, x)
    case (false, true): return unary(value, y)
    default: return binary(value, x, y)
    }
  }
  @inlinable static func apply<R: VectorRule>(_ rule: R, _ x: [Self]) -> Self {
    var inputs = InputIndexSet()
    for xi in x { inputs = .union(inputs, xi.inputs) }
    return Self(rule.value(x.map(\.value)), inputs: inputs)
  }
}

extension HessianTracer {
  /// Whether the primitive is piecewise linear (its second derivative is zero where it exists).
  @inlinable static func isPiecewiseLinear(_ p: Primitive) -> Bool {
    switch p {
    case .abs, .relu, .sign, .floor, .ceil, .round, .min, .max: true
    default: false
    }
  }

  @inlinable static func apply<R: UnaryRule>(_ rule: R, _ x: Self) -> Self {
    let v = rule.value(x.value)
    return isPiecewiseLinear(rule.primitive) ? linear(v, x) : nonlinear(v, x)
  }
  @inlinable static func apply<R: BinaryRule>(_ rule: R, _ x: Self, _ y: Self) -> Self {
    let v = rule.value(x.value, y.value)
    switch tracedOperands(rule, x.value, y.value) {
    case (true, false): return linear(v, x)
    case (false, true): return linear(v, y)
    default:
      if isPiecewiseLinear(rule.primitive) {
        return combine(v, x, y, adding: InputIndexSet(), InputIndexSet())
      }
      return nonlinear(v, x, y)
    }
  }
  @inlinable static func apply<R: VectorRule>(_ rule: R, _ x: [Self]) -> Self {
    // Fold the operands into one value whose interactions join all of theirs, then add the
    // cross product of all their inputs.
    var joined = Self(0)
    for xi in x { joined = combine(0, joined, xi, adding: InputIndexSet(), InputIndexSet()) }
    return nonlinear(rule.value(x.map(\.value)), joined)
  }
}
