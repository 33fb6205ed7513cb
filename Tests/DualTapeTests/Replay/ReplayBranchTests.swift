import DualTapeSuite
import Foundation
import Synchronization
import Testing

@testable import DualTape

// Branch guards: a comparison on tracked values made while recording must give the same
// outcome at a replay, or the replay stops (naming it) or records again. Piecewise rules
// (abs, max, min, relu, clamp, floor) are re-evaluated by the replay and need no guard.

/// A user's `if` on a tracked value: x·y for x > 0, −3x + y otherwise.
struct ReplayBranching: VectorToScalar {
  func callAsFunction<T: Differentiable>(_ v: [T]) -> T {
    if v[0] > 0 { return v[0] * v[1] }
    return -3 * v[0] + v[1]
  }
}

/// Piecewise rules only: no comparison on tracked values.
struct ReplayPiecewise: VectorToScalar {
  func callAsFunction<T: Differentiable>(_ v: [T]) -> T {
    abs(v[0]) * v[1] + max(v[0], v[1]) + min(v[1], 2 * v[0]) + relu(v[0] - v[1])
      + clamp(v[0], -1, 1) * v[1] + floor(v[1]) * v[0]
  }
}

@Test func piecewiseRulesReplayExactlyOnBothSidesAndAtTies() {
  let f = ReplayPiecewise()
  let tape = Reverse.record(at: [0.7, 0.2], of: f)
  #expect(tape.guardCount == 0)
  // Both sides of |x|, max, min, relu, clamp's bounds, floor's jumps, and every tie.
  let points: [[Double]] = [
    [0.7, 0.2], [-0.7, 0.2], [0, 0.2], [0.3, 0.3], [0.5, 1], [1, 0.5], [-1, 3], [1, 1],
    [2, -0.5], [-2, -2], [0.25, 0.5], [0.5, 2], [0, 0], [-1, -1], [1.5, 1.5],
  ]
  for x in points {
    let fresh = Reverse.valueWithGradient(at: x, of: f)
    #expect(tape.value(at: x) == fresh.value, "x = \(x)")
    #expect(tape.gradient(at: x) == fresh.gradient, "x = \(x)")
    #expect(
      replayClose(tape.gradient(at: x), Reverse.wengertList(at: x, of: f).gradient), "x = \(x)")
  }
}

@Test func aUserBranchIsGuardedAndRerecordedOnBothSides() {
  let f = ReplayBranching()
  let tape = Reverse.record(at: [1.0, 2.0], onBranchChange: .rerecord, of: f)
  #expect(tape.guardCount == 1)
  #expect(tape.branchChange(at: [3, 1]) == nil)
  // The branch taken: x·y, gradient (y, x).
  #expect(tape.gradient(at: [3, 1]) == [1, 3])
  #expect(tape.recordingCount == 1)
  // The other side, and the tie (x > 0 is false at 0): recorded again, the other branch.
  for x in [[-2.0, 5.0], [0.0, 4.0]] {
    #expect(tape.gradient(at: x) == [-3, 1])
    #expect(tape.branchChange(at: x) == nil)  // the current recording is the other branch
    #expect(tape.value(at: x) == f(x))
  }
  #expect(tape.recordingCount == 2)
  // Back on the first side: its recording was kept, so it is replayed, not recorded again.
  #expect(tape.gradient(at: [0.5, 1]) == [1, 0.5])
  #expect(tape.recordingCount == 2)
}

@Test func alternatingBranchesReplayTheirKeptRecordings() {
  // Two branches alternating for 12,000 calls: one recording each (there were 11,815).
  let f = ReplayBranching()
  let tape = Reverse.record(at: [1.0, 2.0], onBranchChange: .rerecord, of: f)
  var wrong = 0
  for k in 0..<12_000 {
    let x = [k % 2 == 0 ? 1.5 + Double(k % 7) : -1.5 - Double(k % 5), Double(k % 11) / 4]
    let expected: [Double] = x[0] > 0 ? [x[1], x[0]] : [-3, 1]
    if tape.gradient(at: x) != expected || tape.value(at: x) != f(x) { wrong += 1 }
  }
  #expect(wrong == 0)
  #expect(tape.recordingCount == 2)
  // Four maxima of log-sum-exp (four sets of comparison outcomes) in turn: four recordings.
  let lse = LogSumExp()
  let points = [[3.0, 1, 0, 0.5], [0.0, 4, 1, 0.5], [0.0, 1, 5, 0.5], [0.0, 1, 2, 6]]
  let kept = Reverse.record(at: points[0], onBranchChange: .rerecord, of: lse)
  for round in 0..<50 {
    for p in points {
      let q = p.map { $0 + Double(round) / 100 }
      #expect(replayClose(kept.gradient(at: q), Reverse.gradient(at: q, of: lse)))
    }
  }
  #expect(kept.recordingCount == 4)
}

