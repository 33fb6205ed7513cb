import DualTape

// The suite's ℝⁿ → ℝᵐ functions: square and non-square, sparse (banded, triangular) and
// dense Jacobians, coordinate changes, loops and kinks.

/// Brown's almost-linear function (Moré, Garbow, Hillstrom): for i < n − 1,
/// `fᵢ = xᵢ + Σⱼ xⱼ − (n + 1)`, and `fₙ₋₁ = Πⱼ xⱼ − 1`. Dense Jacobian, smooth.
public struct BrownAlmostLinear: SuiteVectorMap, ScalableFunction {
  public init() {}
  public var name: String { "brownAlmostLinear" }
  public var minimumCount: Int { 2 }
  /// Entries near 1 (1 ± 0.05), so the product row stays finite for any n (0.5 + 0.05i, say,
  /// would overflow the product at benchmark sizes).
  public func input(count n: Int) -> [Double] { wavyPoint(count: n, offset: 1, scale: 0.05) }
  public var defaultInput: [Double] { input(count: 6) }
  /// Evaluates the n residuals.
  @inlinable public func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] {
    var sum: T = 0
    var product: T = 1
    for xi in x {
      sum += xi
      product *= xi
    }
    var f = x.dropLast().map { $0 + sum - T(x.count + 1) }
    f.append(product - 1)
    return f
  }
}

/// The Broyden tridiagonal function: `fᵢ = (3 − 2xᵢ)xᵢ − xᵢ₋₁ − 2xᵢ₊₁ + 1`, with
/// x₋₁ = xₙ = 0. Tridiagonal Jacobian, smooth.
public struct BroydenTridiagonal: SuiteVectorMap, ScalableFunction {
  public init() {}
  public var name: String { "broydenTridiagonal" }
  public var minimumCount: Int { 1 }
  public func input(count n: Int) -> [Double] { (0..<n).map { -1 + 0.1 * Double($0) } }
  public var defaultInput: [Double] { input(count: 6) }
  /// Evaluates the n residuals.
  @inlinable public func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] {
    x.indices.map { i in
      let diagonal: T = (3 - 2 * x[i]) * x[i]
      var f = diagonal + 1
      if i > 0 { f -= x[i - 1] }
      if i + 1 < x.count { f -= 2 * x[i + 1] }
      return f
    }
  }
}

/// A dense coupled map: `y_j = Σᵢ sin((j + 1)·xᵢ)·xᵢ`, j = 0 … n − 1. Every output depends on
/// every input (dense Jacobian), smooth.
public struct DenseCoupled: SuiteVectorMap, ScalableFunction {
  public init() {}
  public var name: String { "denseCoupled" }
  public var minimumCount: Int { 1 }
  public func input(count n: Int) -> [Double] { (0..<n).map { 0.1 + 0.07 * Double($0) } }
  public var defaultInput: [Double] { input(count: 6) }
  /// Evaluates the n outputs.
  @inlinable public func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] {
    (0..<x.count).map { j in
      var y: T = 0
      for xi in x { y += sin(T(j + 1) * xi) * xi }
      return y
    }
  }
}

/// Softmax, stable: `yᵢ = exp(xᵢ − m) / Σⱼ exp(xⱼ − m)` with m = max x. Jacobian
/// `diag(y) − y yᵀ`, smooth.
public struct Softmax: SuiteVectorMap, ScalableFunction {
  public init() {}
  public var name: String { "softmax" }
  public var minimumCount: Int { 1 }
  public func input(count n: Int) -> [Double] { wavyPoint(count: n, offset: 0.2, scale: 2) }
  public var defaultInput: [Double] { input(count: 5) }
  /// Evaluates the probabilities.
  @inlinable public func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] {
    var m = x[0]
    for xi in x.dropFirst() where xi > m { m = xi }
    let e = x.map { exp($0 - m) }
    var sum: T = 0
    for ei in e { sum += ei }
    return e.map { $0 / sum }
  }
}

/// Spherical to Cartesian coordinates: `(r, θ, φ) ↦ (r sin θ cos φ, r sin θ sin φ, r cos θ)`.
///
/// The Jacobian's determinant is r² sin θ. Default input (1.5, 0.7, 2.1).
public struct SphericalToCartesian: SuiteVectorMap {
  public init() {}
  public var name: String { "sphericalToCartesian" }
  public var defaultInput: [Double] { [1.5, 0.7, 2.1] }
  /// Evaluates the point.
  @inlinable public func callAsFunction<T: Differentiable>(_ v: [T]) -> [T] {
    let r = v[0]
    let s = sin(v[1])
    let rs: T = r * s
    return [rs * cos(v[2]), rs * sin(v[2]), r * cos(v[1])]
  }
}

