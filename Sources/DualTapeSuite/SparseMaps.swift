import DualTape

// Functions with known sparse Jacobians and Hessians, for the sparse drivers' tests and the
// benchmark's sparse section: a 2-D Laplacian-like map (5-point stencil), an arrowhead map and
// a scalar function with an arrowhead Hessian.

/// A discrete Bratu problem on a k × k grid (n = k² unknowns, row-major): the 5-point
/// Laplacian plus a nonlinear term,
/// `fᵢⱼ = 4uᵢⱼ − uᵢ₋₁ⱼ − uᵢ₊₁ⱼ − uᵢⱼ₋₁ − uᵢⱼ₊₁ − λh²·exp(uᵢⱼ)` with zero boundary values,
/// h = 1/(k + 1), λ = 1. Jacobian: the 5-point stencil pattern (at most 5 entries per row).
public struct GridLaplacianMap: VectorToVector, Sendable {
  /// The grid side k.
  public let side: Int
  public init(side: Int) { self.side = side }
  /// A smooth, irregular point of k² entries in [0.1, 0.5].
  public func input() -> [Double] {
    (0..<(side * side)).map { (p: Int) -> Double in
      let t: Double = 1.7 * Double(p) + 0.3
      return 0.3 + 0.2 * DualTape.sin(t)
    }
  }
  /// Evaluates the k² residuals.
  @inlinable public func callAsFunction<T: Differentiable>(_ u: [T]) -> [T] {
    let k = side
    let h = 1 / Double(k + 1)
    let scale = T(h * h)
    return (0..<(k * k)).map { p in
      let i = p / k
      let j = p % k
      var f: T = 4 * u[p]
      if i > 0 { f -= u[p - k] }
      if i + 1 < k { f -= u[p + k] }
      if j > 0 { f -= u[p - 1] }
      if j + 1 < k { f -= u[p + 1] }
      return f - scale * exp(u[p])
    }
  }
}

/// An arrowhead map ℝⁿ → ℝⁿ: `f₀ = Σⱼ xⱼ²` (a dense first row) and
/// `fᵢ = x₀·xᵢ + sin xᵢ` for i ≥ 1 (a dense first column, and the diagonal).
public struct ArrowheadMap: VectorToVector, Sendable {
  public init() {}
  /// A smooth, irregular point of n entries in [0.2, 1.0].
  public func input(count n: Int) -> [Double] {
    (0..<n).map { (i: Int) -> Double in
      let t: Double = 1.3 * Double(i) + 0.7
      return 0.6 + 0.4 * DualTape.sin(t)
    }
  }
  /// Evaluates the n outputs.
  @inlinable public func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] {
    var sum: T = 0
    for xi in x { sum += xi * xi }
    return [sum] + x.indices.dropFirst().map { x[0] * x[$0] + sin(x[$0]) }
  }
}

/// A scalar function with an arrowhead Hessian: `f = Σᵢ₌₁ (x₀·xᵢ)² + Σᵢ cos xᵢ`
/// (x₀ interacts with every xᵢ; no two other variables interact).
public struct ArrowheadFunction: VectorToScalar, Sendable {
  public init() {}
  /// Evaluates f.
  @inlinable public func callAsFunction<T: Differentiable>(_ x: [T]) -> T {
    var s: T = cos(x[0])
    for i in x.indices.dropFirst() {
      let p = x[0] * x[i]
      s += p * p + cos(x[i])
    }
    return s
  }
}
