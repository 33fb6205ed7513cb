// The Wengert list as a picture: one box per recorded operation with its value and adjoint,
// one edge per operand with the local partial derivative the sweep multiplies by.
//
// Built on the recorded rows (``WengertList/Row``): each row carries its operation, its
// operands' node numbers and the partials the tape recorded, so every partial shown is the
// one the reverse sweep used (nothing is parsed back from the printed text).

extension WengertList {
  /// The recorded computation as a graph: inputs on the left, the output on the right; each
  /// node shows its definition, value and adjoint (∂output/∂node), each edge the local
  /// partial ∂user/∂operand.
  ///
  /// ```swift
  /// let list = Reverse.wengertList(at: [2.0, 3.0]) { v in v[0] * v[1] + sin(v[0]) }
  /// print(list.graph.dot)  // Graphviz; list.graph.svg is a picture
  /// ```
  /// Graphs of more than ``GraphPicture/drawingLimit`` nodes are summarised.
  public var graph: GraphPicture {
    var nodes: [GraphPicture.Node] = []
    var edges: [GraphPicture.Edge] = []
    for (k, row) in rows.enumerated() {
      let isInput = row.operation == .input
      let role: GraphPicture.Role =
        k == rows.count - 1 ? .output : isInput ? .input : .operation
      let title =
        isInput ? "\(row.name) = input \(row.definition)" : "\(row.name) = \(row.definition)"
      nodes.append(
        .init(
          name: row.name,
          lines: [
            title, "value \(shortNumber(Double(row.value)))",
            "adjoint \(shortNumber(Double(row.adjoint)))",
          ],
          role: role))
      // Row k is node k + 1 (node 0 is the sink); a constant operand (0) has no edge.
      for (operand, partial) in zip(row.operands, row.partials) where operand > 0 {
        edges.append(
          .init(from: operand - 1, to: k, label: "∂ = " + shortNumber(Double(partial))))
      }
    }
    let inputs = rows.filter { $0.operation == .input }.count
    return GraphPicture(
      title:
        "Wengert list: \(rows.count) nodes (\(inputs) inputs), value \(shortNumber(Double(value)))",
      nodes: nodes, edges: edges)
  }
}

extension Reverse {
  /// The Wengert list of f at x as a graph: see ``WengertList/graph``.
  public static func graph<S: RealScalar>(
    at x: [S], of f: ([Tracked<S>]) -> Tracked<S>
  ) -> GraphPicture {
    wengertList(at: x, of: f).graph
  }

  /// The Wengert list of f at x as a graph: see ``WengertList/graph``.
  public static func graph<S: RealScalar>(at x: [S], of f: some VectorToScalar)
    -> GraphPicture
  {
    wengertList(at: x, of: f).graph
  }
}
