import DualTape

/// A rule that moves parameters against their loss gradient.
///
/// Parameters are a list of matrices (weights and biases); gradients have the same shapes.
/// ``step(_:loss:)`` ties it together: one operation-level reverse pass for the loss's value
/// and gradient, then one update.
///
/// ```swift
/// var adam = Adam<Double>(learningRate: 0.01)
/// var params = [w, b]
/// for _ in 0..<100 {
///   let loss = adam.step(&params) { p in Loss.meanSquaredError(x.matmul(p[0]) + p[1], y) }
/// }
/// ```
public protocol Optimizer {
  /// The scalar type of the parameters.
  associatedtype Scalar: RealScalar
  /// The step size η (schedules may change it between steps).
  var learningRate: Scalar { get set }
  /// Updates `parameters` in place given `gradients` (same count and shapes).
  mutating func update(_ parameters: inout [Matrix<Scalar>], along gradients: [Matrix<Scalar>])
}

extension Optimizer {
  /// One training step: the loss and its gradient at `parameters` (one recording, one
  /// sweep), then an update. Returns the loss *before* the update.
  /// - Parameters:
  ///   - parameters: the model's matrices, updated in place.
  ///   - loss: the loss as a function of the parameters; must return a 1×1 matrix.
  @inlinable @discardableResult
  public mutating func step(
    _ parameters: inout [Matrix<Scalar>],
    loss: ([TrackedMatrix<Scalar>]) -> TrackedMatrix<Scalar>
  ) -> Scalar {
    let (value, gradient) = Reverse.valueWithGradient(at: parameters, of: loss)
    update(&parameters, along: gradient)
    return value
  }
}

@inlinable func requireMatching<S>(
  _ parameters: [Matrix<S>], _ gradients: [Matrix<S>], _ name: String
) {
  require(
    parameters.count == gradients.count,
    "\(name).update: \(parameters.count) parameters but \(gradients.count) gradients.")
  for (i, (p, g)) in zip(parameters, gradients).enumerated() {
    require(
      p.rows == g.rows && p.columns == g.columns,
      "\(name).update: parameter \(i) is \(p.rows)x\(p.columns) but its gradient is"
        + " \(g.rows)x\(g.columns).")
  }
}

/// Plain gradient descent: θ ← θ − η ∇L.
public struct GradientDescent<Scalar: RealScalar>: Optimizer {
  /// The step size η.
  public var learningRate: Scalar

  /// Gradient descent with step size `learningRate`.
  @inlinable public init(learningRate: Scalar) { self.learningRate = learningRate }

  /// θ ← θ − η g for every parameter. Complexity: O(parameter count).
  @inlinable
  public mutating func update(
    _ parameters: inout [Matrix<Scalar>], along gradients: [Matrix<Scalar>]
  ) {
    requireMatching(parameters, gradients, "GradientDescent")
    for i in parameters.indices {
      for k in parameters[i].elements.indices {
        parameters[i].elements[k] -= learningRate * gradients[i].elements[k]
      }
    }
  }
}

/// Stochastic gradient descent with (heavy-ball) momentum: v ← μ v + g; θ ← θ − η v.
public struct Momentum<Scalar: RealScalar>: Optimizer {
  /// The step size η.
  public var learningRate: Scalar
  /// The momentum μ ∈ [0, 1): how much of the previous step is kept.
  public var momentum: Scalar
  /// The velocity per parameter (created at the first update).
  @usableFromInline var velocity: [Matrix<Scalar>] = []

  /// SGD with momentum; μ = 0.9 is the usual choice.
  @inlinable public init(learningRate: Scalar, momentum: Scalar = 0.9) {
    self.learningRate = learningRate
    self.momentum = momentum
  }

  /// v ← μ v + g; θ ← θ − η v.
  @inlinable
  public mutating func update(
    _ parameters: inout [Matrix<Scalar>], along gradients: [Matrix<Scalar>]
  ) {
    requireMatching(parameters, gradients, "Momentum")
    if velocity.isEmpty { velocity = gradients.map { $0.map { _ in 0 } } }
    for i in parameters.indices {
      for k in parameters[i].elements.indices {
        let v = momentum * velocity[i].elements[k] + gradients[i].elements[k]
        velocity[i].elements[k] = v
        parameters[i].elements[k] -= learningRate * v
      }
    }
  }
}

/// Adam (Kingma and Ba, 2015): per-parameter steps scaled by running moments of the gradient.
///
/// m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², θ ← θ − η m̂ / (√v̂ + ε) with the bias
/// corrections m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ).
public struct Adam<Scalar: RealScalar>: Optimizer {
  /// The step size η.
  public var learningRate: Scalar
  /// Decay of the first moment, β₁.
  public var beta1: Scalar
  /// Decay of the second moment, β₂.
  public var beta2: Scalar
  /// Added to √v̂ so the step stays finite, ε.
  public var epsilon: Scalar
  /// The number of updates so far, t.
  public var stepCount: Int { t }
  @usableFromInline var t = 0
  @usableFromInline var m: [Matrix<Scalar>] = []
  @usableFromInline var v: [Matrix<Scalar>] = []

  /// Adam with the paper's defaults (η = 0.001, β₁ = 0.9, β₂ = 0.999, ε = 1e-8).
  @inlinable public init(
    learningRate: Scalar = 0.001, beta1: Scalar = 0.9, beta2: Scalar = 0.999,
    epsilon: Scalar = 1e-8
  ) {
    self.learningRate = learningRate
    self.beta1 = beta1
    self.beta2 = beta2
    self.epsilon = epsilon
  }

  /// One Adam update. Complexity: O(parameter count).
  @inlinable
  public mutating func update(
    _ parameters: inout [Matrix<Scalar>], along gradients: [Matrix<Scalar>]
  ) {
    requireMatching(parameters, gradients, "Adam")
    if m.isEmpty {
      m = gradients.map { $0.map { _ in 0 } }
      v = m
    }
    t += 1
    let c1 = 1 - Scalar.pow(beta1, n: t)
    let c2 = 1 - Scalar.pow(beta2, n: t)
    for i in parameters.indices {
      for k in parameters[i].elements.indices {
        let g = gradients[i].elements[k]
        let mk = beta1 * m[i].elements[k] + (1 - beta1) * g
        let vk = beta2 * v[i].elements[k] + (1 - beta2) * g * g
        m[i].elements[k] = mk
        v[i].elements[k] = vk
        parameters[i].elements[k] -= learningRate * (mk / c1) / ((vk / c2).squareRoot() + epsilon)
      }
    }
  }
}
