// A replayable recording: the operation list of one traced recording, compiled (see
// ReplayCompiler.swift) into arrays the program owns, so the pool may reuse the tape at once:
// one 16-byte instruction per recorded operation, specialised by operation and by where its
// derivative goes, the constants beside the values, and the static links of the nodes the
// reverse sweep visits (as few as a live recording's tape has).

/// What a replay instruction computes: an arithmetic operation specialised by where its
/// derivative goes (see ``TapeFold``), a common unary rule folded into its operand, or
/// `general` (any other rule, through one call).
///
/// Each recorded operand's scale is named in the opcode: unsuffixed, one (an input or a node's
/// own value, whose scale is exactly 1, so the partial is used as it is and nothing is
/// loaded, ``UnitScale``), or `Scaled`, a stored scale (a folded value's, ``StoredScale``);
/// for a node or `same`, `ScaledLeft`, `ScaledRight` or `ScaledBoth` say whose. The
/// arithmetic opcodes come in twelves, in this order (see
/// ``ReplayCompiler/opcode(_:_:_:_:)``).
@usableFromInline
enum ReplayOpcode: UInt8, Sendable {
  case addNode, addNodeScaledLeft, addNodeScaledRight, addNodeScaledBoth
  case addSame, addSameScaledLeft, addSameScaledRight, addSameScaledBoth
  case addLeft, addLeftScaled, addRight, addRightScaled
  case subtractNode, subtractNodeScaledLeft, subtractNodeScaledRight, subtractNodeScaledBoth
  case subtractSame, subtractSameScaledLeft, subtractSameScaledRight, subtractSameScaledBoth
  case subtractLeft, subtractLeftScaled, subtractRight, subtractRightScaled
  case multiplyNode, multiplyNodeScaledLeft, multiplyNodeScaledRight, multiplyNodeScaledBoth
  case multiplySame, multiplySameScaledLeft, multiplySameScaledRight, multiplySameScaledBoth
  case multiplyLeft, multiplyLeftScaled, multiplyRight, multiplyRightScaled
  case divideNode, divideNodeScaledLeft, divideNodeScaledRight, divideNodeScaledBoth
  case divideSame, divideSameScaledLeft, divideSameScaledRight, divideSameScaledBoth
  case divideLeft, divideLeftScaled, divideRight, divideRightScaled
  /// `x * x` (both operands one slot), folded into it.
  case square, squareScaled
  case negate, negateScaled, exp, expScaled, log, logScaled, sqrt, sqrtScaled
  case tanh, tanhScaled, sin, sinScaled, cos, cosScaled
  /// Any other operation: `aux` indexes ``ReplayProgram/generals``.
  case general
  /// A later node of a vector rule's chain, computed by the chain's first node.
  case chained
  /// A branch guard (computes no slot): `aux` indexes ``ReplayProgram/guards``.
  case check
  /// A block: the next `lhs` instructions (its body, all specialised operations) run `rhs`
  /// times, each moved by its stride (``ReplayProgram/strides`` from `aux`) per repetition.
  case block
  /// The end of the program (computes no slot).
  case end
}

/// One recorded operation: `v[i] = op(v[lhs], v[rhs])` and its derivative's bookkeeping, or
/// a branch guard's check of `v[lhs]` and `v[rhs]`, or the end. The operations compute slots
/// n + 1, n + 2, … in order.
///
/// `lhs` and `rhs` are *value slots*: a node index (≥ 1), 0 (the sink, whose value is 0: a
/// unary operation's second operand), or −1 − k for the k-th constant. `aux` is the sweep node
/// of a `…Node` opcode, or the index of a ``ReplayGeneral``.
@usableFromInline
struct ReplayInstruction: Sendable {
  @usableFromInline var opcode: ReplayOpcode
  /// A check's comparison and the outcome it must give (unused otherwise).
  @usableFromInline var comparison: BranchComparison = .equal
  @usableFromInline var outcome = false
  @usableFromInline var lhs: Int32
  @usableFromInline var rhs: Int32
  @usableFromInline var aux: Int32
}

/// An operation the replay loop does not specialise: its primitive (or `custom` with a
/// captured rule), parameter, form, and which operands' scales are stored (see
/// ``ReplayOpcode``).
///
/// `parameter` is an integer power's exponent, a polygamma's order, the index of a real
/// power's exponent or of a captured rule. `node` is its sweep node for ``TapeFold/node``.
@usableFromInline
struct ReplayGeneral: Sendable {
  @usableFromInline var operation: Primitive
  @usableFromInline var form: TapeFold
  @usableFromInline var lhsScaled: Bool
  @usableFromInline var rhsScaled: Bool
  @usableFromInline var parameter: Int32
  @usableFromInline var node: Int32
}

/// How far an operation's operands and sweep node move from one repetition of a block's body
/// to the next (its slot moves by the body's length).
@usableFromInline
struct ReplayStride: Sendable {
  @usableFromInline var lhs: Int32 = 0
  @usableFromInline var rhs: Int32 = 0
  @usableFromInline var aux: Int32 = 0
  @inlinable init() {}
  @inlinable init(lhs: Int32, rhs: Int32, aux: Int32) {
    self.lhs = lhs
    self.rhs = rhs
    self.aux = aux
  }
}

