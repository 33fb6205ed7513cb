// Evaluation with a dictionary of variable values. Evaluation is driven by data (the names in
// the dictionary come from the caller at run time), so a missing value is a thrown error that
// names the variable, not a stop: a caller can report it or ask for the value.

/// An error from building, evaluating or compiling an ``Expr``.
public enum ExprError: Error, Equatable, CustomStringConvertible {
  /// The expression uses a variable that was given no value.
  /// - `name`: the variable; `bound`: the names that were given, sorted.
  case unboundVariable(name: String, bound: [String])
  /// Code run by ``Expr/build(_:)`` compared a symbol (`comparison`, e.g. `"0 < x"`), so it
  /// branches on its input and has no single symbolic form.
  case branchOnSymbol(comparison: String)

  public var description: String {
    switch self {
    case .unboundVariable(let name, let bound):
      let given = bound.isEmpty ? "no variables" : bound.joined(separator: ", ")
      return "unbound variable `\(name)`: the expression uses `\(name)`, but values were given"
        + " only for \(given). Add a value for `\(name)`."
    case .branchOnSymbol(let comparison):
      return "branch on a symbol: the code compared `\(comparison)`, so it follows a branch"
        + " that depends on its input and has no single symbolic form. Write it without the"
        + " branch (min, max, relu, abs, sigmoid, ...) or use the Forward or Reverse engine."
    }
  }
}

extension Expr {
  /// The value of the expression with the given variable values, computed once per distinct
  /// node.
  ///
  /// Generic over the engines' scalars: with `Double` it is the value; with ``Dual`` or
  /// ``Tracked`` values it differentiates the expression itself by AD.
  ///
  /// ```swift
  /// let z = x * x + 3 * x * y + 1
  /// try z.evaluate(["x": 3.0, "y": 2.0])                 // 28
  /// try z.evaluate(["x": 3.0])   // throws ExprError.unboundVariable(name: "y", ...)
  /// ```
  /// - Parameter values: a value for every variable the expression uses (extra names are
  ///   ignored).
  /// - Throws: ``ExprError/unboundVariable(name:bound:)`` naming the first variable without
  ///   a value.
  public func evaluate<T: Differentiable>(_ values: [String: T]) throws -> T {
    try Expr.evaluate([self], values)[0]
  }

  /// The value with `Double` variable values: ``evaluate(_:)->T`` for the common
  /// case, so that literals (`["x": 3, "y": 2]`) mean numbers rather than expressions.
  public func evaluate(_ values: [String: Double]) throws -> Double {
    try Expr.evaluate([self], values)[0]
  }

  /// Several expressions with `Double` variable values (literals mean numbers).
  public static func evaluate(_ expressions: [Expr], _ values: [String: Double]) throws
    -> [Double]
  {
    try evaluate(expressions, values, as: Double.self)
  }

  /// Several expressions evaluated together (a gradient), sharing common subexpressions.
  public static func evaluate<T: Differentiable>(
    _ expressions: [Expr], _ values: [String: T], as type: T.Type = T.self
  ) throws -> [T] {
    let order = TopologicalOrder(expressions.map(\.node))
    let results: [T] = try order.map { node, a, b in
      switch node.kind {
      case .constant: return T(node.value)
      case .variable:
        guard let v = values[node.name] else {
          throw ExprError.unboundVariable(name: node.name, bound: values.keys.sorted())
        }
        return v
      default: return node.kind.apply(a!, b ?? a!, exponent: node.exponent, name: node.name)
      }
    }
    return expressions.map { results[order.position(of: $0.node)] }
  }
}
