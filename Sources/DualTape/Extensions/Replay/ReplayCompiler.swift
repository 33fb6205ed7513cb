// Compiles a traced recording (one node per operation) into a replay program that does what
// a live recording does (see `Tracked`): an operation with one recorded operand, or two on the
// same node, folds its partial into a scale instead of making a node, so the sweep visits only
// the operations on two different nodes (Rosenbrock: 3 of 8 per term). Which operands are on
// which node is decided here, once, as the live recording decides it with the values of the
// recording; the scales and partials are computed at each replay. A replay's gradient then
// equals `Reverse.gradient`'s at that point bit for bit, the same products in the same order,
// except where a partial is exactly zero at one point and not at the other (see Replay.md).

/// The state of one compilation: the program's arrays as they grow, and the node each value
/// slot's derivative goes to.
struct ReplayCompiler<S: RealScalar> {
  let inputCount: Int
  var constants: [S] = []
  /// A constant's slot by its bits: each distinct constant is stored once.
  var constantSlots: [UInt64: Int32] = [:]
  var reals: [Double] = []
  var rules: [ReplayRule] = []
  var generals: [ReplayGeneral] = []
  var instructions: [ReplayInstruction] = []
  /// The sweep's nodes: the sink and the inputs, then one per operation of form `node`.
  var links: [ReplayLink]
  /// Per value slot: the sweep node its derivative goes to (0 the sink), or −1 for none.
  var roots: [Int32] = []
  /// Per value slot: whether its scale is stored (a folded value), or exactly 1 (an input or
  /// a node's own value).
  var scaled: [Bool] = []

  init(inputCount n: Int) {
    inputCount = n
    links = Array(repeating: ReplayLink(lhs: 0, rhs: 0), count: n + 1)
  }

  /// The value slot of an operand: its node, or a constant's slot.
  mutating func slot(_ operand: RecordedOperand<S>) -> Int32 {
    switch operand {
    case .node(let i): return i
    case .constant(let c):
      let key = Double(c).bitPattern
      if let s = constantSlots[key] { return s }
      constants.append(c)
      let s = -Int32(constants.count)
      constantSlots[key] = s
      return s
    }
  }

  /// Compiles the finished traced recording on `tape` (with its recorder) whose outputs are
  /// `ys`.
  mutating func compile(
    _ tape: UnsafeMutablePointer<TapeStorage<S>>, _ recorder: ReplayRecorder<S>,
    outputs ys: [Tracked<S>]
  ) -> ReplayProgram<S> {
    let storage = tape.pointee
    guard let trace = storage.trace else { dualTapeFailure("internal: replay without a trace.") }
    let n = inputCount
    // A vector rule's first node names it; its later nodes are filled by the first (−1).
    var chains: [Int32: Int32] = [:]
    for application in recorder.vectorApplications {
      chains[application.first] = Int32(rules.count)
      rules.append(.vector(application.rule, arguments: application.arguments.map { slot($0) }))
      if application.last > application.first {
        for k in (application.first + 1)...application.last { chains[k] = -1 }
      }
    }
    roots = Array(repeating: -1, count: storage.count)
    scaled = Array(repeating: false, count: storage.count)
    for i in 0...n { roots[i] = Int32(i) }
    let guards = recorder.guards.map {
      ReplayGuard(
        position: $0.position, kind: $0.kind, lhs: slot($0.lhs), rhs: slot($0.rhs),
        outcome: $0.outcome)
    }
    var nextGuard = 0
    /// Emits the checks of the guards whose operands are computed before slot `i`.
    func checks(before i: Int) {
      while nextGuard < guards.count && guards[nextGuard].position <= i {
        let g = guards[nextGuard]
        instructions.append(
          ReplayInstruction(
            opcode: .check, comparison: g.kind, outcome: g.outcome, lhs: g.lhs, rhs: g.rhs,
            aux: Int32(nextGuard)))
        nextGuard += 1
      }
    }
    instructions.reserveCapacity(Swift.max(storage.count - n, 0) + guards.count)
    for i in (n + 1)..<storage.count {
      checks(before: i)
      let entry = trace[i]
      var operation = entry.operation
      var parameter: Int32 = 0
      var binary = operation.arity == 2
      var detached = false
      let captured = recorder.rules[Int32(i)]
      switch captured {
      case .integerPower(let k)?:
        if let k32 = Int32(exactly: k) {
          parameter = k32
        } else {
          operation = .custom
          parameter = Int32(rules.count)
          rules.append(.unary(AnyUnaryRule(Rules.IntegerPower(k))))
        }
      case .polygamma(let k)?:
        parameter = Int32(k)
      case .realPower(let p)?:
        parameter = Int32(reals.count)
        reals.append(p)
      case .unary(let rule)?:
        (operation, parameter, binary) = (.custom, Int32(rules.count), false)
        rules.append(.unary(rule))
        detached = rule.rule is StopGradient
      case .binary(let rule)?:
        (operation, parameter, binary) = (.custom, Int32(rules.count), true)
        rules.append(.binary(rule))
      case nil:
        if operation == .custom {
          guard let chain = chains[Int32(i)] else {
            dualTapeFailure("internal: node \(i) of a replayable recording has no rule.")
          }
          (parameter, binary) = (chain, true)
        }
      }
      let lhs = entry.lhsConstant.map { slot(.constant($0)) } ?? entry.lhsIndex
      let rhs = binary ? entry.rhsConstant.map { slot(.constant($0)) } ?? entry.rhsIndex : 0
      let (form, node) = place(
        i, lhs, rhs, binary: binary, detached: detached,
        zeroDerivative: captured == nil && Self.hasZeroDerivative(operation))
      let lhsScaled = lhs > 0 && scaled[Int(lhs)]
      let rhsScaled = binary && rhs > 0 && scaled[Int(rhs)]
      scaled[i] = form == .left || form == .right || form == .same
      if captured == nil,
        let opcode = Self.opcode(operation, form, lhsScaled, rhsScaled, square: lhs == rhs)
      {
        instructions.append(ReplayInstruction(opcode: opcode, lhs: lhs, rhs: rhs, aux: node))
      } else {
        let chained = operation == .custom && captured == nil && parameter < 0
        instructions.append(
          ReplayInstruction(
            opcode: chained ? .chained : .general, lhs: lhs, rhs: rhs,
            aux: Int32(generals.count)))
        generals.append(
          ReplayGeneral(
            operation: operation, form: form, lhsScaled: lhsScaled, rhsScaled: rhsScaled,
            parameter: parameter, node: node))
      }
    }
    checks(before: Int.max)
    instructions.append(ReplayInstruction(opcode: .end, lhs: 0, rhs: 0, aux: 0))
    let (rolled, strides) = Self.reroll(instructions, firstSlot: n + 1)
    let outputs = ys.map { y in y.tape == nil ? slot(.constant(y.value)) : y.index }
    return ReplayProgram(
      inputCount: n, nodeCount: storage.count, instructions: rolled, generals: generals,
      strides: strides,
      constants: constants, realExponents: reals, rules: rules, guards: guards, links: links,
      outputs: outputs, outputNodes: outputs.map { $0 > 0 ? Swift.max(roots[Int($0)], 0) : 0 },
      outputScaled: outputs.map { $0 > 0 && scaled[Int($0)] })
  }

