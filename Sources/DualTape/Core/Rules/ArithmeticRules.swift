// The rule table, part 1: arithmetic. Each rule states its partials once; the engines'
// operators consume them (see `Rule.swift`). Addition, subtraction and negation are linear:
// the forward engines apply the operation itself to the tangents, which is the same rule.

/// The rules of DualTape's primitives, one type per primitive: value and local partials.
///
/// Every engine takes its partials from here: ``Dual``, ``DualVector`` and ``Tracked``
/// through `apply(_:_:)` (a requirement of ``Differentiable``), the symbolic derivative by evaluating
/// the same generic partials with ``Expr``, the array tape's elementwise sweep with its
/// elements. A user's rule is one more conformer of ``UnaryRule``, ``BinaryRule`` or
/// ``VectorRule``.
public enum Rules {}

extension Rules {
  /// x + y. Partials (1, 1).
  public struct Add: BinaryRule {
    @inlinable public init() {}
    public var primitive: Primitive { .add }
    @inlinable public func value<S: RealScalar>(_ x: S, _ y: S) -> S { x + y }
    @inlinable public func firstPartial<T: Differentiable>(_ x: T, _ y: T, value z: T) -> T { 1 }
    @inlinable public func secondPartial<T: Differentiable>(_ x: T, _ y: T, value z: T) -> T { 1 }
  }

  /// x − y. Partials (1, −1).
  public struct Subtract: BinaryRule {
    @inlinable public init() {}
    public var primitive: Primitive { .subtract }
    @inlinable public func value<S: RealScalar>(_ x: S, _ y: S) -> S { x - y }
    @inlinable public func firstPartial<T: Differentiable>(_ x: T, _ y: T, value z: T) -> T { 1 }
    @inlinable public func secondPartial<T: Differentiable>(_ x: T, _ y: T, value z: T) -> T {
      -1
    }
  }

  /// −x. Derivative −1.
  public struct Negate: UnaryRule {
    @inlinable public init() {}
    public var primitive: Primitive { .negate }
    @inlinable public func value<S: RealScalar>(_ x: S) -> S { -x }
    @inlinable public func derivative<T: Differentiable>(at x: T, value y: T) -> T { -1 }
  }

  /// x · y. Partials (y, x).
  public struct Multiply: BinaryRule {
    @inlinable public init() {}
    public var primitive: Primitive { .multiply }
    @inlinable public func value<S: RealScalar>(_ x: S, _ y: S) -> S { x * y }
    @inlinable public func firstPartial<T: Differentiable>(_ x: T, _ y: T, value z: T) -> T { y }
    @inlinable public func secondPartial<T: Differentiable>(_ x: T, _ y: T, value z: T) -> T { x }
  }

  /// x / y. Partials (1/y, −(x/y)/y): the second reuses the quotient instead of forming y².
  public struct Divide: BinaryRule {
    @inlinable public init() {}
    public var primitive: Primitive { .divide }
    @inlinable public func value<S: RealScalar>(_ x: S, _ y: S) -> S { x / y }
    @inlinable public func firstPartial<T: Differentiable>(_ x: T, _ y: T, value z: T) -> T {
      1 / y
    }
    @inlinable public func secondPartial<T: Differentiable>(_ x: T, _ y: T, value z: T) -> T {
      -(z / y)
    }
  }

  /// xʸ. Partials `y·xʸ⁻¹` and `xʸ·log x`, the latter taken as 0 where x = 0 (as PyTorch and
  /// JAX; log 0 = −∞ would give 0 · ∞ = NaN). For x < 0, ∂y is NaN.
  public struct Pow: BinaryRule {
    @inlinable public init() {}
    public var primitive: Primitive { .pow }
    @inlinable public func value<S: RealScalar>(_ x: S, _ y: S) -> S { S.pow(x, y) }
    @inlinable public func firstPartial<T: Differentiable>(_ x: T, _ y: T, value z: T) -> T {
      y * T.pow(x, y - 1)
    }
    @inlinable public func secondPartial<T: Differentiable>(_ x: T, _ y: T, value z: T) -> T {
      x.hasZeroValue ? 0 : z * T.log(x)
    }
  }

  /// atan2(y, x), the angle of the point (x, y). Partials `x/(x²+y²)` and `−y/(x²+y²)`.
  public struct Atan2: BinaryRule {
    @inlinable public init() {}
    public var primitive: Primitive { .atan2 }
    @inlinable public func value<S: RealScalar>(_ y: S, _ x: S) -> S { S.atan2(y: y, x: x) }
    @inlinable public func firstPartial<T: Differentiable>(_ y: T, _ x: T, value z: T) -> T {
      x / (x * x + y * y)
    }
    @inlinable public func secondPartial<T: Differentiable>(_ y: T, _ x: T, value z: T) -> T {
      -(y / (x * x + y * y))
    }
  }

