// The compiled form: the DAG flattened into an instruction array in topological order, so
// evaluating at many points costs one pass over a flat array per point (no dictionary, no
// hashing, no reference counting).

/// One or more expressions compiled for fast evaluation at many points.
///
/// Each distinct node becomes one register; each operation one instruction that reads its
/// operands' registers. Constants are preloaded, variables are copied from the point.
///
/// ```swift
/// let x = Expr.variable("x"), y = Expr.variable("y")
/// let g = (x * x + 3 * x * y + 1).gradient(withRespectTo: [x, y])
/// let f = try CompiledExpression(g, variables: ["x", "y"])
/// f([3, 2])            // [12, 9]
/// ```
public struct CompiledExpression: Sendable {
  struct Instruction: Sendable {
    var kind: Primitive
    var target: Int32
    var a: Int32
    var b: Int32
    /// The integer exponent, the polygamma order, or for a user's rule the index of its name
    /// in `ruleNames` (so an instruction stays four words).
    var exponent: Int
  }

  /// The variable names, in the order a point lists their values.
  public let variables: [String]
  let template: [Double]
  let variableRegisters: [Int]
  let instructions: [Instruction]
  /// The names of the user rules the instructions call.
  let ruleNames: [String]
  let outputs: [Int]

  /// The number of operations one evaluation runs.
  public var instructionCount: Int { instructions.count }
  /// The number of values one evaluation returns.
  public var outputCount: Int { outputs.count }

  /// Compiles expressions over the given variables.
  /// - Parameters:
  ///   - expressions: the outputs, e.g. a gradient.
  ///   - variables: names, in the order points will list their values; may include names
  ///     the expressions do not use.
  /// - Throws: ``ExprError/unboundVariable(name:bound:)`` if an expression uses a variable
  ///   not in `variables`.
  public init(_ expressions: [Expr], variables: [String]) throws {
    let slot = Dictionary(variables.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
    let order = TopologicalOrder(expressions.map(\.node))
    var template = [Double](repeating: 0, count: order.nodes.count)
    var variableRegisters = [Int](repeating: -1, count: variables.count)
    var instructions: [Instruction] = []
    var ruleNames: [String] = []
    for (r, node) in order.nodes.enumerated() {
      switch node.kind {
      case .constant: template[r] = node.value
      case .variable:
        guard let i = slot[node.name] else {
          throw ExprError.unboundVariable(name: node.name, bound: variables.sorted())
        }
        variableRegisters[i] = r
      default:
        let a = order.position(of: node.a!)
        let b = node.b.map(order.position(of:)) ?? a
        instructions.append(
          Instruction(
            kind: node.kind, target: Int32(r), a: Int32(a), b: Int32(b),
            exponent: node.kind == .custom ? ruleNames.count : node.exponent))
        if node.kind == .custom { ruleNames.append(node.name) }
      }
    }
    self.variables = variables
    self.template = template
    self.variableRegisters = variableRegisters
    self.instructions = instructions
    self.ruleNames = ruleNames
    outputs = expressions.map { order.position(of: $0.node) }
  }

  /// Compiles one expression.
  public init(_ expression: Expr, variables: [String]) throws {
    try self.init([expression], variables: variables)
  }

  /// The outputs at one point.
  /// - Parameter point: one value per variable, in the order of ``variables``.
  public func callAsFunction(_ point: [Double]) -> [Double] { evaluate(at: point) }

  /// The outputs at one point.
  /// - Parameter point: one value per variable, in the order of ``variables``.
  public func evaluate(at point: [Double]) -> [Double] {
    var registers = template
    return run(point, &registers)
  }

  /// The outputs at each of many points, reusing one register file.
  public func evaluate(at points: [[Double]]) -> [[Double]] {
    var registers = template
    return points.map { run($0, &registers) }
  }

  func run(_ point: [Double], _ registers: inout [Double]) -> [Double] {
    require(
      point.count == variables.count,
      "CompiledExpression: the point has \(point.count) values, but the expression was compiled"
        + " for \(variables.count) variables \(variables).")
    registers.withUnsafeMutableBufferPointer { r in
      for (i, register) in variableRegisters.enumerated() where register >= 0 {
        r[register] = point[i]
      }
      instructions.withUnsafeBufferPointer { code in
        for op in code {
          r[Int(op.target)] =
            op.kind == .custom
            ? op.kind.apply(r[Int(op.a)], r[Int(op.b)], exponent: 0, name: ruleNames[op.exponent])
            : op.kind.apply(r[Int(op.a)], r[Int(op.b)], exponent: op.exponent)
        }
      }
    }
    return outputs.map { registers[$0] }
  }
}
