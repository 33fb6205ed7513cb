import DualTape
import DualTapeMatrixOperators

/// The nonlinearity between the layers of an ``MLP``.
public enum Activation: String, Sendable, CaseIterable {
  /// Hyperbolic tangent, values in (−1, 1); smooth, good for fitting smooth functions.
  case tanh
  /// max(x, 0); cheap, the usual choice for classifiers.
  case relu
  /// The logistic function, values in (0, 1).
  case sigmoid
}

/// A fully connected network x ↦ s(… s(x W₀ + b₀) W₁ + b₁ …) W_L + b_L, one sample per row,
/// with a linear last layer (add a loss such as softmax cross-entropy on top).
///
/// An `MLP` is the architecture only; its parameters are a separate flat list
/// `[W₀, b₀, W₁, b₁, …]` (Wₗ: inₗ × outₗ, bₗ: 1 × outₗ, a row broadcast over the batch), so
/// they can be handed to the reverse drivers and optimisers as they are, and a training loop
/// can update them while its loss closure uses the architecture. The same network runs as:
/// - ``apply(_:to:)->TrackedMatrix<S>``: operation-level reverse mode;
/// - ``apply(_:to:)->Matrix<T>``: any DualTape scalar (`Double` is the primal,
///   `Matrix<Tracked<Double>>` the scalar tape, `Matrix<Dual<Double>>` forward mode).
///
/// ```swift
/// let net = MLP<Double>(layerSizes: [2, 32, 32, 1], activation: .tanh)
/// var params = net.initialParameters(seed: 1)
/// var adam = Adam<Double>(learningRate: 0.01)
/// adam.step(&params) { p in Loss.meanSquaredError(net.apply(p, to: x), y) }
/// let prediction = net.apply(params, to: x)
/// ```
public struct MLP<S: RealScalar>: Sendable {
  /// The width of every layer, input first: `[2, 32, 32, 1]`.
  public let layerSizes: [Int]
  /// The hidden layers' nonlinearity.
  public let activation: Activation

  /// A network with the given layer widths (at least input and output) and nonlinearity.
  public init(layerSizes: [Int], activation: Activation) {
    require(
      layerSizes.count >= 2 && layerSizes.allSatisfy { $0 > 0 },
      "MLP: layerSizes \(layerSizes) needs at least an input and an output width, all positive.")
    self.layerSizes = layerSizes
    self.activation = activation
  }

  /// Glorot-uniform weights, W ~ U(±√(6/(in + out))), and zero biases, drawn from `seed`.
  public func initialParameters(seed: UInt64) -> [Matrix<S>] {
    var generator = SplitMix64(seed: seed)
    var parameters = [Matrix<S>]()
    for (fanIn, fanOut) in zip(layerSizes, layerSizes.dropFirst()) {
      let limit = S((6 / Double(fanIn + fanOut)).squareRoot())
      parameters.append(
        Matrix.uniform(rows: fanIn, columns: fanOut, in: -limit...limit, using: &generator))
      parameters.append(Matrix(rows: 1, columns: fanOut, repeating: 0))
    }
    return parameters
  }

  /// The number of scalar parameters.
  public var parameterCount: Int {
    zip(layerSizes, layerSizes.dropFirst()).reduce(0) { $0 + $1.0 * $1.1 + $1.1 }
  }

  /// The network with parameters `p` on operation-level tracked matrices: three tape nodes
  /// per layer (matmul, bias add, activation).
  @inlinable public func apply(_ p: [TrackedMatrix<S>], to x: Matrix<S>) -> TrackedMatrix<S> {
    forward(p, TrackedMatrix(constant: x))
  }

  /// The network with parameters `p` for any DualTape scalar, one operation per scalar.
  @inlinable public func apply<T: Differentiable>(_ p: [Matrix<T>], to x: Matrix<T>) -> Matrix<T> {
    forward(p, x)
  }

  /// The layers, written once for both kinds of matrix.
  @inlinable func forward<V: LayerValue>(_ p: [V], _ x: V) -> V {
    requireParameters(p.count)
    var h = x
    let layers = p.count / 2
    for layer in 0..<layers {
      h = h.affine(p[2 * layer], p[2 * layer + 1])
      if layer < layers - 1 { h = h.activated(activation) }
    }
    return h
  }

  @inlinable func requireParameters(_ count: Int) {
    require(
      count == 2 * (layerSizes.count - 1),
      "MLP.apply: \(count) parameter matrices for \(layerSizes.count - 1) layers; pass"
        + " [W0, b0, W1, b1, ...] from initialParameters(seed:).")
  }
}

/// What a layer needs of a matrix type: x W + b and the activation.
@usableFromInline protocol LayerValue {
  func affine(_ w: Self, _ b: Self) -> Self
  func activated(_ activation: Activation) -> Self
}

extension TrackedMatrix: LayerValue {
  @inlinable func affine(_ w: Self, _ b: Self) -> Self { matmul(w) + b }
  @inlinable func activated(_ activation: Activation) -> Self {
    switch activation {
    case .tanh: DualTapeMatrixOperators.tanh(self)
    case .relu: DualTapeMatrixOperators.relu(self)
    case .sigmoid: DualTapeMatrixOperators.sigmoid(self)
    }
  }
}

extension Matrix: LayerValue where Element: Differentiable {
  @inlinable func affine(_ w: Self, _ b: Self) -> Self { matmul(w) + b }
  @inlinable func activated(_ activation: Activation) -> Self {
    switch activation {
    case .tanh: DualTapeMatrixOperators.tanh(self)
    case .relu: DualTapeMatrixOperators.relu(self)
    case .sigmoid: DualTapeMatrixOperators.sigmoid(self)
    }
  }
}
