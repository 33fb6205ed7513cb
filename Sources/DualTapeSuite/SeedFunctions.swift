import DualTape

// The worked examples of the four systems DualTape grew out of (shared/SEEDS.md), as suite
// functions, so the tests can check their published numbers through every engine.

/// The scalar-tape example: `f(x, y) = 2yx² + xy + 3`.
///
/// At the default input (2, 3): f = 33, ∂f/∂x = 4xy + y = 27, ∂f/∂y = 2x² + x = 10.
public struct ScalarTapeExample: SuiteVectorFunction {
  public init() {}
  public var name: String { "seedScalarTape" }
  public var defaultInput: [Double] { [2, 3] }
  /// Evaluates f at `v = [x, y]`.
  @inlinable public func callAsFunction<T: Differentiable>(_ v: [T]) -> T {
    let x = v[0]
    let y = v[1]
    return 2 * y * x * x + x * y + 3
  }
}

/// The symbolic example: `z = x² + 3xy + 1`.
///
/// At the default input (3, 2): z = 28, ∂z/∂x = 2x + 3y = 12, ∂²z/∂x∂y = 3.
public struct SymbolicExample: SuiteVectorFunction {
  public init() {}
  public var name: String { "seedSymbolic" }
  public var defaultInput: [Double] { [3, 2] }
  /// Evaluates z at `v = [x, y]`.
  @inlinable public func callAsFunction<T: Differentiable>(_ v: [T]) -> T {
    let x = v[0]
    let y = v[1]
    return x * x + 3 * x * y + 1
  }
}

/// The tensor example: `(a·b + c)^d`.
///
/// At the default input (a, b, c, d) = (10, 2, 4, 2): 576, with gradient
/// `[d(ab + c)^(d−1)·b, d(ab + c)^(d−1)·a, d(ab + c)^(d−1), (ab + c)^d·ln(ab + c)]`
/// = `[96, 480, 48, 576 ln 24]`. Requires ab + c > 0 (real power).
public struct TensorPowerExample: SuiteVectorFunction {
  public init() {}
  public var name: String { "seedTensorPower" }
  public var defaultInput: [Double] { [10, 2, 4, 2] }
  /// Evaluates the power at `v = [a, b, c, d]`.
  @inlinable public func callAsFunction<T: Differentiable>(_ v: [T]) -> T {
    pow(v[0] * v[1] + v[2], v[3])
  }
}

/// The expression-variable example: `L = (a − b)(b + 1)`.
///
/// ∂L/∂a = b + 1, ∂L/∂b = a − 2b − 1. Default input (4, 1.5): L = 6.25, gradient (2.5, 0).
public struct VariableExample: SuiteVectorFunction {
  public init() {}
  public var name: String { "seedVariable" }
  public var defaultInput: [Double] { [4, 1.5] }
  /// Evaluates L at `v = [a, b]`.
  @inlinable public func callAsFunction<T: Differentiable>(_ v: [T]) -> T {
    (v[0] - v[1]) * (v[1] + 1)
  }
}

/// The tensor engine's sigmoid layer, summed: `Σᵢ sigmoid((W₁X + b₁)ᵢ)` with the fixed input
/// `X = (−2, 0.122)`, as a function of the parameters.
///
/// Input layout: `W₁` (4 × 2, row-major, 8 values), then `b₁` (4 values). The default input is
/// the published `W₁ = [[−0.5, 0.5], [1.827, 0.213], [−2, 2], [2.34, 0.657]]`, `b₁ = 1.2`;
/// the gradient there is the published dy/dW₁ and dy/db₁ (seed gradient all ones), e.g.
/// dy/db₁ = (0.08549257, 0.07449035, 0.00428504, 0.03125697).
public struct SigmoidLayerExample: SuiteVectorFunction {
  /// The fixed layer input X.
  public static let layerInput: [Double] = [-2, 0.122]
  public init() {}
  public var name: String { "seedSigmoidLayer" }
  public var defaultInput: [Double] {
    [-0.5, 0.5, 1.827, 0.213, -2, 2, 2.34, 0.657, 1.2, 1.2, 1.2, 1.2]
  }
  /// Evaluates the summed layer at `v = W₁ ++ b₁`.
  @inlinable public func callAsFunction<T: Differentiable>(_ v: [T]) -> T {
    let x0 = T(Self.layerInput[0])
    let x1 = T(Self.layerInput[1])
    var sum: T = 0
    for i in 0..<4 { sum += sigmoid(v[2 * i] * x0 + v[2 * i + 1] * x1 + v[8 + i]) }
    return sum
  }
}
