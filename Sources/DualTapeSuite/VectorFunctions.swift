import DualTape

// The suite's classic ℝⁿ → ℝ test functions (optimisation benchmarks, reductions, branches,
// loops). The scalable ones take any n ≥ `minimumCount`; their default input has 6 entries.

/// A deterministic, irregular point: `xᵢ = offset + scale·sin(1.7i + 0.3)`, used for the
/// default inputs of the scalable functions (no two entries equal, none at 0 for the
/// offsets used).
@usableFromInline func wavyPoint(count n: Int, offset: Double, scale: Double) -> [Double] {
  (0..<n).map { offset + scale * DualTape.sin(1.7 * Double($0) + 0.3) }
}

/// The extended Rosenbrock function: `Σᵢ (1 − xᵢ)² + 100(xᵢ₊₁ − xᵢ²)²`, i = 0 … n − 2.
///
/// Smooth; minimum 0 at (1, …, 1). The input of size n is the classic start
/// (−1.2, 1, −1.2, 1, …).
public struct Rosenbrock: SuiteVectorFunction, ScalableFunction {
  public init() {}
  public var name: String { "rosenbrock" }
  public var minimumCount: Int { 2 }
  public func input(count n: Int) -> [Double] { (0..<n).map { $0 % 2 == 0 ? -1.2 : 1 } }
  public var defaultInput: [Double] { input(count: 6) }
  /// Evaluates the sum.
  @inlinable public func callAsFunction<T: Differentiable>(_ x: [T]) -> T {
    var s: T = 0
    for i in 0..<(x.count - 1) {
      let a = 1 - x[i]
      let b = x[i + 1] - x[i] * x[i]
      s += a * a + 100 * b * b
    }
    return s
  }
}

/// The Ackley function:
/// `−20·exp(−0.2·√(Σxᵢ²/n)) − exp(Σcos(2πxᵢ)/n) + 20 + e`.
///
/// Kink at the origin (the square root of 0); the inputs stay away from it.
public struct Ackley: SuiteVectorFunction, ScalableFunction {
  public init() {}
  public var name: String { "ackley" }
  public var minimumCount: Int { 1 }
  public func input(count n: Int) -> [Double] { wavyPoint(count: n, offset: 0.2, scale: 0.6) }
  public var defaultInput: [Double] { input(count: 6) }
  /// Evaluates the function.
  @inlinable public func callAsFunction<T: Differentiable>(_ x: [T]) -> T {
    let n = T(x.count)
    var squares: T = 0
    var cosines: T = 0
    for xi in x {
      squares += xi * xi
      cosines += cos(T(2 * Double.pi) * xi)
    }
    let radial: T = -20 * exp(-0.2 * sqrt(squares / n))
    let periodic: T = exp(cosines / n)
    return radial - periodic + 20 + T(Double.exp(1))
  }
}

/// The Rastrigin function: `10n + Σ(xᵢ² − 10·cos(2πxᵢ))`. Smooth, highly oscillating.
public struct Rastrigin: SuiteVectorFunction, ScalableFunction {
  public init() {}
  public var name: String { "rastrigin" }
  public var minimumCount: Int { 1 }
  public func input(count n: Int) -> [Double] { wavyPoint(count: n, offset: 0.1, scale: 1.3) }
  public var defaultInput: [Double] { input(count: 6) }
  /// Evaluates the sum.
  @inlinable public func callAsFunction<T: Differentiable>(_ x: [T]) -> T {
    var s = T(10 * x.count)
    for xi in x {
      let wave: T = 10 * cos(T(2 * Double.pi) * xi)
      s += xi * xi - wave
    }
    return s
  }
}

/// The Styblinski–Tang function: `½Σ(xᵢ⁴ − 16xᵢ² + 5xᵢ)`, a polynomial (exact Hessian
/// diagonal `6xᵢ² − 16`).
public struct StyblinskiTang: SuiteVectorFunction, ScalableFunction {
  public init() {}
  public var name: String { "styblinskiTang" }
  public var minimumCount: Int { 1 }
  public func input(count n: Int) -> [Double] { wavyPoint(count: n, offset: -0.5, scale: 2) }
  public var defaultInput: [Double] { input(count: 6) }
  /// Evaluates the sum.
  @inlinable public func callAsFunction<T: Differentiable>(_ x: [T]) -> T {
    var s: T = 0
    for xi in x {
      let x2 = xi * xi
      let quartic: T = x2 * x2 - 16 * x2
      s += quartic + 5 * xi
    }
    return s / 2
  }
}

/// Log-sum-exp, stable: `m + log Σ exp(xᵢ − m)` with m = maxᵢ xᵢ, so no exp overflows.
///
/// The shift's derivative cancels exactly, so the gradient is softmax(x) whichever entry is
/// the maximum (even at a tie). Smooth.
public struct LogSumExp: SuiteVectorFunction, ScalableFunction {
  public init() {}
  public var name: String { "logSumExp" }
  public var minimumCount: Int { 1 }
  public func input(count n: Int) -> [Double] { wavyPoint(count: n, offset: 0.5, scale: 3) }
  public var defaultInput: [Double] { input(count: 6) }
  /// Evaluates log Σ exp xᵢ.
  @inlinable public func callAsFunction<T: Differentiable>(_ x: [T]) -> T {
    var m = x[0]
    for xi in x.dropFirst() where xi > m { m = xi }
    var s: T = 0
    for xi in x { s += exp(xi - m) }
    return m + log(s)
  }
}