/// Cartesian to polar coordinates: `(x, y) ↦ (hypot(x, y), atan2(y, x))`.
///
/// Kink at the origin, branch cut of the angle on the negative x axis; default input
/// (1.2, −0.7) avoids both.
public struct CartesianToPolar: SuiteVectorMap {
  public init() {}
  public var name: String { "cartesianToPolar" }
  public var defaultInput: [Double] { [1.2, -0.7] }
  /// Evaluates radius and angle.
  @inlinable public func callAsFunction<T: Differentiable>(_ v: [T]) -> [T] {
    [hypot(v[0], v[1]), atan2(y: v[1], x: v[0])]
  }
}

/// Ten explicit Euler steps (h = 0.01) of the Lorenz system with σ = 10, ρ = 28, β = 8/3:
/// a loop whose Jacobian is the product of the steps' Jacobians. Smooth; default input
/// (1, 1.5, 20).
public struct LorenzSteps: SuiteVectorMap {
  public init() {}
  public var name: String { "lorenzSteps" }
  public var defaultInput: [Double] { [1, 1.5, 20] }
  /// Integrates from the state `v = [x, y, z]`.
  @inlinable public func callAsFunction<T: Differentiable>(_ v: [T]) -> [T] {
    var x = v[0]
    var y = v[1]
    var z = v[2]
    let h: T = 0.01
    for _ in 0..<10 {
      let dx = 10 * (y - x)
      let dy: T = x * (28 - z) - y
      let dz: T = x * y - T(8.0 / 3.0) * z
      x += h * dx
      y += h * dy
      z += h * dz
    }
    return [x, y, z]
  }
}

/// A dense layer ℝ³ → ℝ⁵ with fixed weights: `tanh(W x + b)`, W (5 × 3) and b seeded uniform
/// in [−1, 1]. Non-square Jacobian, smooth.
public struct TanhLayer: SuiteVectorMap {
  /// The weights, row-major (5 × 3).
  public let weights: [Double]
  /// The biases (5).
  public let biases: [Double]
  public init() {
    weights = seededUniform(count: 15, low: -1, high: 1, seed: 21)
    biases = seededUniform(count: 5, low: -1, high: 1, seed: 22)
  }
  public var name: String { "tanhLayer" }
  public var defaultInput: [Double] { [0.3, -0.8, 1.1] }
  /// Evaluates the layer.
  @inlinable public func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] {
    biases.indices.map { i in
      var z = T(biases[i])
      for j in 0..<3 { z += T(weights[3 * i + j]) * x[j] }
      return tanh(z)
    }
  }
}

/// Elementwise activations and kinks, ℝ⁶ → ℝ⁶:
/// `[relu(x₀), sigmoid(x₁), softplus(x₂), |x₃|, min(x₄, x₅), max(x₄, x₅)·x₀]`.
///
/// Kinks at x₀ = 0, x₃ = 0 and x₄ = x₅; the default input avoids them.
public struct Activations: SuiteVectorMap {
  public init() {}
  public var name: String { "activations" }
  public var defaultInput: [Double] { [0.6, -1.2, 0.3, -0.9, 0.4, 1.3] }
  /// Evaluates the six activations.
  @inlinable public func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] {
    [relu(x[0]), sigmoid(x[1]), softplus(x[2]), abs(x[3]), min(x[4], x[5]), max(x[4], x[5]) * x[0]]
  }
}

/// Prefix products: `yᵢ = Πₖ₌₀ⁱ xₖ`. Lower-triangular Jacobian, smooth.
public struct PrefixProducts: SuiteVectorMap, ScalableFunction {
  public init() {}
  public var name: String { "prefixProducts" }
  public var minimumCount: Int { 1 }
  public func input(count n: Int) -> [Double] { wavyPoint(count: n, offset: 1, scale: 0.3) }
  public var defaultInput: [Double] { input(count: 6) }
  /// Evaluates the running products.
  @inlinable public func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] {
    var p: T = 1
    return x.map { xi in
      p *= xi
      return p
    }
  }
}

/// The trigonometric system (Moré, Garbow, Hillstrom):
/// `fᵢ = n − Σⱼ cos xⱼ + (i + 1)(1 − cos xᵢ) − sin xᵢ`. Dense Jacobian, smooth.
public struct TrigonometricSystem: SuiteVectorMap, ScalableFunction {
  public init() {}
  public var name: String { "trigonometricSystem" }
  public var minimumCount: Int { 1 }
  public func input(count n: Int) -> [Double] { (0..<n).map { 1 / Double(n) + 0.05 * Double($0) } }
  public var defaultInput: [Double] { input(count: 6) }
  /// Evaluates the n residuals.
  @inlinable public func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] {
    var cosines: T = 0
    for xi in x { cosines += cos(xi) }
    let n = T(x.count)
    return x.indices.map { i in
      let own: T = T(i + 1) * (1 - cos(x[i]))
      return n - cosines + own - sin(x[i])
    }
  }
}
