internal import Synchronization

// `Expr` as a `Differentiable` scalar: each operation builds one (hash-consed) node, exactly
// as written. Nothing is rewritten here; see `Simplify.swift` for the rules.

extension Expr {
  /// A node of `kind` over the given operands, as written (no simplification).
  static func make(_ kind: ExprKind, _ a: Expr, _ b: Expr? = nil) -> Expr {
    Expr(.intern(kind, a.node, b?.node))
  }
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

  public static func + (lhs: Expr, rhs: Expr) -> Expr { make(.add, lhs, rhs) }
  public static func - (lhs: Expr, rhs: Expr) -> Expr { make(.subtract, lhs, rhs) }
  public static func * (lhs: Expr, rhs: Expr) -> Expr { make(.multiply, lhs, rhs) }
  public static func / (lhs: Expr, rhs: Expr) -> Expr { make(.divide, lhs, rhs) }
  public static prefix func - (operand: Expr) -> Expr { make(.negate, operand) }

  public static func exp(_ x: Expr) -> Expr { make(.exp, x) }
  public static func expMinusOne(_ x: Expr) -> Expr { make(.expMinusOne, x) }
  public static func log(_ x: Expr) -> Expr { make(.log, x) }
  public static func log(onePlus x: Expr) -> Expr { make(.logOnePlus, x) }
  public static func sqrt(_ x: Expr) -> Expr { make(.sqrt, x) }
  /// xʸ as one node. Partials `y·x^(y−1)` and `xʸ·log x`. Unlike the AD engines, which take
  /// `∂y = 0` where `x == 0`, the symbolic `∂y` there evaluates to `0 · −inf = NaN` unless
  /// y is a constant (then the term is simplified away); a constant integer y becomes `x^n`.
  public static func pow(_ x: Expr, _ y: Expr) -> Expr { make(.pow, x, y) }
  public static func sin(_ x: Expr) -> Expr { make(.sin, x) }
  public static func cos(_ x: Expr) -> Expr { make(.cos, x) }
  public static func atan2(y: Expr, x: Expr) -> Expr { make(.atan2, y, x) }
  public static func tanh(_ x: Expr) -> Expr { make(.tanh, x) }
  public static func abs(_ x: Expr) -> Expr { make(.abs, x) }

  // MARK: Branch-free overrides of the protocol's branching defaults

  /// max(x, 0) as one node. Derivative: sign(relu(x)), which is 1 for x > 0 and 0 for x ≤ 0
  /// (as the AD engines).
  public static func relu(_ x: Expr) -> Expr { make(.relu, x) }
  /// min(x, y) as one node. Partials `(1 + sign(y − x))/2` and `(1 + sign(x − y))/2`: ½ each
  /// at a tie, as the AD engines.
  public static func min(_ x: Expr, _ y: Expr) -> Expr { make(.min, x, y) }
  /// max(x, y) as one node; partials as for ``min(_:_:)`` with the roles swapped.
  public static func max(_ x: Expr, _ y: Expr) -> Expr { make(.max, x, y) }
  /// √(x² + y²) as one node (evaluated by the C library's `hypot`). Partials `x/hypot`,
  /// `y/hypot`: NaN at the origin, where hypot is not differentiable (the AD engines return 0).
  public static func hypot(_ x: Expr, _ y: Expr) -> Expr { make(.hypot, x, y) }
  /// The logistic function as one node (evaluated stably). Derivative: s·(1 − s).
  public static func sigmoid(_ x: Expr) -> Expr { make(.sigmoid, x) }
  /// log(1 + eˣ) as one node (evaluated stably). Derivative: sigmoid(x).
  public static func softplus(_ x: Expr) -> Expr { make(.softplus, x) }
  /// xⁿ as one node, printed `x^n`. Derivative: n·xⁿ⁻¹. `x^0` is 1, as ``pow(_:n:)`` is for
  /// every engine.
  public static func pow(_ x: Expr, n: Int) -> Expr {
    Expr(.intern(.integerPower, exponent: n, x.node))
  }
}

/// The comparisons of ``Expr`` (an implementation detail; no other type should conform).
///
/// `==` and `<` compare *values*, so both sides must be constants; a comparison involving a
/// symbol stops with a message (see ``Expr``). They live in this protocol's extension rather
/// than on `Expr` itself because Swift prefers a concrete operator over a generic one: a
/// concrete `Expr.==` would make plain code such as `min(2.0, 3.0) == 2.0` type-check with
/// `Expr` literals (and stop), while a protocol-extension operator ranks below `Double`'s.
public protocol _ExprComparable: Comparable {
  /// The value, if this is a constant.
  var constantValue: Double? { get }
}

extension _ExprComparable {
  /// Equal values; both sides must be constants (for structure, use `isIdentical(to:)`).
  public static func == (lhs: Self, rhs: Self) -> Bool {
    let (a, b) = comparedValues(lhs, rhs, "==")
    return a == b
  }
  /// Smaller value; both sides must be constants.
  public static func < (lhs: Self, rhs: Self) -> Bool {
    let (a, b) = comparedValues(lhs, rhs, "<")
    return a < b
  }
}

extension Expr: _ExprComparable {}

private func comparedValues<E: _ExprComparable>(_ lhs: E, _ rhs: E, _ op: String) -> (
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
