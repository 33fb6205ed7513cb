/// A scalar whose operations are recorded on a tape: the reverse engine's scalar.
///
/// A `Tracked` value is small (for `Double`: the value, a 32-bit node index, a 32-bit recording
/// id and the tape's address, 24 bytes) and holds no class reference, so recording an operation
/// costs no reference counting: it computes the value and the local partials and appends one
/// ``TapeNode``. The reverse sweep then walks the list backwards once and yields the whole
/// gradient.
///
/// You never create tracked variables yourself: the `Reverse` drivers hand them to your
/// function. Literals and `Tracked(3.0)` are *constants*: they are not recorded at all.
///
/// ```swift
/// let g = Reverse.gradient(at: [2.0, 3.0]) { v in 2 * v[1] * v[0] * v[0] + v[0] * v[1] + 3 }
/// // g == [27, 10]
/// ```
///
/// Misuse stops with a message: combining values from two different recordings, or using a
/// value after its recording has ended (for example one stored in a variable outside the
/// differentiated function).
@frozen
public struct Tracked<T: Differentiable>: Differentiable {
  /// The primal value.
  public var value: T
  @usableFromInline var index: Int32
  @usableFromInline var generation: UInt32
  @usableFromInline var tape: UnsafeMutablePointer<TapeStorage<T>>?

  @inlinable init(
    _ value: T, index: Int32, generation: UInt32, tape: UnsafeMutablePointer<TapeStorage<T>>?
  ) {
    self.value = value
    self.index = index
    self.generation = generation
    self.tape = tape
  }

  /// A constant (not recorded; zero derivative).
  @inlinable public init(constant value: T) {
    self.init(value, index: 0, generation: 0, tape: nil)
  }
  @inlinable public init(_ value: Double) { self.init(constant: T(value)) }
  @inlinable public init(integerLiteral value: Int) { self.init(constant: T(Double(value))) }
  @inlinable public init(floatLiteral value: Double) { self.init(constant: T(value)) }

  /// Whether this value is a constant (recorded on no tape).
  @inlinable public var isConstant: Bool { tape == nil }

  /// `v<index>=<value>`, or the value alone for a constant.
  public var description: String { tape == nil ? "\(value)" : "v\(index)=\(value)" }

  // All four orderings are spelled out: Comparable's defaults would be true at NaN.
  @inlinable public static func == (lhs: Self, rhs: Self) -> Bool { lhs.value == rhs.value }
  @inlinable public static func < (lhs: Self, rhs: Self) -> Bool { lhs.value < rhs.value }
  @inlinable public static func <= (lhs: Self, rhs: Self) -> Bool { lhs.value <= rhs.value }
  @inlinable public static func > (lhs: Self, rhs: Self) -> Bool { lhs.value > rhs.value }
  @inlinable public static func >= (lhs: Self, rhs: Self) -> Bool { lhs.value >= rhs.value }

  /// A constant zero (a recorded value is never exactly zero: it carries a derivative).
  @inlinable public var isExactlyZero: Bool { tape == nil && value.isExactlyZero }

  // MARK: Recording

  /// Records `op` with value `v` and partials `da`, `db` with respect to `a` and `b`.
  @inlinable @inline(__always)
  static func record(_ op: TapeOperation, _ v: T, _ a: Self, _ da: T, _ b: Self, _ db: T) -> Self {
    let tape: UnsafeMutablePointer<TapeStorage<T>>
    let g: UInt32
    if let ta = a.tape {
      if let tb = b.tape, _slowPath(tb != ta || b.generation != a.generation) {
        mixedRecordingsFailure()
      }
      tape = ta
      g = a.generation
    } else if let tb = b.tape {
      tape = tb
      g = b.generation
    } else {
      return Self(constant: v)
    }
    // An operand whose partial is exactly zero is routed to the sink (node 0): its adjoint then
    // receives nothing, even when the adjoint flowing back is infinite (0 · ∞ stays out).
    let i = tape.pointee.append(
      generation: g, lhs: da.isExactlyZero ? 0 : a.index, dl: da,
      rhs: db.isExactlyZero ? 0 : b.index, dr: db, op, value: v,
      a.tape == nil ? a.value : nil, b.tape == nil ? b.value : nil)
    return Self(v, index: i, generation: g, tape: tape)
  }

