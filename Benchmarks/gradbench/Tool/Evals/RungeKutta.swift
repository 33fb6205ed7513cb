import DualTape
import Synchronization

/// `ode`: s steps of classical Runge–Kutta (RK4) to t = 2 for y′ = f(y; x) with f₀ = x₀,
/// fᵢ = xᵢ·yᵢ₋₁, from y(0) = 0, as cmpad defines it: the final state (`primal`) and the
/// gradient of its last entry in x (`gradient`).
enum RungeKutta {
  /// RK4 steps of size h = 2/s; the state is y, the parameters x. Every run of steps (one
  /// step, a group, the whole loop) allocates its result and moves between it and one
  /// scratch state, the workspace's where there is one (see `run`).
  struct Step: TimeStep {
    let h: Double
    /// Where a run's scratch lives; nil: each run allocates its own.
    var workspace: Workspace? = nil

    func callAsFunction<T: Differentiable>(_ y: [T], _ x: [T], step: Int) -> [T] {
      run(y, x, steps: 1)
    }

    /// `steps` steps from y: each step writes the next state into the result or a scratch
    /// buffer, alternately, so that the last one lands in the result (the first reads y in
    /// place: no state is copied).
    func run<T: Differentiable>(_ y: [T], _ x: [T], steps: Int) -> [T] {
      let n = y.count
      precondition(x.count == n, "RungeKutta.Step: x has \(x.count) entries, y has \(n).")
      guard n > 0, steps > 0 else { return y }
      return withScratch(T.self, count: steps > 1 ? n : 0) { scratch in
        [T](unsafeUninitializedCapacity: n) { result, count in
          let result = result.baseAddress!
          if !_isPOD(T.self) { result.initialize(repeating: 0, count: n) }
          y.withUnsafeBufferPointer { y in
            x.withUnsafeBufferPointer { x in
              advance(
                from: y.baseAddress!, x.baseAddress!, n, steps: steps, into: result,
                other: scratch)
            }
          }
          count = n
        }
      }
    }

    /// `body` of the state after `steps` steps from the zero state, all of it in scratch:
    /// no array is allocated (the plain gradient's whole loop, whose result is one entry).
    func fromZero<T: Differentiable, R>(
      _ x: [T], steps: Int, _ body: (UnsafePointer<T>) -> R
    ) -> R {
      let n = x.count
      precondition(n > 0 && steps > 0, "RungeKutta.Step: \(n) entries, \(steps) steps.")
      return withScratch(T.self, count: 2 * n) { scratch in
        let (last, other) = (scratch, scratch + n)
        // The zero state lives where the first step does not write.
        let zero = steps % 2 == 1 ? other : last
        zero.update(repeating: 0, count: n)
        return x.withUnsafeBufferPointer { x in
          advance(from: zero, x.baseAddress!, n, steps: steps, into: last, other: other)
          return body(last)
        }
      }
    }

    /// `body` of `count` values of scratch: the workspace's, or allocated for this call (a
    /// step that allocated its own arrays took fresh pages from the kernel at every step for
    /// n ≥ 10⁴). Trivial values (Double, Tracked<Double>) are left uninitialised.
    func withScratch<T: Differentiable, R>(
      _: T.Type, count: Int, _ body: (UnsafeMutablePointer<T>) -> R
    ) -> R {
      let shared = workspace.flatMap { $0.lend(T.self, count: count) }
      let scratch = shared ?? UnsafeMutablePointer<T>.allocate(capacity: count)
      let trivial = _isPOD(T.self)
      if !trivial { scratch.initialize(repeating: 0, count: count) }
      defer {
        if !trivial { scratch.deinitialize(count: count) }
        if shared != nil { workspace!.giveBack() } else { scratch.deallocate() }
      }
      return body(scratch)
    }

