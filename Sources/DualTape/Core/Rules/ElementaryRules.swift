// The rule table, part 2: elementary functions. Each rule: the value on plain numbers (the C
// library's, through `RealScalar`) and the derivative, written generically and, where it is
// cheaper, from the value y = f(x) already computed.

extension Rules {
  /// eˣ. Derivative eˣ (the value).
  public struct Exp: UnaryRule {
    @inlinable public init() {}
    public var primitive: Primitive { .exp }
    @inlinable public func value<S: RealScalar>(_ x: S) -> S { S.exp(x) }
    @inlinable public func derivative<T: Differentiable>(at x: T, value y: T) -> T { y }
  }
  /// eˣ − 1. Derivative eˣ.
  public struct ExpMinusOne: UnaryRule {
    @inlinable public init() {}
    public var primitive: Primitive { .expMinusOne }
    @inlinable public func value<S: RealScalar>(_ x: S) -> S { S.expMinusOne(x) }
    @inlinable public func derivative<T: Differentiable>(at x: T, value y: T) -> T { T.exp(x) }
  }
  /// log x. Derivative 1/x (+∞ at 0).
  public struct Log: UnaryRule {
    @inlinable public init() {}
    public var primitive: Primitive { .log }
    @inlinable public func value<S: RealScalar>(_ x: S) -> S { S.log(x) }
    @inlinable public func derivative<T: Differentiable>(at x: T, value y: T) -> T { 1 / x }
  }
  /// log(1 + x). Derivative 1/(1 + x).
  public struct LogOnePlus: UnaryRule {
    @inlinable public init() {}
    public var primitive: Primitive { .logOnePlus }
    @inlinable public func value<S: RealScalar>(_ x: S) -> S { S.log(onePlus: x) }
    @inlinable public func derivative<T: Differentiable>(at x: T, value y: T) -> T {
      1 / (1 + x)
    }
  }
  /// √x. Derivative 1/(2√x) (+∞ at 0).
  public struct Sqrt: UnaryRule {
    @inlinable public init() {}
    public var primitive: Primitive { .sqrt }
    @inlinable public func value<S: RealScalar>(_ x: S) -> S { x.squareRoot() }
    @inlinable public func derivative<T: Differentiable>(at x: T, value y: T) -> T {
      1 / (2 * y)
    }
  }
  /// sin x. Derivative cos x.
  public struct Sin: UnaryRule {
    @inlinable public init() {}
    public var primitive: Primitive { .sin }
    @inlinable public func value<S: RealScalar>(_ x: S) -> S { S.sin(x) }
    @inlinable public func derivative<T: Differentiable>(at x: T, value y: T) -> T { T.cos(x) }
  }
  /// cos x. Derivative −sin x.
  public struct Cos: UnaryRule {
    @inlinable public init() {}
    public var primitive: Primitive { .cos }
    @inlinable public func value<S: RealScalar>(_ x: S) -> S { S.cos(x) }
    @inlinable public func derivative<T: Differentiable>(at x: T, value y: T) -> T { -T.sin(x) }
  }
  /// tanh x. Derivative 1 − tanh²x.
  public struct Tanh: UnaryRule {
    @inlinable public init() {}
    public var primitive: Primitive { .tanh }
    @inlinable public func value<S: RealScalar>(_ x: S) -> S { S.tanh(x) }
    @inlinable public func derivative<T: Differentiable>(at x: T, value y: T) -> T {
      1 - y * y
    }
  }
  /// |x|. Derivative sign(x): 0 at 0 (the minimum-norm subgradient), NaN at NaN.
  public struct Abs: UnaryRule {
    @inlinable public init() {}
    public var primitive: Primitive { .abs }
    @inlinable public func value<S: RealScalar>(_ x: S) -> S { x.magnitude }
    @inlinable public func derivative<T: Differentiable>(at x: T, value y: T) -> T { T.sign(x) }
  }
  /// max(x, 0). Derivative sign(relu x): 1 for x > 0, 0 for x ≤ 0, NaN at NaN.
  public struct Relu: UnaryRule {
    @inlinable public init() {}
    public var primitive: Primitive { .relu }
    @inlinable public func value<S: RealScalar>(_ x: S) -> S { x > 0 ? x : (x <= 0 ? 0 : x) }
    @inlinable public func derivative<T: Differentiable>(at x: T, value y: T) -> T { T.sign(y) }
  }
  /// 1/(1 + e⁻ˣ), evaluated without overflow. Derivative s(1 − s).
  public struct Sigmoid: UnaryRule {
    @inlinable public init() {}
    public var primitive: Primitive { .sigmoid }
    /// 1/(1 + e⁻ˣ) for x ≥ 0 and eˣ/(1 + eˣ) below, with e = e^(−|x|) in both: one select
    /// instead of a branch on the sign, which a network's pre-activations leave unpredictable.
    @inlinable public func value<S: RealScalar>(_ x: S) -> S {
      let e = S.exp(-x.magnitude)
      return (x >= 0 ? 1 : e) / (1 + e)
    }
    @inlinable public func derivative<T: Differentiable>(at x: T, value y: T) -> T {
      y * (1 - y)
    }
  }
  /// log(1 + eˣ), evaluated without overflow. Derivative sigmoid(x).
  public struct Softplus: UnaryRule {
    @inlinable public init() {}
    public var primitive: Primitive { .softplus }
    @inlinable public func value<S: RealScalar>(_ x: S) -> S {
      x > 0 ? x + S.log(onePlus: S.exp(-x)) : S.log(onePlus: S.exp(x))
    }
    @inlinable public func derivative<T: Differentiable>(at x: T, value y: T) -> T {
      T.sigmoid(x)
    }
  }
  /// tan x. Derivative 1 + tan²x.
  public struct Tan: UnaryRule {
    @inlinable public init() {}
    public var primitive: Primitive { .tan }
    @inlinable public func value<S: RealScalar>(_ x: S) -> S { S.tan(x) }
    @inlinable public func derivative<T: Differentiable>(at x: T, value y: T) -> T { 1 + y * y }
  }
  /// asin x. Derivative 1/√((1 − x)(1 + x)) (+∞ at ±1).
  public struct Asin: UnaryRule {
    @inlinable public init() {}
    public var primitive: Primitive { .asin }
    @inlinable public func value<S: RealScalar>(_ x: S) -> S { S.asin(x) }
    @inlinable public func derivative<T: Differentiable>(at x: T, value y: T) -> T {
      1 / T.sqrt((1 - x) * (1 + x))
    }
  }
  /// acos x. Derivative −1/√((1 − x)(1 + x)) (−∞ at ±1).
  public struct Acos: UnaryRule {
    @inlinable public init() {}
    public var primitive: Primitive { .acos }
    @inlinable public func value<S: RealScalar>(_ x: S) -> S { S.acos(x) }
    @inlinable public func derivative<T: Differentiable>(at x: T, value y: T) -> T {
      -1 / T.sqrt((1 - x) * (1 + x))
    }
  }
  /// atan x. Derivative 1/(1 + x²).
  public struct Atan: UnaryRule {
    @inlinable public init() {}
    public var primitive: Primitive { .atan }
    @inlinable public func value<S: RealScalar>(_ x: S) -> S { S.atan(x) }
    @inlinable public func derivative<T: Differentiable>(at x: T, value y: T) -> T {
      1 / (1 + x * x)
    }
  }
  /// sinh x (the C library's: finite up to |x| ≈ 710.47). Derivative cosh x.
  public struct Sinh: UnaryRule {
    @inlinable public init() {}
    public var primitive: Primitive { .sinh }
    @inlinable public func value<S: RealScalar>(_ x: S) -> S { S.sinh(x) }
    @inlinable public func derivative<T: Differentiable>(at x: T, value y: T) -> T { T.cosh(x) }
  }
  /// cosh x (the C library's). Derivative sinh x.
  public struct Cosh: UnaryRule {
    @inlinable public init() {}
    public var primitive: Primitive { .cosh }
    @inlinable public func value<S: RealScalar>(_ x: S) -> S { S.cosh(x) }
    @inlinable public func derivative<T: Differentiable>(at x: T, value y: T) -> T { T.sinh(x) }
  }
  /// sign(x): −1, 0 (at ±0) or 1; NaN at NaN. Derivative 0.
  public struct Sign: UnaryRule {
    @inlinable public init() {}
    public var primitive: Primitive { .sign }
    @inlinable public func value<S: RealScalar>(_ x: S) -> S {
      x > 0 ? 1 : (x < 0 ? -1 : (x == 0 ? 0 : x))
    }
    @inlinable public func derivative<T: Differentiable>(at x: T, value y: T) -> T { 0 }
  }
}
