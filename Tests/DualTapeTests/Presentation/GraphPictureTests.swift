import DualTape
import Testing

// The computational graph as a picture: the tape's Wengert list and the symbolic DAG.

/// f(x, y) = 2yx² + xy + 3 at (2, 3): value 33, ∂f/∂x = 4xy + y = 27, ∂f/∂y = 2x² + x = 10.
@Test func tapeGraphShowsValuesAdjointsAndPartials() {
  let list = Reverse.wengertList(at: [2.0, 3.0]) { v in 2 * v[1] * v[0] * v[0] + v[0] * v[1] + 3 }
  let graph = list.graph
  #expect(graph.nodes.count == list.rows.count)
  #expect(graph.hiddenNodeCount == 0)
  // The inputs carry the gradient as their adjoints; the output its value.
  #expect(graph.nodes[0].lines.contains("adjoint 27"))
  #expect(graph.nodes[1].lines.contains("adjoint 10"))
  #expect(graph.nodes.last!.lines.contains("value 33"))
  #expect(graph.nodes.last!.role == .output)
  // Every operand edge carries its local partial; x·y's partials are y = 3 and x = 2.
  #expect(graph.edges.allSatisfy { $0.label.hasPrefix("∂ = ") })
  let product = list.rows.firstIndex { $0.definition == "v1 * v2" }
  if let product {
    let labels = graph.edges.filter { $0.to == product }.map(\.label).sorted()
    #expect(labels == ["∂ = 2", "∂ = 3"])
  }
  // Chain rule on the picture: each input's adjoint is Σ (user's adjoint × edge partial).
  expectSVG(graph.svg, shows: ["value 33", "adjoint 27", "adjoint 10", "∂ = 3", "Wengert list"])
  #expect(graph.dot.hasPrefix("digraph"))
  #expect(graph.dot.contains("n0 -> "))
  #expect(graph.dot.contains("value 33"))
}

@Test func tapeGraphPartialsOfElementaryFunctions() {
  // sin(x)·exp(y) at (0.5, 0.25): ∂sin/∂x = cos 0.5, ∂exp/∂y = exp 0.25.
  let graph = Reverse.graph(at: [0.5, 0.25]) { v in sin(v[0]) * exp(v[1]) }
  let labels = Set(graph.edges.map(\.label))
  #expect(labels.contains("∂ = 0.8776"))  // cos(0.5) = 0.87758…
  #expect(labels.contains("∂ = 1.284"))  // exp(0.25) = 1.2840…
}

@Test func largeTapeGraphIsSummarised() {
  let graph = Reverse.graph(at: [Double](repeating: 0.5, count: 30)) { v in
    v.reduce(Tracked(0)) { $0 + sin($1) }
  }
  #expect(graph.nodes.count == GraphPicture.drawingLimit)
  #expect(graph.hiddenNodeCount > 0)
  #expect(graph.nodes[0].role == .summary)
  expectSVG(graph.svg, shows: ["\(graph.hiddenNodeCount) earlier nodes"])
}

/// z = x² + 3xy + 1 at (2, 3) = 23: x is drawn once though it appears three times.
@Test func expressionGraphDrawsSharedSubexpressionsOnce() {
  let (x, y) = (Expr.variable("x"), Expr.variable("y"))
  let z = x * x + 3 * x * y + 1
  let graph = z.graph(values: ["x": 2, "y": 3], name: "z")
  #expect(graph.nodes.count == z.nodeCount)
  #expect(graph.nodes.filter { $0.lines.first == "x" }.count == 1)
  #expect(graph.nodes.last!.lines.contains("is z"))
  #expect(graph.nodes.last!.lines.contains("value 23"))
  expectSVG(graph.svg, shows: ["x", "y", "value 23", "Expression DAG"])
  #expect(graph.dot.contains("->"))
}

@Test func gradientGraphSharesNodesBetweenComponents() {
  let (x, y) = (Expr.variable("x"), Expr.variable("y"))
  let f = 2 * y * x * x + x * y + 3
  let gradient = f.gradient(withRespectTo: [x, y])
  let graph = Expr.graph(of: gradient, names: ["∂f/∂x", "∂f/∂y"], values: ["x": 2, "y": 3])
  #expect(graph.nodes.count == Expr.nodeCount(of: gradient))
  expectSVG(graph.svg, shows: ["∂f/∂x", "∂f/∂y", "value 27", "value 10"])
}
