package import DualTapeSVG

// A computational graph as a picture: the nodes of a Wengert list or of an expression DAG,
// laid out in layers from the inputs (left) to the output (right), written as SVG (through
// the package's one SVG writer) or as Graphviz DOT text.

/// A computational graph ready to be drawn: nodes in evaluation order (operands before their
/// users) and edges from each operand to its user.
///
/// Made by ``WengertList/graph`` (the reverse tape: each node's operation, value and adjoint,
/// each edge's local partial derivative) and by ``Expr/graph(values:name:)`` (the symbolic
/// expression DAG, each shared subexpression once). Graphs larger than
/// ``GraphPicture/drawingLimit`` nodes keep the last nodes (nearest the output) and
/// summarise the rest in one node.
///
/// ```swift
/// let graph = Reverse.wengertList(at: [2.0, 3.0]) { v in 2 * v[1] * v[0] * v[0] + v[0] * v[1] + 3 }.graph
/// try graph.svg.write(toFile: "graph.svg", atomically: true, encoding: .utf8)
/// print(graph.dot)  // for `dot -Tpng`
/// ```
public struct GraphPicture: Sendable, CustomStringConvertible {
  /// What a node stands for.
  public enum Role: Sendable {
    /// An independent variable.
    case input
    /// A constant operand.
    case constant
    /// An operation.
    case operation
    /// The result (a function's output, or one of several).
    case output
    /// The nodes left out of a large graph, summarised.
    case summary
  }

  /// One node: a short name and the lines drawn in its box.
  public struct Node: Sendable {
    /// The node's name, e.g. `v3` or `x`.
    public var name: String
    /// The lines of its label, e.g. `["v3 = v1 * v2", "value 6", "adjoint 1"]`.
    public var lines: [String]
    /// What the node stands for (input, constant, operation, output, summary).
    public var role: Role
  }

  /// An edge from an operand to the node that uses it.
  public struct Edge: Sendable {
    /// Index of the operand in ``GraphPicture/nodes``.
    public var from: Int
    /// Index of the user.
    public var to: Int
    /// The label, e.g. a local partial derivative `∂ = 3`; empty for none.
    public var label: String
  }

  /// A heading for the picture.
  public var title: String
  /// The nodes drawn, operands before users.
  public var nodes: [Node]
  /// The edges, each from an operand to its user.
  public var edges: [Edge]
  /// How many nodes of the full graph are summarised in one ``Role/summary`` node (0: none).
  public var hiddenNodeCount: Int

  /// Graphs with more nodes than this are summarised: the last nodes are drawn, the earlier
  /// ones become one node.
  public static var drawingLimit: Int { 40 }

  /// A graph of `nodes` and `edges`, summarised to ``drawingLimit`` nodes.
  init(title: String, nodes: [Node], edges: [Edge]) {
    self.title = title
    let limit = Self.drawingLimit
    guard nodes.count > limit else {
      self.nodes = nodes
      self.edges = edges
      hiddenNodeCount = 0
      return
    }
    // Keep the last limit − 1 nodes; one summary node stands for every earlier one.
    let firstKept = nodes.count - (limit - 1)
    hiddenNodeCount = firstKept
    self.nodes =
      [Node(name: "…", lines: ["\(firstKept) earlier nodes", "not drawn"], role: .summary)]
      + nodes[firstKept...]
    var kept: [Edge] = []
    var fromSummary = Set<Int>()
    for e in edges where e.to >= firstKept {
      if e.from >= firstKept {
        kept.append(Edge(from: e.from - firstKept + 1, to: e.to - firstKept + 1, label: e.label))
      } else if fromSummary.insert(e.to).inserted {
        kept.append(Edge(from: 0, to: e.to - firstKept + 1, label: ""))
      }
    }
    self.edges = kept
  }

  /// The graph in Graphviz's DOT language, left to right: `dot -Tsvg graph.dot > graph.svg`.
  public var dot: String {
    var lines = ["digraph \"\(dotEscape(title))\" {", "  rankdir=LR;"]
    lines.append(
      "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=11];")
    lines.append("  edge [fontname=\"Helvetica\", fontsize=10, color=\"#555555\"];")
    lines.append("  labelloc=t; label=\"\(dotEscape(title))\";")
    for (k, node) in nodes.enumerated() {
      let label = node.lines.map(dotEscape).joined(separator: "\\n")
      lines.append("  n\(k) [label=\"\(label)\", fillcolor=\"\(Self.fill(node.role))\"];")
    }
    for e in edges {
      let label = e.label.isEmpty ? "" : " [label=\"\(dotEscape(e.label))\"]"
      lines.append("  n\(e.from) -> n\(e.to)\(label);")
    }
    lines.append("}")
    return lines.joined(separator: "\n") + "\n"
  }

