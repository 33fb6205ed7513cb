/// One function of an eval module (`primal`, `gradient`, `jacobian`, `ff`, ...): the DualTape
/// driver that serves it, named in the `start` response's `config`, and how it runs.
public struct EvalFunction: Sendable {
  /// The driver serving this function, as a user would read it (`Reverse.gradient`).
  public let driver: String
  /// Decodes the input, times `prepare` and the runs, and encodes the last run's output.
  let run: @Sendable (JSONInput, Runs) throws -> (output: JSON, timings: [Timing])

  /// A function in four steps: `decode` checks the input's shape and reads its numbers (not
  /// timed, as GradBench's C++ tools parse JSON before their clock starts); `prepare` builds
  /// this function's own structures (timed once); `compute` produces the whole result from them
  /// (timed per run); `encode` turns the last result into the output's JSON (not timed).
  public init<Data, State, Output>(
    driver: String, decode: @escaping @Sendable (JSONInput) throws -> Data,
    prepare: @escaping @Sendable (Data) -> State,
    compute: @escaping @Sendable (inout State) -> Output,
    encode: @escaping @Sendable (Output) -> JSON
  ) {
    self.driver = driver
    self.run = { input, runs in
      let data = try decode(input)
      let (output, timings) = runs.measure(prepare: { prepare(data) }, compute: compute)
      return (encode(output), timings)
    }
  }

  /// Runs the function on one `evaluate` message's input.
  public func evaluate(_ input: JSONInput) throws -> (output: JSON, timings: [Timing]) {
    try run(input, Runs(input))
  }
}

/// An eval module this tool implements: its name and functions.
public struct EvalModule: Sendable {
  /// The module name the eval sends (`lse`).
  public let name: String
  /// The functions by name, in the eval's order.
  public let functions: [(name: String, function: EvalFunction)]

  /// A module with these functions.
  public init(name: String, functions: [(name: String, function: EvalFunction)]) {
    self.name = name
    self.functions = functions
  }

  /// The function called `name`, if this module has it.
  public func function(_ name: String) -> EvalFunction? {
    functions.first { $0.name == name }?.function
  }

  /// Every module the tool implements.
  public static let all: [EvalModule] = [
    Hello.module, LogSumExp.module, LeastSquares.module, Determinant.module, RungeKutta.module,
    KMeans.module, GaussianMixture.module, LSTM.module, BundleAdjustment.module,
    HandTracking.module, Particle.module, Saddle.module,
  ]
}
