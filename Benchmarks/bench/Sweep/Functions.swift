import DualTape
import DualTapeSuite

// The functions the benchmark times, each written once generically so that the plain `Double`
// evaluation (the baseline) and every engine run exactly the same code.
//
// The ℝⁿ → ℝ functions come from the shared suite (`DualTapeSuite`: Rosenbrock, LogSumExp,
// SoftmaxCrossEntropy, MLPLoss), one definition for the tests and the benchmark. The two
// ℝⁿ → ℝᵐ families are the benchmark's own: the grid needs the number of outputs m as a
// parameter independent of n, which the suite's square maps (DenseCoupled) do not have.

/// A deterministic, irregular point in [offset − scale, offset + scale]:
/// `xᵢ = offset + scale·sin(1.7i + 0.3)` (no two entries equal, away from kinks).
func wavyPoint(count n: Int, offset: Double = 0, scale: Double = 1) -> [Double] {
  (0..<n).map { offset + scale * DualTape.sin(1.7 * Double($0) + 0.3) }
}

/// The dense sin map ℝⁿ → ℝᵐ: `y_j = Σᵢ sin((j + 1)·xᵢ)·xᵢ`. Every output depends on every
/// input: a dense Jacobian, and n·m sines per evaluation (transcendental-heavy).
struct SinMap: VectorToVector {
  /// The number of outputs m.
  let outputCount: Int

  /// Inputs in [−0.5, 0.5], so that the highest frequency m·xᵢ stays resolvable by finite
  /// differences.
  static func input(count n: Int) -> [Double] { wavyPoint(count: n, offset: 0, scale: 0.5) }

  /// Evaluates the m outputs.
  @inlinable func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] {
    (0..<outputCount).map { j in
      let k = T(j + 1)
      var y: T = 0
      for xi in x { y += sin(k * xi) * xi }
      return y
    }
  }
}

/// The banded sin map ℝⁿ → ℝᵐ: the dense map's terms restricted to a window of w = min(3, n)
/// consecutive inputs, placed along the diagonal (output j reads inputs from ⌊j·n/m⌋).
/// Same operations per term as ``SinMap``, but 3·m of them instead of n·m: a sparse Jacobian.
struct BandedSinMap: VectorToVector {
  /// The number of outputs m.
  let outputCount: Int

  /// The same inputs as the dense map.
  static func input(count n: Int) -> [Double] { SinMap.input(count: n) }

  /// Evaluates the m outputs.
  @inlinable func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] {
    let n = x.count
    let w = Swift.min(3, n)
    return (0..<outputCount).map { j in
      let start = Swift.min(j * n / outputCount, n - w)
      let k = T(j + 1)
      var y: T = 0
      for i in start..<(start + w) { y += sin(k * x[i]) * x[i] }
      return y
    }
  }
}

/// A function ℝⁿ → ℝ seen as ℝⁿ → ℝ¹, so that one checker handles gradients and Jacobians.
struct ScalarAsMap<F: VectorToScalar>: VectorToVector {
  /// The scalar function.
  let f: F
  /// Evaluates `[f(x)]`.
  @inlinable func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] { [f(x)] }
}

extension SoftmaxCrossEntropy {
  /// The number of parameters: W (classes × features) and b (classes), 3·4 + 3 = 15.
  static var parameterCount: Int { classes * (features + 1) }
}
