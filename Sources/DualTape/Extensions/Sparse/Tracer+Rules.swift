// The sparsity tracers under the rule table: every function, built-in or a user's, reaches
// them through `apply`, and what a rule does to the pattern comes from its primitive's row of
// the table (`Primitive.Linearity`), so no function is listed here. A rule's output depends
// on all of its operands' inputs, except a selection (min, max), which (like the branch it is)
// depends only on the operand chosen at the detection point (both at a tie, where the
// derivative is split ½/½). For Hessians, a linear, piecewise-linear or piecewise-constant
// rule (second derivative zero wherever it exists) only passes its operands' interactions on;
// every other rule, a user's included, makes all of its operands' inputs interact.

/// The operands a binary rule depends on at these primal values: `(first, second)`.
@inlinable func tracedOperands<R: BinaryRule>(_ rule: R, _ x: Double, _ y: Double) -> (Bool, Bool) {
  guard rule.primitive.linearity == .selection else { return (true, true) }
  // min picks the smaller operand, max the larger.
  let firstWins = rule.primitive == .min ? x < y : x > y
  let secondWins = rule.primitive == .min ? y < x : y > x
  return firstWins ? (true, false) : (secondWins ? (false, true) : (true, true))
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
  /// Whether the primitive's second derivative is zero wherever it exists.
  @inlinable static func passesInteractionsOn(_ p: Primitive) -> Bool {
    p.linearity != .nonlinear
  }

  @inlinable static func apply<R: UnaryRule>(_ rule: R, _ x: Self) -> Self {
    let v = rule.value(x.value)
    return passesInteractionsOn(rule.primitive) ? linear(v, x) : nonlinear(v, x)
  }
  @inlinable static func apply<R: BinaryRule>(_ rule: R, _ x: Self, _ y: Self) -> Self {
    let v = rule.value(x.value, y.value)
    switch tracedOperands(rule, x.value, y.value) {
    case (true, false): return linear(v, x)
    case (false, true): return linear(v, y)
    default:
      if passesInteractionsOn(rule.primitive) {
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