  /// The graph as an SVG picture, left (inputs) to right (output).
  public var svg: String { drawing().document }

  /// The DOT text (see ``dot``).
  public var description: String { dot }

  private static func fill(_ role: Role) -> String {
    switch role {
    case .input: return "#dbeafe"
    case .constant: return "#f1f1f1"
    case .operation: return "#fff7e6"
    case .output: return "#fde2cf"
    case .summary: return "#eeeeee"
    }
  }

  /// The picture as a drawing, laid out in layers.
  package func drawing() -> SVGWriter {
    let lineHeight = 15.0
    let sizes = nodes.map { node -> (w: Double, h: Double) in
      // The first line is bold: about 12% wider than the estimate for regular text.
      let widest =
        node.lines.enumerated().map {
          $0.offset == 0
            ? SVGWriter.textWidth($0.element, size: 12) * 1.12
            : SVGWriter.textWidth($0.element, size: 11)
        }.max() ?? 20
      return (widest + 24, Double(node.lines.count) * lineHeight + 12)
    }
    // Layers: inputs, constants and the summary first; every other node one past its operands.
    var layer = [Int](repeating: 0, count: nodes.count)
    var operands = [[Int]](repeating: [], count: nodes.count)
    for e in edges { operands[e.to].append(e.from) }
    for k in nodes.indices where !operands[k].isEmpty {
      layer[k] = 1 + (operands[k].map { layer[$0] }.max() ?? 0)
    }
    let layerCount = (layer.max() ?? 0) + 1
    var members = [[Int]](repeating: [], count: layerCount)
    for k in nodes.indices { members[layer[k]].append(k) }
    // Order each layer by the mean position of its operands (fewer crossings).
    var position = [Double](repeating: 0, count: nodes.count)
    for l in 0..<layerCount {
      if l > 0 {
        members[l].sort { a, b in
          let pa =
            operands[a].map { position[$0] }.reduce(0, +) / Double(Swift.max(1, operands[a].count))
          let pb =
            operands[b].map { position[$0] }.reduce(0, +) / Double(Swift.max(1, operands[b].count))
          return pa < pb
        }
      }
      for (k, node) in members[l].enumerated() { position[node] = Double(k) }
    }
    let gapX = edges.contains { !$0.label.isEmpty } ? 120.0 : 60.0
    let gapY = 22.0
    let columnWidth = members.map { m in m.map { sizes[$0].w }.max() ?? 0 }
    let columnHeight = members.map { m in
      m.reduce(0) { $0 + sizes[$1].h } + gapY * Double(Swift.max(0, m.count - 1))
    }
    let top = 50.0
    let left = 20.0
    let height = top + (columnHeight.max() ?? 0) + 30
    let width = Swift.max(
      left + columnWidth.reduce(0, +) + gapX * Double(layerCount - 1) + 20,
      SVGWriter.textWidth(title, size: 14) + 40)
    var x = [Double](repeating: 0, count: nodes.count)
    var y = [Double](repeating: 0, count: nodes.count)
    var columnX = left
    let plotHeight = columnHeight.max() ?? 0
    for l in 0..<layerCount {
      var cy = top + (plotHeight - columnHeight[l]) / 2
      for k in members[l] {
        x[k] = columnX + (columnWidth[l] - sizes[k].w) / 2
        y[k] = cy
        cy += sizes[k].h + gapY
      }
      columnX += columnWidth[l] + gapX
    }
    var svg = SVGWriter(width: width, height: height)
    svg.title(title)
    svg.text(title, x: width / 2, y: 24, anchor: .middle, size: 14, bold: true)
    svg.arrowHead(id: "arrow")
    // Ports: the edges leaving a node spread over its right side, those entering over its
    // left side, each in the order of the other end's height (fewer crossings).
    var outPort = [Double](repeating: 0, count: edges.count)
    var inPort = [Double](repeating: 0, count: edges.count)
    for k in nodes.indices {
      let leaving = edges.indices.filter { edges[$0].from == k }.sorted {
        y[edges[$0].to] < y[edges[$1].to]
      }
      for (i, e) in leaving.enumerated() {
        outPort[e] = y[k] + sizes[k].h * Double(i + 1) / Double(leaving.count + 1)
      }
      let entering = edges.indices.filter { edges[$0].to == k }.sorted {
        y[edges[$0].from] < y[edges[$1].from]
      }
      for (i, e) in entering.enumerated() {
        inPort[e] = y[k] + sizes[k].h * Double(i + 1) / Double(entering.count + 1)
      }
    }
    // Edges under the boxes, labels over them.
    var labels: [(String, Double, Double)] = []
    for (index, e) in edges.enumerated() {
      let (x1, y1) = (x[e.from] + sizes[e.from].w, outPort[index])
      let (x2, y2) = (x[e.to], inPort[index])
      let bend = Swift.max(24, (x2 - x1) / 2)
      svg.path(
        "M \(SVGWriter.number(x1)) \(SVGWriter.number(y1)) C \(SVGWriter.number(x1 + bend)) "
          + "\(SVGWriter.number(y1)), \(SVGWriter.number(x2 - bend)) \(SVGWriter.number(y2)), "
          + "\(SVGWriter.number(x2 - 1)) \(SVGWriter.number(y2))", stroke: "#777", width: 1.2,
        arrowHead: "arrow")
      if !e.label.isEmpty {
        // On the curve, in the last gap before the user, where edges into one node are apart.
        let t = Swift.max(0.5, 1 - 60 / Swift.max(x2 - x1, 60))
        let u = 1 - t
        let bx =
          u * u * u * x1 + 3 * u * u * t * (x1 + bend) + 3 * u * t * t * (x2 - bend) + t * t * t
          * x2
        let by = u * u * u * y1 + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t * t * t * y2
        labels.append((e.label, bx, by + 4))
      }
    }
    for (k, node) in nodes.enumerated() {
      let role = node.role
      svg.rect(
        x: x[k], y: y[k], width: sizes[k].w, height: sizes[k].h, fill: Self.fill(role),
        stroke: role == .output ? "#c2410c" : "#888", strokeWidth: role == .output ? 2 : 1,
        cornerRadius: 6, dash: role == .summary ? "4 3" : nil)
      for (i, line) in node.lines.enumerated() {
        svg.text(
          line, x: x[k] + sizes[k].w / 2, y: y[k] + 18 + Double(i) * lineHeight, anchor: .middle,
          size: i == 0 ? 12 : 11, bold: i == 0, fill: i == 0 ? "#222" : "#444")
      }
    }
    for (text, lx, ly) in labels {
      let w = SVGWriter.textWidth(text, size: 10) + 6
      svg.rect(x: lx - w / 2, y: ly - 10, width: w, height: 14, fill: "white", cornerRadius: 3)
      svg.text(text, x: lx, y: ly + 1, anchor: .middle, size: 10, fill: "#7c2d12")
    }
    return svg
  }
}

