internal import Synchronization

// The registry of users' rules by name. It sits with the rules, in the core, because
// `Primitive.apply` (Dispatch.swift) reads it for a `.custom` node; the symbolic engine
// registers each rule it builds a node of (Expr+Differentiable.swift).

/// The user rules that symbolic nodes refer to, by name (a node stores only the name).
@usableFromInline
enum CustomRuleRegistry {
  @usableFromInline
  enum Rule: Sendable {
    case unary(AnyUnaryRule)
    case binary(AnyBinaryRule)
  }
  static let rules = Mutex<[String: (type: ObjectIdentifier, rule: Rule)]>([:])

  /// Remembers `rule` under its name; stops if the name is taken by another rule type or the
  /// rule has stored properties (two instances with different parameters would share a node).
  static func register<R>(_ rule: R, _ erased: Rule) {
    let name = (rule as? any UnaryRule)?.name ?? (rule as? any BinaryRule)?.name ?? "\(R.self)"
    require(
      MemoryLayout<R>.size == 0,
      "Expr: the rule \(name) has stored properties, but a symbolic node keeps only the rule's"
        + " name. Make a rule type without stored properties for each parameter value, or"
        + " differentiate with Forward or Reverse.")
    let type = ObjectIdentifier(R.self)
    rules.withLock { table in
      if let existing = table[name] {
        require(
          existing.type == type,
          "Expr: two different rule types are both named \(name); give one of them another"
            + " name (its `name` property).")
      } else {
        table[name] = (type, erased)
      }
    }
  }

  /// The rule a custom node named `name` refers to.
  @usableFromInline static func rule(named name: String) -> Rule {
    guard let entry = rules.withLock({ $0[name] }) else {
      dualTapeFailure("internal: no user rule named \(name) was registered.")
    }
    return entry.rule
  }
}
