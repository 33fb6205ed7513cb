import DualTape

/// `particle`: the control w that makes a charged particle, pushed by two charges (one at
/// (10, 10 − w)), cross the x-axis at the origin (Siskind and Pearlmutter). The trajectory is
/// Euler-integrated with the force −∇ₓ p(x; w) (inner derivative); w minimises x₀(t_f)² by
/// gradient descent (outer derivative, through the whole integration).
enum Particle {
  /// The potential p(x; w) = Σ 1/|x − charge|, as a function of the point (x, y).
  static func potential<U: Differentiable>(_ x: U, _ y: U, _ charges: [(U, U)]) -> U {
    var a: U = 0
    for (cx, cy) in charges { a += 1 / sqrt((cx - x) * (cx - x) + (cy - y) * (cy - y)) }
    return a
  }

  /// x₀(t_f)² as a function of w, the force's gradient taken in the inner mode.
  struct Miss: ScalarToScalar {
    let inner: Mode

    func callAsFunction<T: Differentiable>(_ w: T) -> T {
      let charges: [(T, T)] = [(10, 10 - w), (10, 0)]
      var (x, y): (T, T) = (0, 8)
      var (vx, vy): (T, T) = (0.75, 0)
      let dt: T = 0.1
      for _ in 0..<1_000_000 {
        let (ax, ay) = force(x, y, charges)
        x += dt * vx
        y += dt * vy
        if y <= 0 {
          let dtf = -y / vy
          let xf = x + dtf * vx
          return xf * xf
        }
        vx += dt * ax
        vy += dt * ay
      }
      return T(Double.nan)
    }

    /// −∇ₓ p at (x, y): one scalar derivative per coordinate, the other coordinate and the
    /// charges lifted as constants.
    func force<T: Differentiable>(_ x: T, _ y: T, _ charges: [(T, T)]) -> (T, T) {
      switch inner {
      case .forward:
        let c = charges.map { (Dual(constant: $0.0), Dual(constant: $0.1)) }
        let dx = Forward.derivative(at: x) { potential($0, Dual(constant: y), c) }
        let dy = Forward.derivative(at: y) { potential(Dual(constant: x), $0, c) }
        return (-dx, -dy)
      case .reverse:
        let c = charges.map { (Tracked(constant: $0.0), Tracked(constant: $0.1)) }
        let dx = Reverse.derivative(at: x) { potential($0, Tracked(constant: y), c) }
        let dy = Reverse.derivative(at: y) { potential(Tracked(constant: x), $0, c) }
        return (-dx, -dy)
      }
    }
  }

  static func solve(_ w: Double, outer: Mode, inner: Mode) -> Double {
    let miss = Miss(inner: inner)
    return argmin(
      from: [w], objective: { miss($0[0]) },
      gradient: {
        [
          outer == .forward
            ? Forward.derivative(at: $0[0], of: miss) : Reverse.derivative(at: $0[0], of: miss)
        ]
      })[0]
  }

  static let module = EvalModule(
    name: "particle",
    functions: Mode.nestings.map { nesting in
      (
        nesting.name,
        EvalFunction(
          driver:
            "\(nesting.outer.scalarDriver) over \(nesting.inner.scalarDriver) (per coordinate)",
          decode: { try $0.field("w").finite() }, prepare: { $0 },
          compute: { (w: inout Double) in solve(w, outer: nesting.outer, inner: nesting.inner) },
          encode: { .number($0) })
      )
    })
}
