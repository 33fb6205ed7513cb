// RecordedFunction: a recording kept for replay at other inputs, without running the Swift
// function again (as ReverseDiff.jl's compiled tapes, ADOL-C's stored tapes).
//
// Thread safety: the program is immutable and each call takes its own scratch buffers (from a
// small stack kept under a lock, or new ones), so any number of threads may use one
// RecordedFunction at once. A re-recording runs the function under a lock of its own
// (`recordingLock`), so the function never runs on two threads at once, while other threads'
// replays, which take `lock` only to hand programs and buffers in and out, go on.

/// What a replay does at a point where a comparison made during the recording (`x < y`,
/// `x == 0`, …, on tracked values) goes the other way.
public enum BranchPolicy: Sendable {
  /// Stop with a message that names the comparison, its operands' values and both outcomes.
  case stop
  /// Replay an earlier recording that applies at this point, or record the function again
  /// (transparently). The recordings of the last few branch outcomes are kept
  /// (``RecordedFunction/keptRecordings``), so branches that alternate replay instead of
  /// recording on every switch.
  case rerecord
}

/// A function recorded once on a tape, replayed at new inputs: value, gradient, VJP and
/// Jacobian without running the Swift function again.
///
/// Make one with `Reverse.record(at:onBranchChange:of:)`:
///
/// ```swift
/// let f = Reverse.record(at: [1.0, 2.0]) { v in v[0] * v[0] * v[1] + sin(v[1]) }
/// let g = f.gradient(at: [3.0, -1.0])   // [2 · 3 · (−1), 9 + cos(−1)]
/// ```
///
/// The recording is compiled as a live recording folds it (one-operand results fold their
/// partial into a scale; only operations on two different nodes are swept). A replay
/// recomputes every value, scale and partial from its recorded operation and operands, with
/// the rule table, so its gradient equals `Reverse.gradient`'s at the new point, bit for bit
/// (up to rounding where a partial is exactly zero at one point and not at the other). Each
/// comparison on tracked values during the recording is a *branch guard*: where one goes the
/// other way, the replay stops or records again, as ``policy`` says; it never returns a
/// gradient of the other branch.
/// Piecewise rules (`abs`, `max`, `relu`, `floor`, …) need no guard: the rule itself is
/// re-evaluated.
///
/// What a replay cannot see: a number taken out of the recording (`x.value`, a plain `Double`
/// computed from it) is a constant of the recording. Branch on tracked values (`x < y`), not
/// on their `.value`. (`withoutDerivative(at:)` is followed: it records a node with derivative
/// 0.)
///
/// Any number of threads may use one `RecordedFunction` at the same time.
public final class RecordedFunction<S: RealScalar>: @unchecked Sendable {
  // @unchecked: `program`, `others`, `spare` and `recordings` are used only under `lock`;
  // `function` runs only under `recordingLock`.
  /// The recording replayed first: the one used last.
  @usableFromInline var program: ReplayProgram<S>
  /// With ``BranchPolicy/rerecord``: the other recordings kept, most recently used first
  /// (each one set of branch outcomes), at most ``keptRecordings`` − 1.
  @usableFromInline var others: [ReplayProgram<S>] = []
  @usableFromInline var spare: [ReplayScratch<S>] = []
  @usableFromInline var recordings = 1
  @usableFromInline let function: ([Tracked<S>]) -> [Tracked<S>]
  @usableFromInline let lock = PullbackLock()
  /// Held while the user's function runs for a re-recording (never together with `lock`).
  @usableFromInline let recordingLock = PullbackLock()
  /// What a replay does where a recorded comparison goes the other way.
  public let policy: BranchPolicy
  /// The number of inputs n.
  public let inputCount: Int
  /// The number of outputs m.
  public let outputCount: Int
  @usableFromInline let caller: String

  @usableFromInline
  init(
    _ x: [S], _ policy: BranchPolicy, _ caller: String,
    _ function: @escaping ([Tracked<S>]) -> [Tracked<S>]
  ) {
    program = ReplayProgram.record(x, caller, function)
    self.function = function
    self.policy = policy
    self.caller = caller
    inputCount = x.count
    outputCount = program.outputs.count
  }

  /// Operations of the current recording, one node each in a traced recording (the sink and
  /// the inputs included); a replay sweeps only the ones a live recording keeps as nodes.
  public var nodeCount: Int { lock.withLock { program.nodeCount } }
  /// Comparisons on tracked values in the current recording (each a branch guard).
  public var guardCount: Int { lock.withLock { program.guards.count } }
  /// Recordings made: 1, plus one for each re-recording (``BranchPolicy/rerecord``).
  public var recordingCount: Int { lock.withLock { recordings } }
  /// How many recordings ``BranchPolicy/rerecord`` keeps (each for one set of branch
  /// outcomes): where a recorded comparison goes the other way, the kept ones are tried, most
  /// recently used first, before the function is recorded again; beyond this many, the least
  /// recently used is dropped.
  public static var keptRecordings: Int { 8 }

  // MARK: Replays

