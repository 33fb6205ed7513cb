// Reverse mode through a long loop in bounded memory: binomial checkpointing.
//
// A plain recording of k steps keeps k steps' nodes. Here each step is recorded on its own,
// just before its reverse sweep, from a state that was stored (a checkpoint) or recomputed
// from one; the pooled tape is reused by every step, so memory is at most c states plus one
// step's recording, and the price is the forward steps of the binomial schedule
// (see BinomialSchedule.swift).

extension Reverse {
  /// The gradient of a loss on a loop's final state, in memory bounded by c checkpoints:
  /// L = loss(x_k, p) with x_{i+1} = step(x_i, p, i).
  ///
  /// ```swift
  /// struct Decay: TimeStep {   // x' = −p·x, explicit Euler with h = 0.001
  ///   func callAsFunction<T: Differentiable>(_ x: [T], _ p: [T], step: Int) -> [T] {
  ///     [x[0] - 0.001 * p[0] * x[0]]
  ///   }
  /// }
  /// let r = Reverse.checkpointedGradient(
  ///   initialState: [1.0], parameters: [2.0], steps: 10_000, checkpoints: 20, step: Decay()
  /// ) { x, p in x[0] * x[0] }
  /// // r.initialStateGradient ≈ [2·0.998²⁰⁰⁰⁰], r.report.forwardSteps == r.report.minimumForwardSteps
  /// ```
  /// The result equals the plain reverse gradient of the unrolled loop up to rounding.
  /// Forward mode keeps no tape and needs no checkpoints: with few inputs (n + m small),
  /// `Forward.gradient` of the unrolled loop is cheaper still.
  /// - Parameters:
  ///   - initialState: x₀, n ≥ 1 values.
  ///   - parameters: p, m ≥ 0 values (every step and the loss see them).
  ///   - steps: k ≥ 0.
  ///   - checkpoints: c ≥ 1 stored states, x₀'s included; c ≥ k − 1 runs every step forward
  ///     once, c = 1 runs k(k − 1)/2 forward steps.
  ///   - step: the step, written generically; it must return n values.
  ///   - loss: L(x_k, p), recorded together with the last step.
  /// - Returns: L, x_k, ∂L/∂x₀, ∂L/∂p, and a ``CheckpointReport``.
  /// - Complexity: k taped steps (one recording and one sweep each) plus t(k, c) =
  ///   ``CheckpointReport/minimumForwardSteps(steps:checkpoints:)`` plain steps, about
  ///   r·k for the repetition number r (k = 10⁵: r = 10 for c = 10, r = 3 for c = 100).
  ///   Memory: c states and one step's tape.
  @inlinable public static func checkpointedGradient<S: RealScalar>(
    initialState: [S], parameters: [S], steps: Int, checkpoints: Int, step: some TimeStep,
    loss: ([Tracked<S>], [Tracked<S>]) -> Tracked<S>
  ) -> CheckpointedGradient<S> {
    checkpointed(
      initialState, parameters, steps, checkpoints, advance: { step($0, $1, step: $2) },
      taped: { step($0, $1, step: $2) }, term: { x, p, i in i == steps - 1 ? loss(x, p) : nil })
  }

  /// The gradient of a loss summed over a loop's trajectory, in memory bounded by c
  /// checkpoints: L = Σ_{i=0}^{k−1} term(x_{i+1}, p, i) with x_{i+1} = step(x_i, p, i).
  ///
  /// ```swift
  /// let r = Reverse.checkpointedGradient(
  ///   initialState: [1.0], parameters: [2.0], steps: 1000, checkpoints: 10, step: Decay()
  /// ) { x, p, i in x[0] * x[0] }   // Σ x_i² over i = 1…k
  /// ```
  /// - Parameters:
  ///   - initialState: x₀, n ≥ 1 values.
  ///   - parameters: p, m ≥ 0 values.
  ///   - steps: k ≥ 0.
  ///   - checkpoints: c ≥ 1 stored states, x₀'s included.
  ///   - step: the step, written generically; it must return n values.
  ///   - trajectoryLoss: the term of step i, a function of the state after it (x₀ has no
  ///     term: add one yourself if needed), recorded together with step i.
  /// - Complexity: as ``checkpointedGradient(initialState:parameters:steps:checkpoints:step:loss:)-(_,_,_,_,TimeStep,_)``.
  @inlinable public static func checkpointedGradient<S: RealScalar>(
    initialState: [S], parameters: [S], steps: Int, checkpoints: Int, step: some TimeStep,
    trajectoryLoss: ([Tracked<S>], [Tracked<S>], Int) -> Tracked<S>
  ) -> CheckpointedGradient<S> {
    checkpointed(
      initialState, parameters, steps, checkpoints, advance: { step($0, $1, step: $2) },
      taped: { step($0, $1, step: $2) },
      term: { x, p, i in i < 0 ? nil : trajectoryLoss(x, p, i) })
  }

