import DualTape

// The functions the benchmark times, each written once generically so that the plain `Double`
// evaluation (the baseline) and every engine run exactly the same code.
//
// The shared suite (`DualTapeSuite`, branch `suite`) is not on `main` yet; until it is, the
// benchmark keeps its own copies here. When the suite lands, the ℝⁿ → ℝ functions switch to the
// suite's types (one definition per function). The two ℝⁿ → ℝᵐ families stay here: the grid
// needs the number of outputs m as a parameter independent of n, which the suite's square maps
// do not have.

/// A deterministic, irregular point in [offset − scale, offset + scale]:
/// `xᵢ = offset + scale·sin(1.7i + 0.3)` (no two entries equal, away from kinks).
func wavyPoint(count n: Int, offset: Double = 0, scale: Double = 1) -> [Double] {
  (0..<n).map { offset + scale * DualTape.sin(1.7 * Double($0) + 0.3) }
}

/// Uniform numbers in `[low, high)` from a seeded SplitMix64 stream (fixed benchmark data).
func seededUniform(count: Int, low: Double, high: Double, seed: UInt64) -> [Double] {
  var random = SplitMix64(seed: seed)
  return (0..<count).map { _ in Double.random(in: low..<high, using: &random) }
}

/// The extended Rosenbrock function `Σᵢ (1 − xᵢ)² + 100(xᵢ₊₁ − xᵢ²)²`, i = 0 … n − 2, at the
/// classic start (−1.2, 1, −1.2, 1, …).
struct BenchRosenbrock: VectorToScalar {
  /// The classic starting point of length n.
  static func input(count n: Int) -> [Double] { (0..<n).map { $0 % 2 == 0 ? -1.2 : 1 } }

  /// Evaluates the sum.
  @inlinable func callAsFunction<T: Differentiable>(_ x: [T]) -> T {
    var s: T = 0
    for i in 0..<(x.count - 1) {
      let a = 1 - x[i]
      let b = x[i + 1] - x[i] * x[i]
      s += a * a + 100 * b * b
    }
    return s
  }
}

/// Softmax cross-entropy of n logits against one fixed label: `log Σⱼ exp(xⱼ) − x_label`,
/// computed stably (shifted by the largest logit).
struct BenchSoftmaxCrossEntropy: VectorToScalar {
  /// Logits in [−2, 2] of length n.
  static func input(count n: Int) -> [Double] { wavyPoint(count: n, offset: 0, scale: 2) }

  /// Evaluates the loss; the label is class ⌊n / 3⌋.
  @inlinable func callAsFunction<T: Differentiable>(_ x: [T]) -> T {
    var largest = x[0]
    for xi in x.dropFirst() where xi > largest { largest = xi }
    var sum: T = 0
    for xi in x { sum += exp(xi - largest) }
    return log(sum) + largest - x[x.count / 3]
  }
}

/// The mean squared error of a 2-32-32-1 tanh network, as a function of its 1,185 weights; the
/// target is (x² + y²)/2 on seeded samples in [−1, 1]².
///
/// Weight layout (row-major, rows = outputs): W₁ (32 × 2), b₁ (32), W₂ (32 × 32), b₂ (32),
/// W₃ (1 × 32), b₃ (1).
struct BenchMLPLoss: VectorToScalar {
  /// The hidden width.
  static let width = 32
  /// 2·32 + 32 + 32·32 + 32 + 32 + 1 = 1185.
  static let parameterCount = 3 * width + width * width + 2 * width + 1
  /// The sample inputs, two per sample.
  let samples: [Double]
  /// The targets, one per sample.
  let targets: [Double]

  /// The loss over `sampleCount` seeded samples.
  init(sampleCount: Int = 4, seed: UInt64 = 11) {
    samples = seededUniform(count: 2 * sampleCount, low: -1, high: 1, seed: seed)
    let xy = samples
    targets = (0..<sampleCount).map { i -> Double in
      let x = xy[2 * i]
      let y = xy[2 * i + 1]
      return (x * x + y * y) / 2
    }
  }

  /// Weights uniform in ±1/√fan-in per layer, seeded.
  static func input() -> [Double] {
    let w = width
    let layers: [(count: Int, fanIn: Int)] = [
      (2 * w, 2), (w, 2), (w * w, w), (w, w), (w, w), (1, w),
    ]
    var p: [Double] = []
    for (k, layer) in layers.enumerated() {
      let bound = 1 / Double(layer.fanIn).squareRoot()
      p += seededUniform(count: layer.count, low: -bound, high: bound, seed: 100 + UInt64(k))
    }
    return p
  }

  /// Evaluates the mean squared error at the weights `p`.
  @inlinable func callAsFunction<T: Differentiable>(_ p: [T]) -> T {
    let w = Self.width
    let b1 = 2 * w
    let w2 = b1 + w
    let b2 = w2 + w * w
    let w3 = b2 + w
    let b3 = w3 + w
    var h1 = [T](repeating: 0, count: w)
    var h2 = [T](repeating: 0, count: w)
    var loss: T = 0
    for s in targets.indices {
      let x0 = T(samples[2 * s])
      let x1 = T(samples[2 * s + 1])
      for i in 0..<w { h1[i] = tanh(p[2 * i] * x0 + p[2 * i + 1] * x1 + p[b1 + i]) }
      for i in 0..<w {
        var z = p[b2 + i]
        for j in 0..<w { z += p[w2 + i * w + j] * h1[j] }
        h2[i] = tanh(z)
      }
      var y = p[b3]
      for j in 0..<w { y += p[w3 + j] * h2[j] }
      let r = y - T(targets[s])
      loss += r * r
    }
    return loss / T(targets.count)
  }
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
