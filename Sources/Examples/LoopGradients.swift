import DualTape
import DualTapePlot
import DualTapeSuite
import Foundation

// What the two checkpointing examples (pendulum, diffusion) share: timing, the comparison
// table and the process's peak memory (the error measure is DualTapeSuite's normwiseError).

/// The result of `body` and the seconds it took.
func timed<R>(_ body: () -> R) -> (R, Double) {
  let start = ContinuousClock.now
  let r = body()
  return (r, seconds(since: start))
}

/// The fastest of `runs` evaluations of `body` (the first also warms up), and its result.
func fastest<R>(of runs: Int, _ body: () -> R) -> (R, Double) {
  var (result, best) = timed(body)
  for _ in 1..<Swift.max(runs, 1) {
    let (r, t) = timed(body)
    (result, best) = (r, Swift.min(best, t))
  }
  return (result, best)
}

/// One checkpointed gradient: its c, result and seconds.
typealias CheckpointedRun = (c: Int, result: CheckpointedGradient<Double>, seconds: Double)

/// The checkpointed gradient `body(c)` for each c, timed.
func checkpointedRuns(
  _ counts: [Int], _ body: (_ checkpoints: Int) -> CheckpointedGradient<Double>
) -> [CheckpointedRun] {
  counts.map { c in
    let (r, t) = timed { body(c) }
    return (c, r, t)
  }
}

/// ∂L/∂x₀ followed by ∂L/∂p.
func gradient(_ r: CheckpointedGradient<Double>) -> [Double] {
  r.initialStateGradient + r.parameterGradient
}

/// The process's peak resident set (VmHWM) in bytes, or nil without /proc.
func peakResident() -> Int? {
  guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
    let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
    let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
  else { return nil }
  return kilobytes * 1024
}

/// The process's peak resident set before the gradients, after the checkpointed runs and after
/// the plain tape (nothing without /proc).
func printPeakResident(_ before: Int?, _ checkpointed: Int?, _ plain: Int?) {
  guard let before, let checkpointed, let plain else { return }
  print(
    "  peak resident: \(formatBytes(Double(before))) before, \(formatBytes(Double(checkpointed)))"
      + " after the checkpointed runs, \(formatBytes(Double(plain))) after the plain tape")
}

/// The table comparing the ways to a loop's gradient: one row per method, times against the
/// primal's.
struct MethodTable {
  var primalSeconds: Double

  func header() {
    print(
      "  method                              time        ×primal   memory held                     error vs plain"
    )
  }

  func row(_ name: String, _ seconds: Double, _ memory: String, _ error: String) {
    print(
      "  " + name.padding(toLength: 36, withPad: " ", startingAt: 0)
        + formatSeconds(seconds).padding(toLength: 12, withPad: " ", startingAt: 0)
        + fixed(seconds / primalSeconds, 1).padding(toLength: 10, withPad: " ", startingAt: 0)
        + memory.padding(toLength: 32, withPad: " ", startingAt: 0) + error)
  }

  /// The plain tape's row and one row per checkpointed run.
  func reverseRows(
    plainSeconds: Double, plainTapeBytes: Int,
    _ runs: [CheckpointedRun], plain: [Double]
  ) {
    row(
      "plain reverse (one tape)", plainSeconds, "≈ \(formatBytes(Double(plainTapeBytes))) tape", "0"
    )
    for run in runs {
      let r = run.result.report
      row(
        "checkpointed, c = \(run.c)", run.seconds,
        "\(r.peakStoredStates) states + \(formatBytes(Double(r.peakTapeBytes))) tape",
        formatError(normwiseError(gradient(run.result), plain)))
    }
  }

  /// Each checkpointed run's forward steps against the Griewank–Walther minimum.
  func scheduleLines(_ runs: [CheckpointedRun]) {
    for run in runs {
      let r = run.result.report
      print(
        "  c = \(run.c): \(grouped(r.forwardSteps)) forward steps (Griewank–Walther minimum"
          + " \(grouped(r.minimumForwardSteps)), each step at most \(r.repetitions) times) +"
          + " \(grouped(r.tapedSteps)) taped")
    }
  }
}
