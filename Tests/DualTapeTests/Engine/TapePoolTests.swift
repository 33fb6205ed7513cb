import DualTapeMatrixOperators
import DualTapeSuite
import Foundation
import Synchronization
import Testing

@testable import DualTape

// The tape pool: per-thread tapes, memory given back, recording ids that never wrap.

/// Runs `body` on a new thread and waits for the thread to exit.
func onNewThread(_ body: @escaping @Sendable () -> Void) {
  let done = DispatchSemaphore(value: 0)
  let thread = Thread {
    body()
    done.signal()
  }
  thread.start()
  done.wait()
  // The thread's exit (and its tape cache's destructor) follows `signal` closely.
  while !thread.isFinished { usleep(100) }
}

@Test func independentGradientsOnManyThreadsAreEachCorrect() {
  // 32 threads, each its own sizes, nested recordings and Hessians: every result must be right.
  let threads = 32
  let failures = Mutex<[String]>([])
  DispatchQueue.concurrentPerform(iterations: threads) { t in
    for k in 0..<40 {
      let n = 1 + (t * 7 + k * 13) % 60
      let x = (0..<n).map { Double(($0 * 5 + t + k) % 11) / 4 - 1.2 }
      let g = Reverse.gradient(at: x, of: Coupled())
      if !GradientCheck.compare(g, coupledGradient(x), tolerance: .engines).passed {
        failures.withLock { $0.append("thread \(t) call \(k): gradient") }
      }
      // A recording inside another on the same thread takes a second tape.
      let outer = Reverse.gradient(at: [x[0]]) { v in
        v[0] * Tracked(Reverse.gradient(at: x, of: Coupled())[0])
      }
      if Swift.abs(outer[0] - g[0]) > 1e-12 * Swift.max(1, Swift.abs(g[0])) {
        failures.withLock { $0.append("thread \(t) call \(k): nested") }
      }
    }
    let h = Reverse.hessian(at: [0.3, -0.7, 1.1], of: Coupled())
    let f = Forward.hessian(at: [0.3, -0.7, 1.1], of: Coupled())
    if !GradientCheck.compare(h.elements, f.elements, tolerance: .engines).passed {
      failures.withLock { $0.append("thread \(t): hessian") }
    }
  }
  #expect(failures.withLock { $0 } == [])
}

@Test func aLargeRecordingsMemoryIsGivenBack() {
  // The calling thread's idle tapes before, right after a large recording, and after the
  // small calls that follow it: back within 2x of before.
  let small = (0..<100).map { Double($0 % 7) / 3 - 1 }
  for _ in 0..<(2 * TapePool.window) { _ = Reverse.gradient(at: small, of: Coupled()) }
  let before = TapePool.threadRetainedBytes()
  let large = (0..<300_000).map { Double($0 % 7) / 3 - 1 }
  let g = Reverse.gradient(at: large, of: Coupled())
  #expect(GradientCheck.compare(g, coupledGradient(large), tolerance: .engines).passed)
  let peak = TapePool.threadRetainedBytes()
  #expect(peak > 10 * before)
  for _ in 0..<(2 * TapePool.window) { _ = Reverse.gradient(at: small, of: Coupled()) }
  let after = TapePool.threadRetainedBytes()
  #expect(after <= 2 * before, "before \(before), peak \(peak), after \(after) bytes")
}

@Test func anExitedThreadsTapesLoseTheirBuffersButStayStaleSafe() {
  // A scalar type no other test records with, so no other thread reuses the header meanwhile.
  typealias S = Dual<Dual<Float>>
  nonisolated(unsafe) var leaked: Tracked<S>? = nil
  onNewThread {
    _ = Reverse.record([S(constant: 1), S(constant: 2)]) { _, xs in
      leaked = xs[0] * xs[1]
      return 0
    }
  }
  let tape = leaked!.tape!
  #expect(tape.pointee.capacity == 0)  // buffers freed at the thread's exit
  #expect(tape.pointee.retainedBytes == 0)
  #expect(leaked!.generation != tape.pointee.generation)  // still detected as stale
  // The header is reused by the next tape of that type, with a fresh generation.
  let reused = TapePool.acquire(S.self)
  #expect(reused == tape)
  #expect(reused.pointee.capacity == TapePool.initialCapacity)
  reused.pointee.begin(traced: false)
  #expect(leaked!.generation != reused.pointee.generation)
  reused.pointee.end()
  TapePool.release(reused)
}