/// A quadratic form `½xᵀAx + bᵀx` with the tridiagonal A (4 on the diagonal, −1 beside it)
/// and bᵢ = i + 1: gradient Ax + b, Hessian exactly A.
public struct QuadraticForm: SuiteVectorFunction, ScalableFunction {
  public init() {}
  public var name: String { "quadraticForm" }
  public var minimumCount: Int { 1 }
  public func input(count n: Int) -> [Double] { wavyPoint(count: n, offset: 0, scale: 1) }
  public var defaultInput: [Double] { input(count: 6) }
  /// The matrix A (n × n) of the form, for checking Hessians.
  public func matrix(count n: Int) -> Matrix<Double> {
    var a = Matrix<Double>(rows: n, columns: n, repeating: 0)
    for i in 0..<n {
      a[i, i] = 4
      if i > 0 { a[i, i - 1] = -1 }
      if i + 1 < n { a[i, i + 1] = -1 }
    }
    return a
  }
  /// Evaluates the form.
  @inlinable public func callAsFunction<T: Differentiable>(_ x: [T]) -> T {
    var s: T = 0
    for i in x.indices {
      var ax = 4 * x[i]
      if i > 0 { ax -= x[i - 1] }
      if i + 1 < x.count { ax -= x[i + 1] }
      let quadratic: T = x[i] * ax / 2
      s += quadratic + T(i + 1) * x[i]
    }
    return s
  }
}

/// The Huber loss with δ = 1 against the targets tᵢ = 0.3i: for each residual r = xᵢ − tᵢ,
/// `r²/2` if |r| ≤ 1 else `|r| − 1/2`. A branch per entry.
///
/// C¹ with kinks of the second derivative at |r| = 1; the inputs give residuals alternately
/// inside (|r| ≈ 0.4) and outside (|r| ≈ 2.3) the quadratic zone.
public struct HuberLoss: SuiteVectorFunction, ScalableFunction {
  public init() {}
  public var name: String { "huberLoss" }
  public var minimumCount: Int { 1 }
  public func input(count n: Int) -> [Double] {
    (0..<n).map { (i: Int) -> Double in
      let residual: Double = i % 2 == 0 ? 0.4 : -2.3
      return 0.3 * Double(i) + residual + 0.01 * Double(i % 3)
    }
  }
  public var defaultInput: [Double] { input(count: 6) }
  /// Evaluates the summed loss.
  @inlinable public func callAsFunction<T: Differentiable>(_ x: [T]) -> T {
    var s: T = 0
    for i in x.indices {
      let r = x[i] - T(0.3 * Double(i))
      s += abs(r) <= 1 ? r * r / 2 : abs(r) - 0.5
    }
    return s
  }
}

/// Norms with abs, min, max and relu: `Σ|xᵢ| + (maxᵢ xᵢ − minᵢ xᵢ) + relu(x₀ + x₁)`.
///
/// Kinks where an entry is 0, where two entries tie for the max or min, and at x₀ + x₁ = 0;
/// the default input (entries distinct, nonzero, x₀ + x₁ ≠ 0) avoids them.
public struct NormMix: SuiteVectorFunction {
  public init() {}
  public var name: String { "normMix" }
  public var defaultInput: [Double] { [0.7, -1.1, 2.3, -0.4, 1.6] }
  /// Evaluates the sum.
  @inlinable public func callAsFunction<T: Differentiable>(_ x: [T]) -> T {
    var l1: T = 0
    var high = x[0]
    var low = x[0]
    for xi in x {
      l1 += abs(xi)
      high = max(high, xi)
      low = min(low, xi)
    }
    return l1 + (high - low) + relu(x[0] + x[1])
  }
}

/// A chain of angles and lengths: `Σᵢ atan2(xᵢ₊₁, xᵢ + 3) + hypot(xᵢ, xᵢ₊₁)`.
///
/// atan2's branch cut needs xᵢ + 3 ≤ 0 and hypot's kink needs xᵢ = xᵢ₊₁ = 0: the inputs
/// (entries in (−1, 2), nonzero) avoid both.
public struct AngleChain: SuiteVectorFunction, ScalableFunction {
  public init() {}
  public var name: String { "angleChain" }
  public var minimumCount: Int { 2 }
  public func input(count n: Int) -> [Double] { wavyPoint(count: n, offset: 0.45, scale: 1.2) }
  public var defaultInput: [Double] { input(count: 6) }
  /// Evaluates the sum.
  @inlinable public func callAsFunction<T: Differentiable>(_ x: [T]) -> T {
    var s: T = 0
    for i in 0..<(x.count - 1) {
      let angle: T = atan2(y: x[i + 1], x: x[i] + 3)
      s += angle + hypot(x[i], x[i + 1])
    }
    return s
  }
}

/// A damped pendulum integrated by 20 explicit Euler steps (a loop of dependent updates):
/// `θ' = ω`, `ω' = −(9.81/ℓ)·sin θ − c·ω`, h = 0.05; the result is `θ_T² + ω_T²`.
///
/// Input `[θ₀, ω₀, c, ℓ]`; smooth for ℓ > 0. Default input (0.8, 0.1, 0.3, 1.5).
public struct LoopedDynamics: SuiteVectorFunction {
  public init() {}
  public var name: String { "loopedDynamics" }
  public var defaultInput: [Double] { [0.8, 0.1, 0.3, 1.5] }
  /// Integrates and returns the final squared state.
  @inlinable public func callAsFunction<T: Differentiable>(_ p: [T]) -> T {
    var theta = p[0]
    var omega = p[1]
    let h: T = 0.05
    let stiffness = 9.81 / p[3]
    for _ in 0..<20 {
      let gravity: T = -stiffness * sin(theta)
      let acceleration: T = gravity - p[2] * omega
      theta += h * omega
      omega += h * acceleration
    }
    return theta * theta + omega * omega
  }
}
