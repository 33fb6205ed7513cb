// Swift's built-in automatic differentiation (`_Differentiation`), for comparison.
//
// The compiler's AD cannot differentiate DualTape's generic functions (they are generic over
// DualTape's own `Differentiable` protocol), so each benchmark function is written again here in
// the form `_Differentiation` accepts on this toolchain: `@differentiable(reverse)` functions
// over `[Double]`, loops over `withoutDerivative(at:)` ranges, array subscripts, and `append`
// for building arrays (element assignment `a[i] = v` is not differentiable). The bodies mirror
// the suite's types (`DualTapeSuite`) and `Functions.swift` operation for operation; the
// benchmark checks that both give the same derivatives before timing either.
//
// This file must not import DualTape: both modules declare a `Differentiable` protocol.

#if canImport(_Differentiation)
  import _Differentiation
  import Foundation

  /// The benchmark functions under Swift's `_Differentiation`.
  enum SwiftAutodiff {
    /// Whether `_Differentiation` could be imported by this toolchain.
    static let isAvailable = true

    /// ∇ of the extended Rosenbrock function, by `valueWithGradient(at:of:)`.
    static func rosenbrockGradient() -> (([Double]) -> [Double])? {
      { x in valueWithGradient(at: x, of: rosenbrock).gradient.base }
    }

    /// ∇ of log-sum-exp.
    static func logSumExpGradient() -> (([Double]) -> [Double])? {
      { x in valueWithGradient(at: x, of: logSumExp).gradient.base }
    }

    /// ∇ of softmax regression's loss (3 classes, 4 features) on the given samples.
    static func softmaxCrossEntropyGradient(
      samples: [Double], labels: [Int]
    ) -> (([Double]) -> [Double])? {
      { p in
        valueWithGradient(at: p) { softmaxCrossEntropy($0, samples, labels) }.gradient.base
      }
    }

    /// ∇ of the 2-32-32-1 tanh MLP loss with respect to its 1,185 weights.
    static func mlpGradient(samples: [Double], targets: [Double]) -> (([Double]) -> [Double])? {
      { p in valueWithGradient(at: p) { mlpLoss($0, samples, targets) }.gradient.base }
    }

    /// uᵀJ of the dense sin map with m outputs, by `valueWithPullback(at:of:)`.
    static func sinMapVJP(outputCount m: Int) -> (([Double], [Double]) -> [Double])? {
      { x, u in
        let pullback = valueWithPullback(at: x) { sinMap($0, m) }.pullback
        return pullback(Array<Double>.TangentVector(u)).base
      }
    }

    /// uᵀJ of the banded sin map with m outputs.
    static func bandedSinMapVJP(outputCount m: Int) -> (([Double], [Double]) -> [Double])? {
      { x, u in
        let pullback = valueWithPullback(at: x) { bandedSinMap($0, m) }.pullback
        return pullback(Array<Double>.TangentVector(u)).base
      }
    }
  }

  @differentiable(reverse)
  private func rosenbrock(_ x: [Double]) -> Double {
    var s = 0.0
    for i in withoutDerivative(at: 0..<(x.count - 1)) {
      let a = 1 - x[i]
      let b = x[i + 1] - x[i] * x[i]
      s += a * a + 100 * b * b
    }
    return s
  }

  @differentiable(reverse)
  private func logSumExp(_ x: [Double]) -> Double {
    var m = x[0]
    for i in withoutDerivative(at: 1..<x.count) where x[i] > m { m = x[i] }
    var s = 0.0
    for i in withoutDerivative(at: 0..<x.count) { s += exp(x[i] - m) }
    return m + log(s)
  }

  @differentiable(reverse)
  private func softmaxCrossEntropy(_ p: [Double], _ samples: [Double], _ labels: [Int]) -> Double {
    let k = 3
    let d = 4
    var loss = 0.0
    for s in withoutDerivative(at: 0..<labels.count) {
      var z: [Double] = []
      for c in withoutDerivative(at: 0..<k) {
        var zc = p[k * d + c]
        for j in withoutDerivative(at: 0..<d) {
          zc += p[c * d + j] * withoutDerivative(at: samples[s * d + j])
        }
        z.append(zc)
      }
      var m = z[0]
      for c in withoutDerivative(at: 1..<k) where z[c] > m { m = z[c] }
      var sum = 0.0
      for c in withoutDerivative(at: 0..<k) { sum += exp(z[c] - m) }
      let logSum = m + log(sum)
      loss += logSum - z[withoutDerivative(at: labels[s])]
    }
    var penalty = 0.0
    for i in withoutDerivative(at: 0..<(k * d)) { penalty += p[i] * p[i] }
    return loss / Double(withoutDerivative(at: labels.count)) + 0.001 * penalty
  }

  @differentiable(reverse)
  private func mlpLoss(_ p: [Double], _ samples: [Double], _ targets: [Double]) -> Double {
    let w = 32
    let b1 = 2 * w
    let w2 = b1 + w
    let b2 = w2 + w * w
    let w3 = b2 + w
    let b3 = w3 + w
    var loss = 0.0
    for s in withoutDerivative(at: 0..<targets.count) {
      let x0 = withoutDerivative(at: samples[2 * s])
      let x1 = withoutDerivative(at: samples[2 * s + 1])
      var h1: [Double] = []
      for i in withoutDerivative(at: 0..<w) {
        h1.append(tanh(p[2 * i] * x0 + p[2 * i + 1] * x1 + p[b1 + i]))
      }
      var h2: [Double] = []
      for i in withoutDerivative(at: 0..<w) {
        var z = p[b2 + i]
        for j in withoutDerivative(at: 0..<w) { z += p[w2 + i * w + j] * h1[j] }
        h2.append(tanh(z))
      }
      var y = p[b3]
      for j in withoutDerivative(at: 0..<w) { y += p[w3 + j] * h2[j] }
      let r = y - withoutDerivative(at: targets[s])
      loss += r * r
    }
    return loss / Double(withoutDerivative(at: targets.count))
  }

  @differentiable(reverse)
  private func sinMap(_ x: [Double], _ m: Int) -> [Double] {
    var out: [Double] = []
    for j in withoutDerivative(at: 0..<m) {
      let k = Double(j + 1)
      var y = 0.0
      for i in withoutDerivative(at: 0..<x.count) { y += sin(k * x[i]) * x[i] }
      out.append(y)
    }
    return out
  }

  @differentiable(reverse)
  private func bandedSinMap(_ x: [Double], _ m: Int) -> [Double] {
    let n = withoutDerivative(at: x.count)
    let w = min(3, n)
    var out: [Double] = []
    for j in withoutDerivative(at: 0..<m) {
      let start = min(j * n / m, n - w)
      let k = Double(j + 1)
      var y = 0.0
      for i in withoutDerivative(at: start..<(start + w)) { y += sin(k * x[i]) * x[i] }
      out.append(y)
    }
    return out
  }
#else
  /// Stand-in where the toolchain has no `_Differentiation`: every form is "not available".
  enum SwiftAutodiff {
    static let isAvailable = false
    static func rosenbrockGradient() -> (([Double]) -> [Double])? { nil }
    static func logSumExpGradient() -> (([Double]) -> [Double])? { nil }
    static func softmaxCrossEntropyGradient(
      samples: [Double], labels: [Int]
    ) -> (([Double]) -> [Double])? { nil }
    static func mlpGradient(samples: [Double], targets: [Double]) -> (([Double]) -> [Double])? {
      nil
    }
    static func sinMapVJP(outputCount m: Int) -> (([Double], [Double]) -> [Double])? { nil }
    static func bandedSinMapVJP(outputCount m: Int) -> (([Double], [Double]) -> [Double])? {
      nil
    }
  }
#endif