  /// f(x) of a function with one output, by a replay (no partials computed).
  ///
  /// - Parameter x: the point, n values.
  /// - Complexity: one pass over the recorded nodes.
  @inlinable public func value(at x: [S]) -> S {
    requireScalar("value(at:)")
    return values(at: x)[0]
  }

  /// f(x), all m outputs, by a replay (no partials computed).
  @inlinable public func values(at x: [S]) -> [S] {
    replay(at: x, partials: false) { program, scratch in
      program.outputs.map { scratch.values[Int($0)] }
    }
  }

  /// ∇f(x) of a function with one output: a replay and one reverse sweep.
  ///
  /// - Complexity: one pass over the recorded nodes computing values and partials, then one
  ///   sweep; no Swift code of the function runs.
  @inlinable public func gradient(at x: [S]) -> [S] { valueWithGradient(at: x).gradient }

  /// f(x) and ∇f(x) of a function with one output: a replay and one reverse sweep.
  @inlinable public func valueWithGradient(at x: [S]) -> (value: S, gradient: [S]) {
    requireScalar("gradient(at:)")
    let (value, gradient) = vjp(at: x, cotangent: [1])
    return (value[0], gradient)
  }

  /// f(x) and the vector–Jacobian product uᵀJ(x): a replay and one reverse sweep.
  ///
  /// - Parameters:
  ///   - x: the point, n values.
  ///   - cotangent: u, one entry per output (m values).
  /// - Returns: f(x) (m values) and uᵀJ (n values).
  @inlinable public func vjp(at x: [S], cotangent: [S]) -> (value: [S], vjp: [S]) {
    require(
      cotangent.count == outputCount,
      "\(caller): the cotangent has \(cotangent.count) entries but the function has"
        + " \(outputCount) outputs; pass one cotangent entry per output.")
    return replay(at: x, partials: true) { program, scratch in
      let adj = program.pullback(scratch.buffers, cotangent, into: scratch.adjoints)
      return (
        program.outputs.map { scratch.values[Int($0)] },
        Array(UnsafeBufferPointer(start: adj + 1, count: inputCount))
      )
    }
  }

  /// The m × n Jacobian at x: a replay and one reverse sweep per output.
  @inlinable public func jacobian(at x: [S]) -> Matrix<S> { valueWithJacobian(at: x).jacobian }

  /// f(x) and its Jacobian: a replay and one reverse sweep per output, each over the nodes up
  /// to that output only.
  @inlinable public func valueWithJacobian(at x: [S]) -> (value: [S], jacobian: Matrix<S>) {
    replay(at: x, partials: true) { program, scratch in
      let n = inputCount
      var jacobian = [S](repeating: 0, count: outputCount * n)
      for row in 0..<outputCount {
        let adj = program.pullback(scratch.buffers, row: row, into: scratch.adjoints)
        for i in 0..<n { jacobian[row * n + i] = adj[i + 1] }
      }
      return (
        program.outputs.map { scratch.values[Int($0)] },
        Matrix(rows: outputCount, columns: n, elements: jacobian)
      )
    }
  }

  /// The first recorded comparison that goes the other way at `x`, described, or nil when
  /// the recording applies at `x` (whatever the ``policy``; nothing is recorded).
  public func branchChange(at x: [S]) -> String? {
    let (program, scratch) = take(x)
    defer { give(scratch) }
    guard let g = program.evaluate(x, scratch.buffers, partials: false) else { return nil }
    return program.branchMessage(g, scratch.values, caller)
  }

  // MARK: Plumbing

  /// Replays at `x` into a scratch (re-recording or stopping where a guard fails), then
  /// hands the program and the scratch to `body`.
  @inlinable
  func replay<R>(
    at x: [S], partials: Bool, _ body: (ReplayProgram<S>, ReplayScratch<S>) -> R
  ) -> R {
    var (program, scratch) = take(x)
    defer { give(scratch) }
    if let g = program.evaluate(x, scratch.buffers, partials: partials) {
      program = branchChanged(program, guard: g, at: x, scratch, partials: partials)
    }
    return body(program, scratch)
  }

  /// The current program and a scratch sized for it, after checking `x`.
  @inlinable func take(_ x: [S]) -> (ReplayProgram<S>, ReplayScratch<S>) {
    require(
      x.count == inputCount,
      "\(caller): x has \(x.count) values but the function was recorded with \(inputCount)"
        + " inputs; pass \(inputCount) values (record again for another input size).")
    let taken: (ReplayProgram<S>, ReplayScratch<S>?) = lock.withLock {
      (self.program, self.spare.popLast())
    }
    let scratch = taken.1 ?? ReplayScratch<S>()
    scratch.reserve(taken.0)
    return (taken.0, scratch)
  }

  /// Returns a scratch for the next call.
  @inlinable func give(_ scratch: ReplayScratch<S>) {
    lock.withLock { if spare.count < 64 { spare.append(scratch) } }
  }

