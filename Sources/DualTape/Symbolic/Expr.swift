internal import Synchronization

/// A symbolic expression: DualTape's third engine, symbolic differentiation.
///
/// `Expr` conforms to ``Differentiable``, so the same generic function that runs under
/// ``Dual`` and ``Tracked`` *builds an expression* when it is given symbols:
///
/// ```swift
/// let x = Expr.variable("x"), y = Expr.variable("y")
/// let z = x * x + 3 * x * y + 1
/// let dzdx = z.derivative(withRespectTo: x)       // 2 * x + 3 * y
/// dzdx.derivative(withRespectTo: y)               // 3
/// try z.evaluate(["x": 3.0, "y": 2.0])            // 28
/// ```
///
/// Expressions form a DAG with *hash-consing*: building a node that already exists returns the
/// existing node, so equal subtrees are stored once and structural equality is identity
/// (``isIdentical(to:)``, O(1)). The intern table is process-wide, protected by a
/// `Synchronization.Mutex`, and holds nodes weakly: a node leaves the table when the last
/// expression using it is released. Expressions are `Sendable` and may be built concurrently.
///
/// Operators build nodes as written (no rewriting); ``simplified()`` and the derivatives
/// (simplified by default) apply the rules documented in `Simplify.swift`. Gradients and
/// Jacobians accumulate forward (one pass per variable, the textbook forms) or, with
/// `accumulation: .reverse`, by a reverse sweep over the expression, whose result stays a
/// constant multiple of the function's size (see the swell section of RESULTS.md).
/// ``evaluate(_:)-(_,[String:Double])`` evaluates with a dictionary; ``CompiledExpression``
/// flattens expressions into an instruction array for fast evaluation at many points.
///
/// **Comparisons.** `<`, `>`, `==`, ... compare *values*, so they are defined only when both
/// sides are constants. A comparison involving a symbol stops with a message: a branch on a
/// symbol would silently pick one piece of a piecewise function. The protocol's defaults that
/// branch (`min`, `max`, `relu`, `hypot`, `sigmoid`, `softplus`, `pow(_:n:)`) are overridden
/// by branch-free symbolic nodes, so they never compare. Inside ``build(_:)`` a comparison on
/// a symbol is a thrown error instead, so code can be tested for a symbolic form.
///
/// Depth is limited only by memory: every walk over an expression (derivative,
/// simplification, printing, evaluation, compilation) and releasing it are iterative.
public struct Expr: Sendable {
  @usableFromInline let node: ExprNode

  @usableFromInline init(_ node: ExprNode) { self.node = node }

  /// A variable named `name`: `Expr.variable("x")`. Two variables with the same name are the
  /// same variable.
  public static func variable(_ name: String) -> Expr {
    Expr(.intern(.variable, name: name))
  }

  /// The constant `value`.
  public static func constant(_ value: Double) -> Expr {
    Expr(.intern(.constant, value: value))
  }

  /// The value, if this expression is a constant.
  public var constantValue: Double? { node.kind == .constant ? node.value : nil }

  /// The name, if this expression is a variable.
  public var variableName: String? { node.kind == .variable ? node.name : nil }

  /// What the root node computes.
  public var kind: ExprKind { node.kind }

  /// The operands of the root node (none, one or two).
  public var operands: [Expr] {
    [node.a, node.b].compactMap { $0.map(Expr.init) }
  }

  /// Whether the two expressions are the same expression (structurally equal). O(1), thanks
  /// to hash-consing: `(x + 1).isIdentical(to: x + 1)` is true, `(x + 1).isIdentical(to: 1 + x)`
  /// is not.
  public func isIdentical(to other: Expr) -> Bool { node === other.node }
}

extension Expr {
  /// The integer exponent of an ``ExprKind/integerPower`` node (`x^3` has exponent 3), or the
  /// order of a ``ExprKind/polygamma`` node.
  public var exponent: Int? {
    node.kind == .integerPower || node.kind == .polygamma ? node.exponent : nil
  }
}

