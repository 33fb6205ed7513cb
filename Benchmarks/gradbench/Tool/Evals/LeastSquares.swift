import DualTape
import DualTapeMatrixOperators

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

    /// The terms of the points in `points` as a linear system in x as a row: the m×|points|
    /// matrix W of powers (Wⱼᵢ = tᵢʲ, row j the points' j-th powers) and the row of signs s,
    /// so that those terms sum to ½‖x·W − s‖².
    func system(coefficients m: Int, points: Range<Int>) -> (
      powers: Matrix<Double>, signs: Matrix<Double>
    ) {
      let n = points.count
      var w = [Double](repeating: 1, count: m * n)
      w.withUnsafeMutableBufferPointer { w in
        t.withUnsafeBufferPointer { t in
          let t = t.baseAddress! + points.lowerBound
          for j in 1..<m {
            for i in 0..<n { w[j * n + i] = w[(j - 1) * n + i] * t[i] }
          }
        }
      }
      let signs = t[points].map { $0 > 0 ? 1.0 : $0 < 0 ? -1 : 0 }
      return (Matrix(rows: m, columns: n, elements: w), Matrix(row: signs))
    }
  }

  /// The gradient by the operation-level tape, summed over chunks of points: a chunk's terms
  /// are ½‖x·W − s‖² = (|chunk|/2)·mean((x·W − s)²) with x as one row, x·W one matrix-product
  /// node (forward and adjoint loops run along contiguous rows) and the mean squared error one
  /// node. A chunk's W (m × 256 at m = 128) stays in cache through its recording and sweep;
  /// the whole W at n = 16392 is 16 MB, written, copied onto the tape and transposed by the
  /// sweep at every call (measured here: 3.5x the time of the scalar tape at that n). The
  /// scalar tape of `Objective` records two nodes per (point, coefficient) pair.
  static func gradient(_ x: [Double], _ objective: Objective) -> [Double] {
    var total = [Double](repeating: 0, count: x.count)
    for points in chunks(of: objective.t.count, size: 32_768 / x.count) {
      let (w, s) = objective.system(coefficients: x.count, points: points)
      let half = 0.5 * Double(points.count)
      let g = Reverse.gradient(at: [Matrix(row: x)]) { p in
        Loss.meanSquaredError(p[0].matmul(w), s) * half
      }[0].elements
      for j in total.indices { total[j] += g[j] }
    }
    return total
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
          driver: "Reverse.gradient of ½‖x·W − s‖² with TrackedMatrix (operation-level tape)",
          decode: decode, prepare: { ($0.x, Objective(n: $0.n)) },
          compute: { (s: inout ([Double], Objective)) in gradient(s.0, s.1) },
          encode: { .numbers($0) })
      ),
    ])
}
