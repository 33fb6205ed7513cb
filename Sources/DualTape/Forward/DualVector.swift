/// A dual number carrying several tangents at once: forward mode's *chunk mode*.
///
/// `DualVector<SIMD8<Double>>` propagates the value and eight directional derivatives in one
/// evaluation, so a gradient of f: ℝⁿ → ℝ costs ⌈n / 8⌉ passes instead of n, and each pass
/// updates the eight tangents with SIMD instructions. This is ForwardDiff.jl's chunk mode;
/// the drivers pick the SIMD width from the input size (``Forward/defaultChunkSize(forInputCount:)``).
///
/// Every operation applies the same scalar derivative to all lanes:
/// `f(a + Σ bᵢεᵢ) = f(a) + f'(a) Σ bᵢεᵢ`.
///
/// - Note: the partials are plain machine numbers, so `DualVector` does not nest; use
///   ``Dual`` for higher derivatives.
@frozen
public struct DualVector<Partials: SIMD>: Differentiable where Partials.Scalar: RealScalar {
  /// The scalar type of the value and of each tangent.
  public typealias Scalar = Partials.Scalar

  /// The primal value.
  public var value: Scalar
  /// The tangents, one per lane (lane k is the derivative along the k-th seeded direction).
  public var partials: Partials

  /// A dual vector with the given value and tangents.
  @inlinable public init(_ value: Scalar, partials: Partials) {
    self.value = value
    self.partials = partials
  }

  /// A constant: `value` with every tangent zero.
  @inlinable public init(constant value: Scalar) {
    self.value = value
    self.partials = Partials()
  }

  @inlinable public init(_ value: Double) { self.init(constant: Scalar(value)) }
  @inlinable public init(integerLiteral value: Int) { self.init(constant: Scalar(value)) }
  @inlinable public init(floatLiteral value: Double) { self.init(constant: Scalar(value)) }

  /// `DualVector(value, partials: [...])`.
  public var description: String {
    let lanes = (0..<Partials.scalarCount).map { "\(partials[$0])" }.joined(separator: ", ")
    return "DualVector(\(value), partials: [\(lanes)])"
  }

  // All four orderings are spelled out: Comparable's defaults would be true at NaN.
  @inlinable public static func == (lhs: Self, rhs: Self) -> Bool { lhs.value == rhs.value }
  @inlinable public static func < (lhs: Self, rhs: Self) -> Bool { lhs.value < rhs.value }
  @inlinable public static func <= (lhs: Self, rhs: Self) -> Bool { lhs.value <= rhs.value }
  @inlinable public static func > (lhs: Self, rhs: Self) -> Bool { lhs.value > rhs.value }
  @inlinable public static func >= (lhs: Self, rhs: Self) -> Bool { lhs.value >= rhs.value }

  /// Zero value and every tangent zero.
  @inlinable public var isExactlyZero: Bool { value == 0 && partials == Partials() }

  /// The value f(x) and the tangents scaled by the local derivative f'(x).
  @inlinable @inline(__always)
  static func chain(_ value: Scalar, _ x: Self, _ derivative: Scalar) -> Self {
    Self(value, partials: x.partials * derivative)
  }

  // MARK: Arithmetic

  @inlinable public static func + (lhs: Self, rhs: Self) -> Self {
    Self(lhs.value + rhs.value, partials: lhs.partials + rhs.partials)
  }
  @inlinable public static func - (lhs: Self, rhs: Self) -> Self {
    Self(lhs.value - rhs.value, partials: lhs.partials - rhs.partials)
  }
  @inlinable public static func * (lhs: Self, rhs: Self) -> Self {
    Self(
      lhs.value * rhs.value,
      partials: lhs.partials * rhs.value + rhs.partials * lhs.value)
  }
  @inlinable public static func / (lhs: Self, rhs: Self) -> Self {
    let q = lhs.value / rhs.value
    return Self(
      q,
      partials: masked(lhs.partials / rhs.value, by: lhs.partials)
        - masked(rhs.partials * q / rhs.value, by: rhs.partials))
  }

  /// `result` with exactly 0 in the lanes where `tangents` is exactly zero: a zero tangent
  /// contributes nothing even where the local partial is infinite (0 · ∞ stays out).
  @inlinable @inline(__always)
  static func masked(_ result: Partials, by tangents: Partials) -> Partials {
    let zero = Partials()
    return result.replacing(with: zero, where: tangents .== zero)
  }

  /// `partials / denominator`, masked by `partials`.
  @inlinable @inline(__always)
  static func over(_ partials: Partials, _ denominator: Scalar) -> Partials {
    masked(partials / denominator, by: partials)
  }
  @inlinable public static prefix func - (operand: Self) -> Self {
    Self(-operand.value, partials: -operand.partials)
  }

  // MARK: Primitive elementary functions

  @inlinable public static func exp(_ x: Self) -> Self {
    let e = Scalar.exp(x.value)
    return chain(e, x, e)
  }
  @inlinable public static func expMinusOne(_ x: Self) -> Self {
    chain(Scalar.expMinusOne(x.value), x, Scalar.exp(x.value))
  }
  @inlinable public static func log(_ x: Self) -> Self {
    Self(Scalar.log(x.value), partials: over(x.partials, x.value))
  }
  @inlinable public static func log(onePlus x: Self) -> Self {
    Self(Scalar.log(onePlus: x.value), partials: over(x.partials, 1 + x.value))
  }
  @inlinable public static func sqrt(_ x: Self) -> Self {
    let r = x.value.squareRoot()
    return Self(r, partials: over(x.partials, 2 * r))
  }
  @inlinable public static func pow(_ x: Self, _ y: Self) -> Self {
    let z = Scalar.pow(x.value, y.value)
    let dx = y.value * Scalar.pow(x.value, y.value - 1)
    let dy: Scalar = x.value == 0 ? 0 : z * Scalar.log(x.value)
    // Lanes whose tangent is exactly zero take no part of a NaN or infinite partial.
    return Self(
      z, partials: masked(x.partials * dx, by: x.partials) + masked(y.partials * dy, by: y.partials)
    )
  }
  @inlinable public static func sin(_ x: Self) -> Self {
    chain(Scalar.sin(x.value), x, Scalar.cos(x.value))
  }
  @inlinable public static func cos(_ x: Self) -> Self {
    chain(Scalar.cos(x.value), x, -Scalar.sin(x.value))
  }
  @inlinable public static func atan2(y: Self, x: Self) -> Self {
    let r2 = x.value * x.value + y.value * y.value
    return Self(
      Scalar.atan2(y: y.value, x: x.value),
      partials: masked(y.partials * x.value / r2, by: y.partials)
        - masked(x.partials * y.value / r2, by: x.partials))
  }
  @inlinable public static func tanh(_ x: Self) -> Self {
    let t = Scalar.tanh(x.value)
    return chain(t, x, 1 - t * t)
  }
  @inlinable public static func abs(_ x: Self) -> Self {
    if x.value > 0 { return x }
    if x.value < 0 { return -x }
    if x.value == 0 { return Self(constant: x.value.magnitude) }
    return Self(x.value, partials: Partials(repeating: x.value))
  }
}
