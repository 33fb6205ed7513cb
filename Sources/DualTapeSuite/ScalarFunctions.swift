import DualTape

// The suite's ℝ → ℝ functions. Each default input is away from every kink and domain edge the
// function has (listed in its doc comment), so central differences are valid there.

/// xˣ, the power tower: `pow(x, x)`. Derivative xˣ(1 + ln x).
///
/// Domain x > 0; the default input 1.3 is well inside it.
public struct PowerTower: SuiteScalarFunction {
  public init() {}
  public var name: String { "powerTower" }
  public var defaultInput: Double { 1.3 }
  /// Evaluates xˣ.
  @inlinable public func callAsFunction<T: Differentiable>(_ x: T) -> T { pow(x, x) }
}

/// A trigonometric and hyperbolic mix:
/// `sin x·cosh x + tanh x·cos² x − sinh(x/2)·tan(x/3) / (1 + x²)`.
///
/// Smooth for |x| < 3π/2 (the pole of tan(x/3)); default input 0.7.
public struct TrigHyperbolicMix: SuiteScalarFunction {
  public init() {}
  public var name: String { "trigHyperbolicMix" }
  public var defaultInput: Double { 0.7 }
  /// Evaluates the mix.
  @inlinable public func callAsFunction<T: Differentiable>(_ x: T) -> T {
    let c: T = cos(x)
    let a: T = sin(x) * cosh(x)
    let b: T = tanh(x) * c * c
    let d: T = sinh(x / 2) * tan(x / 3) / (1 + x * x)
    return a + b - d
  }
}

/// Inverse trigonometric functions: `asin(x/2) + acos(x/3) + atan(x)·atan(2x)`.
///
/// Domain |x| < 2 (asin's edge, where the derivative is infinite); default input 0.6.
public struct InverseTrig: SuiteScalarFunction {
  public init() {}
  public var name: String { "inverseTrig" }
  public var defaultInput: Double { 0.6 }
  /// Evaluates the sum.
  @inlinable public func callAsFunction<T: Differentiable>(_ x: T) -> T {
    let a: T = asin(x / 2) + acos(x / 3)
    return a + atan(x) * atan(2 * x)
  }
}

/// The activation functions: `sigmoid(2x)·softplus(x − 1) + relu(x) + relu(−x − 1)/2`.
///
/// Kinks at x = 0 and x = −1 (relu); default input 0.4.
public struct LogisticFamily: SuiteScalarFunction {
  public init() {}
  public var name: String { "logisticFamily" }
  public var defaultInput: Double { 0.4 }
  /// Evaluates the sum.
  @inlinable public func callAsFunction<T: Differentiable>(_ x: T) -> T {
    let a: T = sigmoid(2 * x) * softplus(x - 1)
    return a + relu(x) + relu(-x - 1) / 2
  }
}

/// Exponentials and logarithms: `log1p(eˣ)·expm1(x/2) + log(x² + 1) + e^(−x²)`.
///
/// Smooth everywhere; default input 0.8.
public struct ExpLogMix: SuiteScalarFunction {
  public init() {}
  public var name: String { "expLogMix" }
  public var defaultInput: Double { 0.8 }
  /// Evaluates the sum.
  @inlinable public func callAsFunction<T: Differentiable>(_ x: T) -> T {
    let a: T = log1p(exp(x)) * expm1(x / 2)
    let b: T = log(x * x + 1)
    return a + b + exp(-x * x)
  }
}

/// Integer powers at a negative base: `x⁵ − 2x⁻³ + x⁰ + x²` with `pow(x, n:)`.
///
/// Pole at x = 0; the default input −1.3 is negative on purpose: `pow(x, n:)` is exact there,
/// where the real power `pow(x, y)` has no derivative in y.
public struct IntegerPowers: SuiteScalarFunction {
  public init() {}
  public var name: String { "integerPowers" }
  public var defaultInput: Double { -1.3 }
  /// Evaluates the polynomial with a negative power.
  @inlinable public func callAsFunction<T: Differentiable>(_ x: T) -> T {
    let a: T = pow(x, n: 5) - 2 * pow(x, n: -3)
    return a + pow(x, n: 0) + pow(x, n: 2)
  }
}

/// Real powers with a variable base or exponent: `x^2.5 + 2ˣ + x·x^(−0.5)`.
///
/// Domain x > 0; default input 1.7.
public struct RealPowers: SuiteScalarFunction {
  public init() {}
  public var name: String { "realPowers" }
  public var defaultInput: Double { 1.7 }
  /// Evaluates the sum of powers.
  @inlinable public func callAsFunction<T: Differentiable>(_ x: T) -> T {
    let a: T = pow(x, 2.5) + pow(2, x)
    return a + x * pow(x, -0.5)
  }
}

