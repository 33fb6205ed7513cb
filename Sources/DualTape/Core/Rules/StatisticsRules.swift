// The rule table, part 4: the functions of statistics and physics, each evaluated stably,
// with its public function next to its rule. Each is one row of the table
// (`Primitive.swift`) and this file: every engine, the tracers, the replay, the generated
// code and the symbolic engine read them from there.

extension Rules {
  /// sin(πx), exact at integers (±0) and half-integers (±1). Derivative π·cos(πx).
  public struct SinPi: UnaryRule {
    @inlinable public init() {}
    public var primitive: Primitive { .sinpi }
    @inlinable public func value<S: RealScalar>(_ x: S) -> S { S(sinPiValue(Double(x))) }
    @inlinable public func derivative<T: Differentiable>(at x: T, value y: T) -> T {
      T(Double.pi) * T.apply(CosPi(), x)
    }
  }
  /// cos(πx), exact at integers (±1) and half-integers (0). Derivative −π·sin(πx).
  public struct CosPi: UnaryRule {
    @inlinable public init() {}
    public var primitive: Primitive { .cospi }
    @inlinable public func value<S: RealScalar>(_ x: S) -> S { S(cosPiValue(Double(x))) }
    @inlinable public func derivative<T: Differentiable>(at x: T, value y: T) -> T {
      T(-Double.pi) * T.apply(SinPi(), x)
    }
  }
  /// Γ(x) (the C library's `tgamma`). Derivative Γ(x)·ψ(x).
  public struct Gamma: UnaryRule {
    @inlinable public init() {}
    public var primitive: Primitive { .gamma }
    @inlinable public func value<S: RealScalar>(_ x: S) -> S { S(libmTgamma(Double(x))) }
    @inlinable public func derivative<T: Differentiable>(at x: T, value y: T) -> T {
      y * T.apply(Digamma(), x)
    }
  }
  /// ψ(x) = Γ′(x)/Γ(x). Derivative ψ′(x) (``polygamma(_:_:)`` of order 1).
  public struct Digamma: UnaryRule {
    @inlinable public init() {}
    public var primitive: Primitive { .digamma }
    @inlinable public func value<S: RealScalar>(_ x: S) -> S { S(polygammaValue(0, Double(x))) }
    @inlinable public func derivative<T: Differentiable>(at x: T, value y: T) -> T {
      T.apply(Polygamma(1), x)
    }
  }
  /// erf⁻¹(x) for −1 ≤ x ≤ 1. Derivative (√π/2)·e^(y²) with y = erf⁻¹(x).
  public struct Erfinv: UnaryRule {
    @inlinable public init() {}
    public var primitive: Primitive { .erfinv }
    @inlinable public func value<S: RealScalar>(_ x: S) -> S { S(erfinvValue(Double(x))) }
    @inlinable public func derivative<T: Differentiable>(at x: T, value y: T) -> T {
      T(0.886_226_925_452_758) * T.exp(y * y)
    }
  }
  /// log(eˣ + eʸ) without overflow. Partials (e^(x − z), e^(y − z)), each in [0, 1].
  public struct LogAddExp: BinaryRule {
    @inlinable public init() {}
    public var primitive: Primitive { .logAddExp }
    @inlinable public func value<S: RealScalar>(_ x: S, _ y: S) -> S {
      // Equal arguments (±∞ included, where x − y is NaN): x + log 2.
      if x == y { return x + S(0.693_147_180_559_945_3) }
      let (large, small) = x > y ? (x, y) : (y, x)
      return large + S.log(onePlus: S.exp(small - large))
    }
    @inlinable public func firstPartial<T: Differentiable>(_ x: T, _ y: T, value z: T) -> T {
      T.exp(x - z)
    }
    @inlinable public func secondPartial<T: Differentiable>(_ x: T, _ y: T, value z: T) -> T {
      T.exp(y - z)
    }
  }
  /// x·log y, 0 at x = 0 for every y but NaN. Partials (log y, x/y), with ∂/∂y = 0 at x = 0
  /// (also at y = 0).
  public struct XLogY: BinaryRule {
    @inlinable public init() {}
    public var primitive: Primitive { .xlogy }
    @inlinable public func value<S: RealScalar>(_ x: S, _ y: S) -> S {
      x == 0 && !y.isNaN ? 0 : x * S.log(y)
    }
    @inlinable public func firstPartial<T: Differentiable>(_ x: T, _ y: T, value z: T) -> T {
      T.log(y)
    }
    @inlinable public func secondPartial<T: Differentiable>(_ x: T, _ y: T, value z: T) -> T {
      x.hasZeroValue ? 0 : x / y
    }
  }
}

