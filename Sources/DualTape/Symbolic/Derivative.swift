// Symbolic differentiation: forward accumulation over the DAG, one derivative expression per
// node, computed once per node (shared subexpressions are differentiated once).

extension Expr {
  /// Whether derivatives are simplified as they are built.
  public enum Simplification: Sendable {
    /// Apply the chain rule literally: the result keeps every `0 *` and `1 *` term (what a
    /// naive symbolic engine builds; useful to see expression swell).
    case none
    /// Simplify the expression first, then build each derivative node with the rules of
    /// ``Expr/simplified()``.
    case full
  }

  /// The derivative with respect to a variable, as a new expression.
  ///
  /// ```swift
  /// let x = Expr.variable("x"), y = Expr.variable("y")
  /// let z = x * x + 3 * x * y + 1
  /// z.derivative(withRespectTo: x)                          // 2 * x + 3 * y
  /// z.derivative(withRespectTo: x, simplification: .none)  // (1 * x + x * 1 + ...) ...
  /// ```
  /// - Parameters:
  ///   - variable: an expression made by ``variable(_:)``; anything else stops with a message.
  ///   - simplification: `.full` (default) or `.none`.
  /// - Complexity: O(distinct nodes of `self`).
  public func derivative(withRespectTo variable: Expr, simplification: Simplification = .full)
    -> Expr
  {
    Expr.derivatives(of: [self], withRespectTo: [variable], simplification, "derivative")[0][0]
  }

  /// The `order`-th derivative, by repeated differentiation: ∂ⁿf/∂vⁿ.
  /// - Parameters:
  ///   - variable: a variable.
  ///   - order: n ≥ 0 (0 returns the expression itself).
  public func derivative(
    withRespectTo variable: Expr, order: Int, simplification: Simplification = .full
  ) -> Expr {
    require(order >= 0, "Expr.derivative(withRespectTo:order:): order \(order) is negative.")
    var d = self
    for _ in 0..<order { d = d.derivative(withRespectTo: variable, simplification: simplification) }
    return d
  }

  /// The gradient [∂f/∂v₁, …, ∂f/∂vₙ] as expressions, one per variable.
  ///
  /// ```swift
  /// (x * y).gradient(withRespectTo: [x, y])   // [y, x]
  /// ```
  public func gradient(withRespectTo variables: [Expr], simplification: Simplification = .full)
    -> [Expr]
  {
    Expr.derivatives(of: [self], withRespectTo: variables, simplification, "gradient")
      .map { $0[0] }
  }

  /// The Jacobian of several expressions: rows are outputs, columns are variables
  /// (`J[i, j] = ∂fᵢ/∂vⱼ`), the layout of the engines' Jacobians.
  public static func jacobian(
    of outputs: [Expr], withRespectTo variables: [Expr],
    simplification: Simplification = .full
  ) -> Matrix<Expr> {
    let columns = derivatives(of: outputs, withRespectTo: variables, simplification, "jacobian")
    var elements: [Expr] = []
    elements.reserveCapacity(outputs.count * variables.count)
    for i in outputs.indices { for j in variables.indices { elements.append(columns[j][i]) } }
    return Matrix(rows: outputs.count, columns: variables.count, elements: elements)
  }

  /// The Hessian `H[i, j] = ∂²f/∂vᵢ∂vⱼ` as expressions: the Jacobian of the gradient.
  public func hessian(withRespectTo variables: [Expr], simplification: Simplification = .full)
    -> Matrix<Expr>
  {
    Expr.jacobian(
      of: gradient(withRespectTo: variables, simplification: simplification),
      withRespectTo: variables, simplification: simplification)
  }

  /// `[∂rootᵢ/∂vⱼ for each root i] for each variable j`. The roots are simplified and ordered
  /// once; each variable then costs one forward pass over the DAG.
  static func derivatives(
    of roots: [Expr], withRespectTo variables: [Expr], _ simplification: Simplification,
    _ caller: String
  ) -> [[Expr]] {
    for v in variables {
      require(
        v.kind == .variable,
        "Expr.\(caller)(withRespectTo:) needs a variable made by Expr.variable(_:), but was"
          + " given `\(v)`. To differentiate with respect to a subexpression, build the"
          + " function with a new variable in its place.")
    }
    let simplify = simplification == .full
    let roots = simplify ? simplified(roots) : roots
    let build = Builder(simplify: simplify)
    let order = TopologicalOrder(roots.map(\.node))
    return variables.map { variable in
      let d: [Expr] = order.map { node, da, db in
        build.derivative(of: node, variable.node, da, db)
      }
      return roots.map { d[order.position(of: $0.node)] }
    }
  }
}

