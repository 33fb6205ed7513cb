// The Wengert list as a picture: one box per recorded operation with its value and adjoint,
// one edge per operand with the local partial derivative the sweep multiplies by.
//
// Built on the printed Wengert list (``WengertList/Row``): operands are read from each row's
// definition (`v1 * v2`, `sin(v1)`, `2 * v3`), and each local partial is evaluated by running
// that one operation once more in forward mode (`Dual`), so every partial shown comes from the
// same derivative rules the engines use.

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
    var index: [String: Int] = [:]
    var nodes: [GraphPicture.Node] = []
    var edges: [GraphPicture.Edge] = []
    let values = rows.map { Double($0.value) }
    for (k, row) in rows.enumerated() {
      index[row.name] = k
      let parsed = ParsedDefinition(row.definition)
      let isInput = parsed.operands.isEmpty && row.definition.hasPrefix("x")
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
      // Operand values (nil: not a recorded node) and the partials of this one operation.
      let operandValues = parsed.operands.map { operand -> Double? in
        switch operand {
        case .node(let name): return index[name].map { values[$0] }
        case .constant(let c): return c
        }
      }
      let partials = parsed.partials(at: operandValues.map { $0 ?? .nan })
      for (slot, operand) in parsed.operands.enumerated() {
        guard case .node(let name) = operand, let from = index[name] else { continue }
        let label = partials.map { "∂ = " + shortNumber($0[slot]) } ?? ""
        edges.append(.init(from: from, to: k, label: label))
      }
    }
    let inputs = rows.filter { $0.definition.hasPrefix("x") && !$0.definition.contains(" ") }.count
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

/// One row's definition, split into its operation and operands.
private struct ParsedDefinition {
  enum Operand {
    case node(String)
    case constant(Double)
  }
  /// `+`, `-`, `*`, `/`, `neg`, or a function name such as `sin`, `pow`; empty for an input.
  var operation = ""
  var operands: [Operand] = []

  init(_ definition: String) {
    let text = definition.trimmingSpaces
    if let open = text.firstIndex(of: "("), text.hasSuffix(")"), open != text.startIndex {
      operation = String(text[..<open])
      let inner = text[text.index(after: open)..<text.index(before: text.endIndex)]
      operands = inner.split(separator: ",").map { Self.operand(String($0).trimmingSpaces) }
      return
    }
    // A binary operator between spaces: `a + b` (constants may be negative: `-2 * v1`).
    let words = text.split(separator: " ", omittingEmptySubsequences: true)
    if words.count == 3, ["+", "-", "*", "/"].contains(words[1]) {
      operation = String(words[1])
      operands = [Self.operand(String(words[0])), Self.operand(String(words[2]))]
      return
    }
    if text.hasPrefix("-"), text.dropFirst().hasPrefix("v") {
      operation = "neg"
      operands = [Self.operand(String(text.dropFirst()))]
    }
  }

  private static func operand(_ s: String) -> Operand {
    if s.hasPrefix("v"), Int(s.dropFirst()) != nil { return .node(s) }
    return .constant(Double(s) ?? .nan)
  }

  /// ∂result/∂operand for each operand, by forward mode on this one operation; nil for an
  /// operation this reader does not know.
  func partials(at values: [Double]) -> [Double]? {
    guard !operands.isEmpty, values.allSatisfy({ $0.isFinite }) else { return nil }
    var result: [Double] = []
    for slot in values.indices {
      let args = values.enumerated().map { Dual($0.element, tangent: $0.offset == slot ? 1 : 0) }
      guard let y = Self.apply(operation, args) else { return nil }
      result.append(y.tangent)
    }
    return result
  }

  private static func apply(_ op: String, _ a: [Dual<Double>]) -> Dual<Double>? {
    if a.count == 2 {
      switch op {
      case "+": return a[0] + a[1]
      case "-": return a[0] - a[1]
      case "*": return a[0] * a[1]
      case "/": return a[0] / a[1]
      case "pow": return pow(a[0], a[1])
      case "atan2": return atan2(y: a[0], x: a[1])
      case "hypot": return hypot(a[0], a[1])
      case "min": return min(a[0], a[1])
      case "max": return max(a[0], a[1])
      default: return nil
      }
    }
    guard a.count == 1 else { return nil }
    let x = a[0]
    switch op {
    case "neg": return -x
    case "exp": return exp(x)
    case "expm1", "expMinusOne": return expm1(x)
    case "log": return log(x)
    case "log1p", "logOnePlus": return log1p(x)
    case "sqrt": return sqrt(x)
    case "sin": return sin(x)
    case "cos": return cos(x)
    case "tan": return tan(x)
    case "tanh": return tanh(x)
    case "sinh": return sinh(x)
    case "cosh": return cosh(x)
    case "asin": return asin(x)
    case "acos": return acos(x)
    case "atan": return atan(x)
    case "abs": return abs(x)
    case "sigmoid": return sigmoid(x)
    case "softplus": return softplus(x)
    case "relu": return relu(x)
    default: return nil
    }
  }
}

extension StringProtocol {
  /// The text without leading and trailing spaces.
  fileprivate var trimmingSpaces: String {
    var s = Substring(self)
    while s.first == " " { s = s.dropFirst() }
    while s.last == " " { s = s.dropLast() }
    return String(s)
  }
}