@Test func recordingsBeyondTheKeptNumberAreRecordedAgain() {
  // More branch outcomes than are kept, visited in turn: each visit finds its recording
  // dropped (least recently used) and records again; the results stay right.
  let lse = LogSumExp()
  let n = RecordedFunction<Double>.keptRecordings + 1
  let points = (0..<n).map { m in (0..<n).map { $0 == m ? 10.0 : Double($0) / 10 } }
  let tape = Reverse.record(at: points[0], onBranchChange: .rerecord, of: lse)
  for _ in 0..<3 {
    for p in points { #expect(replayClose(tape.gradient(at: p), Reverse.gradient(at: p, of: lse))) }
  }
  #expect(tape.recordingCount == 3 * n)
}

@Test func branchChangeNamesTheComparison() throws {
  let tape = Reverse.record(at: [1.0, 2.0], of: ReplayBranching())
  let message = try #require(tape.branchChange(at: [-1, 2]))
  #expect(message.contains("comparison #1 (x0 = -1.0 > 0.0) was true when recorded, is false"))
  #expect(tape.branchChange(at: [0.25, 2]) == nil)
  #expect(tape.recordingCount == 1)
}

@Test func theStopPolicyStopsWithTheComparison() async {
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let tape = Reverse.record(at: [1.0, 2.0], of: ReplayBranching())
      _ = tape.gradient(at: [2, 2])  // the same branch: fine
      _ = tape.gradient(at: [0, 2])  // the tie goes the other way
    }, containing: "comparison #1 (x0 = 0.0 > 0.0) was true when recorded, is false at this point")
}

@Test func logSumExpsMaximumSearchIsGuarded() {
  // The suite's log-sum-exp finds its maximum with `xi > m`: one guard per comparison.
  let f = LogSumExp()
  let x = [0.1, 2.0, -1.0, 0.5]
  let tape = Reverse.record(at: x, onBranchChange: .rerecord, of: f)
  #expect(tape.guardCount == 3)
  let sameOrder = [0.2, 1.5, -0.5, 0.3]
  #expect(tape.gradient(at: sameOrder) == Reverse.gradient(at: sameOrder, of: f))
  #expect(tape.recordingCount == 1)
  // Another maximum (recorded again), a tie for it (the same comparisons: replayed), and a
  // third maximum (recorded again).
  for p in [[3.0, 1.0, 0.0, 0.5], [3.0, 3.0, 0.0, 0.5], [0.0, 1.0, 5.0, 0.5]] {
    #expect(tape.gradient(at: p) == Reverse.gradient(at: p, of: f))
  }
  #expect(tape.recordingCount == 3)
}

@Test func rerecordingFromManyThreadsStaysCorrect() {
  let f = ReplayBranching()
  let tape = Reverse.record(at: [1.0, 2.0], onBranchChange: .rerecord, of: f)
  let failures = Mutex(0)
  DispatchQueue.concurrentPerform(iterations: 8) { t in
    for k in 0..<50 {
      let x = [Double((t + k) % 5) - 2, Double(k) / 10]
      let expected: [Double] = x[0] > 0 ? [x[1], x[0]] : [-3, 1]
      if tape.gradient(at: x) != expected { failures.withLock { $0 += 1 } }
    }
  }
  #expect(failures.withLock { $0 } == 0)
  #expect(tape.recordingCount > 1)
}

@Test func replayMisuseIsRejected() async {
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Reverse.record(at: [1.0, 2.0], of: ReplayBranching()).gradient(at: [1, 2, 3])
    }, containing: "x has 3 values but the function was recorded with 2 inputs")
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Reverse.record(at: [1.0, 2.0]) { v in [v[0], v[1]] }.gradient(at: [1, 2])
    }, containing: "needs a function with one output, but this one has 2")
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Reverse.record(at: [1.0, 2.0]) { v in [v[0], v[1]] }.vjp(at: [1, 2], cotangent: [1])
    }, containing: "one cotangent entry per output")
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Reverse.record(at: [Double](), of: ReplayBranching())
    }, containing: "x is empty")
}
