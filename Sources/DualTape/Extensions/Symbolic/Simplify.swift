// The simplifier: local rewrite rules applied bottom-up, once per node of the DAG.
//
// Each rule looks only at a node and its (already simplified) operands, so simplifying costs
// O(nodes) and keeps sharing. The rules:
//   constant folding      every operation whose operands are all constants (same arithmetic
//                         as evaluation, `Primitive.apply`)
//   identities            x + 0, 0 + x, x - 0 → x;  0 - x → -x;  x * 1, x / 1 → x;
//                         x * 0, 0 * x → 0;  x * -1 → -x;  x^0 → 1;  x^1 → x
//   cancellation          x - x → 0;  x / x → 1 and 0 / x → 0 only where *safe* (below)
//   negation              -(-x) → x;  -(c * x) → (-c) * x;  -(a - b) → b - a;
//                         a + -b → a - b;  a - -b → a + b;  (-a) * b → -(a * b)
//   like terms            a·x + b·x → (a + b)·x for constants a, b (x + x → 2 * x,
//                         2 * x - x → x); a negative coefficient becomes a subtraction
//   constant factors      x * c → c * x;  c * (d * x) → (c·d) * x;  (c * x) * y → c * (x * y)
//   powers                x * x → x^2;  x^m * x^n → x^(m+n);  (x^m)^n → x^(m·n);
//                         pow(x, c) → x^c for an integer constant c
//
// What "safe" means. The rules treat an expression as a real function and may change a value
// only where that function is undefined *mathematically*, never where it is defined:
// - `x * 0 → 0` assumes x is finite (as every computer algebra system does); at a point
//   where x is ±inf or NaN the unsimplified expression is NaN. Its derivative is 0 there in
//   every engine (a zero partial drops its term), so derivatives still agree.
// - `x / x → 1`, `0 / x → 0` and `x^-m * x^n` with opposite signs would remove a singularity
//   (0/0 at x = 0 is NaN; 1 and 0 are not, and d(0/x) = -(0/x)/x is NaN there in Forward and
//   Reverse), so they are applied only when x is *provably nonzero*: a nonzero constant,
//   exp(u), or a product, quotient, negation or integer power of provably nonzero
//   expressions. `x / x` and `0 / x` with a plain variable x stay as they are.
// - Rounding can differ slightly: `(c * x) / y → c * (x / y)` rounds differently.

extension Expr {
  /// The expression rewritten by DualTape's simplification rules: constant folding, the
  /// identities of 0 and 1, cancellation, double negation, like terms, constant factors and
  /// integer powers (the full list, and what "safe" means for `x / x`, is in `Simplify.swift`).
  ///
  /// ```swift
  /// let x = Expr.variable("x")
  /// (1 * x + x * 1 + 0).simplified()        // 2 * x
  /// (x * x * 3).simplified()                // 3 * x^2
  /// (x - x).simplified()                    // 0
  /// ```
  /// - Complexity: O(number of distinct nodes); shared subexpressions are simplified once.
  public func simplified() -> Expr { Expr.simplified([self])[0] }

  /// Several expressions simplified together, sharing the work on common subexpressions.
  public static func simplified(_ expressions: [Expr]) -> [Expr] {
    let order = TopologicalOrder(expressions.map(\.node))
    let out: [Expr] = order.map { node, a, b in
      node.kind.arity == 0
        ? Expr(node)
        : simplifiedNode(node.kind, a!, b, exponent: node.exponent, name: node.name)
    }
    return expressions.map { out[order.position(of: $0.node)] }
  }

  /// A node of `kind` over operands that are already simplified, with the rules applied.
  static func simplifiedNode(
    _ kind: Primitive, _ a: Expr, _ b: Expr?, exponent: Int, name: String = ""
  ) -> Expr {
    if let x = a.constantValue, b == nil || b!.constantValue != nil {
      return .constant(kind.apply(x, b?.constantValue ?? x, exponent: exponent, name: name))
    }
    switch kind {
    case .add: return sum(a, b!)
    case .subtract: return difference(a, b!)
    case .multiply: return product(a, b!)
    case .divide: return quotient(a, b!)
    case .negate: return negation(a)
    case .integerPower: return power(a, exponent)
    case .pow:
      if let c = b!.constantValue, c == c.rounded(), Swift.abs(c) <= 0x1p30 {
        return power(a, Int(c))
      }
      return literal(.pow, a, b!)
    case .polygamma: return Expr(.intern(.polygamma, exponent: exponent, a.node))
    case .custom: return Expr(.intern(.custom, name: name, a.node, b?.node))
    default: return literal(kind, a, b)
    }
  }

  // MARK: Pieces of a term