    /// `steps` steps from `start`, each into `last` or `other`, alternately, so that the last
    /// step writes `last`.
    @inline(__always)
    func advance<T: Differentiable>(
      from start: UnsafePointer<T>, _ x: UnsafePointer<T>, _ n: Int, steps: Int,
      into last: UnsafeMutablePointer<T>, other: UnsafeMutablePointer<T>
    ) {
      var state = start
      for j in 0..<steps {
        let next = (steps - 1 - j) % 2 == 0 ? last : other
        advance(state, x, n, into: next)
        state = UnsafePointer(next)
      }
    }

    /// The step from y into `next`, one pass over the entries: entry i of a stage's slope
    /// kᵢ = fᵢ(z; x) needs only entry i − 1 of the stage point z before it (f₀ = x₀,
    /// fᵢ = xᵢ·zᵢ₋₁), so each entry runs its four stages at once, the stage points of entry
    /// i − 1 kept in locals: no scratch, and y, x and `next` are read or written once per
    /// step. The arithmetic is cmpad's, operation by operation (the same numbers; ½h·k is
    /// h·k/2 exactly). Measured against four passes over two stage arrays (callgrind, per entry
    /// and RK4 step): gradient 748 → 740 instructions at n = 10³, s = 10, 900 → 881 at
    /// n = 10⁴, s = 10 (alternating timings against CoDiPack unchanged); primal 28.3 → 17.6
    /// at n = 10⁴, s = 10, 2.4 times as fast there and 3.5 times at n = 10⁵ (alternating
    /// timings): one stream over memory instead of four. The last slope's product and the
    /// sum before it are one `multiplyAdd` (the same value: k₄ + s = s + k₄), which tapes
    /// 10 slots per entry instead of 11: gradient 740 → 733 instructions at n = 10³, s = 10,
    /// 782 → 769 at n = 10⁴, s = 10, and 7-9 % less time at every size (alternating timings
    /// against CoDiPack, geometric mean 0.457 → 0.494).
    @inline(__always)
    func advance<T: Differentiable>(
      _ y: UnsafePointer<T>, _ x: UnsafePointer<T>, _ n: Int, into next: UnsafeMutablePointer<T>
    ) {
      let (half, full) = (T(0.5 * h), T(h))
      // Entry 0: the slope is x₀ at every stage.
      let x0 = x[0]
      var (z1, z2, z3) = (y[0] + half * x0, y[0] + half * x0, y[0] + full * x0)
      next[0] = y[0] + full * (((x0 + 2 * x0) + 2 * x0) + x0) / 6
      for i in 1..<n {
        let (xi, yi) = (x[i], y[i])
        let (k1, k2, k3) = (xi * y[i &- 1], xi * z1, xi * z2)
        // k₄ = xᵢ·z₃ is used only here: the product and the sum before it are one fused
        // node on a tape (the sum, recorded just before, its lower slot), a·b + c elsewhere.
        let sum = T.multiplyAdd(xi, z3, (k1 + 2 * k2) + 2 * k3)
        (z1, z2, z3) = (yi + half * k1, yi + half * k2, yi + full * k3)
        // h·sum/6 as cmpad writes it (both constants fold into the scale on a tape).
        next[i] = yi + full * sum / 6
      }
    }
  }

  /// Scratch memory for `Step`'s runs, allocated and touched once per input (in `prepare`,
  /// as GradBench's C++ tools allocate their work arrays) and lent to every run of steps of
  /// every timed run, whatever its scalar. Scratch allocated per run came from fresh pages
  /// each time: at n = 10⁵, s = 1, 3,100 page faults per gradient before (12 MB), about a
  /// fifth of its time (with glibc told to keep freed memory: 15.4 → 11 ms of CPU per run);
  /// 40 with the workspace and the plain gradient's loop run in it (`Step.fromZero`).
  final class Workspace: @unchecked Sendable {
    let memory: UnsafeMutableRawPointer
    let bytes: Int
    /// Whether the memory is lent: taken with an acquiring exchange, given back with a
    /// releasing store (a workspace shared by threads lends it to one run at a time).
    private let lent = Atomic<Bool>(false)

