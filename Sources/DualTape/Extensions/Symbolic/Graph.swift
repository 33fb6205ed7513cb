// Walks over the DAG. Every walk is iterative (an explicit stack), so a chain of nested
// operations as deep as memory allows cannot overflow the call stack.

/// The nodes reachable from some roots, each once, operands before their users.
struct TopologicalOrder {
  /// The nodes, operands first.
  var nodes: [ExprNode] = []
  /// Position of each node in `nodes`.
  var index: [ObjectIdentifier: Int] = [:]

  init(_ roots: [ExprNode]) {
    // Post-order DFS: a node is emitted when both operands have been emitted.
    var stack: [(node: ExprNode, expanded: Bool)] = roots.reversed().map { ($0, false) }
    while let (node, expanded) = stack.popLast() {
      let id = ObjectIdentifier(node)
      if index[id] != nil { continue }
      if expanded {
        index[id] = nodes.count
        nodes.append(node)
        continue
      }
      stack.append((node, true))
      if let b = node.b, index[ObjectIdentifier(b)] == nil { stack.append((b, false)) }
      if let a = node.a, index[ObjectIdentifier(a)] == nil { stack.append((a, false)) }
    }
  }

  /// Position of an operand (which precedes its user).
  func position(of node: ExprNode) -> Int { index[ObjectIdentifier(node)]! }

  /// Computes one value per node, operands first: `f(node, valueOfA, valueOfB)`.
  func map<R>(_ f: (ExprNode, R?, R?) throws -> R) rethrows -> [R] {
    var out: [R] = []
    out.reserveCapacity(nodes.count)
    for node in nodes {
      let a = node.a.map { out[position(of: $0)] }
      let b = node.b.map { out[position(of: $0)] }
      out.append(try f(node, a, b))
    }
    return out
  }
}

extension Expr {
  /// The number of distinct nodes in the expression (the DAG's size, shared subexpressions
  /// counted once).
  ///
  /// `(x * x + x * x).nodeCount == 3` (x, x * x, and the sum).
  public var nodeCount: Int { Expr.nodeCount(of: [self]) }

  /// The number of distinct nodes in several expressions together (a gradient's DAG).
  public static func nodeCount(of expressions: [Expr]) -> Int {
    TopologicalOrder(expressions.map(\.node)).nodes.count
  }

  /// The number of nodes the expression would have as a tree, with every shared
  /// subexpression written out again: what a printout or a naive symbolic engine holds.
  /// A `Double`, because it grows exponentially for some expressions.
  ///
  /// `(x * x + x * x).treeSize == 7`.
  public var treeSize: Double { Expr.treeSize(of: [self]) }

  /// The summed tree sizes of several expressions.
  public static func treeSize(of expressions: [Expr]) -> Double {
    let order = TopologicalOrder(expressions.map(\.node))
    let sizes = order.map { (_, a: Double?, b: Double?) in 1 + (a ?? 0) + (b ?? 0) }
    return expressions.reduce(0) { $0 + sizes[order.position(of: $1.node)] }
  }

  /// The names of the variables the expression uses, in order of first appearance
  /// (operands before users, left before right).
  public var variables: [String] {
    TopologicalOrder([node]).nodes.compactMap { $0.kind == .variable ? $0.name : nil }
  }
}
