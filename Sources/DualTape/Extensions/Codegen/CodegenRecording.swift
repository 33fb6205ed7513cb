// A replay program read back as the emitter needs it: one statement per computed slot (its
// operation, operands, and which operands its derivative reaches) and the branch checks, in
// the recorded order. The program's specialised opcodes are decoded to their primitives, so
// the emitter sees one kind of operation whatever the replay made of it.

/// A recording as statements and checks (see `CodegenRecording.init(_:)`).
struct CodegenRecording {
  /// Where an operand's value comes from.
  enum Operand: Equatable {
    /// A unary operation's unused second operand.
    case zero
    case constant(Double)
    /// Input k (0-based).
    case input(Int)
    /// A computed value slot (> inputCount).
    case slot(Int)
  }

  /// What makes two statements or checks repetitions of one (besides their operands).
  struct Key: Hashable {
    var code: Int
    var parameter: Int = 0
    var rule: ObjectIdentifier? = nil
  }

  /// `slot = operation(lhs, rhs)`; the derivative reaches `lhs` and `rhs` as flagged.
  struct Statement {
    var key: Key
    var slot: Int
    /// The instruction (its operation is decoded only where needed: see `operation(of:)`).
    var instruction: ReplayInstruction
    var lhs: Operand
    var rhs: Operand
    var arity: Int
    var reachesLeft: Bool
    var reachesRight: Bool
  }

  /// A recorded comparison: `lhs comparison rhs` must be `outcome` again.
  struct Check {
    var comparison: BranchComparison
    var lhs: Operand
    var rhs: Operand
    var outcome: Bool
  }

  /// A block of the replay: `body` (its first repetition) runs `repeats` times, each
  /// statement's operands moving by `strides` per repetition.
  struct Block {
    var body: [Statement]
    var strides: [(lhs: Int, rhs: Int)]
    var repeats: Int
  }

  enum Item {
    case statement(Statement)
    case check(Check)
    case block(Block)
  }

  var inputCount: Int
  var items: [Item] = []
  /// Decodes a statement's operation (kept lazy: a rolled run needs its first repetition's
  /// only, and a user's rule's spelling costs a lookup).
  let decode: (ReplayInstruction) -> CodegenOperation
  var outputs: [Operand]
  var guardCount: Int

  /// Reads `program` back: each instruction decoded, each block kept as a block (or, with
  /// `expandingBlocks`, its body repeated as often as it ran).
  init<S: RealScalar>(_ program: ReplayProgram<S>, expandingBlocks: Bool = false) {
    let n = program.inputCount
    inputCount = n
    guardCount = program.guards.count
    func operand(_ s: Int32) -> Operand {
      if s < 0 { return .constant(Double(program.constants[Int(-s - 1)])) }
      if s == 0 { return .zero }
      return s <= n ? .input(Int(s) - 1) : .slot(Int(s))
    }
    outputs = program.outputs.map(operand)
    var slot = n + 1
    var items: [Item] = []
    decode = { Self.decode($0, program).0 }
    func statement(_ op: ReplayInstruction) -> Statement {
      let (form, binary) = Self.shape(op, program)
      defer { slot += 1 }
      return Statement(
        key: Self.key(op, program), slot: slot, instruction: op, lhs: operand(op.lhs),
        rhs: binary ? operand(op.rhs) : .zero, arity: binary ? 2 : 1,
        reachesLeft: form == .left || form == .same || form == .node,
        reachesRight: form == .right || form == .same || form == .node)
    }
    var k = 0
    let code = program.instructions
    loop: while k < code.count {
      let op = code[k]
      switch op.opcode {
      case .end: break loop
      case .check:
        items.append(
          .check(
            Check(
              comparison: op.comparison, lhs: operand(op.lhs), rhs: operand(op.rhs),
              outcome: op.outcome)))
      case .chained:
        dualTapeFailure(
          "Codegen: the recording applies a vector rule, which generated code cannot spell"
            + " yet. Write the function with unary and binary rules, or replay the recording"
            + " (RecordedFunction) instead.")
      case .block:
        let (period, repeats) = (Int(op.lhs), Int(op.rhs))
        if expandingBlocks {
          for r in 0..<repeats {
            for j in 0..<period {
              var body = code[k + 1 + j]
              let stride = program.strides[Int(op.aux) + j]
              body.lhs += Int32(r) * stride.lhs
              body.rhs += Int32(r) * stride.rhs
              items.append(.statement(statement(body)))
            }
          }
          k += period + 1
          continue
        }
        let first = slot
        let body = (0..<period).map { statement(code[k + 1 + $0]) }
        let strides = (0..<period).map {
          let s = program.strides[Int(op.aux) + $0]
          return (Int(s.lhs), Int(s.rhs))
        }
        slot = first + period * repeats
        items.append(.block(Block(body: body, strides: strides, repeats: repeats)))
        k += period
      default: items.append(.statement(statement(op)))
      }
      k += 1
    }
    self.items = items
  }

