/// A scalar whose operations are recorded on a tape: the reverse engine's scalar.
///
/// A `Tracked` value is small (for `Double`: the value, a 32-bit node index, a 32-bit recording
/// id, the tape's address and a scale, 32 bytes) and holds no class reference, so recording an
/// operation costs no reference counting: it computes the value and the local partials and
/// appends at most one ``TapeNode``. The reverse sweep then walks the list backwards once and
/// yields the whole gradient.
///
/// An operation with one recorded operand (`1 - x`, `100 * b`, `exp(x)`, `x * x`) appends no
/// node: its result refers to its operand's node with `scale` = the partial, and the next
/// operation that records a node multiplies its own partial by that scale (the chain rule,
/// applied at recording time). Only operations on two different recorded values are nodes.
///
/// You never create tracked variables yourself: the `Reverse` drivers hand them to your
/// function. Literals and `Tracked(3.0)` are *constants*: they are not recorded at all.
///
/// ```swift
/// let g = Reverse.gradient(at: [2.0, 3.0]) { v in 2 * v[1] * v[0] * v[0] + v[0] * v[1] + 3 }
/// // g == [27, 10]
/// ```
///
/// Misuse stops with a message: combining values from two different recordings, using a
/// value after its recording has ended (for example one stored in a variable outside the
/// differentiated function), or on another thread than the one running its recording (a
/// recording is appended to without locks; give each thread its own `Reverse` call).
@frozen
public struct Tracked<T: Differentiable>: Differentiable {
  /// The primal value.
  public var value: T
  /// The node this value's derivative flows to (0, the sink, for a zero derivative).
  @usableFromInline var index: Int32
  @usableFromInline var generation: UInt32
  @usableFromInline var tape: UnsafeMutablePointer<TapeStorage<T>>?
  /// ∂value/∂node[index]: 1 for a node's own value, the folded partials otherwise.
  @usableFromInline var scale: T

  @inlinable init(
    _ value: T, index: Int32, generation: UInt32, tape: UnsafeMutablePointer<TapeStorage<T>>?,
    scale: T = 1
  ) {
    self.value = value
    self.index = index
    self.generation = generation
    self.tape = tape
    self.scale = scale
  }

  /// A constant (not recorded; zero derivative).
  @inlinable public init(constant value: T) {
    self.init(value, index: 0, generation: 0, tape: nil, scale: 0)
  }
  @inlinable public init(_ value: Double) { self.init(constant: T(value)) }
  @inlinable public init(integerLiteral value: Int) { self.init(constant: T(Double(value))) }
  @inlinable public init(floatLiteral value: Double) { self.init(constant: T(value)) }

  /// Whether this value is a constant (recorded on no tape).
  @inlinable public var isConstant: Bool { tape == nil }

  /// `v<index>=<value>`, or the value alone for a constant.
  public var description: String { tape == nil ? "\(value)" : "v\(index)=\(value)" }

  // All four orderings are spelled out: Comparable's defaults would be true at NaN. In a
  // traced recording (odd generation) the outcome is noted, for a replay's branch guards.
  @_implements(Equatable,==(_:_:))
  @inlinable public static func _isEqual(_ lhs: Self, _ rhs: Self) -> Bool {
    compared(.equal, lhs, rhs, lhs.value == rhs.value)
  }
  @_implements(Comparable,<(_:_:))
  @inlinable public static func _isLess(_ lhs: Self, _ rhs: Self) -> Bool {
    compared(.less, lhs, rhs, lhs.value < rhs.value)
  }
  @_implements(Comparable,<=(_:_:))
  @inlinable public static func _isLessOrEqual(_ lhs: Self, _ rhs: Self) -> Bool {
    compared(.lessOrEqual, lhs, rhs, lhs.value <= rhs.value)
  }
  @_implements(Comparable,>(_:_:))
  @inlinable public static func _isGreater(_ lhs: Self, _ rhs: Self) -> Bool {
    compared(.greater, lhs, rhs, lhs.value > rhs.value)
  }
  @_implements(Comparable,>=(_:_:))
  @inlinable public static func _isGreaterOrEqual(_ lhs: Self, _ rhs: Self) -> Bool {
    compared(.greaterOrEqual, lhs, rhs, lhs.value >= rhs.value)
  }

  /// `outcome`, noted as a branch guard when the comparison is part of a traced recording.
  @inlinable @inline(__always)
  static func compared(_ kind: BranchComparison, _ lhs: Self, _ rhs: Self, _ outcome: Bool) -> Bool
  {
    if _slowPath((lhs.generation | rhs.generation) & 1 != 0) {
      noteComparison(kind, lhs, rhs, outcome)
    }
    return outcome
  }

  /// A constant zero (a recorded value is never exactly zero: it carries a derivative).
  @inlinable public var isExactlyZero: Bool { tape == nil && value.isExactlyZero }

  // MARK: Recording

