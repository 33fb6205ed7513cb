import DualTape

/// `lse`: log Σ exp(xᵢ) (`primal`) and its gradient (`gradient`).
enum LogSumExp {
  /// log Σ exp(xᵢ − a) + a with a = max xᵢ, the shift held constant (it cancels: a stop-gradient,
  /// so that the tape does not record n comparisons); see `logSumExp`.
  struct Objective: VectorToScalar {
    func callAsFunction<T: Differentiable>(_ x: [T]) -> T { logSumExp(x) }
  }

  static func decode(_ input: JSONInput) throws -> [Double] {
    let x = try input.field("x").numbers()
    guard !x.isEmpty else { throw ToolError("input.x is empty; send at least one number.") }
    return x
  }

  static let module = EvalModule(
    name: "lse",
    functions: [
      (
        "primal",
        EvalFunction(
          driver: "primal (Double)", decode: decode, prepare: { $0 },
          compute: { (x: inout [Double]) in Objective()(x) }, encode: { .number($0) })
      ),
      (
        "gradient",
        EvalFunction(
          driver: "Reverse.gradient", decode: decode, prepare: { $0 },
          compute: { (x: inout [Double]) in Reverse.gradient(at: x, of: Objective()) },
          encode: { .numbers($0) })
      ),
    ])
}
