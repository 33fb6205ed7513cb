import DualTape

/// `ode`: s steps of classical Runge–Kutta (RK4) to t = 2 for y′ = f(y; x) with f₀ = x₀,
/// fᵢ = xᵢ·yᵢ₋₁, from y(0) = 0, as cmpad defines it: the final state (`primal`) and the
/// gradient of its last entry in x (`gradient`).
enum RungeKutta {
  /// One RK4 step of size h = 2/s; the state is y, the parameters x.
  struct Step: TimeStep {
    let h: Double

    func callAsFunction<T: Differentiable>(_ y: [T], _ x: [T], step: Int) -> [T] {
      let h = T(self.h)
      let k1 = slope(x, y)
      let k2 = slope(x, zip(y, k1).map { $0 + h * $1 / 2 })
      let k3 = slope(x, zip(y, k2).map { $0 + h * $1 / 2 })
      let k4 = slope(x, zip(y, k3).map { $0 + h * $1 })
      return y.indices.map { i in y[i] + h * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]) / 6 }
    }

    /// f(y; x).
    func slope<T: Differentiable>(_ x: [T], _ y: [T]) -> [T] {
      var z = [T](repeating: x[0], count: x.count)
      for i in 1..<x.count { z[i] = x[i] * y[i - 1] }
      return z
    }
  }

  struct Data {
    let x: [Double]
    let steps: Int
  }

  static func decode(_ input: JSONInput) throws -> Data {
    let x = try input.field("x").numbers()
    guard !x.isEmpty else { throw ToolError("input.x is empty; send at least one number.") }
    return Data(x: x, steps: try input.field("s").integer(in: 1...1_000_000))
  }

  /// The final state: s plain steps.
  static func primal(_ d: Data) -> [Double] {
    let step = Step(h: 2 / Double(d.steps))
    var y = [Double](repeating: 0, count: d.x.count)
    for i in 0..<d.steps { y = step(y, d.x, step: i) }
    return y
  }

  /// ∂y_{n−1}(2)/∂x by the checkpointing driver: each RK4 step is taped and swept on its own,
  /// with every state kept (c = s checkpoints: no step runs twice), so the tape never holds more
  /// than one step.
  static func gradient(_ d: Data) -> [Double] {
    Reverse.checkpointedGradient(
      initialState: [Double](repeating: 0, count: d.x.count), parameters: d.x, steps: d.steps,
      checkpoints: d.steps, step: Step(h: 2 / Double(d.steps))
    ) { y, _ in y[y.count - 1] }.parameterGradient
  }

  static let module = EvalModule(
    name: "ode",
    functions: [
      (
        "primal",
        EvalFunction(
          driver: "primal (Double)", decode: decode, prepare: { $0 },
          compute: { (d: inout Data) in primal(d) }, encode: { .numbers($0) })
      ),
      (
        "gradient",
        EvalFunction(
          driver: "Reverse.checkpointedGradient (one RK4 step per tape, every state kept)",
          decode: decode, prepare: { $0 }, compute: { (d: inout Data) in gradient(d) },
          encode: { .numbers($0) })
      ),
    ])
}
