import DualTape

/// `ode`: s steps of classical Runge–Kutta (RK4) to t = 2 for y′ = f(y; x) with f₀ = x₀,
/// fᵢ = xᵢ·yᵢ₋₁, from y(0) = 0, as cmpad defines it: the final state (`primal`) and the
/// gradient of its last entry in x (`gradient`).
enum RungeKutta {
  /// One RK4 step of size h = 2/s; the state is y, the parameters x. A recorded step
  /// allocates its result and two scratch arrays; `primal` reuses its buffers from step to
  /// step (see `advance`).
  struct Step: TimeStep {
    let h: Double

    func callAsFunction<T: Differentiable>(_ y: [T], _ x: [T], step: Int) -> [T] {
      let n = y.count
      precondition(x.count == n, "RungeKutta.Step: x has \(x.count) entries, y has \(n).")
      guard n > 0 else { return y }
      let scratch = UnsafeMutablePointer<T>.allocate(capacity: 2 * n)
      defer { scratch.deallocate() }
      return [T](unsafeUninitializedCapacity: n) { next, count in
        y.withUnsafeBufferPointer { y in
          x.withUnsafeBufferPointer { x in
            advance(
              y.baseAddress!, x.baseAddress!, n, stage: scratch, k: scratch + n,
              into: next.baseAddress!)
          }
        }
        count = n
      }
    }

    /// The step from y into `next`, with `stage` and `k` as scratch (n entries each; for a
    /// trivial T such as `Double` or `Tracked<Double>` they need not be initialised). Loops
    /// over raw pointers (no bounds or uniqueness checks, so the compiler can vectorise them
    /// for plain numbers): the slopes k = f(stage; x), then `next` collects
    /// k₁ + 2k₂ + 2k₃ + k₄ (and becomes the result) while `stage` moves to the point where the
    /// next k is taken.
    @inline(__always)
    func advance<T: Differentiable>(
      _ y: UnsafePointer<T>, _ x: UnsafePointer<T>, _ n: Int,
      stage: UnsafeMutablePointer<T>, k: UnsafeMutablePointer<T>,
      into next: UnsafeMutablePointer<T>
    ) {
      let (half, full, sixth) = (T(0.5 * h), T(h), T(h / 6))
      // k = f(z; x): f₀ = x₀, fᵢ = xᵢ·zᵢ₋₁.
      @inline(__always) func slopes(_ z: UnsafePointer<T>) {
        k[0] = x[0]
        for i in 1..<n { k[i] = x[i] * z[i &- 1] }
      }
      slopes(y)
      for i in 0..<n {
        next[i] = k[i]
        stage[i] = y[i] + half * k[i]
      }
      slopes(stage)
      for i in 0..<n {
        next[i] += 2 * k[i]
        stage[i] = y[i] + half * k[i]
      }
      slopes(stage)
      for i in 0..<n {
        next[i] += 2 * k[i]
        stage[i] = y[i] + full * k[i]
      }
      slopes(stage)
      for i in 0..<n { next[i] = y[i] + sixth * (next[i] + k[i]) }
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

  /// The final state: s plain steps, between two state buffers allocated once.
  static func primal(_ d: Data) -> [Double] {
    let n = d.x.count
    let step = Step(h: 2 / Double(d.steps))
    let buffers = UnsafeMutablePointer<Double>.allocate(capacity: 3 * n)
    defer { buffers.deallocate() }
    let (stage, k) = (buffers, buffers + n)
    var other = buffers + 2 * n
    return [Double](unsafeUninitializedCapacity: n) { result, count in
      var y = result.baseAddress!
      y.initialize(repeating: 0, count: n)
      d.x.withUnsafeBufferPointer { x in
        for _ in 0..<d.steps {
          step.advance(y, x.baseAddress!, n, stage: stage, k: k, into: other)
          swap(&y, &other)
        }
      }
      // An odd number of steps ends in the other buffer.
      if y != result.baseAddress! {
        result.baseAddress!.update(from: y, count: n)
      }
      count = n
    }
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

  /// Consecutive RK4 steps taped as one: group i runs steps i·size ..< min((i + 1)·size, s).
  struct Group: TimeStep {
    let step: Step
    let size: Int
    let steps: Int

    func callAsFunction<T: Differentiable>(_ y: [T], _ x: [T], step i: Int) -> [T] {
      var y = y
      for j in (i * size)..<Swift.min((i + 1) * size, steps) { y = step(y, x, step: j) }
      return y
    }
  }

  /// Tape nodes one recording should hold: about 3 MB of nodes, so that a recording and its
  /// sweep stay in the processor's caches and the pooled tape is reused from run to run
  /// without touching fresh pages. One tape of the whole loop at n = 10⁴, s = 100 (1.1·10⁷
  /// nodes, 260 MB) took 4-8 times as long per node, most of it page faults and cache misses.
  static let nodesPerRecording = 1 << 17

  /// RK4 steps per recording for n entries: about 11 nodes per entry and step.
  static func stepsPerRecording(_ d: Data) -> Int {
    Swift.max(1, Swift.min(d.steps, nodesPerRecording / (11 * d.x.count)))
  }

  /// ∂y_{n−1}(2)/∂x: one tape of the whole loop when it fits `nodesPerRecording`, else
  /// `checkpointedGradient`.
  static func gradient(_ d: Data) -> [Double] {
    let size = stepsPerRecording(d)
    return size >= d.steps
      ? Reverse.gradient(at: d.x, of: Final(steps: d.steps))
      : checkpointedGradient(d, stepsPerRecording: size)
  }

  /// ∂y_{n−1}(2)/∂x by the checkpointing driver: it tapes and sweeps a group of RK4 steps
  /// (`size`, the last group what is left) at a time, every group's starting state kept (as many checkpoints
  /// as groups: no step runs twice), so the tape never holds more than one group.
  static func checkpointedGradient(_ d: Data, stepsPerRecording size: Int) -> [Double] {
    let groups = (d.steps + size - 1) / size
    return Reverse.checkpointedGradient(
      initialState: [Double](repeating: 0, count: d.x.count), parameters: d.x, steps: groups,
      checkpoints: groups,
      step: Group(step: Step(h: 2 / Double(d.steps)), size: size, steps: d.steps)
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
          driver: "Reverse.gradient (one tape) while the loop fits 2¹⁷ nodes; beyond,"
            + " Reverse.checkpointedGradient (a group of RK4 steps of about 2¹⁷ nodes per"
            + " tape, every group's state kept)",
          decode: decode, prepare: { $0 }, compute: { (d: inout Data) in gradient(d) },
          encode: { .numbers($0) })
      ),
    ])
}
