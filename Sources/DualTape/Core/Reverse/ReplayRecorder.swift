// What a replayable recording keeps beyond the traced tape: the rules a replay cannot name by
// their `Primitive` alone (a user's rule, an integer or real power, a polygamma order) and
// every comparison on tracked values with its outcome (the branch guards). The hooks below run
// only in traced recordings (odd generation), so an ordinary gradient never reaches them.

/// A comparison between two tracked values, as a branch guard records it.
@usableFromInline
enum BranchComparison: UInt8, Sendable {
  case equal, less, lessOrEqual, greater, greaterOrEqual

  /// The operator as written.
  var symbol: String {
    switch self {
    case .equal: "=="
    case .less: "<"
    case .lessOrEqual: "<="
    case .greater: ">"
    case .greaterOrEqual: ">="
    }
  }

  /// The comparison of two plain values (`Tracked` compares its values the same way).
  @inlinable func evaluate<S: Comparable>(_ a: S, _ b: S) -> Bool {
    switch self {
    case .equal: a == b
    case .less: a < b
    case .lessOrEqual: a <= b
    case .greater: a > b
    case .greaterOrEqual: a >= b
    }
  }
}

/// An operand seen during a replayable recording: a node of it, or a constant.
@usableFromInline
enum RecordedOperand<T> {
  case node(Int32)
  case constant(T)
}

/// A rule that a replay applies by its value, not by its `Primitive` alone.
@usableFromInline
enum CapturedRule: Sendable {
  case unary(AnyUnaryRule)
  case binary(AnyBinaryRule)
  case integerPower(Int)
  case realPower(Double)
  case polygamma(Int)
}

/// A vector rule with its type erased: value and gradient with any scalar.
@usableFromInline
struct AnyVectorRule: Sendable {
  @usableFromInline let rule: any VectorRule
  @inlinable init(_ rule: some VectorRule) { self.rule = rule }
  @inlinable func apply<T: Differentiable>(_ x: [T]) -> T { T.apply(rule, x) }
  @inlinable func gradient<T: Differentiable>(_ x: [T], _ y: T) -> [T] {
    rule.checkedGradient(at: x, value: y)
  }
}

/// The comparisons, rules and vector-rule applications of one replayable recording.
@usableFromInline
final class ReplayRecorder<T: Differentiable> {
  /// A comparison: how many nodes existed when it ran, its operands and outcome.
  struct Guard {
    var position: Int
    var kind: BranchComparison
    var lhs: RecordedOperand<T>
    var rhs: RecordedOperand<T>
    var outcome: Bool
  }
  /// A vector rule's chain of nodes `first...last` and its arguments.
  struct VectorApplication {
    var rule: AnyVectorRule
    var arguments: [RecordedOperand<T>]
    var first: Int32
    var last: Int32
  }
  var guards: [Guard] = []
  var rules: [Int32: CapturedRule] = [:]
  var vectorApplications: [VectorApplication] = []

  init() {}

  /// Keeps `rule` for node `node` where its primitive does not say everything: a user's rule
  /// (also one that claims a built-in primitive), or a built-in rule with a parameter.
  @usableFromInline func capture<R: UnaryRule>(_ rule: R, node: Int32) {
    let p = rule.primitive
    if let r = rule as? Rules.IntegerPower {
      rules[node] = .integerPower(r.n)
    } else if let r = rule as? Rules.RealPower {
      rules[node] = .realPower(r.p)
    } else if let r = rule as? Rules.Polygamma {
      rules[node] = .polygamma(r.order)
    } else if p == .custom || p.unaryRule.map({ type(of: $0.rule) != R.self }) ?? true {
      rules[node] = .unary(AnyUnaryRule(rule))
    }
  }

  /// Keeps a binary `rule` for node `node` unless it is the built-in rule of its primitive.
  @usableFromInline func capture<R: BinaryRule>(_ rule: R, node: Int32) {
    let p = rule.primitive
    if p == .custom || p.binaryRule.map({ type(of: $0.rule) != R.self }) ?? true {
      rules[node] = .binary(AnyBinaryRule(rule))
    }
  }
}

