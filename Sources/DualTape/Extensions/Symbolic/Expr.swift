#if canImport(Glibc)
  internal import Glibc
#elseif canImport(Musl)
  internal import Musl
#elseif canImport(Darwin)
  internal import Darwin
#endif

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
/// (``isIdentical(to:)``, O(1)). The intern table is process-wide, protected by a lock,
/// and holds nodes weakly: a node leaves the table when the last
/// expression using it is released. Expressions are `Sendable` and may be built concurrently.
///
/// Operators build nodes as written (no rewriting); ``simplified()`` and the derivatives
/// (simplified by default) apply the rules documented in `Simplify.swift`. Gradients and
/// Jacobians accumulate forward (one pass per variable, the textbook forms) or, with
/// `accumulation: .reverse`, by a reverse sweep over the expression, whose result stays a
/// constant multiple of the function's size (see the swell section of RESULTS.md).
/// ``evaluate(_:)->Double`` evaluates with a dictionary; ``CompiledExpression``
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
  public var kind: Primitive { node.kind }

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
  /// The integer exponent of an ``Primitive/integerPower`` node (`x^3` has exponent 3), or the
  /// order of a ``Primitive/polygamma`` node.
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
  let kind: Primitive
  let value: Double
  let exponent: Int
  let name: String
  private(set) var a: ExprNode?
  private(set) var b: ExprNode?
  let key: NodeKey

  fileprivate init(
    key: NodeKey, kind: Primitive, value: Double, exponent: Int, name: String,
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

  // Leave the table, then release the operands without recursion: releasing a chain of 10⁵
  // nested nodes recursively would overflow the stack. An operand this node holds the last
  // reference to is taken apart here (its entry removed, its operands moved to `pending`),
  // so its own deinit finds nothing left to do. See `InternState` for why no step here can
  // release a node while the lock is held.
  deinit {
    var pending: [ExprNode] = []
    if let a = a.take() { pending.append(a) }
    if let b = b.take() { pending.append(b) }
    internTable.withLock { $0.remove(key, ifOwnedBy: ObjectIdentifier(self)) }
    while var node = pending.popLast() {
      internTable.withLock { state in
        // Under the lock no thread can take a new reference from the table, and the only
        // other references are strong ones held elsewhere: unique now means unique until
        // `node` is released below.
        guard isKnownUniquelyReferenced(&node) else { return }
        state.remove(node.key, ifOwnedBy: ObjectIdentifier(node))
        if let a = node.a.take() { pending.append(a) }
        if let b = node.b.take() { pending.append(b) }
      }
      // `node` is released here, after unlocking: if it was the last reference, its deinit
      // takes the lock, finds no entry and no operands, and returns.
    }
  }

  /// The unique node for this operation and these operands, created if it does not exist.
  static func intern(
    _ kind: Primitive, value: Double = 0, exponent: Int = 0, name: String = "",
    _ a: ExprNode? = nil, _ b: ExprNode? = nil
  ) -> ExprNode {
    let payload = kind == .constant ? value.bitPattern : UInt64(bitPattern: Int64(exponent))
    let key = NodeKey(
      kind: kind, payload: payload, name: name, a: a.map(ObjectIdentifier.init),
      b: b.map(ObjectIdentifier.init))
    return internTable.withLock { state in
      // The one strong reference loaded from the table: it is returned, so the caller
      // releases it, after the lock is released.
      // (Bound in two steps: Swift 6.3 at -Onone miscompiles `nodes[key]?.node` on a
      // missing key when the entry has a second field, loading from address 0x1.)
      if let entry = state.nodes[key], let existing = entry.node { return existing }
      let node = ExprNode(
        key: key, kind: kind, value: value, exponent: exponent, name: name, a: a, b: b)
      // Replaces the entry of a dying node, if any: that only destroys a weak reference.
      state.nodes[key] = InternEntry(node: node, id: ObjectIdentifier(node))
      return node
    }
  }
}

/// What makes a node unique. Operands are identified by object identity: an operand is alive
/// as long as any node using it is, so its identity cannot be reused while the key exists.
/// Constants are keyed by bit pattern, so `-0.0` and `0.0` differ and NaN finds itself.
struct NodeKey: Hashable, Sendable {
  var kind: Primitive
  var payload: UInt64
  var name: String
  var a: ObjectIdentifier?
  var b: ObjectIdentifier?
}

