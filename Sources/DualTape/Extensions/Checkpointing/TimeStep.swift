/// One step of a time-stepping loop, x_{i+1} = step(x_i, p, i), written once for every
/// engine (the rank-2 pattern): the checkpointing driver runs it with plain numbers to move
/// forward and with ``Tracked`` numbers to record one step at a time; forward mode runs it with
/// ``DualVector``.
///
/// ```swift
/// /// A damped pendulum, θ'' = −(g/L)·sin θ − γ·θ', one explicit Euler step of size h.
/// struct PendulumEuler: TimeStep {
///   var h = 0.01
///   func callAsFunction<T: Differentiable>(_ x: [T], _ p: [T], step: Int) -> [T] {
///     [x[0] + T(h) * x[1], x[1] + T(h) * (-p[0] * sin(x[0]) - p[1] * x[1])]
///   }
/// }
/// ```
/// The state keeps its size: every step returns as many values as it receives.
public protocol TimeStep {
  /// x_{i+1} from the state x_i, the parameters p and the step's index i (0-based).
  func callAsFunction<T: Differentiable>(_ state: [T], _ parameters: [T], step: Int) -> [T]
}

/// The result of ``Reverse/checkpointedGradient(initialState:parameters:steps:checkpoints:step:loss:)-(_,_,_,_,TimeStep,_)``
/// and its trajectory form: the loss, its gradient with respect to the initial state and the
/// parameters, and what the schedule did.
public struct CheckpointedGradient<S: RealScalar>: Sendable {
  /// The loss L.
  public var value: S
  /// The state after the last step, x_k.
  public var finalState: [S]
  /// ∂L/∂x₀, one entry per state value.
  public var initialStateGradient: [S]
  /// ∂L/∂p, one entry per parameter.
  public var parameterGradient: [S]
  /// The schedule's counts and memory.
  public var report: CheckpointReport

  @inlinable init(
    value: S, finalState: [S], initialStateGradient: [S], parameterGradient: [S],
    report: CheckpointReport
  ) {
    self.value = value
    self.finalState = finalState
    self.initialStateGradient = initialStateGradient
    self.parameterGradient = parameterGradient
    self.report = report
  }
}

/// What a checkpointed reverse pass did: steps run, the optimum for its (k, c), and the
/// largest memory it held.
///
/// A loop of k steps is reversed by running each step once with ``Tracked`` numbers (k taped
/// steps) plus ``forwardSteps`` plain steps that move from stored states to where a taped step
/// starts. A plain tape of the whole loop needs no forward steps but keeps k steps' nodes; with
/// c checkpoints the binomial schedule keeps at most c states and one step's nodes, and takes
/// the fewest forward steps any schedule with c checkpoints can:
/// t(k, c) = r·k − C(c + r, r − 1), where r is the repetition number, the least r with
/// k ≤ C(c + r, r) (Griewank and Walther, "Algorithm 799: revolve", ACM TOMS 2000).
public struct CheckpointReport: Sendable, Equatable, Codable, CustomStringConvertible {
  /// k, the loop's steps.
  public var steps: Int
  /// c, the checkpoints allowed (the one holding x₀ included).
  public var checkpoints: Int
  /// Plain (untaped) step evaluations run to reach the states the taped steps start from.
  public var forwardSteps: Int
  /// Step evaluations recorded on a tape: one per step, k.
  public var tapedSteps: Int
  /// t(k, c), the fewest forward steps with c checkpoints (Griewank–Walther).
  public var minimumForwardSteps: Int
  /// The most states held at once (≤ c, and ≤ k for k ≥ 1; x₀ alone for k = 0).
  public var peakStoredStates: Int
  /// The largest one step's recording, in tape nodes (the loss term recorded with it
  /// included).
  public var peakTapeNodes: Int
  /// Bytes of the largest recording: nodes × (node + adjoint).
  public var peakTapeBytes: Int
  /// Bytes of the stored states at their peak: ``peakStoredStates`` × state size × scalar.
  public var peakStateBytes: Int

  @usableFromInline init(
    steps: Int, checkpoints: Int, forwardSteps: Int, tapedSteps: Int, minimumForwardSteps: Int,
    peakStoredStates: Int, peakTapeNodes: Int, peakTapeBytes: Int, peakStateBytes: Int
  ) {
    self.steps = steps
    self.checkpoints = checkpoints
    self.forwardSteps = forwardSteps
    self.tapedSteps = tapedSteps
    self.minimumForwardSteps = minimumForwardSteps
    self.peakStoredStates = peakStoredStates
    self.peakTapeNodes = peakTapeNodes
    self.peakTapeBytes = peakTapeBytes
    self.peakStateBytes = peakStateBytes
  }

  /// Forward steps beyond the k − 1 that any reversal needs (every step but the last must be
  /// run once to reach its successor): 0 when c ≥ k − 1.
  public var recomputedSteps: Int { forwardSteps - Swift.max(steps - 1, 0) }

  /// The repetition number r of (k, c): each step runs forward at most r times.
  public var repetitions: Int {
    steps <= 1
      ? 0 : BinomialSchedule.repetitions(steps: steps, checkpoints: Swift.min(checkpoints, steps))
  }

  /// t(k, c) = r·k − C(c + r, r − 1): the fewest forward steps that reverse k steps with
  /// c ≥ 1 checkpoints (0 for k ≤ 1, k − 1 for c ≥ k − 1, k(k − 1)/2 for c = 1).
  ///
  /// Use it to choose c before a run: for k = 10⁵, c = 10 gives 832,040 forward steps and
  /// c = 100 gives 294,747 (about 8.3 and 2.9 per step).
  /// - Parameters:
  ///   - k: the loop's steps, k ≥ 0.
  ///   - c: the checkpoints, x₀'s included, c ≥ 1.
  /// - Returns: t(k, c), exact; `Int.max` where it exceeds `Int.max` (c = 1 and k > 4.3·10⁹).
  /// - Complexity: O(log k) binomial coefficients of at most ~64 factors each.
  public static func minimumForwardSteps(steps k: Int, checkpoints c: Int) -> Int {
    requireSchedule(k, c, "CheckpointReport.minimumForwardSteps")
    return BinomialSchedule.minimumForwardSteps(steps: k, checkpoints: c)
  }

  public var description: String {
    func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
    return "\(count(steps, "step")), \(count(checkpoints, "checkpoint")):"
      + " \(forwardSteps) forward steps (minimum \(minimumForwardSteps)) + \(tapedSteps) taped;"
      + " at most \(peakStoredStates) stored states (\(peakStateBytes) B) and"
      + " \(peakTapeNodes) tape nodes (\(peakTapeBytes) B)"
  }
}

/// Stops for a negative step count or fewer than one checkpoint.
@usableFromInline func requireSchedule(_ steps: Int, _ checkpoints: Int, _ caller: String) {
  require(
    steps >= 0, "\(caller): steps is \(steps); pass the loop's number of steps, 0 or more.")
  require(
    checkpoints >= 1,
    "\(caller): checkpoints is \(checkpoints); pass at least 1 (the stored initial state)."
      + " More checkpoints take fewer forward steps: c ≥ steps − 1 runs each step once.")
}