  /// √(x² + y²), the C library's `hypot` (so `hypot(±∞, NaN) = +∞`). Partials `x/h`, `y/h`,
  /// taken as 0 at the origin (the minimum-norm subgradient).
  public struct Hypot: BinaryRule {
    @inlinable public init() {}
    public var primitive: Primitive { .hypot }
    @inlinable public func value<S: RealScalar>(_ x: S, _ y: S) -> S { S.hypot(x, y) }
    @inlinable public func firstPartial<T: Differentiable>(_ x: T, _ y: T, value z: T) -> T {
      z.hasZeroValue ? 0 : x / z
    }
    @inlinable public func secondPartial<T: Differentiable>(_ x: T, _ y: T, value z: T) -> T {
      z.hasZeroValue ? 0 : y / z
    }
  }

  /// The larger value; NaN if either is NaN, ∞ at an infinite tie. Partials
  /// `((1 + sign(x − y))/2, (1 + sign(y − x))/2)`: 1 and 0 off a tie, ½ each at a finite tie
  /// (as JAX).
  public struct Max: BinaryRule {
    @inlinable public init() {}
    public var primitive: Primitive { .max }
    @inlinable public func value<S: RealScalar>(_ x: S, _ y: S) -> S {
      x.isNaN || y.isNaN ? x + y : (x >= y ? x : y)
    }
    @inlinable public func firstPartial<T: Differentiable>(_ x: T, _ y: T, value z: T) -> T {
      (1 + T.sign(x - y)) / 2
    }
    @inlinable public func secondPartial<T: Differentiable>(_ x: T, _ y: T, value z: T) -> T {
      (1 + T.sign(y - x)) / 2
    }
  }

  /// The smaller value; partials as ``Max`` with the roles swapped.
  public struct Min: BinaryRule {
    @inlinable public init() {}
    public var primitive: Primitive { .min }
    @inlinable public func value<S: RealScalar>(_ x: S, _ y: S) -> S {
      x.isNaN || y.isNaN ? x + y : (x <= y ? x : y)
    }
    @inlinable public func firstPartial<T: Differentiable>(_ x: T, _ y: T, value z: T) -> T {
      (1 + T.sign(y - x)) / 2
    }
    @inlinable public func secondPartial<T: Differentiable>(_ x: T, _ y: T, value z: T) -> T {
      (1 + T.sign(x - y)) / 2
    }
  }

  /// xⁿ for a fixed integer n, by repeated squaring (exact for negative bases; x⁰ = 1).
  /// Derivative n·xⁿ⁻¹ (so `pow(x, n: -2)` at 0 has derivative −∞, not 0).
  public struct IntegerPower: UnaryRule {
    /// The exponent.
    public var n: Int
    @inlinable public init(_ n: Int) { self.n = n }
    public var primitive: Primitive { .integerPower }
    @inlinable public func value<S: RealScalar>(_ x: S) -> S { powBySquaring(x, n) }
    @inlinable public func derivative<T: Differentiable>(at x: T, value y: T) -> T {
      n == 0 ? 0 : T(Double(n)) * T.pow(x, n: n - 1)
    }
  }

  /// xᵖ for a constant real p: `pow(x, p)` without a partial in the exponent. Derivative
  /// p·xᵖ⁻¹ (0 for p = 0).
  public struct RealPower: UnaryRule {
    /// The exponent.
    public var p: Double
    @inlinable public init(_ p: Double) { self.p = p }
    public var primitive: Primitive { .realPower }
    @inlinable public func value<S: RealScalar>(_ x: S) -> S { S.pow(x, S(p)) }
    @inlinable public func derivative<T: Differentiable>(at x: T, value y: T) -> T {
      p == 0 ? 0 : T(p) * T.pow(x, T(p - 1))
    }
  }
}

/// xⁿ by repeated squaring on plain numbers: x⁻ⁿ = 1 / (x^(n−1) · x), so Int.min cannot
/// overflow.
@inlinable func powBySquaring<T: Differentiable>(_ x: T, _ n: Int) -> T {
  if n < 0 { return 1 / (powBySquaring(x, -(n + 1)) * x) }
  var result: T = 1
  var base = x
  var k = n
  var first = true
  while k > 0 {
    if k & 1 == 1 {
      result = first ? base : result * base
      first = false
    }
    k >>= 1
    if k > 0 { base = base * base }
  }
  return result
}
