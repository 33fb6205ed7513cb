internal import Synchronization

// `Expr` as a `Differentiable` scalar: each operation builds one (hash-consed) node, exactly
// as written. Nothing is rewritten here; see `Simplify.swift` for the rules.

extension Expr {
  /// A node of `kind` over the given operands, as written (no simplification).
  /// Builds as written, or with the simplifier's rules while a simplified derivative is being
  /// built (the rule table's partials are then evaluated with `Expr`).
  static func make(_ kind: Primitive, _ a: Expr, _ b: Expr? = nil) -> Expr {
    SymbolicBuild.simplifying
      ? simplifiedNode(kind, a, b, exponent: 0) : Expr(.intern(kind, a.node, b?.node))
  }

  /// A node as written, never simplified.
  static func literal(_ kind: Primitive, _ a: Expr, _ b: Expr? = nil) -> Expr {
    Expr(.intern(kind, a.node, b?.node))
  }
}

/// Whether `Expr` operations currently build simplified nodes: set while the symbolic
/// derivative evaluates the rule table's generic partials with `Expr`.
enum SymbolicBuild {
  @TaskLocal static var simplifying = false
}

extension Expr: Differentiable {
  /// The constant `value`.
  public init(_ value: Double) { self = .constant(value) }
  /// The constant `value`: `2 * x`.
  public init(integerLiteral value: Int) { self = .constant(Double(value)) }
  /// The constant `value`: `0.5 * x`.
  public init(floatLiteral value: Double) { self = .constant(value) }

  /// Whether this is the constant 0 (an engine nesting `Expr` may then drop a chain-rule
  /// term, as the simplifier's `0 * x → 0` does).
  public var isExactlyZero: Bool { constantValue == 0 }

  @_implements(AdditiveArithmetic,+(_:_:))

  public static func _sum(_ lhs: Expr, _ rhs: Expr) -> Expr { make(.add, lhs, rhs) }
  @_implements(AdditiveArithmetic,-(_:_:))
  public static func _difference(_ lhs: Expr, _ rhs: Expr) -> Expr { make(.subtract, lhs, rhs) }
  @_implements(Numeric,*(_:_:))
  public static func _product(_ lhs: Expr, _ rhs: Expr) -> Expr {
    make(.multiply, lhs, rhs)
  }
  @_implements(DifferentiableArithmetic,/(_:_:))
  public static func _quotient(_ lhs: Expr, _ rhs: Expr) -> Expr { make(.divide, lhs, rhs) }
  public mutating func negate() { self = Self.make(.negate, self) }

  /// Whether this is the constant 0 (a symbol has no value to compare).
  public var hasZeroValue: Bool { constantValue == 0 }
  /// Whether this is the constant NaN.
  public var hasNaNValue: Bool { constantValue?.isNaN ?? false }

  // MARK: Rules: one node per primitive, named by the rule's `primitive`

  /// A node for the rule's primitive over `x` (`sin(x)`, `x^n`, `relu(x)`, ...). Its
  /// derivative is the rule's, evaluated symbolically. A user's own rule becomes a node
  /// printed with the rule's name (`LambertW(x)`), evaluated with the rule's value and
  /// differentiated with its generic derivative; such a rule must have no stored properties
  /// (the node keeps only its name).
  public static func apply<R: UnaryRule>(_ rule: R, _ x: Expr) -> Expr {
    switch rule.primitive {
    case .custom:
      CustomRuleRegistry.register(rule, .unary(AnyUnaryRule(rule)))
      return Expr(.intern(.custom, name: rule.name, x.node))
    case .input, .constant, .variable, .leaf: customRuleFailure(rule.name)
    case .integerPower:
      let n = (rule as? Rules.IntegerPower)?.n ?? 1
      return SymbolicBuild.simplifying
        ? power(x, n) : Expr(.intern(.integerPower, exponent: n, x.node))
    case .realPower: return make(.pow, x, .constant((rule as? Rules.RealPower)?.p ?? 1))
    case .polygamma:
      let n = (rule as? Rules.Polygamma)?.order ?? 0
      return Expr(.intern(.polygamma, exponent: n, x.node))
    default: return make(rule.primitive, x)
    }
  }
  /// A node for the rule's primitive over `(x, y)` (`pow`, `atan2`, `max`, `hypot`, ...), or
  /// for a user's binary rule (as for unary rules).
  public static func apply<R: BinaryRule>(_ rule: R, _ x: Expr, _ y: Expr) -> Expr {
    switch rule.primitive {
    case .custom:
      CustomRuleRegistry.register(rule, .binary(AnyBinaryRule(rule)))
      return Expr(.intern(.custom, name: rule.name, x.node, y.node))
    case .input, .constant, .variable, .leaf: customRuleFailure(rule.name)
    default: return make(rule.primitive, x, y)
    }
  }
  /// A user's vector rule has no symbolic node: stops with a message naming the rule.
  public static func apply<R: VectorRule>(_ rule: R, _ x: [Expr]) -> Expr {
    customRuleFailure(rule.name)
  }