/// A sweep node's operands: the nodes its two partials go to.
@usableFromInline
struct ReplayLink: Sendable {
  @usableFromInline var lhs: Int32
  @usableFromInline var rhs: Int32
}

/// A comparison to re-check at a replay: after the first `position` nodes are computed,
/// `v[lhs] kind v[rhs]` must give `outcome` again.
@usableFromInline
struct ReplayGuard: Sendable {
  @usableFromInline var position: Int
  @usableFromInline var kind: BranchComparison
  @usableFromInline var lhs: Int32
  @usableFromInline var rhs: Int32
  @usableFromInline var outcome: Bool
}

/// A rule a replay applies through its erased value and partials.
@usableFromInline
enum ReplayRule: Sendable {
  case unary(AnyUnaryRule)
  case binary(AnyBinaryRule)
  /// A vector rule: its arguments' value slots (its chain has a node per recorded one).
  case vector(AnyVectorRule, arguments: [Int32])
}

/// The immutable program of one replayable recording (shared by every concurrent replay).
@usableFromInline
final class ReplayProgram<S: RealScalar>: Sendable {
  @usableFromInline let inputCount: Int
  /// Value slots including the sink (slot 0) and the inputs (slots 1…n): one per operation
  /// of the traced recording.
  @usableFromInline let nodeCount: Int
  /// The instructions of slots n + 1 … nodeCount − 1, with the guards' checks among them
  /// (each where its operands are computed) and an `end`.
  @usableFromInline let instructions: [ReplayInstruction]
  @usableFromInline let generals: [ReplayGeneral]
  /// The strides of the blocks' bodies' operations.
  @usableFromInline let strides: [ReplayStride]
  @usableFromInline let constants: [S]
  @usableFromInline let realExponents: [Double]
  @usableFromInline let rules: [ReplayRule]
  @usableFromInline let guards: [ReplayGuard]
  /// The sweep's nodes: the sink, the inputs, then one per ``TapeFold/node`` operation.
  @usableFromInline let links: [ReplayLink]
  /// The outputs' value slots (a slot, or a constant slot for a constant output).
  @usableFromInline let outputs: [Int32]
  /// The sweep node each output's derivative goes to (its scale is the output slot's), or 0
  /// for an output with no recorded operand.
  @usableFromInline let outputNodes: [Int32]
  /// Whether each output's scale is stored (else it is 1).
  @usableFromInline let outputScaled: [Bool]

  @usableFromInline
  init(
    inputCount: Int, nodeCount: Int, instructions: [ReplayInstruction],
    generals: [ReplayGeneral], strides: [ReplayStride], constants: [S], realExponents: [Double],
    rules: [ReplayRule],
    guards: [ReplayGuard], links: [ReplayLink], outputs: [Int32], outputNodes: [Int32],
    outputScaled: [Bool]
  ) {
    self.inputCount = inputCount
    self.nodeCount = nodeCount
    self.instructions = instructions
    self.generals = generals
    self.strides = strides
    self.constants = constants
    self.realExponents = realExponents
    self.rules = rules
    self.guards = guards
    self.links = links
    self.outputs = outputs
    self.outputNodes = outputNodes
    self.outputScaled = outputScaled
  }

  /// Records `f` at `x` in a traced recording and compiles its program.
  @usableFromInline
  static func record(
    _ x: [S], _ caller: String, _ f: ([Tracked<S>]) -> [Tracked<S>]
  ) -> ReplayProgram<S> {
    requireInputs(x, caller)
    return Reverse.record(x, traced: true) { tape, xs in
      let recorder = ReplayRecorder<S>()
      tape.pointee.recorder = recorder
      defer { tape.pointee.recorder = nil }
      let ys = f(xs)
      for y in ys { _ = Reverse.outputIndex(y, tape, caller) }
      var compiler = ReplayCompiler<S>(inputCount: x.count)
      return compiler.compile(tape, recorder, outputs: ys)
    }
  }

  /// Number of value slots before slot 0 (the constants).
  @inlinable var constantCount: Int { constants.count }

  /// Number of nodes the sweep visits at most (the sink and the inputs included).
  @inlinable var sweepCount: Int { links.count }

  /// Describes value slot `s` at the values `v` (for messages): `v12 = 0.5` or a constant.
  func describe(_ s: Int32, _ v: UnsafePointer<S>) -> String {
    if s < 0 { return "\(constants[Int(-s - 1)])" }
    if s == 0 { return "0" }
    if s <= inputCount { return "x\(s - 1) = \(v[Int(s)])" }
    return "v\(s) = \(v[Int(s)])"
  }

  /// The message of guard `g`, which went the other way at the values `v`.
  func branchMessage(_ g: Int, _ v: UnsafePointer<S>, _ caller: String) -> String {
    let c = guards[g]
    return "\(caller): comparison #\(g + 1) (\(describe(c.lhs, v)) \(c.kind.symbol)"
      + " \(describe(c.rhs, v))) was \(c.outcome) when recorded, is \(!c.outcome) at this point,"
      + " so the function takes another branch and the recording does not apply here. Record"
      + " with onBranchChange: .rerecord to record again at such points, or call"
      + " branchChange(at:) first to test a point."
  }
}