    /// Room for `count` values of `T`, touched (the first run takes no page faults).
    init<T>(_: T.Type, count: Int) {
      bytes = Swift.max(count, 1) * MemoryLayout<T>.stride
      memory = .allocate(byteCount: bytes, alignment: Self.alignment)
      memory.initializeMemory(as: UInt8.self, repeating: 0, count: bytes)
    }
    deinit { memory.deallocate() }

    static var alignment: Int { 16 }

    /// The memory as `count` uninitialised values of `T`, or nil where it is lent already
    /// (a run inside a run), too small or too weakly aligned for `T`.
    func lend<T>(_: T.Type, count: Int) -> UnsafeMutablePointer<T>? {
      guard count * MemoryLayout<T>.stride <= bytes,
        MemoryLayout<T>.alignment <= Self.alignment,
        lent.compareExchange(
          expected: false, desired: true, successOrdering: .acquiring, failureOrdering: .relaxed
        ).exchanged
      else { return nil }
      return memory.bindMemory(to: T.self, capacity: count)
    }

    func giveBack() { lent.store(false, ordering: .releasing) }
  }

  struct Data {
    let x: [Double]
    let steps: Int
    /// The runs' scratch, set by `prepare`.
    var workspace: Workspace? = nil

    var step: Step { Step(h: 2 / Double(steps), workspace: workspace) }
  }

  /// The input with a workspace for the largest scalar a run uses, `Tracked<Double>`: two
  /// states (`Step.fromZero`).
  static func prepare(_ d: Data) -> Data {
    keepFreedMemory()
    var d = d
    d.workspace = Workspace(Tracked<Double>.self, count: 2 * d.x.count)
    return d
  }

  /// Tells glibc to keep freed memory in the process (as the C++ tools' static tapes keep
  /// theirs): a checkpointed gradient allocates and frees a state of n values at every step
  /// (the step's result, the stored states), which glibc handed back to the kernel and took
  /// as fresh zeroed pages again (n = 10⁵, s = 10: 4,460 page faults per gradient, about 18
  /// MB; ~0 with these settings). Blocks below 32 MB come from the heap, and up to 1 GB of
  /// freed heap stays mapped.
  static func keepFreedMemory() {
    #if canImport(Glibc)
      _ = glibcMallopt(-3, 32 << 20)  // M_MMAP_THRESHOLD
      _ = glibcMallopt(-1, 1 << 30)  // M_TRIM_THRESHOLD
    #endif
  }

  static func decode(_ input: JSONInput) throws -> Data {
    let x = try input.field("x").numbers()
    guard !x.isEmpty else { throw ToolError("input.x is empty; send at least one number.") }
    return Data(x: x, steps: try input.field("s").integer(in: 1...1_000_000))
  }

  /// The final state: s plain steps.
  static func primal(_ d: Data) -> [Double] {
    d.step.run([Double](repeating: 0, count: d.x.count), d.x, steps: d.steps)
  }

  /// The last entry of the final state, as a function of x: the whole loop, for the plain
  /// reverse gradient.
  struct Final: VectorToScalar {
    let steps: Int
    var workspace: Workspace? = nil

    func callAsFunction<T: Differentiable>(_ x: [T]) -> T {
      Step(h: 2 / Double(steps), workspace: workspace).fromZero(x, steps: steps) {
        $0[x.count - 1]
      }
    }
  }

  /// Consecutive RK4 steps taped as one: group i runs steps i·size ..< min((i + 1)·size, s).
  struct Group: TimeStep {
    let step: Step
    let size: Int
    let steps: Int

    func callAsFunction<T: Differentiable>(_ y: [T], _ x: [T], step i: Int) -> [T] {
      step.run(y, x, steps: Swift.min((i + 1) * size, steps) - i * size)
    }
  }

