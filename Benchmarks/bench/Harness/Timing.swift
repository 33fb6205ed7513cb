import Foundation

// The timing harness: a black hole, calibrated repetitions, interleaved samples, median and min.
//
// Clock. Samples are measured in CPU time of the benchmark's thread (CLOCK_THREAD_CPUTIME_ID),
// not wall time: on a shared machine (other builds on the same cores) wall time counts the
// slices other processes were given, which says nothing about the engines. CPU time still
// includes our own cache misses, page faults and system calls.
//
// Method. Each runner is first run once outside the timed region (the correctness check, which
// is also the warm-up: tapes are allocated and caches filled there). Its iteration count is
// then calibrated so that one sample lasts at least `minimumSampleTime`. Samples are taken in
// rounds; each round takes one sample of every runner of a case, in an order that rotates from
// round to round, so drift (frequency scaling, the other builds on the machine) hits all
// engines alike. The median of the per-call times is the figure reported; the min is shown
// beside it as the least disturbed run. Ratios between engines are medians of per-round
// ratios: within one round the machine is in about the same state for every engine, so a
// neighbour that slows the whole core for a while (another build on the sibling hyperthread)
// cancels out of the ratio.

/// Where results go so that the optimiser cannot delete the work that made them.
nonisolated(unsafe) private var blackHoleSink: UInt64 = 0

/// Consumes a value opaquely: the call is never inlined, and it writes to a global, so the
/// computation of `x` cannot be removed as dead code.
@inline(never)
func blackHole(_ x: Double) {
  blackHoleSink ^= x.bitPattern
}

nonisolated(unsafe) private var blackHoleCounter = 0
nonisolated(unsafe) private var blackHoleObject: Any?

/// Consumes any value opaquely (a compiled expression, a matrix): never inlined, with a side
/// effect the optimiser cannot prove away, so the work that made `x` is never removed.
@inline(never)
func blackHole<T>(_ x: T) {
  blackHoleCounter &+= 1
  if blackHoleCounter == -1 { blackHoleObject = x }
}

/// A result the timed loop can consume cheaply and the checker can read in full.
protocol BenchResult {
  /// The result as plain numbers (a Jacobian row-major, rows = outputs).
  var flattened: [Double] { get }
  /// One number that depends on the result, for the black hole.
  var checksum: Double { get }
}

extension Double: BenchResult {
  var flattened: [Double] { [self] }
  var checksum: Double { self }
}

extension Array: BenchResult where Element == Double {
  var flattened: [Double] { self }
  var checksum: Double { first ?? 0 }
}

/// One engine computing one task for one case: what the harness times.
struct Runner {
  /// Which engine.
  var engine: Engine
  /// Which task.
  var task: Task
  /// Computes the result once, flattened (used for the check and as the warm-up).
  var compute: () -> [Double]
  /// Runs the computation `iterations` times, feeding each result to the black hole.
  var run: (_ iterations: Int) -> Void

  /// A runner for `body`, which is called once per iteration.
  ///
  /// Never inlined: the timed loop must see `body` as an opaque closure, so the optimiser cannot
  /// inline a pure function of loop-invariant inputs and hoist it out of the loop.
  @inline(never)
  init<R: BenchResult>(_ engine: Engine, _ task: Task, _ body: @escaping () -> R) {
    self.engine = engine
    self.task = task
    compute = { body().flattened }
    run = { iterations in
      var sum = 0.0
      for _ in 0..<iterations { sum += body().checksum }
      blackHole(sum)
    }
  }
}

/// The timing of one runner: CPU seconds per call.
struct Timing {
  /// The median over samples.
  var median: Double
  /// The fastest sample.
  var min: Double
  /// The per-call time of every sample, in round order (round r of every runner of a case
  /// was taken at about the same time).
  var samples: [Double]
  /// Calls per sample.
  var iterations: Int
}

/// How long to time.
struct TimingPolicy {
  /// A sample lasts at least this long (seconds), so clock resolution does not matter.
  var minimumSampleTime: Double
  /// The most rounds of samples per case.
  var maximumRounds: Int
  /// The fewest rounds per case, however slow the case.
  var minimumRounds: Int
  /// Rounds stop being added once a case has used this much time (seconds).
  var caseBudget: Double
}

/// Wall-clock seconds since an arbitrary origin, from the monotonic clock.
func now() -> Double {
  Double(DispatchTime.now().uptimeNanoseconds) * 1e-9
}

/// CPU seconds this thread has used: the clock every sample is measured with.
func threadCPUTime() -> Double {
  var t = timespec()
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
  return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

/// CPU seconds per call of `runner.run` with `iterations` calls.
private func sample(_ runner: Runner, iterations: Int) -> Double {
  let start = threadCPUTime()
  runner.run(iterations)
  return (threadCPUTime() - start) / Double(iterations)
}

/// Times the runners of one case, interleaved.
///
/// - Parameters:
///   - runners: the engines of one case (already run once: warmed up).
///   - firstCallSeconds: each runner's time for its first (check) call, to start calibrating.
///   - policy: sample length and round counts.
/// - Returns: one timing per runner, in order.
func timeInterleaved(
  _ runners: [Runner], firstCallSeconds: [Double], policy: TimingPolicy
) -> [Timing] {
  // Calibrate: grow the iteration count until a sample lasts the minimum time.
  var iterations = [Int](repeating: 1, count: runners.count)
  var perCall = firstCallSeconds
  for (k, runner) in runners.enumerated() {
    // A first call that already lasted a whole sample needs no calibration run.
    if perCall[k] >= policy.minimumSampleTime { continue }
    var guess = max(1, Int(policy.minimumSampleTime / max(perCall[k], 1e-9)))
    while true {
      let t = sample(runner, iterations: guess)
      perCall[k] = t
      if t * Double(guess) >= policy.minimumSampleTime * 0.9 || guess >= 1 << 30 { break }
      guess = max(guess * 2, Int(policy.minimumSampleTime / max(t, 1e-9) * 1.2))
    }
    iterations[k] = guess
  }
  let roundSeconds = zip(perCall, iterations).reduce(0) { $0 + $1.0 * Double($1.1) }
  let rounds = max(
    policy.minimumRounds,
    min(policy.maximumRounds, Int(policy.caseBudget / max(roundSeconds, 1e-9))))
  var samples = [[Double]](repeating: [], count: runners.count)
  for round in 0..<rounds {
    for offset in 0..<runners.count {
      let k = (offset + round) % runners.count
      samples[k].append(sample(runners[k], iterations: iterations[k]))
    }
  }
  return samples.enumerated().map { k, s in
    Timing(median: median(s), min: s.min()!, samples: s, iterations: iterations[k])
  }
}

/// Whether this is an optimised build; timings of a debug build say nothing about the engines.
var isOptimisedBuild: Bool {
  #if DEBUG
    return false
  #else
    return true
  #endif
}
