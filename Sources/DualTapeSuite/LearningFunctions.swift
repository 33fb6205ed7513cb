import DualTape

// Training losses as functions of their parameters: the gradient is over the weights, the data
// are fixed (seeded), as in the systems DualTape grew out of.

/// Softmax regression's loss: mean cross-entropy of `softmax(W·x + b)` over fixed samples,
/// plus `10⁻³·‖W‖²`.
///
/// 3 classes, 4 features, 6 samples with features seeded uniform in [−1, 1] and labels
/// 0, 1, 2, 0, 1, 2. Input layout: W (3 × 4, row-major, 12 values), then b (3 values).
/// Each sample's cross-entropy is `logsumexp(z) − z_label`, with a max-shifted logsumexp.
/// Smooth. The default input is seeded uniform in [−0.5, 0.5].
public struct SoftmaxCrossEntropy: SuiteVectorFunction {
  /// Classes.
  public static let classes = 3
  /// Features per sample.
  public static let features = 4
  /// The samples' features, row-major (samples × features).
  public let samples: [Double]
  /// The samples' class labels.
  public let labels: [Int]

  /// The loss over 6 seeded samples.
  public init() {
    samples = seededUniform(count: 6 * Self.features, low: -1, high: 1, seed: 7)
    labels = [0, 1, 2, 0, 1, 2]
  }

  public var name: String { "softmaxCrossEntropy" }
  public var defaultInput: [Double] {
    seededUniform(count: Self.classes * (Self.features + 1), low: -0.5, high: 0.5, seed: 8)
  }

  /// Evaluates the loss at the parameters `p = W ++ b`.
  @inlinable public func callAsFunction<T: Differentiable>(_ p: [T]) -> T {
    let k = Self.classes
    let d = Self.features
    var loss: T = 0
    for (s, label) in labels.enumerated() {
      var z = [T]()
      z.reserveCapacity(k)
      for c in 0..<k {
        var zc = p[k * d + c]
        for j in 0..<d { zc += p[c * d + j] * T(samples[s * d + j]) }
        z.append(zc)
      }
      var m = z[0]
      for zc in z.dropFirst() where zc > m { m = zc }
      var sum: T = 0
      for zc in z { sum += exp(zc - m) }
      let logSum: T = m + log(sum)
      loss += logSum - z[label]
    }
    var penalty: T = 0
    for w in p[0..<(k * d)] { penalty += w * w }
    return loss / T(labels.count) + 0.001 * penalty
  }
}

/// The mean squared error of a 2-32-32-1 tanh multilayer perceptron on fixed samples, as a
/// function of its 1,185 weights: the target is `(x² + y²)/2` (the scalar tape's training task).
///
/// `h₁ = tanh(W₁x + b₁)`, `h₂ = tanh(W₂h₁ + b₂)`, `ŷ = W₃h₂ + b₃`,
/// loss `= mean over samples of (ŷ − y)²`.
///
/// Input layout (row-major matrices, rows = outputs): W₁ (32 × 2), b₁ (32), W₂ (32 × 32),
/// b₂ (32), W₃ (1 × 32), b₃ (1). The default input is seeded uniform in ±1/√fan-in per layer;
/// the samples are seeded uniform in [−1, 1]². Smooth.
public struct MLPLoss: SuiteVectorFunction {
  /// The hidden width.
  public static let width = 32
  /// The number of parameters, 2·32 + 32 + 32·32 + 32 + 32 + 1 = 1185.
  public static let parameterCount = 2 * width + width + width * width + width + width + 1
  /// The sample inputs, two per sample.
  public let samples: [Double]
  /// The targets, one per sample.
  public let targets: [Double]

  /// The loss over `sampleCount` seeded samples.
  /// - Parameters:
  ///   - sampleCount: the batch size (default 4).
  ///   - seed: seeds the samples.
  public init(sampleCount: Int = 4, seed: UInt64 = 11) {
    let points = seededUniform(count: 2 * sampleCount, low: -1, high: 1, seed: seed)
    samples = points
    targets = (0..<sampleCount).map { (i: Int) -> Double in
      let x: Double = points[2 * i]
      let y: Double = points[2 * i + 1]
      return (x * x + y * y) / 2
    }
  }

  public var name: String { "mlpLoss" }
  public var defaultInput: [Double] {
    let w = Self.width
    let layers: [(count: Int, fanIn: Int)] = [
      (2 * w, 2), (w, 2), (w * w, w), (w, w), (w, w), (1, w),
    ]
    var p: [Double] = []
    for (k, layer) in layers.enumerated() {
      let bound = 1 / DualTape.sqrt(Double(layer.fanIn))
      p += seededUniform(count: layer.count, low: -bound, high: bound, seed: 100 + UInt64(k))
    }
    return p
  }

  /// Evaluates the mean squared error at the weights `p`.
  @inlinable public func callAsFunction<T: Differentiable>(_ p: [T]) -> T {
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
      for i in 0..<w {
        let z: T = p[2 * i] * x0 + p[2 * i + 1] * x1
        h1[i] = tanh(z + p[b1 + i])
      }
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
