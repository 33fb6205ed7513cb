import DualTape

/// `det`: the determinant of an ℓ × ℓ matrix by expansion in minors (`primal`) and its gradient
/// in the ℓ² entries (`gradient`), as cmpad defines it.
enum Determinant {
  /// det A for A given row by row, by expansion along the first row; with `terms` set, only
  /// the term of the expansion that takes column `terms[0]` of the first row, column
  /// `terms[1]` of the remaining columns in the second row, and so on (±A₀ⱼ·A₁ₖ·…·det M).
  /// ℓ! products: the whole determinant records about 2·ℓ! tape slots (8·10⁷ at ℓ = 11; see
  /// ``Expansion/minor(_:)``), a term that fixes d rows the slots of one (ℓ − d) × (ℓ − d) minor.
  struct Objective: VectorToScalar {
    let ell: Int
    var terms: [Int] = []

    func callAsFunction<T: Differentiable>(_ a: [T]) -> T {
      precondition(
        a.count == ell * ell && terms.count < ell
          && terms.indices.allSatisfy { terms[$0] >= 0 && terms[$0] < ell - $0 },
        "det: ℓ = \(ell) needs ℓ² entries (\(a.count)) and fewer than ℓ fixed rows (\(terms)),"
          + " the k-th a column among the ℓ − k left")
      // r[i] (c[i]) is the row (column) after i in the minor; r[ell] (c[ell]) the first.
      var r = Array(1...ell) + [0]
      var c = Array(1...ell) + [0]
      return a.withUnsafeBufferPointer { a in
        r.withUnsafeMutableBufferPointer { r in
          c.withUnsafeMutableBufferPointer { c in
            let expansion = Expansion(
              a: a.baseAddress!, ell: ell, r: r.baseAddress!, c: c.baseAddress!)
            return terms.withUnsafeBufferPointer { expansion.term($0[...], ell) }
          }
        }
      }
    }
  }

  /// The matrix and the linked lists of the rows and columns of the current minor, read and
  /// relinked through pointers (no bounds or uniqueness checks in the ℓ!-term recursion).
  struct Expansion<T: Differentiable> {
    let a: UnsafePointer<T>
    let ell: Int
    let r: UnsafeMutablePointer<Int>
    let c: UnsafeMutablePointer<Int>

    /// The entry at row i, column j.
    @inline(__always) func entry(_ i: Int, _ j: Int) -> T { a[i &* ell &+ j] }

    /// The term of the m × m minor's expansion that `path` picks (see ``Objective``); the
    /// whole determinant of the minor for an empty path.
    func term(_ path: Slice<UnsafeBufferPointer<Int>>, _ m: Int) -> T {
      guard let j = path.first else { return minor(m) }
      let r0 = r[ell]
      var previous = ell
      var cj = c[ell]
      for _ in 0..<j { (previous, cj) = (cj, c[cj]) }
      r[ell] = r[r0]  // drop row r0 and column cj
      c[previous] = c[cj]
      let sub = term(path.dropFirst(), m - 1)
      c[previous] = cj
      r[ell] = r0
      let e = entry(r0, cj)
      return (j % 2 == 0 ? e : -e) * sub
    }

    /// The determinant of the 2 × 2 minor of rows r0, r1 and columns c0, c1:
    /// A[r0, c0]·A[r1, c1] − A[r0, c1]·A[r1, c0], as the expansion computes it (cmpad adds
    /// the first term to 0, which differs only in the sign of an exactly zero determinant).
    @inline(__always) func det2(_ r0: Int, _ r1: Int, _ c0: Int, _ c1: Int) -> T {
      T.multiplyAdd(-entry(r0, c1), entry(r1, c0), entry(r0, c0) * entry(r1, c1))
    }

    /// The determinant of the m × m minor (m ≥ 2) that r and c describe, a 2 × 2 one in place.
    @inline(__always) func sub(_ m: Int) -> T {
      if m == 2 {
        let (r0, c0) = (r[ell], c[ell])
        return det2(r0, r[r0], c0, c[c0])
      }
      return minor(m)
    }