/// Builds derivative nodes, literally or simplified.
struct Builder {
  let simplify: Bool

  func make(_ kind: ExprKind, _ a: Expr, _ b: Expr? = nil) -> Expr {
    simplify ? Expr.simplifiedNode(kind, a, b, exponent: 0) : Expr.make(kind, a, b)
  }
  func add(_ a: Expr, _ b: Expr) -> Expr { make(.add, a, b) }
  func sub(_ a: Expr, _ b: Expr) -> Expr { make(.subtract, a, b) }
  func mul(_ a: Expr, _ b: Expr) -> Expr { make(.multiply, a, b) }
  func div(_ a: Expr, _ b: Expr) -> Expr { make(.divide, a, b) }
  func neg(_ a: Expr) -> Expr { make(.negate, a) }
  func power(_ a: Expr, _ n: Int) -> Expr {
    simplify ? Expr.power(a, n) : Expr(.intern(.integerPower, exponent: n, a.node))
  }

  /// The derivative of `node` given its operands' derivatives `da`, `db`.
  func derivative(of node: ExprNode, _ v: ExprNode, _ da: Expr?, _ db: Expr?) -> Expr {
    let s = Expr(node)
    guard let da else { return .constant(node === v ? 1 : 0) }
    // Every rule is linear in (da, db), so with 0·x → 0 (see Simplify.swift) an operation
    // whose operands do not depend on v has derivative 0: skip building the rule's nodes.
    if simplify, da.isConstant(0), db?.isConstant(0) ?? true { return .constant(0) }
    let a = Expr(node.a!)
    let b = node.b.map(Expr.init)
    switch node.kind {
    case .constant, .variable: return .constant(0)  // unreachable: no operands
    case .add: return add(da, db!)
    case .subtract: return sub(da, db!)
    case .multiply: return add(mul(da, b!), mul(a, db!))
    case .divide: return div(sub(da, mul(s, db!)), b!)  // (a' − (a/b)·b') / b
    case .negate: return neg(da)
    case .exp: return mul(s, da)
    case .expMinusOne: return mul(make(.exp, a), da)
    case .log: return div(da, a)
    case .logOnePlus: return div(da, add(1, a))
    case .sqrt: return div(da, mul(2, s))
    case .pow:
      let dx = mul(mul(b!, make(.pow, a, sub(b!, 1))), da)
      return add(dx, mul(mul(s, make(.log, a)), db!))
    case .sin: return mul(make(.cos, a), da)
    case .cos: return mul(neg(make(.sin, a)), da)
    case .atan2:  // atan2(y: a, x: b): (b·a' − a·b') / (a² + b²)
      return div(sub(mul(b!, da), mul(a, db!)), add(mul(b!, b!), mul(a, a)))
    case .tanh: return mul(sub(1, mul(s, s)), da)
    case .abs: return mul(make(.sign, a), da)
    case .integerPower:
      let n = node.exponent
      return mul(mul(.constant(Double(n)), power(a, n - 1)), da)
    case .sign: return .constant(0)
    case .relu: return mul(make(.sign, s), da)
    case .min, .max:
      // ∂min/∂a = (1 + sign(b − a))/2: 1 where a < b, 0 where a > b, ½ at a tie.
      let aWins = node.kind == .min ? make(.sign, sub(b!, a)) : make(.sign, sub(a, b!))
      let bWins = node.kind == .min ? make(.sign, sub(a, b!)) : make(.sign, sub(b!, a))
      return div(add(mul(add(1, aWins), da), mul(add(1, bWins), db!)), 2)
    case .hypot: return div(add(mul(a, da), mul(b!, db!)), s)
    case .sigmoid: return mul(mul(s, sub(1, s)), da)
    case .softplus: return mul(make(.sigmoid, a), da)
    }
  }
}