  /// The final-state form with the step as a closure over ``Tracked`` numbers (the forward
  /// steps run it on constants, which record nothing; a ``TimeStep`` runs them on plain
  /// numbers, faster).
  ///
  /// ```swift
  /// let r = Reverse.checkpointedGradient(
  ///   initialState: [1.0], parameters: [2.0], steps: 1000, checkpoints: 10
  /// ) { x, p, i in [x[0] - 0.001 * p[0] * x[0]] } loss: { x, p in x[0] * x[0] }
  /// ```
  /// - Parameters:
  ///   - initialState: x₀, n ≥ 1 values.
  ///   - parameters: p, m ≥ 0 values.
  ///   - steps: k ≥ 0.
  ///   - checkpoints: c ≥ 1 stored states, x₀'s included.
  ///   - step: x_{i+1} from (x_i, p, i); it must return n values.
  ///   - loss: L(x_k, p), recorded together with the last step.
  /// - Complexity: as ``checkpointedGradient(initialState:parameters:steps:checkpoints:step:loss:)-(_,_,_,_,TimeStep,_)``.
  @inlinable public static func checkpointedGradient<S: RealScalar>(
    initialState: [S], parameters: [S], steps: Int, checkpoints: Int,
    step: ([Tracked<S>], [Tracked<S>], Int) -> [Tracked<S>],
    loss: ([Tracked<S>], [Tracked<S>]) -> Tracked<S>
  ) -> CheckpointedGradient<S> {
    let constantParameters = constants(parameters)
    return checkpointed(
      initialState, parameters, steps, checkpoints,
      advance: { x, _, i in step(constants(x), constantParameters, i).map(\.value) }, taped: step,
      term: { x, p, i in i == steps - 1 ? loss(x, p) : nil })
  }

  /// The trajectory form with the step as a closure over ``Tracked`` numbers:
  /// L = Σ_{i=0}^{k−1} term(x_{i+1}, p, i).
  ///
  /// ```swift
  /// let r = Reverse.checkpointedGradient(
  ///   initialState: [1.0], parameters: [2.0], steps: 1000, checkpoints: 10
  /// ) { x, p, i in [x[0] - 0.001 * p[0] * x[0]] } trajectoryLoss: { x, p, i in x[0] * x[0] }
  /// ```
  /// - Parameters:
  ///   - initialState: x₀, n ≥ 1 values.
  ///   - parameters: p, m ≥ 0 values.
  ///   - steps: k ≥ 0.
  ///   - checkpoints: c ≥ 1 stored states, x₀'s included.
  ///   - step: x_{i+1} from (x_i, p, i); it must return n values.
  ///   - trajectoryLoss: the term of step i, a function of the state after it.
  /// - Complexity: as ``checkpointedGradient(initialState:parameters:steps:checkpoints:step:loss:)-(_,_,_,_,TimeStep,_)``.
  @inlinable public static func checkpointedGradient<S: RealScalar>(
    initialState: [S], parameters: [S], steps: Int, checkpoints: Int,
    step: ([Tracked<S>], [Tracked<S>], Int) -> [Tracked<S>],
    trajectoryLoss: ([Tracked<S>], [Tracked<S>], Int) -> Tracked<S>
  ) -> CheckpointedGradient<S> {
    let constantParameters = constants(parameters)
    return checkpointed(
      initialState, parameters, steps, checkpoints,
      advance: { x, _, i in step(constants(x), constantParameters, i).map(\.value) }, taped: step,
      term: { x, p, i in i < 0 ? nil : trajectoryLoss(x, p, i) })
  }

  @inlinable static func constants<S>(_ x: [S]) -> [Tracked<S>] {
    x.map { Tracked(constant: $0) }
  }