  static func customRuleFailure(_ name: String) -> Never {
    dualTapeFailure(
      "Expr: the rule \(name) is a user's own vector rule, and the symbolic engine has nodes"
        + " for unary and binary rules only. Differentiate a function that uses it with"
        + " Forward or Reverse, which apply the rule's partials, or write it as unary and"
        + " binary rules.")
  }
}

// The comparisons of `Expr` compare *values*, so both sides must be constants; a comparison
// involving a symbol stops with a message (see ``Expr``). They satisfy `Equatable` and
// `Comparable` through `@_implements` under other names, like the arithmetic above: an
// operator named `==` on `Expr` would be weighed at every `==` of every importing file, and a
// concrete one made plain code such as `min(2.0, 3.0) == 2.0` type-check with `Expr` literals.
extension Expr {
  /// Equal values; both sides must be constants (for structure, use `isIdentical(to:)`).
  @_implements(Equatable,==(_:_:))
  public static func _isEqual(_ lhs: Expr, _ rhs: Expr) -> Bool {
    let (a, b) = comparedValues(lhs, rhs, "==")
    return a == b
  }
  /// Smaller value; both sides must be constants.
  @_implements(Comparable,<(_:_:))
  public static func _isLess(_ lhs: Expr, _ rhs: Expr) -> Bool {
    let (a, b) = comparedValues(lhs, rhs, "<")
    return a < b
  }
}

private func comparedValues(_ lhs: Expr, _ rhs: Expr, _ op: String) -> (
  Double, Double
) {
  if let a = lhs.constantValue, let b = rhs.constantValue { return (a, b) }
  let comparison = "\(lhs) \(op) \(rhs)"
  if let recorder = BranchRecorder.current {
    // Inside Expr.build: remember the first one, answer "equal" so the body can finish,
    // and let build throw afterwards.
    recorder.record(comparison)
    return (0, 0)
  }
  dualTapeFailure(
    "Expr: the comparison `\(comparison)` involves a symbol, so it has no value to branch on."
      + " A symbolic derivative of a function that branches on its input would silently"
      + " follow one branch. Write the function without the branch (use min, max, relu, abs,"
      + " sigmoid, ..., which are symbolic nodes), or differentiate it with the Forward or"
      + " Reverse engine, which branch on the value. To test whether code branches, build"
      + " it inside Expr.build { }, which throws instead. For structural equality use"
      + " isIdentical(to:).")
}

/// The comparisons on symbols seen while `Expr.build` runs its body (per task).
final class BranchRecorder: Sendable {
  @TaskLocal static var current: BranchRecorder?
  let first = Mutex<String?>(nil)

  func record(_ comparison: String) {
    first.withLock { if $0 == nil { $0 = comparison } }
  }
}

extension Expr {
  /// Runs `body`, which builds expressions, and throws if it compared a symbol.
  ///
  /// Outside `build`, a comparison involving a symbol stops the program (see ``Expr``).
  /// Inside, it is recorded, answers as if both sides were equal so that the body can
  /// finish, and `build` then throws ``ExprError/branchOnSymbol(comparison:)``: use it to
  /// find out whether generic code can be differentiated symbolically.
  ///
  /// ```swift
  /// let x = Expr.variable("x")
  /// try Expr.build { x * x + 1 }           // x * x + 1
  /// try Expr.build { x > 0 ? x : -x }      // throws .branchOnSymbol(comparison: "0 < x")
  /// ```
  /// - Parameter body: code that builds and returns expressions.
  /// - Throws: ``ExprError/branchOnSymbol(comparison:)`` naming the first comparison, or
  ///   what `body` throws.
  public static func build<R>(_ body: () throws -> R) throws -> R {
    let recorder = BranchRecorder()
    let result = try BranchRecorder.$current.withValue(recorder) { try body() }
    if let comparison = recorder.first.withLock({ $0 }) {
      throw ExprError.branchOnSymbol(comparison: comparison)
    }
    return result
  }
}