@Test func aTapeRetiresBeforeItsRecordingIdCouldWrap() {
  // Put the calling thread's Double tape near the end of its 32-bit generations.
  let tape = TapePool.acquire(Double.self)
  tape.pointee.generation = UInt32.max - 13
  TapePool.release(tape)
  nonisolated(unsafe) var leaked: Tracked<Double>? = nil
  _ = Reverse.gradient(at: [1.0, 2]) { v in
    leaked = v[0] * v[1]
    return leaked!
  }
  #expect(leaked!.tape == tape)
  for k in 0..<8 {
    let g = Reverse.gradient(at: [1.0, Double(k)]) { v in v[0] * v[1] }
    #expect(g == [Double(k), 1])
  }
  // The header has retired: buffers freed, never handed out again, and its generation never
  // came back to the leaked value's.
  #expect(tape.pointee.capacity == 0)
  #expect(tape.pointee.generation != leaked!.generation)
  let next = TapePool.acquire(Double.self)
  #expect(next != tape)
  TapePool.release(next)
}

@Test func growthStopsBeforePassingTheIndexLimitOrTheAvailableMemory() {
  let gb = 1 << 30
  #expect(
    TapeMemory.growthProblem(
      capacity: 1 << 20, newCapacity: 3 << 19, bytesPerNode: 24, availableMemory: 16 * gb,
      headroom: gb) == nil)
  let indices = TapeMemory.growthProblem(
    capacity: 1_500_000_000, newCapacity: 2_250_000_000, bytesPerNode: 24,
    availableMemory: 1 << 40)
  #expect(indices?.contains("heading past 2³¹") == true)
  #expect(indices?.contains("smaller piece") == true)
  // 400M → 600M nodes of 24 bytes needs 4.8 GB more nodes and 4.8 GB of adjoints: on a
  // machine of 64 GB with 9 GB available (the rest taken), it stops; the total RAM (what the
  // check compared with before) would have let it run into the out-of-memory killer.
  let memory = TapeMemory.growthProblem(
    capacity: 400_000_000, newCapacity: 600_000_000, bytesPerNode: 24,
    availableMemory: 9 * gb, headroom: gb)
  #expect(memory?.contains("only 9216 MB of memory is available") == true, "\(memory ?? "")")
  #expect(memory?.contains("smaller piece") == true)
  // Adjoints already held count as held: the same growth with them in hand fits.
  #expect(
    TapeMemory.growthProblem(
      capacity: 400_000_000, newCapacity: 600_000_000, bytesPerNode: 24,
      heldAdjointBytes: 4_800_000_000, availableMemory: 9 * gb, headroom: gb) == nil)
  // The headroom is kept: a growth that fits only by eating into it stops.
  #expect(
    TapeMemory.growthProblem(
      capacity: 100_000_000, newCapacity: 150_000_000, bytesPerNode: 24,
      heldAdjointBytes: 1_200_000_000, availableMemory: 1_400_000_000, headroom: 256 << 20)
      != nil)
  // What Linux reports, parsed: MemAvailable, and the room under a control group's limit.
  let meminfo = "MemTotal:       24000000 kB\nMemFree:  1000 kB\nMemAvailable:   18874368 kB\n"
  #expect(TapeMemory.memAvailable(inMeminfo: meminfo) == 18 * gb)
  #expect(TapeMemory.memAvailable(inMeminfo: "MemTotal: 1 kB\n") == nil)
  #expect(TapeMemory.roomInGroup(max: "4294967296\n", current: "1073741824\n") == 3 * gb)
  #expect(TapeMemory.roomInGroup(max: "max\n", current: "1073741824\n") == nil)
  // The machine's own figure is read and positive (MemAvailable on Linux).
  #expect((TapeMemory.availableMemory() ?? 0) > 0)
  #expect((TapeMemory.availableMemory() ?? 0) <= TapeMemory.physicalMemory)
}