  /// The form of one instruction and whether it has two operands, without decoding its rule.
  static func shape<S>(_ op: ReplayInstruction, _ program: ReplayProgram<S>) -> (TapeFold, Bool) {
    let code = op.opcode.rawValue
    if code < ReplayOpcode.square.rawValue {
      let forms: [TapeFold] = [.node, .same, .left, .right]
      let variant = Int(code % 12)
      return (forms[variant < 8 ? variant / 4 : variant / 2 - 2], true)
    }
    if code < ReplayOpcode.negate.rawValue { return (.same, true) }
    if code < ReplayOpcode.general.rawValue { return (.left, false) }
    let g = program.generals[Int(op.aux)]
    if g.operation == .custom, case .binary = program.rules[Int(g.parameter)] {
      return (g.form, true)
    }
    return (g.form, g.operation.arity == 2)
  }

  /// What makes two instructions the same operation: the opcode, or a general operation's
  /// primitive, form, parameter (an exponent's value, not its index) and rule type.
  static func key<S>(_ op: ReplayInstruction, _ program: ReplayProgram<S>) -> Key {
    guard op.opcode == .general else { return Key(code: Int(op.opcode.rawValue)) }
    let g = program.generals[Int(op.aux)]
    let code = 256 * (Int(g.operation.rawValue) + 1) + Int(g.form.rawValue)
    switch g.operation {
    case .integerPower, .polygamma: return Key(code: code, parameter: Int(g.parameter))
    case .realPower:
      return Key(
        code: code,
        parameter: Int(truncatingIfNeeded: program.realExponents[Int(g.parameter)].bitPattern))
    case .custom:
      switch program.rules[Int(g.parameter)] {
      case .unary(let r): return Key(code: code, rule: ObjectIdentifier(type(of: r.rule)))
      case .binary(let r): return Key(code: code, rule: ObjectIdentifier(type(of: r.rule)))
      case .vector: return Key(code: code, parameter: Int(g.parameter))
      }
    default: return Key(code: code)
    }
  }

  /// The operation and form of one instruction (see ``ReplayOpcode``'s order).
  static func decode<S>(_ op: ReplayInstruction, _ program: ReplayProgram<S>) -> (
    CodegenOperation, TapeFold
  ) {
    let code = op.opcode.rawValue
    if code < ReplayOpcode.square.rawValue {
      let arithmetic: [Primitive] = [.add, .subtract, .multiply, .divide]
      return (CodegenOperation(arithmetic[Int(code / 12)]), shape(op, program).0)
    }
    if code < ReplayOpcode.negate.rawValue { return (CodegenOperation(.multiply), .same) }
    if code < ReplayOpcode.general.rawValue {
      let unary = Primitive.replaySpecialisedUnary[Int(code - ReplayOpcode.negate.rawValue) / 2]
      return (CodegenOperation(unary), .left)
    }
    let g = program.generals[Int(op.aux)]
    switch g.operation {
    case .custom:
      switch program.rules[Int(g.parameter)] {
      case .unary(let rule): return (CodegenOperation(rule.rule), g.form)
      case .binary(let rule): return (CodegenOperation(rule.rule), g.form)
      case .vector: dualTapeFailure("internal: a vector rule outside its chain.")
      }
    case .integerPower: return (CodegenOperation(Rules.IntegerPower(Int(g.parameter))), g.form)
    case .polygamma: return (CodegenOperation(Rules.Polygamma(Int(g.parameter))), g.form)
    case .realPower:
      return (CodegenOperation(Rules.RealPower(program.realExponents[Int(g.parameter)])), g.form)
    default: return (CodegenOperation(g.operation), g.form)
    }
  }
}

extension CodegenOperation {
  /// A built-in primitive without a parameter; its rule is the table's.
  init(_ primitive: Primitive) {
    self.primitive = primitive
    unary = primitive.unaryRule
    binary = primitive.binaryRule
  }
}