/// The identity with derivative 0: `withoutDerivative(at:)` in a replayable recording, so that
/// a replay recomputes the detached value from its operand instead of keeping the recorded one.
struct StopGradient: UnaryRule {
  var name: String { "withoutDerivative" }
  func value<S: RealScalar>(_ x: S) -> S { x }
  func derivative<T: Differentiable>(at x: T, value y: T) -> T { 0 }
}

extension Tracked {
  /// `detached` in a traced recording: a node of the identity with derivative 0 when the
  /// recording is replayable (its value then follows the replay), else a constant.
  @usableFromInline func replayableDetached() -> Tracked {
    if let t = tape, generation == t.pointee.generation, t.pointee.recorder != nil {
      return Self.apply(StopGradient(), self)
    }
    return Tracked(constant: withoutDerivative(at: value))
  }

  /// This value as an operand of the recording on `tape` (generation `g`): its node, or a
  /// constant (also a value from another recording, which a replay cannot follow).
  func operand(on tape: UnsafeMutablePointer<TapeStorage<T>>, _ g: UInt32) -> RecordedOperand<T> {
    self.tape == tape && generation == g ? .node(index) : .constant(value)
  }

  /// The live replayable recording one of two operands belongs to, if any.
  static func replayRecording(_ a: Self, _ b: Self) -> (
    tape: UnsafeMutablePointer<TapeStorage<T>>, recorder: ReplayRecorder<T>
  )? {
    for x in [a, b] {
      if let t = x.tape, x.generation == t.pointee.generation, let r = t.pointee.recorder {
        return (t, r)
      }
    }
    return nil
  }

  /// Records a traced unary rule, keeping the rule where a replay needs it.
  @inlinable @inline(never)
  static func recordRule<R: UnaryRule>(_ rule: R, _ y: T, _ x: Self, _ d: T) -> Self {
    let result = recordSlow(rule.primitive, y, x, d, Self(constant: 0), 0)
    noteRule(result) { $0.capture(rule, node: result.index) }
    return result
  }

  /// Records a traced binary rule, keeping the rule where a replay needs it.
  @inlinable @inline(never)
  static func recordRule<R: BinaryRule>(
    _ rule: R, _ z: T, _ x: Self, _ dx: T, _ y: Self, _ dy: T
  ) -> Self {
    let result = record(rule.primitive, z, x, dx, y, dy)
    noteRule(result) { $0.capture(rule, node: result.index) }
    return result
  }

  @usableFromInline
  static func noteRule(_ result: Self, _ capture: (ReplayRecorder<T>) -> Void) {
    if let recorder = result.tape?.pointee.recorder, result.index != 0 { capture(recorder) }
  }

  /// Notes a comparison of a replayable recording as a branch guard.
  @usableFromInline @inline(never)
  static func noteComparison(_ kind: BranchComparison, _ lhs: Self, _ rhs: Self, _ outcome: Bool) {
    guard let (tape, recorder) = replayRecording(lhs, rhs) else { return }
    let g = tape.pointee.generation
    recorder.guards.append(
      .init(
        position: tape.pointee.count, kind: kind, lhs: lhs.operand(on: tape, g),
        rhs: rhs.operand(on: tape, g), outcome: outcome))
  }

  /// Notes a vector rule's chain of nodes, which ends at `result`, in a replayable recording.
  @usableFromInline @inline(never)
  static func noteVectorRule<R: VectorRule>(_ rule: R, _ x: [Self], _ result: Self) {
    guard let tape = result.tape, let recorder = tape.pointee.recorder else { return }
    let g = tape.pointee.generation
    let recorded = x.filter { !$0.isConstant }.count
    recorder.vectorApplications.append(
      .init(
        rule: AnyVectorRule(rule), arguments: x.map { $0.operand(on: tape, g) },
        first: result.index - Int32(recorded) + 1, last: result.index))
  }
}
