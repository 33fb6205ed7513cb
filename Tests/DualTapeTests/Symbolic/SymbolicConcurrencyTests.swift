import Dispatch
import DualTape
import Foundation
import Synchronization
import Testing

// The symbolic engine from many threads at once: the process-wide intern table must hand out
// one node per structure while other threads create, share and release the same nodes, and
// releasing a node must never re-enter the table's lock (issue 18: "Recursive call to lock
// Mutex" in ExprNode.deinit). Run under ThreadSanitizer with
// `swift test --sanitize=thread --filter SymbolicConcurrency`.

@Suite struct SymbolicConcurrency {
  /// Threads that build and drop shared subexpressions.
  static let threads = 8
  /// Steps of the long chain (3 nodes a step) that the first two threads build; the others
  /// build the first tenth of it.
  static let longChain = 100_000
  /// Short expressions (5 nodes each) each thread builds and drops at once.
  static let churn = 6000

  static func chainSteps(thread t: Int) -> Int { t < 2 ? longChain : longChain / 10 }

  @Test func eightThreadsBuildAndDropSharedSubexpressions() throws {
    let failures = Mutex<[String]>([])
    let finals = Mutex<[Expr]>([])
    let (x0, y0) = (0.25, 0.3)
    let expected = [Self.longChain, Self.longChain / 10].map { stressChain(x0, y0, steps: $0) }
    let started = ContinuousClock.now
    onThreads(Self.threads) { t in
      let x = Expr.variable("stress_x")
      let y = Expr.variable("stress_y")
      let point = ["stress_x": x0, "stress_y": y0]
      // Every thread builds the same chain: whoever comes first creates each node, the others
      // find it, while a thread that has finished drops its whole chain at once (the long
      // chains, 3·10⁵ nodes, must be released without recursion on a 1 MiB stack).
      let steps = Self.chainSteps(thread: t)
      do {
        let e = stressChain(x, y, steps: steps)
        let value = try? e.evaluate(point)
        if value != expected[t < 2 ? 0 : 1] {
          failures.withLock { $0.append("thread \(t): chain \(String(describing: value))") }
        }
      }
      // Short shared expressions built and dropped at once, so that nodes die and are made
      // again under the same keys on other threads all the time.
      for k in 0..<Self.churn {
        let c = Double((k + t) % 32)
        let u = churnTerm(x, y, c)
        if k % 1000 == 0 {
          let value = try? u.evaluate(point)
          if value != churnTerm(x0, y0, c) || !u.isIdentical(to: churnTerm(x, y, c)) {
            failures.withLock { $0.append("thread \(t) term \(k): \(String(describing: value))") }
          }
        }
      }
      let kept = stressChain(x, y, steps: 100)
      finals.withLock { $0.append(kept) }
    }
    let seconds = (ContinuousClock.now - started) / .seconds(1)
    let nodes = (0..<Self.threads).reduce(0) {
      $0 + 3 * Self.chainSteps(thread: $1) + 5 * Self.churn
    }
    print("symbolic stress: \(Self.threads) threads built \(nodes) nodes in \(seconds) s")
    #expect(nodes >= 1_000_000)
    #expect(failures.withLock { $0 } == [])
    // Hash-consing held across the threads: the eight structures are one node, and its
    // derivative is the forward engine's.
    let kept = finals.withLock { $0 }
    #expect(kept.count == Self.threads)
    #expect(kept.allSatisfy { $0.isIdentical(to: kept[0]) })
    #expect(kept[0].nodeCount == 3 * 100 + 3)
    let y = Expr.variable("stress_y")
    let dy = try kept[0].derivative(withRespectTo: y).evaluate(["stress_x": x0, "stress_y": y0])
    let forward = Forward.derivative(at: y0) { v in stressChain(Dual(constant: x0), v, steps: 100) }
    #expect(Swift.abs(dy - forward) <= 1e-13 * Swift.abs(forward) && forward > 1)
    // Every node built on the variables was released and left the table.
    finals.withLock { $0 = [] }
    _ = consume kept
    _ = consume y
    #expect(!Expr.isAlive(variable: "stress_x"))
    #expect(!Expr.isAlive(variable: "stress_y"))
  }

  @Test func twoThreadsMakeAndDropTheSameVariable() {
    // The case that crashed within a second: one thread releases "stress_q" while the other
    // finds its dying entry and makes a new node under the same key.
    let iterations = 100_000
    let split = Mutex(0)
    let started = ContinuousClock.now
    onThreads(2) { _ in
      for k in 0..<iterations {
        _ = Expr.variable("stress_q")
        if k % 1000 == 0 {
          let q = Expr.variable("stress_q")
          if !q.isIdentical(to: Expr.variable("stress_q")) { split.withLock { $0 += 1 } }
        }
      }
    }
    let seconds = (ContinuousClock.now - started) / .seconds(1)
    print(
      "symbolic stress: 2 threads made and dropped a variable \(2 * iterations) times in \(seconds) s"
    )
    #expect(split.withLock { $0 } == 0)
    #expect(!Expr.isAlive(variable: "stress_q"))
  }
}

/// The chain the threads build: `steps` times e ← sin(e) · 0.75 + y, from e = x.
func stressChain<T: Differentiable>(_ x: T, _ y: T, steps: Int) -> T {
  var e = x
  for _ in 0..<steps { e = sin(e) * 0.75 + y }
  return e
}

/// A short expression of five nodes over x, y and the constant c.
func churnTerm<T: Differentiable>(_ x: T, _ y: T, _ c: Double) -> T {
  sin(x * T(c) + y) * (x - y)
}

/// Runs `body(t)` for t in 0..<count, each on its own thread with a 1 MiB stack (too small
/// for a recursive release of a long chain), all released together; returns when all are done.
func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
  let go = DispatchSemaphore(value: 0)
  let done = DispatchGroup()
  for t in 0..<count {
    done.enter()
    let thread = Thread {
      go.wait()
      body(t)
      done.leave()
    }
    thread.stackSize = 1 << 20
    thread.start()
  }
  for _ in 0..<count { go.signal() }
  done.wait()
}