@Test func aRecordingStopsBeforeTheAvailableMemoryRunsOut() async {
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      // As if only the headroom and 2 MB were available: a recording of 100,000 terms
      // (about 300,000 nodes, 7 MB) stops at its first growth past 2 MB.
      TapeMemory.$availableMemoryForTesting.withValue(TapeMemory.headroom + (2 << 20)) {
        let x = (0..<100_000).map { Double($0 % 7) / 3 - 1 }
        _ = Reverse.gradient(at: x, of: Coupled())
      }
    }, containing: "of memory is available")
  // With the machine's real figure the same recording runs.
  let x = (0..<100_000).map { Double($0 % 7) / 3 - 1 }
  #expect(
    GradientCheck.compare(
      Reverse.gradient(at: x, of: Coupled()), coupledGradient(x), tolerance: .engines
    ).passed)
}

/// Bytes held by the calling thread's idle `Double` tape that was given back last.
func lastDoubleTapeBytes() -> Int {
  let tape = TapePool.acquire(Double.self)
  defer { TapePool.release(tape) }
  return tape.pointee.retainedBytes
}

@Test func aRecordingLargerThanThePoolKeepsGivesItBackWhenItEnds() {
  // A tape may keep 1 MB here (256 MB by default): right after a recording of about 300,000
  // nodes (7 MB of nodes, 2.4 MB of adjoints), with no further call, its tape holds at most
  // that, and the next recordings still give right gradients.
  let x = (0..<100_000).map { Double($0 % 7) / 3 - 1 }
  TapePool.$keptBytes.withValue(1 << 20) {
    let g = Reverse.gradient(at: x, of: Coupled())
    #expect(GradientCheck.compare(g, coupledGradient(x), tolerance: .engines).passed)
    let held = lastDoubleTapeBytes()
    #expect(held <= 1 << 20, "held \(held) bytes after the call")
    #expect(Reverse.gradient(at: x, of: Coupled()) == g)
    #expect(lastDoubleTapeBytes() <= 1 << 20)
  }
  // Under the default cap a recording of this size keeps its buffers for the next one.
  _ = Reverse.gradient(at: x, of: Coupled())
  #expect(lastDoubleTapeBytes() > 4 << 20)
}

@Test func aRecordingUsedFromOtherThreadsStops() async {
  // A user boxes the [Tracked] inputs and shares them with 8 threads: their appends would race
  // on the tape (wrong gradients in up to 19 of 20 trials); the recording is bound to its
  // thread and stops.
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      final class Shared: @unchecked Sendable {
        var inputs: [Tracked<Double>] = []
        var results: [Tracked<Double>] = []
        let lock = NSLock()
      }
      _ = Reverse.gradient(at: (0..<8).map { Double($0) / 4 + 1 }) { v in
        let shared = Shared()
        shared.inputs = v
        DispatchQueue.concurrentPerform(iterations: 8) { t in
          var s = Tracked<Double>(constant: 0)
          for k in 0..<2_000 { s = s + shared.inputs[t] * shared.inputs[(t + k) % 8] }
          shared.lock.withLock { shared.results.append(s) }
        }
        return shared.results.reduce(Tracked(constant: 0), +)
      }
    }, containing: "a Tracked value was used on a thread other than the one running its recording")
  // The same work with one Reverse call per thread is right on every thread.
  let failures = Mutex(0)
  DispatchQueue.concurrentPerform(iterations: 8) { t in
    let x = (0..<8).map { Double($0) / 4 + 1 }
    let g = Reverse.gradient(at: x) { v in
      var s = Tracked<Double>(constant: 0)
      for k in 0..<2_000 { s = s + v[t] * v[(t + k) % 8] }
      return s
    }
    // s = Σₖ x_t·x_{(t+k) mod 8}: each j ≠ t is taken 250 times, j = t 250 times squared.
    var expected = [Double](repeating: 0, count: 8)
    for k in 0..<2_000 {
      let j = (t + k) % 8
      expected[t] += x[j]
      expected[j] += x[t]
    }
    if zip(g, expected).contains(where: { Swift.abs($0 - $1) > 1e-9 * Swift.abs($1) }) {
      failures.withLock { $0 += 1 }
    }
  }
  #expect(failures.withLock { $0 } == 0)
}