private func dotEscape(_ s: String) -> String {
  var out = ""
  for c in s {
    if c == "\"" || c == "\\" { out.append("\\") }
    out.append(c)
  }
  return out
}

/// A number for a label: integers as integers, others with 4 significant digits
/// (`6`, `0.9093`, `-2.5`, `1.235e-5`). Foundation-free.
func shortNumber(_ x: Double) -> String {
  guard x.isFinite else { return x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf") }
  if x == x.rounded(), Swift.abs(x) < 1e15 { return String(Int(x)) }
  var exponent = 0
  var m = Swift.abs(x)
  while m >= 10 {
    m /= 10
    exponent += 1
  }
  while m < 1 {
    m *= 10
    exponent -= 1
  }
  let digits = (m * 1000).rounded() / 1000
  let sign = x < 0 ? "-" : ""
  if exponent >= -3 && exponent < 6 {
    var scaled = digits
    var e = exponent
    while e > 0 {
      scaled *= 10
      e -= 1
    }
    while e < 0 {
      scaled /= 10
      e += 1
    }
    // Round again to the 4 significant digits the shift may have blurred.
    var factor = 1.0
    for _ in 0..<Swift.max(0, 3 - exponent) { factor *= 10 }
    return sign + String((scaled * factor).rounded() / factor)
  }
  return sign + String(digits) + "e" + String(exponent)
}