  /// The schedule: `advance` runs a step on plain numbers, `taped` on tracked ones, and
  /// `term` is the loss term recorded after step i (i = −1: the loss of x₀ when k = 0), nil
  /// where there is none.
  @inlinable static func checkpointed<S: RealScalar>(
    _ x0: [S], _ p: [S], _ k: Int, _ c: Int,
    advance: ([S], [S], Int) -> [S],
    taped: ([Tracked<S>], [Tracked<S>], Int) -> [Tracked<S>],
    term: ([Tracked<S>], [Tracked<S>], Int) -> Tracked<S>?
  ) -> CheckpointedGradient<S> {
    let caller = "Reverse.checkpointedGradient"
    require(
      !x0.isEmpty,
      "\(caller): initialState is empty. Pass at least one state value (put constants in the"
        + " step or in parameters).")
    requireSchedule(k, c, caller)
    let minimum = BinomialSchedule.minimumForwardSteps(steps: k, checkpoints: c)
    require(
      minimum < .max,
      "\(caller): \(k) steps with \(c) checkpoints need more than Int.max forward steps;"
        + " pass more checkpoints (CheckpointReport.minimumForwardSteps(steps:checkpoints:)"
        + " gives the count for each c).")
    let n = x0.count
    var run = CheckpointRun<S>(n: n, m: p.count)
    defer { run.finish() }
    if k == 0 {
      // No step: the loss of x₀ alone.
      run.tape(
        x0, p, -1, caller, taped: { (x: [Tracked<S>], _, _) in x }, term: term)
      return run.result(
        x0, k: 0, c: c, forwardSteps: 0, minimumForwardSteps: 0, peakStoredStates: 1)
    }
    // The stored states, innermost range last: range [top.position, end) is reversed next.
    var stored: [(position: Int, state: [S])] = [(0, x0)]
    var peakStored = 1
    var forwardSteps = 0
    var end = k
    var finalState: [S] = []
    func forward(_ x: [S], from a: Int, to b: Int) -> [S] {
      var x = x
      for i in a..<b {
        x = advance(x, p, i)
        requireStateSize(x.count, n, i, caller)
      }
      forwardSteps += b - a
      return x
    }
    while end > 0 {
      let (a, xa) = stored[stored.count - 1]
      let length = end - a
      // The checkpoints this range may use, its start's included.
      let free = c - stored.count + 1
      if length == 1 || free <= 1 {
        // Run forward to step end − 1 (no checkpoint to spare), record it and sweep.
        let x = forward(xa, from: a, to: end - 1)
        let y = run.tape(x, p, end - 1, caller, keepState: end == k, taped: taped, term: term)
        if end == k { finalState = y }
        end -= 1
        if end == a && a > 0 { stored.removeLast() }
      } else {
        let j = BinomialSchedule.split(steps: length, checkpoints: free)
        stored.append((a + j, forward(xa, from: a, to: a + j)))
        peakStored = Swift.max(peakStored, stored.count)
      }
    }
    return run.result(
      finalState, k: k, c: c, forwardSteps: forwardSteps, minimumForwardSteps: minimum,
      peakStoredStates: peakStored)
  }
}

/// Stops for a step that changed the state's size.
@usableFromInline func requireStateSize(_ count: Int, _ n: Int, _ step: Int, _ caller: String) {
  require(
    count == n,
    "\(caller): step \(step) returned \(count) state values but the initial state has \(n);"
      + " a step must return a state of the same size.")
}

/// The reverse half of a checkpointed pass: the adjoints carried from step to step.
///
/// It holds one pooled tape for the whole pass and reuses every buffer from step to step (the
/// inputs handed to the step, the outputs' nodes, the adjoints read straight off the tape),
/// so a taped step allocates only what the step itself makes. Call ``finish()`` when done.
@usableFromInline
struct CheckpointRun<S: RealScalar> {
  @usableFromInline let n: Int
  @usableFromInline let m: Int
  /// The tape every step is recorded on, one recording per step.
  @usableFromInline let tape: UnsafeMutablePointer<TapeStorage<S>>
  /// ∂L/∂x_i for the step about to be reversed (zeros before the last step).
  @usableFromInline var stateAdjoint: [S]
  @usableFromInline var parameterAdjoint: [S]
  @usableFromInline var value: S = 0
  @usableFromInline var peakNodes = 0
  /// The tracked state and parameters handed to the step, overwritten for each recording.
  @usableFromInline var xs: [Tracked<S>]
  @usableFromInline var ps: [Tracked<S>]
  /// The node of each of a step's outputs (0: a constant output), reused from step to step.
  @usableFromInline var outputs: [Int]

