/// A recorded Wengert list with its adjoints, printable as the textbook table.
///
/// ```swift
/// print(Reverse.wengertList(at: [2.0, 3.0]) { v in v[0] * v[1] + sin(v[0]) })
/// ```
/// prints
/// ```
/// Wengert list: 5 nodes, 24 bytes per node
/// node  definition      value         adjoint
/// v1    x0              2             2.5838531634528574
/// v2    x1              3             2
/// v3    v1 * v2         6             1
/// v4    sin(v1)         0.9092974268  1
/// v5    v3 + v4         6.9092974268  1
/// ```
/// Each row is one recorded operation in evaluation order; the adjoint column is ∂y/∂vᵢ after
/// the reverse sweep from the output. Constants appear inline (`2 * v3`). Tapes longer than
/// `WengertList.fullListLimit` rows print their first and last rows with a summary between.
public struct WengertList<S: RealScalar>: CustomStringConvertible {
  /// One row of the table.
  public struct Row: Sendable {
    /// The node's name, `v1`, `v2`, ...
    public var name: String
    /// How the node was computed, e.g. `v1 * v2` or `x0` for an input.
    public var definition: String
    /// The node's value.
    public var value: S
    /// ∂output/∂node after the sweep.
    public var adjoint: S
    /// The recorded operation (``Primitive/input`` for an input).
    public var operation: Primitive = .input
    /// The operands' node numbers (3 for `v3`), 0 for a constant operand.
    public var operands: [Int] = []
    /// ∂node/∂operand for each of ``operands``: the partials the reverse sweep multiplied by.
    public var partials: [S] = []
  }

  /// The rows in evaluation order (the sink node 0 is not shown).
  public var rows: [Row]
  /// The function's value.
  public var value: S
  /// The gradient (the adjoints of the inputs).
  public var gradient: [S]
  /// Bytes per recorded operation on the tape.
  public var bytesPerNode: Int { MemoryLayout<TapeNode<S>>.stride }

  /// Lists up to this many rows in full; longer lists are summarised.
  public static var fullListLimit: Int { 40 }

  public var description: String {
    var lines = ["Wengert list: \(rows.count) nodes, \(bytesPerNode) bytes per node"]
    let nameWidth = Swift.max(4, rows.last.map { $0.name.count } ?? 0) + 2
    let definitionWidth = Swift.min(32, (rows.map { $0.definition.count }.max() ?? 10) + 2)
    func pad(_ s: String, _ w: Int) -> String {
      s.count >= w ? s + " " : s + String(repeating: " ", count: w - s.count)
    }
    lines.append(
      pad("node", nameWidth) + pad("definition", definitionWidth) + pad("value", 24) + "adjoint")
    func line(_ r: Row) -> String {
      pad(r.name, nameWidth) + pad(r.definition, definitionWidth) + pad("\(r.value)", 24)
        + "\(r.adjoint)"
    }
    if rows.count <= Self.fullListLimit {
      lines += rows.map(line)
    } else {
      lines += rows.prefix(20).map(line)
      lines.append("... \(rows.count - 30) nodes not shown ...")
      lines += rows.suffix(10).map(line)
    }
    return lines.joined(separator: "\n")
  }
}

extension Reverse {
  /// Records f at x with operation names kept, sweeps from the output, and returns the
  /// Wengert list with values and adjoints: what reverse mode does, for reading.
  ///
  /// - Complexity: like ``gradient(at:of:)-(_,VectorToScalar)``, plus a copy of the tape.
  public static func wengertList<S: RealScalar>(
    at x: [S], of f: some VectorToScalar
  ) -> WengertList<S> {
    wengertList(at: x) { f($0) }
  }

  /// The Wengert list of a closure over ``Tracked`` numbers.
  public static func wengertList<S: RealScalar>(
    at x: [S], of f: ([Tracked<S>]) -> Tracked<S>
  ) -> WengertList<S> {
    requireInputs(x, "Reverse.wengertList")
    return record(x, traced: true) { tape, xs in
      let y = f(xs)
      let output = outputIndex(y, tape, "Reverse.wengertList")
      let gradient = pullback(tape, inputCount: x.count, outputs: [output], seeds: [1])
      let storage = tape.pointee
      guard let trace = storage.trace else {
        return WengertList(rows: [], value: y.value, gradient: gradient)
      }
      let top = output ?? 0
      var rows: [WengertList<S>.Row] = []
      for i in 1..<storage.count {
        let node = storage.nodes[i]
        let entry = trace[i]
        let a = entry.lhsConstant.map { "\($0)" } ?? "v\(node.lhs)"
        let b = entry.rhsConstant.map { "\($0)" } ?? "v\(node.rhs)"
        let definition =
          entry.operation == .input ? "x\(i - 1)" : entry.operation.format(a, b)
        // Adjoints above the output are not part of this sweep: show them as 0.
        let adjoint = i <= top ? storage.adjoints[i] : 0
        // The recorded operands (a user's binary rule and a vector rule's links are `custom`
        // nodes with two).
        let count =
          entry.operation == .input
          ? 0 : entry.operation == .custom && entry.rhsIndex != 0 ? 2 : entry.operation.arity
        rows.append(
          .init(
            name: "v\(i)", definition: definition, value: entry.value, adjoint: adjoint,
            operation: entry.operation,
            operands: [Int(entry.lhsIndex), Int(entry.rhsIndex)].prefix(count).map { $0 },
            partials: [node.dl, node.dr].prefix(count).map { $0 }))
      }
      return WengertList(rows: rows, value: y.value, gradient: gradient)
    }
  }
}
