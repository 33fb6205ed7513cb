// Symbolic differentiation. One table of local partials (∂node/∂operand, as expressions)
// feeds two accumulations over the DAG:
//   forward   d(node) = ∂node/∂a · da + ∂node/∂b · db, one pass per variable (the textbook
//             symbolic derivative; a gradient of n variables costs n passes)
//   reverse   adj(a) += adj(node) · ∂node/∂a, one pass from the output (a symbolic reverse
//             sweep: the gradient's DAG is a constant multiple of the function's, as a tape)
// Shared subexpressions are differentiated once in either.

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

  /// How a gradient or Jacobian accumulates the chain rule.
  public enum Accumulation: Sendable {
    /// One forward pass per variable: `d(node) = Σ ∂node/∂operand · d(operand)`. Each partial
    /// is a separate expression; a gradient of n variables can have O(n · size) nodes.
    case forward
    /// One reverse pass per output, accumulating adjoints `adj(operand) += adj(node) ·
    /// ∂node/∂operand`, as the reverse engine does on its tape: the gradient shares the
    /// adjoint expressions, so its DAG stays a constant multiple of the function's.
    case reverse
  }

  /// The derivative with respect to a variable, as a new expression.
  ///
  /// ```swift
  /// let x = Expr.variable("x"), y = Expr.variable("y")
  /// let z = x * x + 3 * x * y + 1
  /// z.derivative(withRespectTo: x)                          // 2 * x + 3 * y
  /// z.derivative(withRespectTo: x, simplification: .none)
  /// // 1 * x + 1 * x + ((0 * x + 1 * 3) * y + 0 * (3 * x)) + 0
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
  ///   - simplification: `.full` (default) or `.none`.
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
  /// - Parameters:
  ///   - variables: variables made by ``variable(_:)``.
  ///   - simplification: `.full` (default) or `.none`.
  ///   - accumulation: `.forward` (default; one pass per variable) or `.reverse` (one pass
  ///     from the output; a much smaller DAG when there are many variables). The values are
  ///     equal; the printed forms may differ.
  public func gradient(
    withRespectTo variables: [Expr], simplification: Simplification = .full,
    accumulation: Accumulation = .forward
  ) -> [Expr] {
    Expr.jacobian(
      of: [self], withRespectTo: variables, simplification: simplification,
      accumulation: accumulation
    ).elements
  }

  /// The Jacobian of several expressions: rows are outputs, columns are variables
  /// (`J[i, j] = ∂fᵢ/∂vⱼ`), the layout of the engines' Jacobians.
  /// - Parameters: as for ``gradient(withRespectTo:simplification:accumulation:)``;
  ///   `.reverse` makes one pass per output, `.forward` one per variable.
  public static func jacobian(
    of outputs: [Expr], withRespectTo variables: [Expr],
    simplification: Simplification = .full, accumulation: Accumulation = .forward
  ) -> Matrix<Expr> {
    var elements: [Expr] = []
    elements.reserveCapacity(outputs.count * variables.count)
    switch accumulation {
    case .forward:
      let columns = derivatives(of: outputs, withRespectTo: variables, simplification, "jacobian")
      for i in outputs.indices { for j in variables.indices { elements.append(columns[j][i]) } }
    case .reverse:
      for output in outputs {
        elements += adjoints(of: output, withRespectTo: variables, simplification, "jacobian")
      }
    }
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

  static func requireVariables(_ variables: [Expr], _ caller: String) {
    for v in variables {
      require(
        v.kind == .variable,
        "Expr.\(caller)(withRespectTo:) needs a variable made by Expr.variable(_:), but was"
          + " given `\(v)`. To differentiate with respect to a subexpression, build the"
          + " function with a new variable in its place.")
    }
  }

  /// `[∂rootᵢ/∂vⱼ for each root i] for each variable j`, by forward accumulation. The roots
  /// are simplified and ordered once; each variable then costs one pass over the DAG.
  static func derivatives(
    of roots: [Expr], withRespectTo variables: [Expr], _ simplification: Simplification,
    _ caller: String
  ) -> [[Expr]] {
    requireVariables(variables, caller)
    let build = Builder(simplify: simplification == .full)
    let roots = build.simplify ? simplified(roots) : roots
    let order = TopologicalOrder(roots.map(\.node))
    return variables.map { variable in
      let d: [Expr] = order.map { node, da, db in
        build.derivative(of: node, variable.node, da, db)
      }
      return roots.map { d[order.position(of: $0.node)] }
    }
  }

  /// `[∂root/∂vⱼ for each variable j]`, by reverse accumulation: one sweep over the DAG from
  /// the root, operands after their users, adding each node's contribution to its operands'
  /// adjoints.
  static func adjoints(
    of root: Expr, withRespectTo variables: [Expr], _ simplification: Simplification,
    _ caller: String
  ) -> [Expr] {
    requireVariables(variables, caller)
    let build = Builder(simplify: simplification == .full)
    let root = build.simplify ? root.simplified() : root
    let order = TopologicalOrder([root.node])
    var adjoint = [Expr?](repeating: nil, count: order.nodes.count)
    adjoint[order.position(of: root.node)] = 1
    for (i, node) in order.nodes.enumerated().reversed() {
      guard let g = adjoint[i], node.kind.arity > 0 else { continue }
      let (pa, pb) = build.partials(of: node)
      for (operand, partial) in [(node.a, pa), (node.b, pb)] {
        guard let operand, let partial else { continue }
        let contribution = build.chain(g, partial)
        if build.simplify, contribution.isConstant(0) { continue }
        let j = order.position(of: operand)
        adjoint[j] = adjoint[j].map { build.add($0, contribution) } ?? contribution
      }
    }
    return variables.map { v in order.index[ObjectIdentifier(v.node)].flatMap { adjoint[$0] } ?? 0 }
  }
}