  @inlinable init(n: Int, m: Int) {
    self.n = n
    self.m = m
    tape = TapePool.acquire(S.self)
    stateAdjoint = [S](repeating: 0, count: n)
    parameterAdjoint = [S](repeating: 0, count: m)
    xs = [Tracked<S>](repeating: Tracked(constant: 0), count: n)
    ps = [Tracked<S>](repeating: Tracked(constant: 0), count: m)
    outputs = [Int](repeating: 0, count: n)
  }

  /// Gives the tape back to the pool.
  @inlinable func finish() { TapePool.release(tape) }

  /// Begins a recording whose nodes 1…n are the state x and n + 1…n + m the parameters p,
  /// overwriting ``xs`` and ``ps`` in place.
  @inlinable mutating func beginRecording(_ x: [S], _ p: [S]) {
    let tape = self.tape
    tape.pointee.begin(traced: false)
    let g = tape.pointee.generation
    func fill(_ tracked: inout [Tracked<S>], _ values: [S]) {
      tracked.withUnsafeMutableBufferPointer { b in
        for j in b.indices { b[j] = Reverse.input(values[j], on: tape, generation: g) }
      }
    }
    fill(&xs, x)
    fill(&ps, p)
  }

  /// Records step i from x (with its loss term), sweeps it seeded with the state adjoint
  /// carried from step i + 1, and carries the adjoints one step back. Returns x_{i+1} when
  /// `keepState` (the last step), else nothing.
  @inlinable @discardableResult mutating func tape(
    _ x: [S], _ p: [S], _ i: Int, _ caller: String, keepState: Bool = false,
    taped: ([Tracked<S>], [Tracked<S>], Int) -> [Tracked<S>],
    term: ([Tracked<S>], [Tracked<S>], Int) -> Tracked<S>?
  ) -> [S] {
    beginRecording(x, p)
    let tape = self.tape
    defer { tape.pointee.end() }
    let y = taped(xs, ps, i)
    requireStateSize(y.count, n, i, caller)
    let t = term(y, ps, i)
    // The outputs' nodes (a folded output gets one here), before the adjoints are sized.
    var top = n + m
    outputs.withUnsafeMutableBufferPointer { o in
      for j in o.indices {
        o[j] = Reverse.outputIndex(y[j], tape, caller) ?? 0
        top = Swift.max(top, o[j])
      }
    }
    let termNode = t.flatMap { Reverse.outputIndex($0, tape, caller) } ?? 0
    top = Swift.max(top, termNode)
    peakNodes = Swift.max(peakNodes, tape.pointee.count)
    // One sweep seeded with the carried state adjoint (and 1 on the loss term); the inputs'
    // adjoints are read straight off the tape, which the sweep leaves zero for the next step.
    if let t { value += t.value }
    tape.pointee.clearingSweep(from: top, inputCount: n + m) { adjoints in
      for j in 0..<n where outputs[j] != 0 { adjoints[outputs[j]] += stateAdjoint[j] }
      if termNode != 0 { adjoints[termNode] += 1 }
    } read: { inputs in
      for j in 0..<n { stateAdjoint[j] = inputs[j] }
      for j in 0..<m { parameterAdjoint[j] += inputs[n + j] }
    }
    return keepState ? y.map(\.value) : []
  }

  @inlinable func result(
    _ finalState: [S], k: Int, c: Int, forwardSteps: Int, minimumForwardSteps: Int,
    peakStoredStates: Int
  ) -> CheckpointedGradient<S> {
    let report = CheckpointReport(
      steps: k, checkpoints: c, forwardSteps: forwardSteps, tapedSteps: k,
      minimumForwardSteps: minimumForwardSteps,
      peakStoredStates: peakStoredStates, peakTapeNodes: peakNodes,
      peakTapeBytes: peakNodes * (MemoryLayout<TapeNode<S>>.stride + MemoryLayout<S>.stride),
      peakStateBytes: peakStoredStates * n * MemoryLayout<S>.stride)
    return CheckpointedGradient(
      value: value, finalState: finalState, initialStateGradient: stateAdjoint,
      parameterGradient: parameterAdjoint, report: report)
  }
}
