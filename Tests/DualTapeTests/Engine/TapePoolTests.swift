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

@Test func growthStopsBeforePassingTheIndexLimitOrTheMachinesMemory() {
  let gb = 1 << 30
  #expect(
    TapeMemory.growthProblem(
      capacity: 1 << 20, newCapacity: 3 << 19, bytesPerNode: 24, physicalMemory: 16 * gb) == nil)
  let indices = TapeMemory.growthProblem(
    capacity: 1_500_000_000, newCapacity: 2_250_000_000, bytesPerNode: 24,
    physicalMemory: 1 << 40)
  #expect(indices?.contains("heading past 2³¹") == true)
  #expect(indices?.contains("smaller piece") == true)
  let memory = TapeMemory.growthProblem(
    capacity: 400_000_000, newCapacity: 600_000_000, bytesPerNode: 24, physicalMemory: 8 * gb)
  #expect(memory?.contains("more than this machine's 8 GB") == true)
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
