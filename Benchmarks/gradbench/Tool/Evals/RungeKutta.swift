import DualTape

/// `ode`: s steps of classical Runge–Kutta (RK4) to t = 2 for y′ = f(y; x) with f₀ = x₀,
/// fᵢ = xᵢ·yᵢ₋₁, from y(0) = 0, as cmpad defines it: the final state (`primal`) and the
/// gradient of its last entry in x (`gradient`).
enum RungeKutta {
  /// One RK4 step of size h = 2/s; the state is y, the parameters x. Each stage is two loops
  /// over buffer pointers (no bounds or uniqueness checks, so the compiler can vectorise them
  /// for plain numbers): the slopes k = f(stage; x) into one buffer, then `sum` collects
  /// k₁ + 2k₂ + 2k₃ + k₄ (and becomes the result) while `stage` moves to the point where the
  /// next k is taken. A step allocates three arrays whatever the engine.
  struct Step: TimeStep {
    let h: Double

    func callAsFunction<T: Differentiable>(_ y: [T], _ x: [T], step: Int) -> [T] {
      let n = y.count
      precondition(x.count == n, "RungeKutta.Step: x has \(x.count) entries, y has \(n).")
      guard n > 0 else { return y }
      var sum = y  // k₁ + 2k₂ + 2k₃ + k₄, then the next state
      var stage = y  // the point where the current k is taken
      var k = y
      let (half, full, sixth) = (T(0.5 * h), T(h), T(h / 6))
      y.withUnsafeBufferPointer { y in
        x.withUnsafeBufferPointer { x in
          sum.withUnsafeMutableBufferPointer { sum in
            stage.withUnsafeMutableBufferPointer { stage in
              k.withUnsafeMutableBufferPointer { k in
                // k = f(stage; x): f₀ = x₀, fᵢ = xᵢ·stageᵢ₋₁.
                @inline(__always) func slopes() {
                  k[0] = x[0]
                  for i in 1..<n { k[i] = x[i] * stage[i &- 1] }
                }
                // The next stage's point: y + a·k.
                @inline(__always) func advance(_ a: T) {
                  for i in 0..<n { stage[i] = y[i] + a * k[i] }
                }
                slopes()
                for i in 0..<n { sum[i] = k[i] }
                advance(half)
                slopes()
                for i in 0..<n { sum[i] += 2 * k[i] }
                advance(half)
                slopes()
                for i in 0..<n { sum[i] += 2 * k[i] }
                advance(full)
                slopes()
                for i in 0..<n { sum[i] = y[i] + sixth * (sum[i] + k[i]) }
              }
            }
          }
        }
      }
      return sum
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

  /// The last entry of the final state, as a function of x: the whole loop, for the plain
  /// reverse gradient.
  struct Final: VectorToScalar {
    let steps: Int

    func callAsFunction<T: Differentiable>(_ x: [T]) -> T {
      let step = Step(h: 2 / Double(steps))
      var y = [T](repeating: 0, count: x.count)
      for i in 0..<steps { y = step(y, x, step: i) }
      return y[x.count - 1]
    }
  }

  /// The most n·s for one tape of the whole loop: about 17 nodes per entry and step, so
  /// 1.7·10⁷ nodes (half a gigabyte).
  static let plainLimit = 1_000_000

  /// ∂y_{n−1}(2)/∂x: one tape of the whole loop while it fits `plainLimit`, else
  /// `checkpointedGradient`.
  static func gradient(_ d: Data) -> [Double] {
    d.x.count * d.steps <= plainLimit
      ? Reverse.gradient(at: d.x, of: Final(steps: d.steps)) : checkpointedGradient(d)
  }

  /// ∂y_{n−1}(2)/∂x by the checkpointing driver: it tapes and sweeps one RK4 step at a time,
  /// every state kept (c = s checkpoints: no step runs twice), so the tape never holds more
  /// than one step.
  static func checkpointedGradient(_ d: Data) -> [Double] {
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
          driver: "Reverse.gradient (one tape) up to n·s = 10⁶; beyond,"
            + " Reverse.checkpointedGradient (one RK4 step per tape, every state kept)",
          decode: decode, prepare: { $0 }, compute: { (d: inout Data) in gradient(d) },
          encode: { .numbers($0) })
      ),
    ])
}