/// A node in the table: held weakly, so that the table does not keep it alive, and named by
/// its identity, so that it can be recognised without loading the weak reference.
struct InternEntry {
  weak var node: ExprNode?
  let id: ObjectIdentifier
}

/// The intern table's state, used only under its lock (`InternTable`).
///
/// **No node is released while the lock is held**, by construction: a release under the lock
/// could be a node's last one, and its deinit takes the same lock (issue 18: "Recursive call
/// to lock Mutex"). Loading a weak reference makes a strong one that must be released, so:
/// - `intern` is the only place that loads an entry's node, and it returns that reference,
///   which its caller releases after unlocking;
/// - every other access (a dying node removing its entry, the counts for tests) compares
///   identities (`InternEntry.id`), which retains nothing;
/// - removing or replacing an entry only destroys a weak reference;
/// - a dying node's operands are moved out (`Optional.take()`), not released, under the lock.
///
/// An entry's `id` always names a node whose deinit has not finished: a node removes its own
/// entry (if it is still the one there) before its memory is freed, so the identity is never
/// reused while the entry exists. That makes the race below safe: thread A releases node N's
/// last reference and N's deinit starts; thread B looks up N's key, loads nil from the weak
/// reference (N is dying) and stores a fresh node N′ under the key; N's deinit then finds an
/// entry whose `id` is N′, not N, and leaves it.
struct InternState {
  var nodes: [NodeKey: InternEntry] = [:]

  /// Removes `key`'s entry if it is the node `id`'s (and not a newer node's with that key).
  mutating func remove(_ key: NodeKey, ifOwnedBy id: ObjectIdentifier) {
    if let entry = nodes[key], entry.id == id { nodes[key] = nil }
  }
}

/// The process-wide intern table. A lock rather than a per-builder context because literals
/// (`2 * x`) and `init(_: Double)` must create nodes with no context at hand.
let internTable = InternTable()

/// The intern state behind a plain pthread mutex.
///
/// Not `Synchronization.Mutex`: on Linux that is a priority-inheritance futex, which hands the
/// lock to the waiting threads strictly in turn, so threads that build expressions queue
/// behind every holder the scheduler preempts. Measured with 8 threads on 2 cores building
/// and dropping 4·10⁵ nodes: 33 s with `Mutex`, 1.9 s with this lock. An error-checking mutex:
/// a thread that takes it again (which the design above rules out) stops with a message
/// instead of deadlocking.
final class InternTable: @unchecked Sendable {
  // @unchecked: `state` is used only between `pthread_mutex_lock` and `unlock`.
  private let mutex: UnsafeMutablePointer<pthread_mutex_t>
  private var state = InternState()

  init() {
    var attributes = pthread_mutexattr_t()
    pthread_mutexattr_init(&attributes)
    pthread_mutexattr_settype(&attributes, Int32(PTHREAD_MUTEX_ERRORCHECK))
    mutex = .allocate(capacity: 1)
    mutex.initialize(to: pthread_mutex_t())
    pthread_mutex_init(mutex, &attributes)
    pthread_mutexattr_destroy(&attributes)
  }

  /// Runs `body` on the state under the lock. `body` must not release a node (see
  /// `InternState`).
  func withLock<R>(_ body: (inout InternState) -> R) -> R {
    let status = pthread_mutex_lock(mutex)
    if status != 0 {
      dualTapeFailure("internal: the symbolic intern table's lock failed (error \(status)).")
    }
    defer { pthread_mutex_unlock(mutex) }
    return body(&state)
  }
}

extension Expr {
  /// The number of distinct nodes in the intern table (for tests and measurements): nodes
  /// alive, or being released on another thread at this moment.
  public static var internedNodeCount: Int {
    internTable.withLock { $0.nodes.count }
  }

  /// Whether the variable `name` is held by some living expression. Every expression that
  /// uses a variable holds it, so `false` shows that all of them have been released (a
  /// variable being released on another thread at this moment still counts as held).
  public static func isAlive(variable name: String) -> Bool {
    let key = NodeKey(kind: .variable, payload: 0, name: name, a: nil, b: nil)
    return internTable.withLock { $0.nodes.index(forKey: key) != nil }
  }
}
