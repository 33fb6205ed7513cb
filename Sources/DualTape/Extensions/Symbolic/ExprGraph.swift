// The symbolic expression as a picture: its DAG, each shared subexpression drawn once, built
// on the public Expr API (kind, operands, constant value, variable name, exponent).

extension Expr {
  /// The expression's DAG as a graph: variables and constants on the left, the expression on
  /// the right, each distinct subexpression once (hash-consing makes equal subexpressions one
  /// node). With `values`, each node also shows its value there.
  ///
  /// ```swift
  /// let (x, y) = (Expr.variable("x"), Expr.variable("y"))
  /// let z = x * x + 3 * x * y + 1
  /// print(z.graph(values: ["x": 2, "y": 3]).dot)
  /// ```
  /// - Parameters:
  ///   - values: a value for every variable, or nil to draw the structure only.
  ///   - name: the name shown on the output node.
  public func graph(values: [String: Double]? = nil, name: String = "f") -> GraphPicture {
    Expr.graph(of: [self], names: [name], values: values)
  }

  /// Several expressions (a gradient's components) as one DAG, shared subexpressions once.
  ///
  /// - Parameters:
  ///   - expressions: the outputs.
  ///   - names: a name per output, e.g. `["∂f/∂x", "∂f/∂y"]`.
  ///   - values: a value for every variable, or nil.
  public static func graph(
    of expressions: [Expr], names: [String], values: [String: Double]? = nil
  ) -> GraphPicture {
    // Operands before users, each node once (iterative: deep expressions cannot overflow).
    var order: [Expr] = []
    var position: [ObjectIdentifier: Int] = [:]
    var stack: [(Expr, Bool)] = expressions.reversed().map { ($0, false) }
    while let (e, expanded) = stack.popLast() {
      let id = ObjectIdentifier(e.node)
      if position[id] != nil { continue }
      if expanded {
        position[id] = order.count
        order.append(e)
        continue
      }
      stack.append((e, true))
      for operand in e.operands.reversed() where position[ObjectIdentifier(operand.node)] == nil {
        stack.append((operand, false))
      }
    }
    let computed = values.flatMap { try? Expr.evaluate(order, $0) }
    var outputNames: [Int: [String]] = [:]
    for (e, name) in zip(expressions, names) {
      outputNames[position[ObjectIdentifier(e.node)]!, default: []].append(name)
    }
    var nodes: [GraphPicture.Node] = []
    var edges: [GraphPicture.Edge] = []
    for (k, e) in order.enumerated() {
      var lines = [symbol(e)]
      if let computed { lines.append("value \(shortNumber(computed[k]))") }
      let role: GraphPicture.Role
      if let names = outputNames[k] {
        lines.append("is " + names.joined(separator: ", "))
        role = .output
      } else {
        role = e.kind == .variable ? .input : e.kind == .constant ? .constant : .operation
      }
      nodes.append(.init(name: "n\(k)", lines: lines, role: role))
      let operands = e.operands.map { position[ObjectIdentifier($0.node)]! }
      let ordered = [Primitive.subtract, .divide, .pow, .atan2].contains(e.kind)
      if operands.count == 2 && operands[0] == operands[1] {
        edges.append(.init(from: operands[0], to: k, label: "both operands"))
      } else {
        for (slot, from) in operands.enumerated() {
          edges.append(.init(from: from, to: k, label: ordered ? (slot == 0 ? "1st" : "2nd") : ""))
        }
      }
    }
    let count = nodes.count
    let tree = Expr.treeSize(of: expressions)
    return GraphPicture(
      title: "Expression DAG: \(count) distinct nodes (\(shortNumber(tree)) as a tree)",
      nodes: nodes, edges: edges)
  }

  /// The operation drawn in a node: `+`, `×`, `sin`, `^3`, a variable's name, a constant.
  private static func symbol(_ e: Expr) -> String {
    switch e.kind {
    case .constant: return shortNumber(e.constantValue ?? .nan)
    case .variable: return e.variableName ?? "?"
    case .add: return "+"
    case .subtract: return "−"
    case .multiply: return "×"
    case .divide: return "÷"
    case .negate: return "negate"
    case .integerPower: return "^\(e.exponent ?? 0)"
    default: return "\(e.kind)"
    }
  }
}