    /// The determinant of the m × m minor that r and c describe.
    ///
    /// The sum runs term by term from the first column, as cmpad's `det_of_minor` (the same
    /// products and sums, in the same order, for `Double`), written so that the reverse tape
    /// records few slots: each term but the first is one fused node `±entry·sub + det`
    /// (``fma(_:_:_:)``'s `multiplyAdd`, negation folded into the entry's scale), and the first
    /// two sub-minors are computed before the first product, so that the second term's fused
    /// node takes that product as its lower slot: 2m − 2 slots for m terms, about 2·ℓ! in all
    /// (against about 2(e − 1)·ℓ! nodes for a product and a sum per term). A 2 × 2 minor (two slots) is
    /// computed in place: the calls for 1 × 1 and 2 × 2 minors were 1.5·ℓ! of the recursion's
    /// 1.7·ℓ!. Measured with callgrind at ℓ = 8 (one evaluate): 16.5 → 8.7 million
    /// instructions for the gradient (CoDiPack: 14.6), 6.1 → 1.0 million for the primal
    /// (GradBench's `manual`, the same recursion in C++ down to 1 × 1 minors: 5.1).
    func minor(_ m: Int) -> T {
      let r0 = r[ell]
      let c0 = c[ell]
      if m <= 2 { return m == 1 ? entry(r0, c0) : det2(r0, r[r0], c0, c[c0]) }
      r[ell] = r[r0]  // drop row r0 from the sub-minors
      let c1 = c[c0]
      c[ell] = c1  // drop column c0
      let s0 = sub(m - 1)
      c[ell] = c0
      c[c0] = c[c1]  // drop column c1
      let s1 = sub(m - 1)
      c[c0] = c1
      var det = T.multiplyAdd(-entry(r0, c1), s1, entry(r0, c0) * s0)
      var previous = c1
      var cj = c[c1]
      var positive = true
      for _ in 2..<m {
        c[previous] = c[cj]  // drop column cj
        let s = sub(m - 1)
        c[previous] = cj
        let e = entry(r0, cj)
        det = T.multiplyAdd(positive ? e : -e, s, det)
        (previous, cj) = (cj, c[cj])
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

  /// The size of the largest minor recorded on one tape: a tape of an 8 × 8 expansion holds
  /// about 2·8! slots (1.9 MB of nodes, 2.6 MB with their adjoints: about a core's L2 cache
  /// here).
  static let largestTapedMinor = 8

  /// ∇det A by reverse mode: one recording of the whole expansion up to ℓ = 8 (ℓ tapes would
  /// pay ℓ recordings' fixed cost, which dominates at ℓ = 5); above, one recording per term of
  /// the expansion of the first ℓ − 8 rows (ℓ = 11: 11·10·9 tapes of an 8 × 8 minor each), so
  /// that each tape stays in cache where the whole one would reach 10⁸ slots. Measured
  /// alternately (fastest of 5 runs): ℓ = 11, 590 ms against 840 ms with one tape per
  /// first-row term (10! products each) and 700 ms with one per pair of the first two rows;
  /// ℓ = 10, 53 ms against 60 ms with one tape per first-row term and 76 ms with the whole
  /// expansion on one tape.
  static func gradient(_ d: inout Data) -> [Double] {
    gradient(d, largestTapedMinor: largestTapedMinor)
  }

  /// ∇det A with minors of at most `size` rows on one tape (see ``gradient(_:)``).
  static func gradient(_ d: Data, largestTapedMinor size: Int) -> [Double] {
    if d.ell <= size { return Reverse.gradient(at: d.a, of: Objective(ell: d.ell)) }
    // Every choice of a column in each of the first ℓ − size rows.
    var paths: [[Int]] = [[]]
    for row in 0..<(d.ell - size) {
      paths = paths.flatMap { path in (0..<(d.ell - row)).map { path + [$0] } }
    }
    return summedGradient(at: d.a, terms: paths.map { Objective(ell: d.ell, terms: $0) })
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
          driver: "Reverse.gradient: one tape up to ℓ = \(largestTapedMinor), one tape per term"
            + " of the expansion of the first ℓ − \(largestTapedMinor) rows above",
          decode: decode, prepare: { $0 },
          compute: gradient,
          encode: { .numbers($0) })
      ),
    ])
}
