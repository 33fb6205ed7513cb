// Printing: ordinary infix with only the parentheses that precedence and left associativity
// require, or fully parenthesised. Written iteratively.

extension Expr {
  /// Infix with minimal parentheses: `2 * x + 3 * y`, `-(x + y)`, `3 * (x * y)`, `x^2`.
  ///
  /// Operators group to the left, so a right operand of the same precedence keeps its
  /// parentheses (`a - (b - c)`, `a * (b * c)`). Integer constants print without a
  /// fraction (`3`, not `3.0`). A shared subexpression is printed at every use.
  public var description: String { Expr.format(self, fullyParenthesized: false) }

  /// Every operation in parentheses, as the seed system printed: `((x + x) + (3 * y))`.
  public var fullyParenthesized: String { Expr.format(self, fullyParenthesized: true) }

  /// The expression with each shared subexpression written once, named `t1`, `t2`, ...:
  /// the size of the DAG rather than of the tree, so it stays short where ``description``
  /// swells.
  ///
  /// ```swift
  /// let s = sin(x)
  /// (s * s + s).sharedDescription
  /// // t1 = sin(x)
  /// // t1 * t1 + t1
  /// ```
  public var sharedDescription: String { Expr.sharedDescription(of: [self]) }

  /// Several expressions (a gradient) with their shared subexpressions written once; one
  /// line per binding, then one line per expression.
  public static func sharedDescription(of expressions: [Expr]) -> String {
    let order = TopologicalOrder(expressions.map(\.node))
    var uses = [Int](repeating: 0, count: order.nodes.count)
    for node in order.nodes {
      for operand in [node.a, node.b] { if let o = operand { uses[order.position(of: o)] += 1 } }
    }
    for e in expressions { uses[order.position(of: e.node)] += 1 }
    var names: [ObjectIdentifier: String] = [:]
    var lines: [String] = []
    for (i, node) in order.nodes.enumerated() where uses[i] > 1 && node.kind.arity > 0 {
      let name = "t\(names.count + 1)"
      lines.append(name + " = " + format(Expr(node), fullyParenthesized: false, names: names))
      names[ObjectIdentifier(node)] = name
    }
    for e in expressions {
      lines.append(
        names[ObjectIdentifier(e.node)] ?? format(e, fullyParenthesized: false, names: names))
    }
    return lines.joined(separator: "\n")
  }

  /// How tightly a node's printed form binds: 1 for + -, 2 for * /, 3 for a prefix minus
  /// (or a negative constant), 4 for ^, 5 for a name, a number or a call.
  static func precedence(_ node: ExprNode, _ names: [ObjectIdentifier: String] = [:]) -> Int {
    if names[ObjectIdentifier(node)] != nil { return 5 }
    return switch node.kind {
    case .add, .subtract: 1
    case .multiply, .divide: 2
    case .negate: 3
    case .constant: formatNumber(node.value).hasPrefix("-") ? 3 : 5
    case .integerPower: 4
    default: 5
    }
  }

  /// Writes the tree left to right with an explicit stack, so the cost is the length of the
  /// text (a shared subexpression is written at each use) and depth is not limited by the
  /// call stack. A node in `names` (other than `e` itself) is written as its name.
  static func format(
    _ e: Expr, fullyParenthesized: Bool, names: [ObjectIdentifier: String] = [:]
  ) -> String {
    enum Item {
      case text(String)
      case node(ExprNode, parenthesized: Bool)
    }
    var out = ""
    var stack: [Item] = [.node(e.node, parenthesized: false)]
    while let item = stack.popLast() {
      guard case .node(let node, let parenthesized) = item else {
        if case .text(let t) = item { out += t }
        continue
      }
      // The pieces of this node, in reading order; pushed reversed.
      if node !== e.node, let name = names[ObjectIdentifier(node)] {
        out += name
        continue
      }
      var pieces: [Item] = []
      func operand(_ child: ExprNode, below limit: Int) -> Item {
        .node(child, parenthesized: !fullyParenthesized && precedence(child, names) < limit)
      }
      func binary(_ op: String, _ p: Int) {
        pieces = [operand(node.a!, below: p), .text(" \(op) "), operand(node.b!, below: p + 1)]
        if fullyParenthesized { pieces = [.text("(")] + pieces + [.text(")")] }
      }
      func call(_ name: String) {
        pieces = [.text(name + "("), .node(node.a!, parenthesized: false)]
        if let b = node.b { pieces += [.text(", "), .node(b, parenthesized: false)] }
        pieces.append(.text(")"))
      }
      switch node.kind {
      case .constant: pieces = [.text(formatNumber(node.value))]
      case .variable: pieces = [.text(node.name)]
      case .add: binary("+", 1)
      case .subtract: binary("-", 1)
      case .multiply: binary("*", 2)
      case .divide: binary("/", 2)
      case .negate:
        pieces = [.text(fullyParenthesized ? "(-" : "-"), operand(node.a!, below: 4)]
        if fullyParenthesized { pieces.append(.text(")")) }
      case .integerPower:
        let n = node.exponent < 0 ? "(\(node.exponent))" : "\(node.exponent)"
        pieces = [operand(node.a!, below: 5), .text("^" + n)]
        if fullyParenthesized { pieces = [.text("(")] + pieces + [.text(")")] }
      case .polygamma:
        pieces = [.text("polygamma(\(node.exponent), "), .node(node.a!, parenthesized: false)]
        pieces.append(.text(")"))
      case .custom: call(node.name)
      default: call(node.kind.name)
      }
      if parenthesized { pieces = [.text("(")] + pieces + [.text(")")] }
      stack.append(contentsOf: pieces.reversed())
    }
    return out
  }

  /// `3` for integral values below 2⁵³, Swift's shortest round-trip form otherwise.
  static func formatNumber(_ v: Double) -> String {
    if v == v.rounded(), Swift.abs(v) < 0x1p53 { return String(Int64(v)) }
    return "\(v)"
  }
}