/// sin(πx): x reduced exactly to r ∈ [−1, 1] (x − 2·round(x/2) is exact in binary floating
/// point), then the quarter of the period where the C library's sine or cosine of a small
/// argument is accurate. Every double with |x| ≥ 2⁵² is an integer (result ±0).
@usableFromInline func sinPiValue(_ x: Double) -> Double {
  guard x.isFinite else { return .nan }
  let r = x - 2 * (x / 2).rounded()
  let a = Swift.abs(r)
  let s: Double
  if a <= 0.25 {
    s = libmSin(Double.pi * a)
  } else if a <= 0.75 {
    s = libmCos(Double.pi * (a - 0.5))
  } else {
    s = libmSin(Double.pi * (1 - a))
  }
  return r < 0 ? -s : (r == 0 ? x * 0 : s)
}

/// cos(πx): as ``sinPiValue(_:)``, exact 0 at half-integers.
@usableFromInline func cosPiValue(_ x: Double) -> Double {
  guard x.isFinite else { return .nan }
  let a = Swift.abs(x - 2 * (x / 2).rounded())  // in [0, 1]
  if a <= 0.25 { return libmCos(Double.pi * a) }
  if a < 0.75 { return libmSin(Double.pi * (0.5 - a)) }
  return -libmCos(Double.pi * (1 - a))
}

/// erf⁻¹(x): Giles' single-precision approximation ("Approximating the erfinv function",
/// 2010), then two Halley steps on erf(y) = x, or on erfc(y) = 1 − x for |x| > ½, where 1 − x
/// is exact and erfc keeps the digits that erf loses near ±1. ±∞ at ±1, NaN beyond.
@usableFromInline func erfinvValue(_ x: Double) -> Double {
  let a = Swift.abs(x)
  if !(a <= 1) { return .nan }
  if a == 1 { return x * .infinity }
  var w = -libmLog((1 - a) * (1 + a))
  var p: Double
  if w < 5 {
    w -= 2.5
    p = 2.810_226_36e-08
    for c in [
      3.432_739_39e-07, -3.523_387_7e-06, -4.391_506_54e-06, 0.000_218_580_87,
      -0.001_253_725_03, -0.004_177_681_64, 0.246_640_727, 1.501_409_41,
    ] { p = c + p * w }
  } else {
    w = w.squareRoot() - 3
    p = -0.000_200_214_257
    for c in [
      0.000_100_950_558, 0.001_349_343_22, -0.003_673_428_44, 0.005_739_507_73,
      -0.007_622_461_3, 0.009_438_870_47, 1.001_674_06, 2.832_976_82,
    ] { p = c + p * w }
  }
  var y = p * a
  for _ in 0..<2 {
    // f(y) = erf(y) − a (or erfc(y) − (1 − a)); f′ = ±(2/√π)e^(−y²), f″/f′ = −2y.
    let f = a <= 0.5 ? libmErf(y) - a : (1 - a) - libmErfc(y)
    let u = f / (twoOverRootPi * libmExp(-y * y))
    y -= u / (1 + y * u)
  }
  return x < 0 ? -y : y
}

// MARK: The public functions

/// sin(πx), exact at integers and half-integers, where `sin(.pi * x)` is not (`sin(.pi)` is
/// 1.2e-16). Derivative π·cos(πx). Edges: NaN at ±∞ and NaN.
@inlinable public func sinpi<T: Differentiable>(_ x: T) -> T { T.apply(Rules.SinPi(), x) }

