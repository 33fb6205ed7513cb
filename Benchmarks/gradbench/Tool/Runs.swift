import Dispatch

/// One entry of a response's `timings`.
public struct Timing: Equatable, Sendable {
  /// `prepare` or `evaluate`.
  public let name: String
  /// Wall-clock time, monotonic clock.
  public let nanoseconds: UInt64
}

/// How often to run a function: at least `minRuns` times and until the runs add up to
/// `minSeconds` (GradBench's `Runs` fields; both optional, 1 and 0 by default).
public struct Runs: Sendable {
  /// The fewest runs.
  public let minRuns: Int
  /// The least total time of the runs, in seconds.
  public let minSeconds: Double

  /// Reads `min_runs` and `min_seconds` from an input object (a bare number, as `hello` sends,
  /// has neither).
  public init(_ input: JSONInput) throws {
    guard case .object = input.value else {
      self.minRuns = 1
      self.minSeconds = 0
      return
    }
    minRuns = try input.optional("min_runs")?.integer(in: 1...Int(Int32.max)) ?? 1
    let seconds = try input.optional("min_seconds")?.finite() ?? 0
    guard seconds >= 0 else { throw ToolError("input.min_seconds must be 0 or more.") }
    minSeconds = seconds
  }

  /// Times `prepare` once (the input's numbers into the function's own structures) and
  /// `compute` once per run, as GradBench's C++ tools do (`cpp/gradbench/main.hpp`): one
  /// `prepare` timing, then one `evaluate` timing per run, each run computing the whole result.
  /// - Returns: the last run's result and the timings.
  public func measure<State, Output>(
    prepare: () throws -> State, compute: (inout State) throws -> Output
  ) rethrows -> (output: Output, timings: [Timing]) {
    let p0 = DispatchTime.now().uptimeNanoseconds
    var state = try prepare()
    let p1 = DispatchTime.now().uptimeNanoseconds
    var timings = [Timing(name: "prepare", nanoseconds: p1 - p0)]
    var elapsed = 0.0
    var output: Output? = nil
    var run = 0
    while run < minRuns || elapsed < minSeconds {
      // The previous run's result is released before the clock starts, as the C++ tools
      // write each run into the one output they keep: neither its release nor a second
      // live result (fresh pages for a large one) is timed.
      output = nil
      let t0 = DispatchTime.now().uptimeNanoseconds
      output = try compute(&state)
      let t = DispatchTime.now().uptimeNanoseconds - t0
      timings.append(Timing(name: "evaluate", nanoseconds: t))
      elapsed += Double(t) / 1e9
      run += 1
    }
    return (output!, timings)
  }
}
