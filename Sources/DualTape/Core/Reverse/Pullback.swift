internal import Synchronization

// Reverse.valueWithPullback: record once, then apply the pullback u ↦ uᵀJ(x) to as many
// cotangents as needed, each one sweep, without recording again.
//
// The pullback owns its tape until the pullback itself is released: the tape is taken out of
// the pool, so no other recording can reuse it, and it returns to the pool (of whichever
// thread releases the pullback) only then. Applications are serialised by a lock, so the
// pullback may be called from any thread, at the same time, and stays correct.

extension Reverse {
  /// f(x) and the pullback u ↦ uᵀJ(x) of f: ℝⁿ → ℝᵐ, by one recording.
  ///
  /// ```swift
  /// let (y, pullback) = Reverse.valueWithPullback(at: [1.0, 2.0]) { v in [v[0] * v[1], sin(v[0])] }
  /// let row0 = pullback([1, 0])   // ∇y₀ = [2, 1]
  /// let row1 = pullback([0, 1])   // ∇y₁ = [cos 1, 0]
  /// ```
  /// - Parameters:
  ///   - x: the point, n ≥ 1 values.
  ///   - f: the function.
  /// - Returns: f(x) (m values) and the pullback, which takes m cotangent entries and returns
  ///   n. It may be called any number of times, from any thread; it holds its tape (the
  ///   recording's memory) until it is released.
  /// - Complexity: one evaluation of f with ``Tracked`` numbers; each call of the pullback is
  ///   one reverse sweep.
  @inlinable public static func valueWithPullback<S: RealScalar>(
    at x: [S], of f: some VectorToVector
  ) -> (value: [S], pullback: @Sendable ([S]) -> [S]) {
    valueWithPullback(at: x) { f($0) }
  }

  /// f(x) and the pullback of a closure over ``Tracked`` numbers, f: ℝⁿ → ℝᵐ.
  @inlinable public static func valueWithPullback<S: RealScalar>(
    at x: [S], of f: ([Tracked<S>]) -> [Tracked<S>]
  ) -> (value: [S], pullback: @Sendable ([S]) -> [S]) {
    let recorded = RecordedPullback(x, "Reverse.valueWithPullback") { xs in
      f(xs).map { ($0.value, $0) }
    }
    return (recorded.values, { recorded.apply($0) })
  }

  /// f(x) and the pullback u ↦ u·∇f(x) of f: ℝⁿ → ℝ, by one recording.
  ///
  /// - Returns: f(x) and the pullback, which takes one cotangent and returns n values
  ///   (`pullback(1)` is the gradient).
  @inlinable public static func valueWithPullback<S: RealScalar>(
    at x: [S], of f: some VectorToScalar
  ) -> (value: S, pullback: @Sendable (S) -> [S]) {
    valueWithPullback(at: x) { f($0) }
  }

  /// f(x) and the pullback of a closure over ``Tracked`` numbers, f: ℝⁿ → ℝ.
  @inlinable public static func valueWithPullback<S: RealScalar>(
    at x: [S], of f: ([Tracked<S>]) -> Tracked<S>
  ) -> (value: S, pullback: @Sendable (S) -> [S]) {
    let recorded = RecordedPullback(x, "Reverse.valueWithPullback") { xs in
      let y = f(xs)
      return [(y.value, y)]
    }
    return (recorded.values[0], { recorded.apply([$0]) })
  }
}

/// A recording kept for its pullback: the tape, out of the pool while this object lives.
@usableFromInline
final class RecordedPullback<S: RealScalar>: @unchecked Sendable {
  // @unchecked: the tape is owned by this object alone and used only under `lock`.
  @usableFromInline let tape: UnsafeMutablePointer<TapeStorage<S>>
  @usableFromInline let inputCount: Int
  @usableFromInline let outputs: [Int?]
  /// The function's values.
  @usableFromInline let values: [S]
  @usableFromInline let lock = PullbackLock()

  /// Records `f` at `x` on a tape taken from the pool, and keeps the tape.
  @inlinable init(
    _ x: [S], _ caller: String, _ f: ([Tracked<S>]) -> [(S, Tracked<S>)]
  ) {
    requireInputs(x, caller)
    let tape = TapePool.acquire(S.self)
    tape.pointee.begin(traced: false)
    let ys = f(Reverse.inputs(x, on: tape))
    outputs = ys.map { Reverse.outputIndex($0.1, tape, caller) }
    values = ys.map(\.0)
    // The recording has ended: values made in it are stale from now on. The nodes stay.
    tape.pointee.end()
    self.tape = tape
    inputCount = x.count
  }

  deinit { TapePool.release(tape) }

  /// uᵀJ for the cotangent `u` (one entry per output): one sweep.
  @usableFromInline func apply(_ cotangent: [S]) -> [S] {
    require(
      cotangent.count == outputs.count,
      "Reverse.valueWithPullback: the cotangent has \(cotangent.count) entries but the function"
        + " has \(outputs.count) outputs; pass one cotangent entry per output.")
    return lock.withLock {
      Reverse.pullback(tape, inputCount: inputCount, outputs: outputs, seeds: cotangent)
    }
  }
}

/// The lock that serialises a pullback's sweeps (a `Mutex` behind non-inlined calls, so that
/// Synchronization stays an internal import of the library).
@usableFromInline
final class PullbackLock: Sendable {
  let mutex = Mutex(())
  @usableFromInline init() {}
  @usableFromInline func withLock<R>(_ body: () -> R) -> R { mutex.withLock { _ in body() } }
}