  /// Records `op` with value `v` and partials `da`, `db` with respect to `a` and `b`.
  ///
  /// Appends a node only when `a` and `b` are two different recorded values; otherwise the
  /// result folds into its one recorded operand (see ``Tracked``; the decision is
  /// ``TapeFold/decide(lhsRecorded:rhsRecorded:sameNode:)``, which the replay shares). An operand whose partial is
  /// exactly zero is routed to the sink (node 0): it then receives nothing, even when the
  /// adjoint flowing back is infinite (0 · ∞ stays out).
  ///
  /// A partial is evaluated only where its operand is recorded (a constant's is never used):
  /// the test whether an operand is recorded is then made once, here, not again by the caller
  /// (measured with callgrind: GradBench's ode gradient 813.0 → 789.8 instructions per entry
  /// and RK4 step at n = 10³, s = 10; Rosenbrock's reverse gradient 358.2 → 356.4 per term).
  @inlinable @inline(__always)
  static func record(
    _ op: Primitive, _ v: T, _ a: Self, _ da: @autoclosure () -> T, _ b: Self,
    _ db: @autoclosure () -> T
  ) -> Self {
    // A traced recording (odd generation; constants have 0) records every operation, and two
    // recorded operands must come from one live recording: both checked in `recordSlow`.
    let g = a.generation | b.generation
    let both = a.tape != nil && b.tape != nil
    if _slowPath(g & 1 != 0 || (both && (a.tape != b.tape || a.generation != b.generation))) {
      return recordSlow(op, v, a, a.tape == nil ? 0 : da(), b, b.tape == nil ? 0 : db())
    }
    switch TapeFold.decide(
      lhsRecorded: a.tape != nil, rhsRecorded: b.tape != nil, sameNode: a.index == b.index)
    {
    case .node:
      let (da, db) = (da(), db())
      let tape = a.tape.unsafelyUnwrapped
      let i = tape.pointee.push(
        generation: g, lhs: da.isExactlyZero ? 0 : a.index, dl: tapeProduct(da, a.scale),
        rhs: db.isExactlyZero ? 0 : b.index, dr: tapeProduct(db, b.scale))
      return Self(v, index: i, generation: g, tape: tape)
    case .same:
      // The same value on both sides (x * x): one partial, folded.
      let (da, db) = (da(), db())
      let d =
        (da.isExactlyZero ? 0 : tapeProduct(da, a.scale))
        + (db.isExactlyZero ? 0 : tapeProduct(db, b.scale))
      return Self(
        v, index: d.isExactlyZero ? 0 : a.index, generation: g, tape: a.tape, scale: d)
    case .left: return fold(v, a, da())
    case .right: return fold(v, b, db())
    // A constant result (no recorded operand): the constant `b` with a zero partial.
    case .constant: return fold(v, b, 0)
    }
  }

  /// Records a unary `op` with value `v` and partial `da`.
  @inlinable @inline(__always)
  static func record(_ op: Primitive, _ v: T, _ a: Self, _ da: T) -> Self {
    if _slowPath(a.generation & 1 != 0) { return recordSlow(op, v, a, da, Self(constant: 0), 0) }
    return fold(v, a, da)
  }

  /// The result of an operation with one recorded operand `a`: no node, `a`'s node with the
  /// partial folded into the scale (the sink for an exactly-zero partial). A constant `a`
  /// (scale 0, no tape) gives a constant.
  @inlinable @inline(__always)
  static func fold(_ v: T, _ a: Self, _ da: T) -> Self {
    Self(
      v, index: da.isExactlyZero ? 0 : a.index, generation: a.generation, tape: a.tape,
      scale: tapeProduct(da, a.scale))
  }

  /// Records one node per operation, with its trace entry (for ``WengertList``), after
  /// checking that recorded operands come from one live recording.
  @inlinable @inline(never)
  static func recordSlow(
    _ op: Primitive, _ v: T, _ a: Self, _ da: T, _ b: Self, _ db: T
  ) -> Self {
    if let ta = a.tape, let tb = b.tape, tb != ta || b.generation != a.generation {
      recordingMismatch(a, b)
    }
    let g = a.tape == nil ? b.generation : a.generation
    let tape = (a.tape ?? b.tape)!
    let i = tape.pointee.append(
      generation: g, lhs: a.tape == nil || da.isExactlyZero ? 0 : a.index,
      dl: tapeProduct(da, a.scale), rhs: b.tape == nil || db.isExactlyZero ? 0 : b.index,
      dr: tapeProduct(db, b.scale), op, value: v, a.tape == nil ? a.value : nil,
      b.tape == nil ? b.value : nil)
    tape.pointee.trace?[Int(i)].lhsIndex = a.tape == nil ? 0 : a.index
    tape.pointee.trace?[Int(i)].rhsIndex = b.tape == nil ? 0 : b.index
    return Self(v, index: i, generation: g, tape: tape)
  }

