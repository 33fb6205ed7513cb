// How generated code spells each operation: the one place that maps the rule table's
// primitives to Swift. A primitive whose public function has the primitive's name (`erf(x)`,
// `cbrt(x)`) needs nothing here; the requirements of `Differentiable` are called on the scalar
// type (`Double.exp(x)`), which is exactly the function every engine's value comes from.

/// One recorded operation as generated code computes it: a built-in primitive with its
/// parameter, or a user's rule; and the rule whose partials it inlines.
struct CodegenOperation {
  var primitive: Primitive
  /// An integer power's exponent or a polygamma's order.
  var integer = 0
  /// A real power's exponent.
  var real = 0.0
  /// A user's rule (or one that claims a built-in primitive): how the code names it.
  var custom: String?
  var unary: AnyUnaryRule?
  var binary: AnyBinaryRule?
  /// `withoutDerivative(at:)`: the operand's value, with derivative 0.
  var detached = false

  init<R: UnaryRule>(_ rule: R) {
    primitive = rule.primitive
    unary = AnyUnaryRule(rule)
    if let r = rule as? Rules.IntegerPower {
      integer = r.n
    } else if let r = rule as? Rules.RealPower {
      real = r.p
    } else if let r = rule as? Rules.Polygamma {
      integer = r.order
    } else if rule is StopGradient {
      detached = true
    } else if primitive == .custom
      || primitive.unaryRule.map({ type(of: $0.rule) != R.self })
        ?? true
    {
      primitive = .custom
      custom = Self.spelling(of: rule, rule.name)
    }
  }

  init<R: BinaryRule>(_ rule: R) {
    primitive = rule.primitive
    binary = AnyBinaryRule(rule)
    if primitive == .custom || primitive.binaryRule.map({ type(of: $0.rule) != R.self }) ?? true {
      primitive = .custom
      custom = Self.spelling(of: rule, rule.name)
    }
  }

  /// The expression that makes a user's rule in the generated code: the caller's spelling
  /// for its name (``SourceTerm/ruleSpellings``), else `Type()` for a rule with no stored
  /// properties.
  static func spelling<R>(of rule: R, _ name: String) -> String {
    if let given = SourceTerm.ruleSpellings[name] { return given }
    let type = String(reflecting: R.self)
    require(
      MemoryLayout<R>.size == 0 && !type.contains("("),
      "Codegen: the rule \(name) (\(type)) has stored properties or is not visible by name, so"
        + " the generated code cannot write it as `\(name)()`. Pass its spelling, for example"
        + " rules: [\"\(name)\": \"\(name)(k: 2)\"], or make it a type without stored properties.")
    return "\(type)()"
  }

  /// The operation applied to `args` (one or two operands), as Swift.
  func spell(_ args: [SourceTerm]) -> SourceTerm {
    let a = args[0]
    let b = args.count > 1 ? args[1] : SourceTerm(0)
    let binary = self.binary != nil || primitive.arity == 2
    let t = SourceTerm.scalar
    switch primitive {
    case .add: return a + b
    case .subtract: return a - b
    case .multiply: return a * b
    case .divide: return a / b
    case .negate: return -a
    default: break
    }
    if detached { return a }
    let x = a.text
    let y = b.text
    let text: String
    switch primitive {
    case .custom:
      text = binary ? "\(custom!)(\(x), \(y))" : "\(custom!)(\(x))"
    case .expMinusOne: text = "\(t).expMinusOne(\(x))"
    case .logOnePlus: text = "\(t).log(onePlus: \(x))"
    case .atan2: text = "\(t).atan2(y: \(x), x: \(y))"
    case .integerPower: text = "\(t).pow(\(x), n: \(integer))"
    // DualTape's public functions.
    case .realPower: text = "pow(\(x), p: \(swiftLiteral(real)))"
    case .polygamma: text = "polygamma(\(integer), \(x))"
    // The requirements of `Differentiable` (the table's `requirement`), called on the scalar
    // type; every other primitive by its public function, named as the table prints it.
    default:
      let name = primitive.row.requirement ? "\(t).\(primitive)" : primitive.name
      text = binary ? "\(name)(\(x), \(y))" : "\(name)(\(x))"
    }
    return SourceTerm(text: text)
  }

  /// The partials (∂/∂lhs, ∂/∂rhs) at operands `x`, `y` with value `z`, spelled from the
  /// rule's own generic formulas.
  func partials(_ x: SourceTerm, _ y: SourceTerm, value z: SourceTerm) -> (
    SourceTerm, SourceTerm
  ) {
    if detached { return (0, 0) }
    if let rule = unary ?? primitive.unaryRule {
      return (SourceTerm.spell { rule.derivative(x, z) }, 0)
    }
    guard let rule = binary ?? primitive.binaryRule else {
      dualTapeFailure("Codegen: the operation \(primitive) has no scalar rule to spell.")
    }
    return (
      SourceTerm.spell { rule.partials(x, y, z).0 }, SourceTerm.spell { rule.partials(x, y, z).1 }
    )
  }
}
