// The rule table, part 3: special functions and the functions with derivative 0. Values from
// the C library; digamma and the higher polygammas are written here (the C library has none).

extension Rules {
  /// erf x. Derivative (2/√π)·e^(−x²).
  public struct Erf: UnaryRule {
    @inlinable public init() {}
    public var primitive: Primitive { .erf }
    @inlinable public func value<S: RealScalar>(_ x: S) -> S { S(libmErf(Double(x))) }
    @inlinable public func derivative<T: Differentiable>(at x: T, value y: T) -> T {
      T(twoOverRootPi) * T.exp(-(x * x))
    }
  }
  /// erfc x = 1 − erf x, accurate for large x. Derivative −(2/√π)·e^(−x²).
  public struct Erfc: UnaryRule {
    @inlinable public init() {}
    public var primitive: Primitive { .erfc }
    @inlinable public func value<S: RealScalar>(_ x: S) -> S { S(libmErfc(Double(x))) }
    @inlinable public func derivative<T: Differentiable>(at x: T, value y: T) -> T {
      T(-twoOverRootPi) * T.exp(-(x * x))
    }
  }
  /// log |Γ(x)|. Derivative ψ(x) (digamma). +∞ at the poles 0, −1, −2, ….
  public struct LogGamma: UnaryRule {
    @inlinable public init() {}
    public var primitive: Primitive { .logGamma }
    @inlinable public func value<S: RealScalar>(_ x: S) -> S { S(libmLgamma(Double(x))) }
    @inlinable public func derivative<T: Differentiable>(at x: T, value y: T) -> T {
      T.apply(Polygamma(0), x)
    }
  }
  /// ψ⁽ⁿ⁾(x), the n-th derivative of digamma ψ = (log Γ)′. Derivative ψ⁽ⁿ⁺¹⁾(x). NaN at the
  /// poles 0, −1, −2, …. See ``polygamma(_:_:)``.
  public struct Polygamma: UnaryRule {
    /// The order n ≥ 0 (0 is digamma).
    public var order: Int
    @inlinable public init(_ order: Int) { self.order = order }
    public var primitive: Primitive { .polygamma }
    @inlinable public func value<S: RealScalar>(_ x: S) -> S {
      S(polygammaValue(order, Double(x)))
    }
    @inlinable public func derivative<T: Differentiable>(at x: T, value y: T) -> T {
      T.apply(Polygamma(order + 1), x)
    }
  }
  /// log₂ x. Derivative 1/(x·ln 2).
  public struct Log2: UnaryRule {
    @inlinable public init() {}
    public var primitive: Primitive { .log2 }
    @inlinable public func value<S: RealScalar>(_ x: S) -> S { S(libmLog2(Double(x))) }
    @inlinable public func derivative<T: Differentiable>(at x: T, value y: T) -> T {
      1 / (x * T(0.693_147_180_559_945_3))
    }
  }
  /// log₁₀ x. Derivative 1/(x·ln 10).
  public struct Log10: UnaryRule {
    @inlinable public init() {}
    public var primitive: Primitive { .log10 }
    @inlinable public func value<S: RealScalar>(_ x: S) -> S { S(libmLog10(Double(x))) }
    @inlinable public func derivative<T: Differentiable>(at x: T, value y: T) -> T {
      1 / (x * T(2.302_585_092_994_046))
    }
  }
  /// 2ˣ. Derivative 2ˣ·ln 2.
  public struct Exp2: UnaryRule {
    @inlinable public init() {}
    public var primitive: Primitive { .exp2 }
    @inlinable public func value<S: RealScalar>(_ x: S) -> S { S(libmExp2(Double(x))) }
    @inlinable public func derivative<T: Differentiable>(at x: T, value y: T) -> T {
      y * T(0.693_147_180_559_945_3)
    }
  }
  /// ∛x, real for negative x. Derivative 1/(3∛x²), +∞ at 0.
  public struct Cbrt: UnaryRule {
    @inlinable public init() {}
    public var primitive: Primitive { .cbrt }
    @inlinable public func value<S: RealScalar>(_ x: S) -> S { S(libmCbrt(Double(x))) }
    @inlinable public func derivative<T: Differentiable>(at x: T, value y: T) -> T {
      1 / (3 * (y * y))
    }
  }
  /// asinh x. Derivative 1/√(x² + 1).
  public struct Asinh: UnaryRule {
    @inlinable public init() {}
    public var primitive: Primitive { .asinh }
    @inlinable public func value<S: RealScalar>(_ x: S) -> S { S(libmAsinh(Double(x))) }
    @inlinable public func derivative<T: Differentiable>(at x: T, value y: T) -> T {
      1 / T.sqrt(x * x + 1)
    }
  }
  /// acosh x for x ≥ 1. Derivative 1/√((x − 1)(x + 1)), +∞ at 1.
  public struct Acosh: UnaryRule {
    @inlinable public init() {}
    public var primitive: Primitive { .acosh }
    @inlinable public func value<S: RealScalar>(_ x: S) -> S { S(libmAcosh(Double(x))) }
    @inlinable public func derivative<T: Differentiable>(at x: T, value y: T) -> T {
      1 / T.sqrt((x - 1) * (x + 1))
    }
  }
  /// atanh x for |x| ≤ 1. Derivative 1/((1 − x)(1 + x)), +∞ at ±1.
  public struct Atanh: UnaryRule {
    @inlinable public init() {}
    public var primitive: Primitive { .atanh }
    @inlinable public func value<S: RealScalar>(_ x: S) -> S { S(libmAtanh(Double(x))) }
    @inlinable public func derivative<T: Differentiable>(at x: T, value y: T) -> T {
      1 / ((1 - x) * (1 + x))
    }
  }
  /// The largest integer ≤ x. Derivative 0 (also at the jumps).
  public struct Floor: UnaryRule {
    @inlinable public init() {}
    public var primitive: Primitive { .floor }
    @inlinable public func value<S: RealScalar>(_ x: S) -> S { x.rounded(.down) }
    @inlinable public func derivative<T: Differentiable>(at x: T, value y: T) -> T { 0 }
  }
  /// The smallest integer ≥ x. Derivative 0 (also at the jumps).
  public struct Ceil: UnaryRule {
    @inlinable public init() {}
    public var primitive: Primitive { .ceil }
    @inlinable public func value<S: RealScalar>(_ x: S) -> S { x.rounded(.up) }
    @inlinable public func derivative<T: Differentiable>(at x: T, value y: T) -> T { 0 }
  }
  /// The nearest integer, halves away from zero (C's `round`). Derivative 0.
  public struct Round: UnaryRule {
    @inlinable public init() {}
    public var primitive: Primitive { .round }
    @inlinable public func value<S: RealScalar>(_ x: S) -> S {
      x.rounded(.toNearestOrAwayFromZero)
    }
    @inlinable public func derivative<T: Differentiable>(at x: T, value y: T) -> T { 0 }
  }
}