  /// Records a unary `op` with value `v` and partial `da`.
  @inlinable @inline(__always)
  static func record(_ op: TapeOperation, _ v: T, _ a: Self, _ da: T) -> Self {
    guard let tape = a.tape else { return Self(constant: v) }
    let i = tape.pointee.append(
      generation: a.generation, lhs: da.isExactlyZero ? 0 : a.index, dl: da, rhs: 0, dr: 0, op,
      value: v, nil, nil)
    return Self(v, index: i, generation: a.generation, tape: tape)
  }

  @usableFromInline @inline(never)
  static func mixedRecordingsFailure() -> Never {
    dualTapeFailure(
      "an operation combined Tracked values from two different recordings (for example an"
        + " outer and an inner Reverse.gradient call). Reverse mode does not nest over"
        + " itself, and passing the inner call plain numbers would silently drop the outer"
        + " derivative. For second derivatives write the function once generically and use"
        + " Reverse.hessian / Reverse.hessianVectorProduct (forward over reverse) or"
        + " Forward.hessian (forward over forward).")
  }

  // MARK: Arithmetic and rules: value f(x), partials from the rule table, one node each

  @inlinable public static func + (lhs: Self, rhs: Self) -> Self {
    record(.add, lhs.value + rhs.value, lhs, 1, rhs, 1)
  }
  @inlinable public static func - (lhs: Self, rhs: Self) -> Self {
    record(.subtract, lhs.value - rhs.value, lhs, 1, rhs, -1)
  }
  @inlinable public static prefix func - (operand: Self) -> Self {
    record(.negate, -operand.value, operand, -1)
  }
  @inlinable public static func * (lhs: Self, rhs: Self) -> Self {
    apply(Rules.Multiply(), lhs, rhs)
  }
  @inlinable public static func / (lhs: Self, rhs: Self) -> Self { apply(Rules.Divide(), lhs, rhs) }

  /// Records f(x) with partial f′(x) (not evaluated for a constant x).
  @inlinable public static func apply<R: UnaryRule>(_ rule: R, _ x: Self) -> Self {
    let y = T.apply(rule, x.value)
    if x.isConstant { return Self(constant: y) }
    return record(rule.primitive, y, x, rule.derivative(at: x.value, value: y))
  }
  /// Records f(x, y) with both partials; a constant operand's partial is not evaluated.
  @inlinable public static func apply<R: BinaryRule>(_ rule: R, _ x: Self, _ y: Self) -> Self {
    let z = T.apply(rule, x.value, y.value)
    let dx: T = x.isConstant ? 0 : rule.firstPartial(x.value, y.value, value: z)
    let dy: T = y.isConstant ? 0 : rule.secondPartial(x.value, y.value, value: z)
    return record(rule.primitive, z, x, dx, y, dy)
  }
  /// Records f(x₀, …, xₙ₋₁) as a chain of binary nodes: node k has partial 1 to node k − 1
  /// and ∂f/∂xₖ to xₖ, so the sweep delivers every partial with O(n) tape.
  @inlinable public static func apply<R: VectorRule>(_ rule: R, _ x: [Self]) -> Self {
    let values = x.map(\.value)
    let z = T.apply(rule, values)
    guard x.contains(where: { !$0.isConstant }) else { return Self(constant: z) }
    let gradient = rule.gradient(at: values, value: z)
    var result = Self(constant: z)
    for (xi, gi) in zip(x, gradient) where !xi.isConstant {
      result = record(.custom, z, result, 1, xi, gi)
    }
    return result
  }
}
