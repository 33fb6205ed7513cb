import DualTape

/// A damped pendulum θ'' = −a·sin θ − γ·θ' integrated by classical RK4 with step h: the state is
/// x = (θ, ω = θ'), the parameters p = (a = g/L, γ). The checkpointing example and benchmark
/// differentiate 10⁵ of these steps.
public struct DampedPendulum: TimeStep {
  /// The time step.
  public var h: Double

  public init(h: Double = 1e-3) { self.h = h }

  /// (θ', ω') at state s.
  @inlinable func slope<T: Differentiable>(_ s: [T], _ p: [T]) -> [T] {
    let gravity: T = p[0] * sin(s[0])
    let friction: T = p[1] * s[1]
    return [s[1], -gravity - friction]
  }

  /// One RK4 step.
  @inlinable public func callAsFunction<T: Differentiable>(
    _ x: [T], _ p: [T], step: Int
  ) -> [T] {
    let half = T(h / 2)
    let k1 = slope(x, p)
    let k2 = slope([x[0] + half * k1[0], x[1] + half * k1[1]], p)
    let k3 = slope([x[0] + half * k2[0], x[1] + half * k2[1]], p)
    let k4 = slope([x[0] + T(h) * k3[0], x[1] + T(h) * k3[1]], p)
    return (0..<2).map { j -> T in
      let middle: T = k2[j] + k3[j]
      let sum: T = k1[j] + 2 * middle + k4[j]
      return x[j] + T(h / 6) * sum
    }
  }

  /// The final-state loss (θ_k − 0.1)² + ω_k².
  @inlinable public static func finalLoss<T: Differentiable>(_ x: [T], _ p: [T]) -> T {
    let offset = x[0] - 0.1
    return offset * offset + x[1] * x[1]
  }

  /// The trajectory loss's term after step i: h·θ², so that the sum approximates ∫θ² dt.
  @inlinable public func trajectoryTerm<T: Differentiable>(_ x: [T], _ p: [T], _ i: Int) -> T {
    T(h) * x[0] * x[0]
  }
}

/// k pendulum steps unrolled as one function of v = (θ₀, ω₀, a, γ): the loss on the final
/// state or, with `trajectory`, the sum of the per-step terms. For the plain reverse gradient
/// (one tape of all k steps), forward mode and finite differences.
public struct UnrolledPendulum: VectorToScalar {
  public var pendulum: DampedPendulum
  public var steps: Int
  public var trajectory: Bool

  public init(_ pendulum: DampedPendulum = DampedPendulum(), steps: Int, trajectory: Bool = false) {
    self.pendulum = pendulum
    self.steps = steps
    self.trajectory = trajectory
  }

  @inlinable public func callAsFunction<T: Differentiable>(_ v: [T]) -> T {
    var x = [v[0], v[1]]
    let p = [v[2], v[3]]
    var total: T = 0
    for i in 0..<steps {
      x = pendulum(x, p, step: i)
      if trajectory { total = total + pendulum.trajectoryTerm(x, p, i) }
    }
    return trajectory ? total : DampedPendulum.finalLoss(x, p)
  }
}
