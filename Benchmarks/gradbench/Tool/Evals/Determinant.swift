import DualTape

/// `det`: the determinant of an ℓ × ℓ matrix by expansion in minors (`primal`) and its gradient
/// in the ℓ² entries (`gradient`), as cmpad defines it.
enum Determinant {
  /// det A for A given row by row, by expansion along the first row; with `term` set, only
  /// that term of the expansion, ±A₀ⱼ·det M₀ⱼ. ℓ! products: the whole determinant records about
  /// 2e·ℓ! nodes (10⁸ at ℓ = 11), one term 1/ℓ of them.
  struct Objective: VectorToScalar {
    let ell: Int
    var term: Int? = nil

    func callAsFunction<T: Differentiable>(_ a: [T]) -> T {
      // r[i] (c[i]) is the row (column) after i in the minor; r[ell] (c[ell]) the first.
      var r = Array(1...ell) + [0]
      var c = Array(1...ell) + [0]
      return a.withUnsafeBufferPointer { a in
        r.withUnsafeMutableBufferPointer { r in
          c.withUnsafeMutableBufferPointer { c in minor(a, ell, r, c, only: term) }
        }
      }
    }

    /// The determinant of the m × m minor that r and c describe (only term `only` of its
    /// expansion when given). The ℓ!-term recursion reads and relinks through buffer pointers
    /// (no bounds or uniqueness checks).
    func minor<T: Differentiable>(
      _ a: UnsafeBufferPointer<T>, _ m: Int, _ r: UnsafeMutableBufferPointer<Int>,
      _ c: UnsafeMutableBufferPointer<Int>, only: Int? = nil
    ) -> T {
      let r0 = r[ell]
      var cj = c[ell]
      if m == 1 { return a[r0 * ell + cj] }
      var det: T = 0
      var positive = true
      r[ell] = r[r0]  // drop row r0 from the sub-minors
      var previous = ell
      for j in 0..<m {
        if only == nil || only == j {
          let entry = a[r0 * ell + cj]
          c[previous] = c[cj]  // drop column cj
          let sub = minor(a, m - 1, r, c)
          c[previous] = cj
          det = positive ? det + entry * sub : det - entry * sub
        }
        previous = cj
        cj = c[cj]
        positive.toggle()
      }
      r[ell] = r0
      return det
    }
  }

  struct Data {
    let a: [Double]
    let ell: Int
  }

  static func decode(_ input: JSONInput) throws -> Data {
    let ell = try input.field("ell").integer(in: 1...11)
    return Data(a: try input.field("A").numbers(count: ell * ell), ell: ell)
  }

  /// ∇det A by reverse mode: one recording of the whole expansion up to ℓ = 8 (at most
  /// 2e·8! ≈ 2·10⁵ nodes; ℓ tapes would pay ℓ recordings' fixed cost, which dominates at
  /// ℓ = 5), one recording per term of the first-row expansion above, so that a tape of
  /// 2e·ℓ!/ℓ nodes stays small where the whole one would reach 10⁸ (ℓ = 11).
  static func gradient(_ d: inout Data) -> [Double] {
    if d.ell <= 8 { return Reverse.gradient(at: d.a, of: Objective(ell: d.ell)) }
    return summedGradient(at: d.a, terms: (0..<d.ell).map { Objective(ell: d.ell, term: $0) })
  }

  static let module = EvalModule(
    name: "det",
    functions: [
      (
        "primal",
        EvalFunction(
          driver: "primal (Double)", decode: decode, prepare: { $0 },
          compute: { (d: inout Data) in Objective(ell: d.ell)(d.a) }, encode: { .number($0) })
      ),
      (
        "gradient",
        EvalFunction(
          driver: "Reverse.gradient: one tape up to ℓ = 8, one tape per term of the first-row"
            + " expansion above",
          decode: decode, prepare: { $0 },
          compute: gradient,
          encode: { .numbers($0) })
      ),
    ])
}
