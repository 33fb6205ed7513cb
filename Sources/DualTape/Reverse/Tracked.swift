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
        + " outer and an inner Reverse.gradient call). Pass the inner call plain numbers"
        + " (x.value), or compute both derivatives in one recording.")
  }

  // MARK: Arithmetic

  @inlinable public static func + (lhs: Self, rhs: Self) -> Self {
    record(.add, lhs.value + rhs.value, lhs, 1, rhs, 1)
  }
  @inlinable public static func - (lhs: Self, rhs: Self) -> Self {
    record(.subtract, lhs.value - rhs.value, lhs, 1, rhs, -1)
  }
  @inlinable public static func * (lhs: Self, rhs: Self) -> Self {
    record(.multiply, lhs.value * rhs.value, lhs, rhs.value, rhs, lhs.value)
  }
  @inlinable public static func / (lhs: Self, rhs: Self) -> Self {
    let inverse = 1 / rhs.value
    let q = lhs.value / rhs.value
    return record(.divide, q, lhs, inverse, rhs, -q * inverse)
  }
  @inlinable public static prefix func - (operand: Self) -> Self {
    record(.negate, -operand.value, operand, -1)
  }

  // MARK: Primitive elementary functions: value f(x), partial f'(x)

  @inlinable public static func exp(_ x: Self) -> Self {
    let e = T.exp(x.value)
    return record(.exp, e, x, e)
  }
  @inlinable public static func expMinusOne(_ x: Self) -> Self {
    record(.expMinusOne, T.expMinusOne(x.value), x, T.exp(x.value))
  }
  @inlinable public static func log(_ x: Self) -> Self {
    record(.log, T.log(x.value), x, 1 / x.value)
  }
  @inlinable public static func log(onePlus x: Self) -> Self {
    record(.logOnePlus, T.log(onePlus: x.value), x, 1 / (1 + x.value))
  }
  @inlinable public static func sqrt(_ x: Self) -> Self {
    let r = T.sqrt(x.value)
    return record(.sqrt, r, x, 1 / (2 * r))
  }
  @inlinable public static func pow(_ x: Self, _ y: Self) -> Self {
    let z = T.pow(x.value, y.value)
    // Each partial is computed only if its operand is recorded (log x is costly).
    let dx: T = x.tape == nil ? 0 : y.value * T.pow(x.value, y.value - 1)
    let dy: T = y.tape == nil || x.value == 0 ? 0 : z * T.log(x.value)
    return record(.pow, z, x, dx, y, dy)
  }
  @inlinable public static func sin(_ x: Self) -> Self {
    record(.sin, T.sin(x.value), x, T.cos(x.value))
  }
  @inlinable public static func cos(_ x: Self) -> Self {
    record(.cos, T.cos(x.value), x, -T.sin(x.value))
  }
  @inlinable public static func atan2(y: Self, x: Self) -> Self {
    let r2 = x.value * x.value + y.value * y.value
    return record(.atan2, T.atan2(y: y.value, x: x.value), y, x.value / r2, x, -y.value / r2)
  }
  @inlinable public static func tanh(_ x: Self) -> Self {
    let t = T.tanh(x.value)
    return record(.tanh, t, x, 1 - t * t)
  }
  @inlinable public static func abs(_ x: Self) -> Self {
    // sign(x) with sign(0) = 0; a NaN value gets a NaN partial, so NaN propagates.
    let v = x.value
    let sign: T = v > 0 ? 1 : (v < 0 ? -1 : (v == 0 ? 0 : v))
    return record(.abs, T.abs(v), x, sign)
  }
}
