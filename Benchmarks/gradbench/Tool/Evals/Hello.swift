import DualTape

/// `hello`: `square` is x², `double` its derivative 2x (a protocol check, not a benchmark).
enum Hello {
  /// x², written once for every engine.
  struct Square: ScalarToScalar {
    func callAsFunction<T: Differentiable>(_ x: T) -> T { x * x }
  }

  static let module = EvalModule(
    name: "hello",
    functions: [
      (
        "square",
        EvalFunction(
          driver: "primal (Double)", decode: { try $0.finite() }, prepare: { $0 },
          compute: { (x: inout Double) in Square()(x) }, encode: { .number($0) })
      ),
      (
        "double",
        EvalFunction(
          driver: "Reverse.derivative", decode: { try $0.finite() }, prepare: { $0 },
          compute: { (x: inout Double) in Reverse.derivative(at: x, of: Square()) },
          encode: { .number($0) })
      ),
    ])
}
