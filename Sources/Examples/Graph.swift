import DualTape
import Foundation

/// The computational graph as a picture, for f(x, y) = 2yx² + xy + 3 at (2, 3):
/// the reverse tape (Wengert list) with values, adjoints and local partials, and the
/// symbolic DAG of z = x² + 3xy + 1 and of f's gradient, shared subexpressions drawn once.
/// Writes SVG pictures and Graphviz DOT files.
func runGraph(_ options: Options) throws {
  let list = Reverse.wengertList(at: [2.0, 3.0]) { v in
    let (x, y) = (v[0], v[1])
    return 2 * y * x * x + x * y + 3
  }
  print("f(x, y) = 2yx² + xy + 3 at (x, y) = (2, 3), recorded by reverse mode:\n")
  print(list)
  print(
    "\nIn the picture each box is one recorded operation with its value and its adjoint"
      + " ∂f/∂node after the reverse sweep; each arrow carries the local partial ∂user/∂operand."
      + " The sweep multiplies them along every path: ∂f/∂x = \(list.gradient[0]), ∂f/∂y = \(list.gradient[1])."
  )
  let tape = list.graph
  let (x, y) = (Expr.variable("x"), Expr.variable("y"))
  let z = x * x + 3 * x * y + 1
  let zGraph = z.graph(values: ["x": 2, "y": 3], name: "z")
  let f = 2 * y * x * x + x * y + 3
  let gradient = Expr.graph(
    of: f.gradient(withRespectTo: [x, y]), names: ["∂f/∂x", "∂f/∂y"], values: ["x": 2, "y": 3])
  var written: [String] = []
  for (name, graph) in [
    ("tape-graph", tape), ("expression-graph", zGraph), ("gradient-graph", gradient),
  ] {
    written.append(try writeSVG(graph.svg, options, name + ".svg"))
    let dotPath = (options.output as NSString).appendingPathComponent(name + ".dot")
    try graph.dot.write(toFile: dotPath, atomically: true, encoding: .utf8)
    written.append(dotPath)
  }
  print("\nz = x² + 3xy + 1 as a DAG: \(z.nodeCount) distinct nodes (x and y once each).")
  print("The DOT text of the tape (render with `dot -Tpng tape-graph.dot -o tape-graph.png`):\n")
  print(tape.dot)
  print("graph: wrote " + written.joined(separator: ", "))
}