/// Angles and lengths: `atan2(sin x, cos x + 2) + hypot(x, 1 − x)`.
///
/// Smooth everywhere: `cos x + 2 > 0` keeps atan2 off its branch cut, and x and 1 − x are
/// never both 0 (hypot's kink). Default input 0.9.
public struct AngleAndHypot: SuiteScalarFunction {
  public init() {}
  public var name: String { "angleAndHypot" }
  public var defaultInput: Double { 0.9 }
  /// Evaluates the sum.
  @inlinable public func callAsFunction<T: Differentiable>(_ x: T) -> T {
    atan2(y: sin(x), x: cos(x) + 2) + hypot(x, 1 - x)
  }
}

/// sinc with a branch: `sin x / x`, and the Taylor series `1 − x²/6 + x⁴/120` for |x| < 10⁻⁴.
///
/// The branch keeps 0/0 out; both branches agree to rounding at the switch. Default input 1.1.
public struct Sinc: SuiteScalarFunction {
  public init() {}
  public var name: String { "sinc" }
  public var defaultInput: Double { 1.1 }
  /// Evaluates sinc.
  @inlinable public func callAsFunction<T: Differentiable>(_ x: T) -> T {
    if abs(x) < 1e-4 {
      let x2 = x * x
      let a: T = 1 - x2 / 6
      return a + x2 * x2 / 120
    }
    return sin(x) / x
  }
}

/// A piecewise C¹ function with three branches: smoothstep times cos x,
/// `0` for x ≤ 0, `x²(3 − 2x)·cos x` on (0, 1), `cos x` for x ≥ 1.
///
/// The second derivative jumps at x = 0 and x = 1; default input 0.35.
public struct PiecewiseSmooth: SuiteScalarFunction {
  public init() {}
  public var name: String { "piecewiseSmooth" }
  public var defaultInput: Double { 0.35 }
  /// Evaluates the branch that x falls in.
  @inlinable public func callAsFunction<T: Differentiable>(_ x: T) -> T {
    if x <= 0 { return 0 }
    if x >= 1 { return cos(x) }
    let smoothstep: T = x * x * (3 - 2 * x)
    return smoothstep * cos(x)
  }
}

/// abs, min and max: `|x − 1|·max(x, 2x − 0.5) + min(sin x, cos x)`.
///
/// Kinks at x = 1 (abs), x = 0.5 (max tie) and x = π/4 (min tie); default input 0.3.
public struct AbsMinMaxScalar: SuiteScalarFunction {
  public init() {}
  public var name: String { "absMinMaxScalar" }
  public var defaultInput: Double { 0.3 }
  /// Evaluates the sum.
  @inlinable public func callAsFunction<T: Differentiable>(_ x: T) -> T {
    let a: T = abs(x - 1) * max(x, 2 * x - 0.5)
    return a + min(sin(x), cos(x))
  }
}

/// A degree-8 polynomial evaluated by Horner's rule in a loop:
/// `Σₖ cₖ xᵏ` with c = (1, −2, 0.5, 3, −1, 0.25, 0.1, −0.05, 0.01).
///
/// Smooth everywhere; default input 0.9.
public struct HornerPolynomial: SuiteScalarFunction {
  /// The coefficients c₀ … c₈.
  public static let coefficients: [Double] = [1, -2, 0.5, 3, -1, 0.25, 0.1, -0.05, 0.01]
  public init() {}
  public var name: String { "hornerPolynomial" }
  public var defaultInput: Double { 0.9 }
  /// Evaluates the polynomial, highest coefficient first.
  @inlinable public func callAsFunction<T: Differentiable>(_ x: T) -> T {
    var p: T = 0
    for c in Self.coefficients.reversed() { p = p * x + T(c) }
    return p
  }
}

/// √x by eight Newton iterations `y ← (y + x/y)/2` from `y₀ = (1 + x)/2`: a loop whose
/// derivative (differentiating the iterations) converges to 1/(2√x).
///
/// Domain x > 0; default input 2.5.
public struct NewtonSquareRoot: SuiteScalarFunction {
  public init() {}
  public var name: String { "newtonSquareRoot" }
  public var defaultInput: Double { 2.5 }
  /// Runs the iterations.
  @inlinable public func callAsFunction<T: Differentiable>(_ x: T) -> T {
    var y = (1 + x) / 2
    for _ in 0..<8 { y = (y + x / y) / 2 }
    return y
  }
}

/// A continued fraction built in a loop: `f ← x + k/(1 + x² + f²)` for k = 6, 5, …, 1,
/// starting from f = x.
///
/// Denominators are ≥ 1, so it is smooth everywhere; default input 0.5.
public struct ContinuedFraction: SuiteScalarFunction {
  public init() {}
  public var name: String { "continuedFraction" }
  public var defaultInput: Double { 0.5 }
  /// Evaluates the fraction from the inside out.
  @inlinable public func callAsFunction<T: Differentiable>(_ x: T) -> T {
    var f = x
    for k in (1...6).reversed() {
      let denominator: T = 1 + x * x + f * f
      f = x + T(k) / denominator
    }
    return f
  }
}