@Test func anArrayRecordingUsedFromAnotherThreadStops() async {
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      final class Shared: @unchecked Sendable { var m: [TrackedMatrix<Double>] = [] }
      _ = Reverse.gradient(at: [Matrix(row: [1.0, 2])]) { p in
        let shared = Shared()
        shared.m = p
        onNewThread { _ = (shared.m[0] * shared.m[0]).sum() }
        return p[0].sum()
      }
    }, containing: "a TrackedMatrix value was used on a thread other than the one running")
}

@Test func aValueFromAnExitedThreadIsStillRejected() async {
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      nonisolated(unsafe) var leaked: Tracked<Double>? = nil
      onNewThread {
        _ = Reverse.gradient(at: [1.0]) { v in
          leaked = 3 * v[0]
          return v[0]
        }
      }
      _ = Reverse.gradient(at: [1.0]) { v in leaked! * v[0] }
    }, containing: "after its recording ended")
}

@Test func aFoldedValueFromAnEndedRecordingIsRejected() async {
  // `2 * leaked` records no node; the misuse is caught where it meets a live value.
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      nonisolated(unsafe) var leaked: Tracked<Double>? = nil
      _ = Reverse.gradient(at: [1.0]) { v in
        leaked = v[0]
        return v[0]
      }
      _ = Reverse.gradient(at: [1.0]) { v in exp(2 * leaked!) * v[0] }
    }, containing: "after its recording ended")
}

@Test func arrayGradientsOnManyThreadsAreEachCorrect() {
  // The operation-level tape shares the per-thread cache: same results on every thread as on
  // this one, including threads that exit.
  let x = compositePoint
  let expected = Reverse.gradient(at: unflatten(x, compositeShapes), of: compositeTracked)
  let failures = Mutex(0)
  DispatchQueue.concurrentPerform(iterations: 16) { _ in
    for _ in 0..<20 {
      let g = Reverse.gradient(at: unflatten(x, compositeShapes), of: compositeTracked)
      if g.map(\.elements) != expected.map(\.elements) { failures.withLock { $0 += 1 } }
    }
  }
  onNewThread {
    let g = Reverse.gradient(at: unflatten(x, compositeShapes), of: compositeTracked)
    if g.map(\.elements) != expected.map(\.elements) { failures.withLock { $0 += 1 } }
  }
  #expect(failures.withLock { $0 } == 0)
}

@Test func anInputsArrayKeptByTheCallerIsNotReused() {
  // Small recordings reuse their inputs array's storage; one the function kept must stay as it
  // was (copy on write), and the next recording must still be right.
  nonisolated(unsafe) var kept: [Tracked<Double>] = []
  _ = Reverse.gradient(at: [1.0, 2.0]) { v in
    kept = v
    return v[0] * v[1]
  }
  let g = Reverse.gradient(at: [5.0, 7.0, 9.0]) { v in v[0] * v[1] * v[2] }
  #expect(g == [63, 45, 35])
  #expect(kept.map(\.value) == [1, 2])
}