  /// Guard `g` of `program` failed at `x`: stops, or returns a program that applies at `x`
  /// (a kept recording, else a new one), evaluated into `scratch`.
  @usableFromInline
  func branchChanged(
    _ program: ReplayProgram<S>, guard g: Int, at x: [S], _ scratch: ReplayScratch<S>,
    partials: Bool
  ) -> ReplayProgram<S> {
    switch policy {
    case .stop:
      dualTapeFailure(program.branchMessage(g, scratch.values, caller))
    case .rerecord:
      // An earlier branch's recording may apply (branches that alternate): replay it.
      for kept in lock.withLock({ others }) where kept !== program {
        scratch.reserve(kept)
        if kept.evaluate(x, scratch.buffers, partials: partials) == nil {
          lock.withLock { use(kept) }
          return kept
        }
      }
      let new = recordingLock.withLock { ReplayProgram.record(x, caller, function) }
      require(
        new.outputs.count == outputCount,
        "\(caller): the function returned \(new.outputs.count) outputs at this point but"
          + " \(outputCount) when first recorded; the number of outputs must not depend on"
          + " the inputs.")
      lock.withLock {
        recordings += 1
        use(new)
      }
      scratch.reserve(new)
      if new.evaluate(x, scratch.buffers, partials: partials) != nil {
        dualTapeFailure("\(caller): a recording made at a point does not apply at that point.")
      }
      return new
    }
  }

  /// Makes `chosen` the recording replayed first, keeping the one it replaces; drops the
  /// least recently used beyond ``keptRecordings``. Called under `lock`.
  func use(_ chosen: ReplayProgram<S>) {
    if chosen === program { return }
    others.removeAll { $0 === chosen }
    others.insert(program, at: 0)
    let excess = others.count - (Self.keptRecordings - 1)
    if excess > 0 { others.removeLast(excess) }
    program = chosen
  }

  @inlinable func requireScalar(_ method: String) {
    require(
      outputCount == 1,
      "\(caller): \(method) needs a function with one output, but this one has \(outputCount);"
        + " use values(at:), vjp(at:cotangent:) or jacobian(at:).")
  }
}

/// One call's buffers: values (constants before slot 0), scales, sweep partials, adjoints.
@usableFromInline
final class ReplayScratch<S: RealScalar> {
  @usableFromInline var base: UnsafeMutablePointer<S>
  /// `base + constants`: values[i] is slot i's value, values[−1 − k] the k-th constant.
  @usableFromInline var values: UnsafeMutablePointer<S>
  @usableFromInline var scales: UnsafeMutablePointer<S>
  /// The sweep's nodes: the links of the program last reserved for, this call's partials.
  @usableFromInline var partials: UnsafeMutablePointer<TapeNode<S>>
  /// The program whose links `partials` holds (nil: none since the buffers last grew); held,
  /// so that no other program can take its address.
  @usableFromInline var linked: ReplayProgram<S>? = nil
  @usableFromInline var adjoints: UnsafeMutablePointer<S>
  @usableFromInline var valueCapacity = 0
  @usableFromInline var slotCapacity = 0
  @usableFromInline var sweepCapacity = 0

  @usableFromInline init() {
    base = .allocate(capacity: 1)
    values = base
    scales = .allocate(capacity: 1)
    partials = .allocate(capacity: 1)
    adjoints = .allocate(capacity: 1)
  }

  deinit {
    base.deallocate()
    scales.deallocate()
    partials.deallocate()
    adjoints.deallocate()
  }

  /// The pointers the replay loop writes.
  @inlinable var buffers: ReplayBuffers<S> {
    ReplayBuffers(values: values, scales: scales, nodes: partials)
  }

  /// Makes the buffers large enough for `program`.
  @inlinable func reserve(_ program: ReplayProgram<S>) {
    let valueCount = program.constantCount + program.nodeCount
    if _slowPath(
      valueCount > valueCapacity || program.nodeCount > slotCapacity
        || program.sweepCount > sweepCapacity)
    {
      grow(valueCount, program.nodeCount, program.sweepCount)
    }
    values = base + program.constantCount
    if _slowPath(linked !== program) { link(program) }
  }

  /// Writes `program`'s links into the sweep's nodes (their partials are written by each
  /// replay), once per program for as long as this scratch serves it.
  @usableFromInline func link(_ program: ReplayProgram<S>) {
    for (k, link) in program.links.enumerated() {
      (partials + k).initialize(to: TapeNode(lhs: link.lhs, rhs: link.rhs, dl: 0, dr: 0))
    }
    linked = program
  }

  @usableFromInline func grow(_ valueCount: Int, _ slotCount: Int, _ sweepCount: Int) {
    if valueCount > valueCapacity {
      base.deallocate()
      base = .allocate(capacity: valueCount)
      valueCapacity = valueCount
    }
    if slotCount > slotCapacity {
      scales.deallocate()
      scales = .allocate(capacity: slotCount)
      slotCapacity = slotCount
    }
    if sweepCount > sweepCapacity {
      linked = nil
      partials.deallocate()
      adjoints.deallocate()
      partials = .allocate(capacity: sweepCount)
      adjoints = .allocate(capacity: sweepCount)
      sweepCapacity = sweepCount
    }
  }
}
