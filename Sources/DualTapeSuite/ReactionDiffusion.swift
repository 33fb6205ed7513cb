import DualTape

/// A 1-D reaction–diffusion (Fisher–KPP) equation u_t = D·u_xx + r·u·(1 − u) on [0, 1], cut into
/// N cells (dx = 1/N) with zero-flux ends and integrated by explicit Euler steps of size h: the
/// state is the field u (N values), the parameters p = (D, r). The checkpointing example and
/// benchmark differentiate 10⁴ of these steps with respect to all N + 2 inputs — the case where
/// reverse mode with checkpoints beats forward mode (one pass per four inputs) by far.
public struct ReactionDiffusion: TimeStep, Sendable {
  /// The number of cells N.
  public var cells: Int
  /// The time step; explicit Euler is stable for D·h·N² ≤ 1/2.
  public var h: Double

  public init(cells: Int = 200, h: Double = 0.005) {
    self.cells = cells
    self.h = h
  }

  /// The default coefficients (D, r) = (10⁻³, 0.02): D·h·N² = 0.2 for N = 200, h = 0.005.
  public static let parameters = [1e-3, 0.02]

  /// The initial field: a bump 0.1 + 0.8·(4x(1 − x))⁴ centred at x = 1/2, at the cell centres.
  public func initialField() -> [Double] {
    (0..<cells).map { i in
      let x = (Double(i) + 0.5) / Double(cells)
      let b = 4 * x * (1 - x)
      return 0.1 + 0.8 * b * b * b * b
    }
  }

  /// One explicit Euler step: u_i + h·(D·(u_{i−1} − 2u_i + u_{i+1})/dx² + r·u_i·(1 − u_i)).
  @inlinable public func callAsFunction<T: Differentiable>(
    _ u: [T], _ p: [T], step: Int
  ) -> [T] {
    let n = u.count
    let diffusion: T = p[0] * T(h * Double(n * n))  // D·h/dx²
    let growth: T = p[1] * T(h)
    var next: [T] = []
    next.reserveCapacity(n)
    for i in 0..<n {
      let left = u[i == 0 ? 0 : i - 1]
      let right = u[i == n - 1 ? n - 1 : i + 1]
      let laplacian: T = left + right - 2 * u[i]
      let reaction: T = u[i] * (1 - u[i])
      let change: T = diffusion * laplacian + growth * reaction
      next.append(u[i] + change)
    }
    return next
  }

  /// The final-field loss dx·Σ (u_i − g_i)² against the ramp g(x) = 0.2 + 0.5·x.
  @inlinable public static func finalLoss<T: Differentiable>(_ u: [T], _ p: [T]) -> T {
    let n = u.count
    var total: T = 0
    for i in 0..<n {
      let x = (Double(i) + 0.5) / Double(n)
      let miss: T = u[i] - T(0.2 + 0.5 * x)
      total = total + miss * miss
    }
    return total * T(1 / Double(n))
  }
}

/// k reaction–diffusion steps unrolled as one function of v = u₀ ++ (D, r) (N + 2 inputs), the
/// loss on the final field: for the plain reverse gradient (one tape of all k steps) and
/// forward mode (⌈(N + 2)/4⌉ passes).
public struct UnrolledDiffusion: VectorToScalar, Sendable {
  public var system: ReactionDiffusion
  public var steps: Int

  public init(_ system: ReactionDiffusion = ReactionDiffusion(), steps: Int) {
    self.system = system
    self.steps = steps
  }

  /// v = u₀ ++ (D, r): the initial field then the two coefficients.
  public func inputs() -> [Double] { system.initialField() + ReactionDiffusion.parameters }

  @inlinable public func callAsFunction<T: Differentiable>(_ v: [T]) -> T {
    let n = system.cells
    var u = Array(v[0..<n])
    let p = Array(v[n...])
    for i in 0..<steps { u = system(u, p, step: i) }
    return ReactionDiffusion.finalLoss(u, p)
  }
}
