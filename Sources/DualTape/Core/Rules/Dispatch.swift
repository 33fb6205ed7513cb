// From an operation's name to its rule: the symbolic engine, the array tape, the replay and
// the graph hold a `Primitive` per node and reach the rule through the table's one switch
// (`Primitive.visit`, `Primitive.swift`), so they evaluate and differentiate exactly as
// `Dual` and `Tracked` do.

extension Primitive {
  /// This operation applied to operand values (unary operations ignore `b`; `exponent` is an
  /// integer power's n or a polygamma's order). Used by constant folding, `Expr.evaluate` and
  /// the compiled form.
  @inlinable
  func apply<T: Differentiable>(_ a: T, _ b: T, exponent: Int, name: String = "") -> T {
    switch self {
    case .custom:
      switch CustomRuleRegistry.rule(named: name) {
      case .unary(let rule): return rule.apply(a)
      case .binary(let rule): return rule.apply(a, b)
      }
    // The operators themselves: an engine's `+` may be cheaper than its `apply(Rules.Add())`.
    case .add: return a + b
    case .subtract: return a - b
    case .multiply: return a * b
    case .divide: return a / b
    case .negate: return -a
    default:
      guard let value = visit(RuleValue(a, b), integer: exponent) else {
        dualTapeFailure("internal: \(self) is not a scalar operation.")
      }
      return value
    }
  }

  /// (∂/∂a, ∂/∂b) of this operation at operand values a, b with value z, from the rule table
  /// (unary operations return their derivative first and 0 second).
  @inlinable
  func partials<T: Differentiable>(_ a: T, _ b: T, value z: T, exponent: Int, name: String = "")
    -> (T, T)
  {
    if self == .custom {
      switch CustomRuleRegistry.rule(named: name) {
      case .unary(let rule): return (rule.derivative(a, z), 0)
      case .binary(let rule): return rule.partials(a, b, z)
      }
    }
    guard let partials = visit(RulePartials(a, b, z), integer: exponent) else {
      dualTapeFailure("internal: \(self) has no scalar rule.")
    }
    return partials
  }

  /// The built-in unary rule of this operation, if it has one that needs no parameter.
  @usableFromInline var unaryRule: AnyUnaryRule? { visit(ErasedRule()).unary }

  /// The built-in binary rule of this operation, if it has one.
  @usableFromInline var binaryRule: AnyBinaryRule? { visit(ErasedRule()).binary }
}

/// A rule's value at `(a, b)` (a unary rule's at `a`); nil for a primitive without a rule.
@usableFromInline struct RuleValue<T: Differentiable>: PrimitiveVisitor {
  @usableFromInline let a: T, b: T
  @inlinable init(_ a: T, _ b: T) { (self.a, self.b) = (a, b) }
  @inlinable func row(_ row: Primitive.Row) -> T? { nil }
  @inlinable func unary<R: UnaryRule>(_ rule: R, _ row: Primitive.Row) -> T? { T.apply(rule, a) }
  @inlinable func binary<R: BinaryRule>(_ rule: R, _ row: Primitive.Row) -> T? {
    T.apply(rule, a, b)
  }
}

/// A rule's partials at `(a, b)` with value `z` (a unary rule's derivative and 0).
@usableFromInline struct RulePartials<T: Differentiable>: PrimitiveVisitor {
  @usableFromInline let a: T, b: T, z: T
  @inlinable init(_ a: T, _ b: T, _ z: T) { (self.a, self.b, self.z) = (a, b, z) }
  @inlinable func row(_ row: Primitive.Row) -> (T, T)? { nil }
  @inlinable func unary<R: UnaryRule>(_ rule: R, _ row: Primitive.Row) -> (T, T)? {
    (rule.derivative(at: a, value: z), 0)
  }
  @inlinable func binary<R: BinaryRule>(_ rule: R, _ row: Primitive.Row) -> (T, T)? {
    (rule.firstPartial(a, b, value: z), rule.secondPartial(a, b, value: z))
  }
}

/// The rule with its type erased, for the places that keep it (codegen, the graph).
@usableFromInline struct ErasedRule: PrimitiveVisitor {
  @inlinable init() {}
  @inlinable func row(_ row: Primitive.Row) -> (unary: AnyUnaryRule?, binary: AnyBinaryRule?) {
    (nil, nil)
  }
  @inlinable func unary<R: UnaryRule>(_ rule: R, _ row: Primitive.Row) -> (
    unary: AnyUnaryRule?, binary: AnyBinaryRule?
  ) { (row.parameterised ? nil : AnyUnaryRule(rule), nil) }
  @inlinable func binary<R: BinaryRule>(_ rule: R, _ row: Primitive.Row) -> (
    unary: AnyUnaryRule?, binary: AnyBinaryRule?
  ) { (nil, AnyBinaryRule(rule)) }
}

/// A unary rule with its type erased, for dispatch by name (the symbolic engine, the array
/// tape). Generic methods cannot be stored in closures, so the rule is opened on each use.
@usableFromInline
struct AnyUnaryRule: Sendable {
  @usableFromInline let rule: any UnaryRule
  @inlinable init(_ rule: some UnaryRule) { self.rule = rule }
  @inlinable func apply<T: Differentiable>(_ x: T) -> T { T.apply(rule, x) }
  @inlinable func derivative<T: Differentiable>(_ x: T, _ y: T) -> T {
    rule.derivative(at: x, value: y)
  }
}

/// A binary rule with its type erased (see ``AnyUnaryRule``).
@usableFromInline
struct AnyBinaryRule: Sendable {
  @usableFromInline let rule: any BinaryRule
  @inlinable init(_ rule: some BinaryRule) { self.rule = rule }
  @inlinable func apply<T: Differentiable>(_ x: T, _ y: T) -> T { T.apply(rule, x, y) }
  @inlinable func partials<T: Differentiable>(_ x: T, _ y: T, _ z: T) -> (T, T) {
    (rule.firstPartial(x, y, value: z), rule.secondPartial(x, y, value: z))
  }
}