  /// `self == coefficient * rest`, with `rest == nil` for a constant.
  var term: (coefficient: Double, rest: Expr?) {
    if let c = constantValue { return (c, nil) }
    if kind == .multiply, let c = Expr(node.a!).constantValue { return (c, Expr(node.b!)) }
    if kind == .negate { return (-1, Expr(node.a!)) }
    return (1, self)
  }

  /// `self == base ^ exponent`.
  var powerParts: (base: Expr, exponent: Int) {
    kind == .integerPower ? (Expr(node.a!), node.exponent) : (self, 1)
  }

  /// Zero nowhere (mathematically): see "safe" at the top of this file.
  var isProvablyNonzero: Bool {
    switch kind {
    case .constant: return node.value != 0
    case .exp: return true
    case .negate, .integerPower: return Expr(node.a!).isProvablyNonzero
    case .multiply, .divide:
      return Expr(node.a!).isProvablyNonzero && Expr(node.b!).isProvablyNonzero
    default: return false
    }
  }

  func isConstant(_ value: Double) -> Bool { constantValue == value }

  // MARK: Rules

  /// c * x, simplified.
  static func scaled(_ c: Double, _ x: Expr?) -> Expr {
    guard let x else { return .constant(c) }
    return product(.constant(c), x)
  }

  static func sum(_ a: Expr, _ b: Expr) -> Expr {
    if a.isConstant(0) { return b }
    if b.isConstant(0) { return a }
    let (c1, r1) = a.term
    let (c2, r2) = b.term
    if let r1, let r2, r1.isIdentical(to: r2) { return scaled(c1 + c2, r1) }
    if c2 < 0 { return difference(a, scaled(-c2, r2)) }
    if a.kind == .negate { return difference(b, Expr(a.node.a!)) }
    return literal(.add, a, b)
  }

  static func difference(_ a: Expr, _ b: Expr) -> Expr {
    if b.isConstant(0) { return a }
    if a.isConstant(0) { return negation(b) }
    if a.isIdentical(to: b) { return .constant(0) }
    let (c1, r1) = a.term
    let (c2, r2) = b.term
    if let r1, let r2, r1.isIdentical(to: r2) { return scaled(c1 - c2, r1) }
    if c2 < 0 { return sum(a, scaled(-c2, r2)) }
    return literal(.subtract, a, b)
  }

  static func negation(_ a: Expr) -> Expr {
    if let c = a.constantValue { return .constant(-c) }
    switch a.kind {
    case .negate: return Expr(a.node.a!)
    case .subtract: return literal(.subtract, Expr(a.node.b!), Expr(a.node.a!))
    default:
      let (c, r) = a.term
      return c != 1 ? scaled(-c, r) : literal(.negate, a)
    }
  }

  static func product(_ a: Expr, _ b: Expr) -> Expr {
    if a.isConstant(0) || b.isConstant(0) { return .constant(0) }
    if a.isConstant(1) { return b }
    if b.isConstant(1) { return a }
    if a.isConstant(-1) { return negation(b) }
    if b.isConstant(-1) { return negation(a) }
    if b.constantValue != nil, a.constantValue == nil { return product(b, a) }
    if let c = a.constantValue {
      let (d, r) = b.term
      return d != 1 ? scaled(c * d, r) : literal(.multiply, a, b)
    }
    // Neither operand is a constant: pull constant factors and signs to the front.
    let (c1, r1) = a.term
    let (c2, r2) = b.term
    if c1 != 1 || c2 != 1 { return scaled(c1 * c2, product(r1!, r2!)) }
    let (x, m) = a.powerParts
    let (y, n) = b.powerParts
    if x.isIdentical(to: y), (m >= 0) == (n >= 0) || x.isProvablyNonzero {
      let (sum, overflow) = m.addingReportingOverflow(n)
      if !overflow { return power(x, sum) }
    }
    return literal(.multiply, a, b)
  }

  static func quotient(_ a: Expr, _ b: Expr) -> Expr {
    if b.isConstant(1) { return a }
    if b.isConstant(-1) { return negation(a) }
    if a.isConstant(0), b.isProvablyNonzero { return .constant(0) }
    if a.isIdentical(to: b), a.isProvablyNonzero { return .constant(1) }
    let (c1, r1) = a.term
    if c1 != 1, let r1 { return scaled(c1, quotient(r1, b)) }
    if b.kind == .negate { return negation(quotient(a, Expr(b.node.a!))) }
    return literal(.divide, a, b)
  }

  static func power(_ a: Expr, _ n: Int) -> Expr {
    if n == 0 { return .constant(1) }
    if n == 1 { return a }
    if let c = a.constantValue { return .constant(Double.pow(c, n: n)) }
    if a.kind == .integerPower {
      let (mn, overflow) = a.node.exponent.multipliedReportingOverflow(by: n)
      if !overflow { return power(Expr(a.node.a!), mn) }
    }
    return Expr(.intern(.integerPower, exponent: n, a.node))
  }
}
