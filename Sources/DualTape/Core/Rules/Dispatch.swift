// From an operation's name to its rule: the symbolic engine and the array tape hold a
// `Primitive` per node and reach the rule table through these two switches, so they evaluate
// and differentiate exactly as `Dual` and `Tracked` do.

extension Primitive {
  /// This operation applied to operand values (unary operations ignore `b`; `exponent` is an
  /// integer power's n). Used by constant folding, `Expr.evaluate` and the compiled form.
  @inlinable
  func apply<T: Differentiable>(_ a: T, _ b: T, exponent: Int, name: String = "") -> T {
    switch self {
    case .custom:
      switch CustomRuleRegistry.rule(named: name) {
      case .unary(let rule): return rule.apply(a)
      case .binary(let rule): return rule.apply(a, b)
      }
    case .add: return a + b
    case .subtract: return a - b
    case .multiply: return a * b
    case .divide: return a / b
    case .negate: return -a
    case .integerPower: return T.apply(Rules.IntegerPower(exponent), a)
    case .polygamma: return T.apply(Rules.Polygamma(exponent), a)
    // The elementary functions directly (no type-erased rule): the compiled form's inner loop.
    // Each is the rule's own value (the protocol defaults apply the same rules).
    case .exp: return T.exp(a)
    case .log: return T.log(a)
    case .sqrt: return T.sqrt(a)
    case .sin: return T.sin(a)
    case .cos: return T.cos(a)
    case .tanh: return T.tanh(a)
    case .pow: return T.pow(a, b)
    case .expMinusOne: return T.expMinusOne(a)
    case .logOnePlus: return T.log(onePlus: a)
    case .atan2: return T.atan2(y: a, x: b)
    case .abs: return T.abs(a)
    case .sign: return T.sign(a)
    case .relu: return T.relu(a)
    case .min: return T.min(a, b)
    case .max: return T.max(a, b)
    case .hypot: return T.hypot(a, b)
    case .sigmoid: return T.sigmoid(a)
    case .softplus: return T.softplus(a)
    case .tan: return T.tan(a)
    case .asin: return T.asin(a)
    case .acos: return T.acos(a)
    case .atan: return T.atan(a)
    case .sinh: return T.sinh(a)
    case .cosh: return T.cosh(a)
    default:
      if let rule = unaryRule { return rule.apply(a) }
      if let rule = binaryRule { return rule.apply(a, b) }
      dualTapeFailure("internal: \(self) is not a scalar operation.")
    }
  }

  /// (∂/∂a, ∂/∂b) of this operation at operand values a, b with value z, from the rule table
  /// (unary operations return their derivative first and 0 second).
  @inlinable
  func partials<T: Differentiable>(_ a: T, _ b: T, value z: T, exponent: Int, name: String = "")
    -> (T, T)
  {
    switch self {
    case .custom:
      switch CustomRuleRegistry.rule(named: name) {
      case .unary(let rule): return (rule.derivative(a, z), 0)
      case .binary(let rule): return rule.partials(a, b, z)
      }
    case .integerPower: return (Rules.IntegerPower(exponent).derivative(at: a, value: z), 0)
    case .polygamma: return (Rules.Polygamma(exponent).derivative(at: a, value: z), 0)
    default:
      if let rule = unaryRule { return (rule.derivative(a, z), 0) }
      if let rule = binaryRule { return rule.partials(a, b, z) }
      dualTapeFailure("internal: \(self) has no scalar rule.")
    }
  }

  /// The built-in unary rule of this operation, if it has one.
  @usableFromInline var unaryRule: AnyUnaryRule? {
    switch self {
    case .negate: AnyUnaryRule(Rules.Negate())
    case .exp: AnyUnaryRule(Rules.Exp())
    case .expMinusOne: AnyUnaryRule(Rules.ExpMinusOne())
    case .log: AnyUnaryRule(Rules.Log())
    case .logOnePlus: AnyUnaryRule(Rules.LogOnePlus())
    case .sqrt: AnyUnaryRule(Rules.Sqrt())
    case .sin: AnyUnaryRule(Rules.Sin())
    case .cos: AnyUnaryRule(Rules.Cos())
    case .tan: AnyUnaryRule(Rules.Tan())
    case .asin: AnyUnaryRule(Rules.Asin())
    case .acos: AnyUnaryRule(Rules.Acos())
    case .atan: AnyUnaryRule(Rules.Atan())
    case .sinh: AnyUnaryRule(Rules.Sinh())
    case .cosh: AnyUnaryRule(Rules.Cosh())
    case .tanh: AnyUnaryRule(Rules.Tanh())
    case .abs: AnyUnaryRule(Rules.Abs())
    case .sign: AnyUnaryRule(Rules.Sign())
    case .relu: AnyUnaryRule(Rules.Relu())
    case .sigmoid: AnyUnaryRule(Rules.Sigmoid())
    case .softplus: AnyUnaryRule(Rules.Softplus())
    default: specialUnaryRule
    }
  }

  /// The built-in binary rule of this operation, if it has one.
  @usableFromInline var binaryRule: AnyBinaryRule? {
    switch self {
    case .add: AnyBinaryRule(Rules.Add())
    case .subtract: AnyBinaryRule(Rules.Subtract())
    case .multiply: AnyBinaryRule(Rules.Multiply())
    case .divide: AnyBinaryRule(Rules.Divide())
    case .pow: AnyBinaryRule(Rules.Pow())
    case .atan2: AnyBinaryRule(Rules.Atan2())
    case .hypot: AnyBinaryRule(Rules.Hypot())
    case .min: AnyBinaryRule(Rules.Min())
    case .max: AnyBinaryRule(Rules.Max())
    default: nil
    }
  }
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