/// cos(πx), exactly 0 at half-integers. Derivative −π·sin(πx). Edges: NaN at ±∞ and NaN.
@inlinable public func cospi<T: Differentiable>(_ x: T) -> T { T.apply(Rules.CosPi(), x) }

/// The gamma function Γ(x) (C's `tgamma`; C's `gamma` is log Γ). Derivative Γ(x)·ψ(x).
///
/// ```swift
/// tgamma(4.5)   // 11.631728396567448
/// ```
/// Edges: ±∞ at ±0 and NaN at the negative integers (the poles), where the derivative is NaN;
/// +∞ (overflow) above x ≈ 171.6.
@inlinable public func tgamma<T: Differentiable>(_ x: T) -> T { T.apply(Rules.Gamma(), x) }

/// The digamma function ψ(x) = Γ′(x)/Γ(x). Derivative ψ′(x) = ``polygamma(_:_:)`` of order 1.
/// Edges: NaN at the poles 0, −1, −2, …; ψ(+∞) = +∞.
///
/// ```swift
/// digamma(1.0)   // −0.5772156649015329 (−γ)
/// ```
@inlinable public func digamma<T: Differentiable>(_ x: T) -> T { T.apply(Rules.Digamma(), x) }

/// The inverse error function: the y with erf(y) = x, for −1 ≤ x ≤ 1 (full double precision,
/// also near ±1). Derivative (√π/2)·e^(y²).
///
/// ```swift
/// erfinv(0.5)   // 0.4769362762044699
/// ```
/// Edges: ±∞ at ±1 (derivative +∞), NaN for |x| > 1.
@inlinable public func erfinv<T: Differentiable>(_ x: T) -> T { T.apply(Rules.Erfinv(), x) }

/// log(eˣ + eʸ), computed as max + log(1 + e^(−|x − y|)) so that it neither overflows nor
/// underflows: `logAddExp(1000.0, 999.0)` is 1000.3132616875182. Partials e^(x − z) and
/// e^(y − z) (the softmax weights of x and y, each in [0, 1]).
/// Edges: equal arguments give x + log 2 (−∞ for two −∞, with NaN partials); one −∞ gives
/// the other argument, with partials 0 and 1.
@inlinable public func logAddExp<T: Differentiable>(_ x: T, _ y: T) -> T {
  T.apply(Rules.LogAddExp(), x, y)
}

/// x·log y, defined as 0 at x = 0 for every y but NaN (as SciPy's `xlogy`): the term of an
/// entropy or a likelihood whose weight may be zero. Partials ∂/∂x = log y, ∂/∂y = x/y,
/// taken as 0 at x = 0 (also at y = 0, where x/y is 0/0).
///
/// ```swift
/// xlogy(0.0, 0.0)   // 0, where 0 * log(0.0) is NaN
/// ```
/// Edges: see the edge-semantics table (xlogy row): ∂/∂x at (0, 0) is log 0 = −∞.
@inlinable public func xlogy<T: Differentiable>(_ x: T, _ y: T) -> T {
  T.apply(Rules.XLogY(), x, y)
}

/// a·b + c. For plain `Double` and `Float` a fused multiply-add (one rounding, as C's `fma`);
/// for every engine the product and the sum, two primitives of the table, so the tape, the
/// replay, the generated code, the tracers and the symbolic engine see it exactly as
/// `a * b + c` (partials b, a and 1). The live tape records it, where a, b and c are three
/// different recorded values, as one fused node that passes its adjoint to all three (the
/// same partials, without the product's adjoint in between).
///
/// ```swift
/// fma(0.1, 10.0, -1.0)   // 5.551115123125783e-17, where 0.1 * 10.0 - 1.0 is 0
/// ```
@inlinable @inline(__always) public func fma<T: Differentiable>(_ a: T, _ b: T, _ c: T) -> T {
  // The type tests fold away once the call is specialised.
  if T.self == Double.self {
    return (c as! Double).addingProduct(a as! Double, b as! Double) as! T
  }
  if T.self == Float.self { return (c as! Float).addingProduct(a as! Float, b as! Float) as! T }
  return T.multiplyAdd(a, b, c)
}
