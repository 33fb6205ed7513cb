/// A way to compute a derivative: the engine, the chunk width, dense or sparse, one core or
/// several. ``ModeAdvisor`` measures and ranks them; the ``Auto`` drivers run the best one.
public enum Strategy: Hashable, Sendable, CustomStringConvertible {
  /// Forward chunk mode with `chunk` tangents per pass (``Forward/jacobian(at:chunkSize:of:)-(_,Int?,_)``,
  /// ``Forward/gradient(at:chunkSize:of:)-(_,Int?,_)``): ⌈n / chunk⌉ passes.
  case forward(chunk: Int)
  /// Forward chunk mode with the passes spread over `threads` threads
  /// (``Forward/parallelJacobian(at:chunkSize:threads:of:)``).
  case parallelForward(chunk: Int, threads: Int)
  /// Reverse mode: one recording and one sweep per output (``Reverse/jacobian(at:of:)-(_,VectorToVector)``,
  /// ``Reverse/gradient(at:of:)-(_,VectorToScalar)``).
  case reverse
  /// Compressed forward mode: one tangent per column colour
  /// (``Forward/sparseJacobian(at:plan:of:)``).
  case sparseForward
  /// Compressed reverse mode: one sweep per row colour (``Reverse/sparseJacobian(at:plan:of:)``).
  case sparseReverse
  /// Hessian by forward-over-reverse, one Hessian–vector product per input
  /// (``Reverse/hessian(at:of:)-(_,VectorToScalar)``).
  case forwardOverReverse
  /// Hessian by forward-over-forward, n(n + 1)/2 nested-dual passes (``Forward/hessian(at:of:)-(_,VectorToScalar)``).
  case forwardOverForward
  /// Sparse Hessian by star colouring, one Hessian–vector product per colour
  /// (``Reverse/sparseHessian(at:plan:of:)``).
  case sparseForwardOverReverse

  /// A short name, such as `forward k=4` or `sparse reverse`.
  public var description: String {
    switch self {
    case .forward(let k): "forward k=\(k)"
    case .parallelForward(let k, let t): "forward k=\(k) ×\(t) threads"
    case .reverse: "reverse"
    case .sparseForward: "sparse forward"
    case .sparseReverse: "sparse reverse"
    case .forwardOverReverse: "forward-over-reverse"
    case .forwardOverForward: "forward-over-forward"
    case .sparseForwardOverReverse: "sparse forward-over-reverse"
    }
  }

  /// Whether the strategy uses a detected sparsity pattern (valid for the branches the
  /// function takes at the point where it was detected).
  public var isSparse: Bool {
    switch self {
    case .sparseForward, .sparseReverse, .sparseForwardOverReverse: true
    default: false
    }
  }
}

/// Which derivative a ``ModeAdvice`` is about.
public enum DerivativeKind: String, Hashable, Sendable {
  /// The m × n Jacobian of f: ℝⁿ → ℝᵐ.
  case jacobian
  /// The gradient of f: ℝⁿ → ℝ.
  case gradient
  /// The n × n Hessian of f: ℝⁿ → ℝ.
  case hessian
}