  /// Decides where slot `i`'s derivative goes with the live tape's own decision
  /// (``TapeFold/decide(lhsRecorded:rhsRecorded:sameNode:)``): its form, and its sweep node for
  /// ``TapeFold/node`` (else 0).
  mutating func place(
    _ i: Int, _ lhs: Int32, _ rhs: Int32, binary: Bool, detached: Bool, zeroDerivative: Bool
  ) -> (TapeFold, Int32) {
    // A detached value is a constant of a live recording; so is any result of constants only.
    let l = lhs > 0 && !detached ? roots[Int(lhs)] : -1
    let r = binary && rhs > 0 && !detached ? roots[Int(rhs)] : -1
    let fold = TapeFold.decide(lhsRecorded: l >= 0, rhsRecorded: r >= 0, sameNode: l == r)
    switch fold {
    case .constant:
      return (.constant, 0)
    case .left:
      // A rule whose derivative is 0 everywhere sends its result to the sink, as live.
      roots[i] = zeroDerivative ? 0 : l
    case .right:
      roots[i] = r
    case .same:
      roots[i] = l
    case .node:
      let k = Int32(links.count)
      links.append(ReplayLink(lhs: l, rhs: r))
      roots[i] = k
      return (.node, k)
    }
    return (fold, 0)
  }

  /// The built-in rules whose derivative is 0 everywhere (the rule table: sign, floor, ceil,
  /// round). A live recording sends their results to the sink; so does a replay, so that an
  /// operation on such a result and another value makes a node, as live.
  static func hasZeroDerivative(_ operation: Primitive) -> Bool {
    operation.linearity == .piecewiseConstant
  }

  /// The specialised opcode of a built-in operation in `form` whose recorded operands' scales
  /// are stored or not, or nil (the general path). `square`: both operands are one slot.
  static func opcode(
    _ operation: Primitive, _ form: TapeFold, _ lhsScaled: Bool, _ rhsScaled: Bool,
    square: Bool
  ) -> ReplayOpcode? {
    let l: UInt8 = lhsScaled ? 1 : 0
    let r: UInt8 = rhsScaled ? 1 : 0
    // Each arithmetic operation has twelve opcodes: node and same (by both scales), left and
    // right (by the folded operand's scale).
    let first: ReplayOpcode
    switch operation {
    case .add: first = .addNode
    case .subtract: first = .subtractNode
    case .multiply: first = form == .same && square ? .square : .multiplyNode
    case .divide: first = .divideNode
    default:
      guard form == .left, let k = Primitive.replaySpecialisedUnary.firstIndex(of: operation)
      else { return nil }
      return ReplayOpcode(rawValue: ReplayOpcode.negate.rawValue + 2 * UInt8(k) + l)
    }
    if first == .square { return ReplayOpcode(rawValue: first.rawValue + l) }
    let offset: UInt8
    switch form {
    case .constant: return nil
    case .node: offset = l + 2 * r
    case .same: offset = 4 + l + 2 * r
    case .left: offset = 8 + l
    case .right: offset = 10 + r
    }
    return ReplayOpcode(rawValue: first.rawValue + offset)
  }
}