/// One node of the DAG, created only through the intern table.
///
/// Immutable while anyone can see it. The operands are `var` only so that a dying node can
/// detach them (see `deinit`), which is why the class is `@unchecked Sendable`: a node's
/// operands are written only by the thread that holds its last reference, under the intern
/// table's lock.
@usableFromInline
final class ExprNode: @unchecked Sendable {
  let kind: ExprKind
  let value: Double
  let exponent: Int
  let name: String
  private(set) var a: ExprNode?
  private(set) var b: ExprNode?
  let key: NodeKey

  fileprivate init(
    key: NodeKey, kind: ExprKind, value: Double, exponent: Int, name: String,
    a: ExprNode?, b: ExprNode?
  ) {
    self.key = key
    self.kind = kind
    self.value = value
    self.exponent = exponent
    self.name = name
    self.a = a
    self.b = b
  }

  // Leave the table, unless a new node with the same key has already replaced this one (a
  // thread that looked this key up while this node was dying saw a nil weak reference and
  // interned a fresh node). Then release the operands without recursion: releasing a chain
  // of 10⁵ nested nodes recursively would overflow the stack. An operand this node held the
  // last reference to is detached from its own operands first (under the lock, so no thread
  // can take a new reference from the table meanwhile, and after removing its entry, so no
  // lookup can find it without operands), so its deinit has nothing left to release.
  deinit {
    let key = self.key
    var pending = [a, b].compactMap { $0 }
    a = nil
    b = nil
    internTable.withLock { state in
      if let entry = state.nodes[key], entry.node == nil { state.nodes[key] = nil }
    }
    while var node = pending.popLast() {
      internTable.withLock { state in
        guard isKnownUniquelyReferenced(&node) else { return }
        if state.nodes[node.key]?.node === node { state.nodes[node.key] = nil }
        if let a = node.a { pending.append(a) }
        if let b = node.b { pending.append(b) }
        node.a = nil
        node.b = nil
      }
      // `node` is released here, outside the lock (its deinit takes the lock).
    }
  }

  /// The unique node for this operation and these operands, created if it does not exist.
  static func intern(
    _ kind: ExprKind, value: Double = 0, exponent: Int = 0, name: String = "",
    _ a: ExprNode? = nil, _ b: ExprNode? = nil
  ) -> ExprNode {
    let payload = kind == .constant ? value.bitPattern : UInt64(bitPattern: Int64(exponent))
    let key = NodeKey(
      kind: kind, payload: payload, name: name, a: a.map(ObjectIdentifier.init),
      b: b.map(ObjectIdentifier.init))
    return internTable.withLock { state in
      if let existing = state.nodes[key]?.node { return existing }
      let node = ExprNode(
        key: key, kind: kind, value: value, exponent: exponent, name: name, a: a, b: b)
      state.nodes[key] = WeakNode(node: node)
      return node
    }
  }
}

/// What makes a node unique. Operands are identified by object identity: an operand is alive
/// as long as any node using it is, so its identity cannot be reused while the key exists.
/// Constants are keyed by bit pattern, so `-0.0` and `0.0` differ and NaN finds itself.
struct NodeKey: Hashable, Sendable {
  var kind: ExprKind
  var payload: UInt64
  var name: String
  var a: ObjectIdentifier?
  var b: ObjectIdentifier?
}

struct WeakNode {
  weak var node: ExprNode?
}

struct InternState: ~Copyable {
  var nodes: [NodeKey: WeakNode] = [:]
}

/// The process-wide intern table. A `Mutex` rather than a per-builder context because
/// literals (`2 * x`) and `init(_: Double)` must create nodes with no context at hand.
let internTable = Mutex(InternState())

extension Expr {
  /// The number of distinct nodes alive in the intern table (for tests and measurements).
  public static var internedNodeCount: Int {
    internTable.withLock { state in state.nodes.values.reduce(0) { $0 + ($1.node == nil ? 0 : 1) } }
  }

  /// Whether the variable `name` is held by some living expression. Every expression that
  /// uses a variable holds it, so `false` shows that all of them have been released.
  public static func isAlive(variable name: String) -> Bool {
    let key = NodeKey(kind: .variable, payload: 0, name: name, a: nil, b: nil)
    return internTable.withLock { state in state.nodes[key]?.node != nil }
  }
}