@usableFromInline let twoOverRootPi = 1.128_379_167_095_512_6

/// ψ⁽ⁿ⁾(x): the recurrence ψ⁽ⁿ⁾(x) = ψ⁽ⁿ⁾(x + 1) − (−1)ⁿ n!/xⁿ⁺¹ moves x up to 15 or more,
/// then the asymptotic series (Abramowitz & Stegun 6.3.18, 6.4.11) with Bernoulli numbers up
/// to B₂₀ gives full double precision. NaN at the poles 0, −1, −2, … and at NaN; at +∞,
/// ψ = +∞ and ψ⁽ⁿ⁾ = 0 for n ≥ 1.
@usableFromInline func polygammaValue(_ n: Int, _ x0: Double) -> Double {
  require(n >= 0, "polygamma: the order \(n) is negative; use 0 for digamma.")
  if x0.isNaN || (x0 <= 0 && x0 == x0.rounded(.down)) { return .nan }
  if x0 == .infinity { return n == 0 ? .infinity : 0 }
  var factorial = 1.0  // n!
  if n > 0 { for k in 1...n { factorial *= Double(k) } }
  let sign: Double = n % 2 == 0 ? 1 : -1  // (−1)ⁿ
  var x = x0
  var shift = 0.0
  while x < 15 {
    shift -= sign * factorial / libmPow(x, Double(n + 1))
    x += 1
  }
  // B₂ₖ for k = 1…10.
  let bernoulli: [Double] = [
    1.0 / 6, -1.0 / 30, 1.0 / 42, -1.0 / 30, 5.0 / 66, -691.0 / 2730, 7.0 / 6,
    -3617.0 / 510, 43867.0 / 798, -174611.0 / 330,
  ]
  var series: Double
  if n == 0 {
    series = libmLog(x) - 1 / (2 * x)
    var power = x * x
    for k in 1...bernoulli.count {
      series -= bernoulli[k - 1] / (Double(2 * k) * power)
      power *= x * x
    }
  } else {
    // (−1)ⁿ⁺¹ [(n−1)!/xⁿ + n!/(2xⁿ⁺¹) + Σ B₂ₖ (2k+n−1)!/((2k)! x^(2k+n))]
    let previousFactorial = factorial / Double(n)
    series = previousFactorial / libmPow(x, Double(n)) + factorial / (2 * libmPow(x, Double(n + 1)))
    for k in 1...bernoulli.count {
      // (2k+n−1)!/(2k)! = Π_{j=2k+1}^{2k+n−1} j
      var ratio = 1.0
      if n > 1 { for j in (2 * k + 1)...(2 * k + n - 1) { ratio *= Double(j) } }
      series += bernoulli[k - 1] * ratio / libmPow(x, Double(2 * k + n))
    }
    series *= -sign
  }
  return shift + series
}
