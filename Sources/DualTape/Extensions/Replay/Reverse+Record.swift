// Reverse.record: record a function once, keep the recording, replay it at other inputs.

extension Reverse {
  /// Records f: ℝⁿ → ℝ at `x` for replay at other inputs (see ``RecordedFunction``).
  ///
  /// ```swift
  /// let tape = Reverse.record(at: [1.2, 1.0], of: Rosenbrock())
  /// let g = tape.gradient(at: [0.5, 0.7])   // == Reverse.gradient(at: [0.5, 0.7], of: Rosenbrock())
  /// ```
  /// - Parameters:
  ///   - x: the point of the recording, n ≥ 1 values; replays take n values.
  ///   - policy: what a replay does where a comparison on tracked values made during the
  ///     recording goes the other way: ``BranchPolicy/stop`` (the default) or
  ///     ``BranchPolicy/rerecord``.
  ///   - f: the function; kept for re-recordings.
  /// - Complexity: one evaluation of f with ``Tracked`` numbers (a traced recording, one node
  ///   per operation), then a copy of the operation list.
  @inlinable public static func record<S: RealScalar>(
    at x: [S], onBranchChange policy: BranchPolicy = .stop, of f: some VectorToScalar
  ) -> RecordedFunction<S> {
    RecordedFunction(x, policy, "RecordedFunction") { [f($0)] }
  }

  /// Records a closure over ``Tracked`` numbers, f: ℝⁿ → ℝ, for replay at other inputs.
  @inlinable public static func record<S: RealScalar>(
    at x: [S], onBranchChange policy: BranchPolicy = .stop,
    of f: @escaping ([Tracked<S>]) -> Tracked<S>
  ) -> RecordedFunction<S> {
    RecordedFunction(x, policy, "RecordedFunction") { [f($0)] }
  }

  /// Records f: ℝⁿ → ℝᵐ at `x` for replayed values, VJPs and Jacobians at other inputs.
  ///
  /// - Parameters:
  ///   - x: the point of the recording, n ≥ 1 values.
  ///   - policy: what a replay does where a recorded comparison goes the other way.
  ///   - f: the function; kept for re-recordings.
  @inlinable public static func record<S: RealScalar>(
    at x: [S], onBranchChange policy: BranchPolicy = .stop, of f: some VectorToVector
  ) -> RecordedFunction<S> {
    RecordedFunction(x, policy, "RecordedFunction") { f($0) }
  }

  /// Records a closure over ``Tracked`` numbers, f: ℝⁿ → ℝᵐ, for replay at other inputs.
  @inlinable public static func record<S: RealScalar>(
    at x: [S], onBranchChange policy: BranchPolicy = .stop,
    of f: @escaping ([Tracked<S>]) -> [Tracked<S>]
  ) -> RecordedFunction<S> {
    RecordedFunction(x, policy, "RecordedFunction", f)
  }
}
