import DualTape

/// `llsq`: the least-squares fit of a degree-(m−1) polynomial to sign(t) at n points tᵢ in
/// [−1, 1] (`primal`), and its gradient in the m coefficients (`gradient`).
enum LeastSquares {
  /// ½ Σᵢ (sign(tᵢ) − Σⱼ xⱼ tᵢʲ)².
  struct Objective: VectorToScalar {
    /// The points tᵢ = −1 + 2i/(n − 1).
    let t: [Double]

    init(n: Int) { t = (0..<n).map { -1 + Double($0) * 2 / Double(n - 1) } }

    func callAsFunction<T: Differentiable>(_ x: [T]) -> T {
      var sum: T = 0
      for ti in t {
        var inner = T(ti > 0 ? 1 : ti < 0 ? -1 : 0)
        var power = 1.0
        for xj in x {
          inner -= xj * T(power)
          power *= ti
        }
        sum += inner * inner
      }
      return sum / 2
    }
  }

  struct Data {
    let x: [Double]
    let n: Int
  }

  static func decode(_ input: JSONInput) throws -> Data {
    let x = try input.field("x").numbers()
    guard !x.isEmpty else { throw ToolError("input.x is empty; send at least one coefficient.") }
    return Data(x: x, n: try input.field("n").integer(in: 2...100_000_000))
  }

  static let module = EvalModule(
    name: "llsq",
    functions: [
      (
        "primal",
        EvalFunction(
          driver: "primal (Double)", decode: decode,
          prepare: { ($0.x, Objective(n: $0.n)) },
          compute: { (s: inout ([Double], Objective)) in s.1(s.0) }, encode: { .number($0) })
      ),
      (
        "gradient",
        EvalFunction(
          driver: "Reverse.gradient", decode: decode, prepare: { ($0.x, Objective(n: $0.n)) },
          compute: { (s: inout ([Double], Objective)) in Reverse.gradient(at: s.0, of: s.1) },
          encode: { .numbers($0) })
      ),
    ])
}