/// Builds derivative nodes, literally or simplified.
struct Builder {
  let simplify: Bool

  func make(_ kind: Primitive, _ a: Expr, _ b: Expr? = nil) -> Expr {
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

  /// The derivative of `node` given its operands' derivatives `da`, `db` (forward mode).
  func derivative(of node: ExprNode, _ v: ExprNode, _ da: Expr?, _ db: Expr?) -> Expr {
    guard let da else { return .constant(node === v ? 1 : 0) }
    // Every rule is linear in (da, db), so with 0·x → 0 (see Simplify.swift) an operation
    // whose operands do not depend on v has derivative 0: skip building the partials.
    if simplify, da.isConstant(0), db?.isConstant(0) ?? true { return .constant(0) }
    let (pa, pb) = partials(of: node)
    let first = chain(da, pa!)
    guard let db, let pb else { return first }
    return add(first, chain(db, pb))
  }

  /// `d · partial`, where the partial ±1 of a sum, difference or negation is not written
  /// even unsimplified (`da + db`, not `da * 1 + db * 1`).
  func chain(_ d: Expr, _ partial: Expr) -> Expr {
    switch partial.constantValue {
    case 1: d
    case -1: neg(d)
    default: mul(d, partial)
    }
  }

  /// ∂node/∂a and ∂node/∂b (nil for an operand the node does not have): the rule table's
  /// generic partials evaluated with `Expr`, building simplified nodes when `simplify` is set.
  func partials(of node: ExprNode) -> (Expr?, Expr?) {
    guard let na = node.a, node.kind.arity > 0 else { return (nil, nil) }
    let a = Expr(na)
    let b = node.b.map(Expr.init)
    return SymbolicBuild.$simplifying.withValue(simplify) {
      let rule = node.kind
      let z = Expr(node)
      let (pa, pb) = rule.partials(a, b ?? a, value: z, exponent: node.exponent, name: node.name)
      guard let b else { return (pa, nil) }
      // Two rules take a partial as 0 where a value is zero (see the edge table in
      // EdgeSemantics.md): `hasZeroValue` is false for a symbol, so evaluated with `Expr` the
      // rule would give its formula there (0 · −∞ or 0/0: NaN). Evaluating the rule at
      // `nonzero(q)` instead of the value q it tests gives its formula where q ≠ 0 and
      // exactly its 0 where q = 0, as Forward and Reverse do.
      switch rule {
      case .pow:  // ∂/∂y = xʸ · log x, 0 where x = 0: 1¹ · log 1 = 0 there
        let x = nonzero(a)
        let xy = Expr.make(.pow, x, b)
        return (pa, rule.partials(x, b, value: xy, exponent: 0).1)
      case .hypot:  // x/h and y/h, 0 at the origin (h = 0): 0/1 there
        return rule.partials(a, b, value: nonzero(z), exponent: 0)
      default: return (pa, pb)
      }
    }
  }

  /// `q + (1 − |sign q|)`: q itself wherever q ≠ 0 (adding +0 changes no nonzero number, and
  /// NaN stays NaN), and 1 where q = ±0. Branch-free, so it holds for a symbol.
  func nonzero(_ q: Expr) -> Expr {
    add(q, sub(1, make(.abs, make(.sign, q))))
  }
}