  /// Tape nodes one recording should hold, about: 2²⁰ nodes, 32 MB of nodes and adjoints.
  /// The checkpointing driver's work per recording (an input node per state entry and
  /// parameter, the outputs' seeds, reading the adjoints back) is paid once per group of
  /// steps, so groups of one step (2¹⁷-node recordings at n ≥ 10⁴) paid it at every step:
  /// callgrind per entry and RK4 step at n = 10⁴, s = 10, 881 instructions with 2¹⁷ (ten
  /// one-step groups), 782 with 2²⁰ (two groups of five steps), 740 for one tape of the
  /// whole loop at n = 10³; at n = 10³, s = 100 790 → 772 (two groups of 50 steps instead of
  /// ten of 11). Alternating timings against CoDiPack (with `keepFreedMemory`): 0.35 → 0.45
  /// at n = 10⁴, s = 10, 0.35 → 0.39 at n = 10⁴, s = 100, n = 10³, s = 100 unchanged (0.53;
  /// 2¹⁸-node groups were no faster there). One tape of the whole loop at n = 10⁴, s = 100
  /// or n = 10⁵, s = 10 (1.1·10⁷ nodes, 350 MB) is larger than the pool keeps between runs
  /// (256 MB): every run took fresh pages, and with the pool keeping it, no faster than
  /// one-step groups (77 against 74 ms at n = 10⁵, s = 10): the recording is bound by
  /// memory there. 2²¹-node groups (two steps a group at n = 10⁵) were no faster either.
  static let nodesPerRecording = 1 << 20

  /// RK4 steps per recording for n entries (about 11 nodes per entry and step: 10 tape
  /// slots, and a group's input and output nodes): the fewest groups of at most
  /// `nodesPerRecording` nodes (at least one step each), their steps shared out evenly
  /// (10 steps in two groups of 5, not one of 9 and one of 1).
  static func stepsPerRecording(_ d: Data) -> Int {
    let nodes = 11 * d.x.count * d.steps
    let groups = Swift.min(d.steps, (nodes + nodesPerRecording - 1) / nodesPerRecording)
    return (d.steps + groups - 1) / Swift.max(groups, 1)
  }

  /// ∂y_{n−1}(2)/∂x: one tape of the whole loop when it fits `nodesPerRecording`, else
  /// `checkpointedGradient`.
  static func gradient(_ d: Data) -> [Double] {
    let size = stepsPerRecording(d)
    return size >= d.steps
      ? Reverse.gradient(at: d.x, of: Final(steps: d.steps, workspace: d.workspace))
      : checkpointedGradient(d, stepsPerRecording: size)
  }

  /// ∂y_{n−1}(2)/∂x by the checkpointing driver: it tapes and sweeps a group of RK4 steps
  /// (`size`, the last group what is left) at a time, every group's starting state kept (as
  /// many checkpoints as groups: no step runs twice), so the tape never holds more than one
  /// group.
  static func checkpointedGradient(_ d: Data, stepsPerRecording size: Int) -> [Double] {
    let groups = (d.steps + size - 1) / size
    return Reverse.checkpointedGradient(
      initialState: [Double](repeating: 0, count: d.x.count), parameters: d.x, steps: groups,
      checkpoints: groups,
      step: Group(step: d.step, size: size, steps: d.steps)
    ) { y, _ in y[y.count - 1] }.parameterGradient
  }

  static let module = EvalModule(
    name: "ode",
    functions: [
      (
        "primal",
        EvalFunction(
          driver: "primal (Double)", decode: decode, prepare: prepare,
          compute: { (d: inout Data) in primal(d) }, encode: { .numbers($0) })
      ),
      (
        "gradient",
        EvalFunction(
          driver: "Reverse.gradient (one tape) while the loop fits \(nodesPerRecording) nodes;"
            + " beyond, Reverse.checkpointedGradient (even groups of RK4 steps of at most about"
            + " \(nodesPerRecording) nodes per tape, every group's state kept); one pass over the"
            + " state per RK4 step, its scratch allocated once per input by prepare",
          decode: decode, prepare: prepare, compute: { (d: inout Data) in gradient(d) },
          encode: { .numbers($0) })
      ),
    ])
}

#if canImport(Glibc)
  /// glibc's `mallopt` (malloc.h, which the Glibc module leaves out).
  @_silgen_name("mallopt") private func glibcMallopt(_ option: Int32, _ value: Int32) -> Int32
#endif
