// A replayable recording: the operation list of one traced recording, copied out of the tape
// into arrays the program owns (so the pool may reuse the tape at once), in the compact form
// the replay loop reads: one 16-byte instruction per node, the constants beside the values.

/// One node of a replay: `v[i] = operation(v[lhs], v[rhs])`.
///
/// `lhs` and `rhs` are *value slots*: a node index (≥ 1), 0 (the sink, whose value is 0: a
/// unary operation's second operand), or −1 − k for the k-th constant. `parameter` is an
/// integer power's exponent, a polygamma's order, the index of a real power's exponent or of a
/// captured rule; −1 marks a vector rule's later chain nodes (its first node fills them).
@usableFromInline
struct ReplayInstruction: Sendable {
  @usableFromInline var operation: Primitive
  @usableFromInline var lhs: Int32
  @usableFromInline var rhs: Int32
  @usableFromInline var parameter: Int32
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
  /// A vector rule: its arguments' value slots; its chain of nodes starts where it is used.
  case vector(AnyVectorRule, arguments: [Int32])
}

/// The immutable program of one replayable recording (shared by every concurrent replay).
@usableFromInline
final class ReplayProgram<S: RealScalar>: Sendable {
  @usableFromInline let inputCount: Int
  /// Nodes including the sink (node 0) and the inputs (nodes 1…n).
  @usableFromInline let nodeCount: Int
  /// The instructions of nodes n + 1 … nodeCount − 1.
  @usableFromInline let instructions: [ReplayInstruction]
  @usableFromInline let constants: [S]
  @usableFromInline let realExponents: [Double]
  @usableFromInline let rules: [ReplayRule]
  @usableFromInline let guards: [ReplayGuard]
  /// The outputs' value slots (a node, or a constant slot for a constant output).
  @usableFromInline let outputs: [Int32]

  /// Copies a finished traced recording (with its recorder) into a program.
  init(
    _ tape: UnsafeMutablePointer<TapeStorage<S>>, _ recorder: ReplayRecorder<S>,
    inputCount n: Int, outputs ys: [Tracked<S>]
  ) {
    let storage = tape.pointee
    guard let trace = storage.trace else { dualTapeFailure("internal: replay without a trace.") }
    var constants: [S] = []
    func slot(_ operand: RecordedOperand<S>) -> Int32 {
      switch operand {
      case .node(let i): return i
      case .constant(let c):
        constants.append(c)
        return -Int32(constants.count)
      }
    }
    var reals: [Double] = []
    var rules: [ReplayRule] = []
    // A vector rule's first node names it; its later nodes are filled by the first.
    var chains: [Int32: Int32] = [:]
    for application in recorder.vectorApplications {
      chains[application.first] = Int32(rules.count)
      rules.append(.vector(application.rule, arguments: application.arguments.map(slot)))
      if application.last > application.first {
        for k in (application.first + 1)...application.last { chains[k] = -1 }
      }
    }
    var instructions: [ReplayInstruction] = []
    instructions.reserveCapacity(Swift.max(storage.count - n - 1, 0))
    for i in (n + 1)..<storage.count {
      let entry = trace[i]
      var operation = entry.operation
      var parameter: Int32 = 0
      var binary = operation.arity == 2
      switch recorder.rules[Int32(i)] {
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
      instructions.append(
        ReplayInstruction(operation: operation, lhs: lhs, rhs: rhs, parameter: parameter))
    }
    guards = recorder.guards.map {
      ReplayGuard(
        position: $0.position, kind: $0.kind, lhs: slot($0.lhs), rhs: slot($0.rhs),
        outcome: $0.outcome)
    }
    outputs = ys.map { y in y.tape == nil ? slot(.constant(y.value)) : y.index }
    inputCount = n
    nodeCount = storage.count
    self.instructions = instructions
    self.constants = constants
    self.realExponents = reals
    self.rules = rules
  }

  /// Records `f` at `x` in a traced recording and makes its program.
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
      return ReplayProgram(tape, recorder, inputCount: x.count, outputs: ys)
    }
  }

  /// Number of value slots before node 0 (the constants).
  @inlinable var constantCount: Int { constants.count }

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