  /// Stops for two recorded operands that do not belong together: a stale one (its recording
  /// ended) or two live recordings.
  @usableFromInline @inline(never)
  static func recordingMismatch(_ a: Self, _ b: Self) -> Never {
    for x in [a, b] where x.generation != x.tape!.pointee.generation {
      x.tape!.pointee.staleValueFailure()
    }
    mixedRecordingsFailure()
  }

  @usableFromInline @inline(never)
  static func mixedRecordingsFailure() -> Never {
    dualTapeFailure(
      "an operation combined Tracked values from two different recordings (for example a value"
        + " of an outer Reverse call captured inside an inner one). Reverse mode nests only"
        + " when the inner call records over the outer call's scalar: lift the inner point and"
        + " make the captured value a constant of it,"
        + " Reverse.derivative(at: Tracked(constant: 3.0)) { y in Tracked(constant: x) * y * y },"
        + " whose result is a Tracked value that carries the outer derivative. Passing plain"
        + " numbers to the inner call would silently drop the outer derivative. For"
        + " Hessians use Reverse.hessian / Reverse.hessianVectorProduct (forward over reverse)"
        + " or Forward.hessian (forward over forward).")
  }

  // MARK: Arithmetic and rules: value f(x), partials from the rule table, one node each
  // The operators are the protocols' requirements under other names (`@_implements`), so that
  // DualTape adds no operator to the files that import it (see DifferentiableArithmetic).

  // Forced inline: with the larger `record`, LLVM stops inlining these into user code
  // (measured: 606 instead of 406 instructions per Rosenbrock term).
  @_implements(AdditiveArithmetic,+(_:_:))
  @inlinable @inline(__always) public static func _sum(_ lhs: Self, _ rhs: Self) -> Self {
    record(.add, lhs.value + rhs.value, lhs, 1, rhs, 1)
  }
  @inlinable @inline(__always) @_implements(AdditiveArithmetic,-(_:_:))
  public static func _difference(_ lhs: Self, _ rhs: Self) -> Self {
    record(.subtract, lhs.value - rhs.value, lhs, 1, rhs, -1)
  }
  @inlinable @inline(__always) public mutating func negate() {
    self = Self.record(.negate, -self.value, self, -1)
  }
  @_implements(Numeric,*(_:_:))
  @inlinable @inline(__always) public static func _product(_ lhs: Self, _ rhs: Self) -> Self {
    apply(Rules.Multiply(), lhs, rhs)
  }
  @inlinable @inline(__always) @_implements(DifferentiableArithmetic,/(_:_:))
  public static func _quotient(_ lhs: Self, _ rhs: Self) -> Self {
    apply(Rules.Divide(), lhs, rhs)
  }

  /// Records f(x) with partial f′(x) (not evaluated for a constant x).
  @inlinable @inline(__always) public static func apply<R: UnaryRule>(_ rule: R, _ x: Self) -> Self
  {
    let y = T.apply(rule, x.value)
    if x.isConstant { return Self(constant: y) }
    let d = rule.derivative(at: x.value, value: y)
    // A traced recording keeps the rule itself where a replay needs it (see `recordRule`).
    if _slowPath(x.generation & 1 != 0) { return recordRule(rule, y, x, d) }
    return fold(y, x, d)
  }
  /// Records f(x, y) with both partials; a constant operand's partial is not evaluated.
  @inlinable @inline(__always)
  public static func apply<R: BinaryRule>(_ rule: R, _ x: Self, _ y: Self) -> Self {
    let z = T.apply(rule, x.value, y.value)
    if _slowPath((x.generation | y.generation) & 1 != 0) {
      let dx: T = x.isConstant ? 0 : rule.firstPartial(x.value, y.value, value: z)
      let dy: T = y.isConstant ? 0 : rule.secondPartial(x.value, y.value, value: z)
      return recordRule(rule, z, x, dx, y, dy)
    }
    // `record` evaluates a partial only for a recorded operand.
    return record(
      rule.primitive, z, x, rule.firstPartial(x.value, y.value, value: z), y,
      rule.secondPartial(x.value, y.value, value: z))
  }
  /// Records f(x₀, …, xₙ₋₁) as a chain of binary nodes: node k has partial 1 to node k − 1
  /// and ∂f/∂xₖ to xₖ, so the sweep delivers every partial with O(n) tape.
  @inlinable public static func apply<R: VectorRule>(_ rule: R, _ x: [Self]) -> Self {
    let values = x.map(\.value)
    let z = T.apply(rule, values)
    guard x.contains(where: { !$0.isConstant }) else { return Self(constant: z) }
    let gradient = rule.checkedGradient(at: values, value: z)
    var result = Self(constant: z)
    for (xi, gi) in zip(x, gradient) where !xi.isConstant {
      result = record(.custom, z, result, 1, xi, gi)
    }
    if _slowPath(result.generation & 1 != 0) { noteVectorRule(rule, x, result) }
    return result
  }
}
