// Compressed reverse mode: rows that share no column are swept together.

extension Reverse {
  /// The Jacobian of f: ℝⁿ → ℝᵐ as a sparse matrix, by compressed reverse mode: rows of the
  /// same colour (sharing no column) are seeded together in one sweep, so one recording and
  /// one sweep per colour give the whole Jacobian, instead of one sweep per output.
  ///
  /// Entry (i, j) is read from input j's adjoint after colour(i)'s sweep, where no other row
  /// of that colour has an entry in column j.
  ///
  /// A given plan is checked at x as in ``Forward/sparseJacobian(at:plan:of:)``, here by one
  /// more sweep of the same recording, seeded with distinct weights on all of f's outputs:
  /// where f's sparsity at x differs from the plan's pattern, it stops with a message rather
  /// than return wrong entries.
  /// - Parameters:
  ///   - x: the point, n ≥ 1 values.
  ///   - plan: pattern and colourings; `nil` detects them at x first.
  ///   - f: the function, written generically.
  /// - Complexity: one evaluation of f with ``Tracked`` numbers, then p reverse sweeps
  ///   (p = `plan.rowColoring.colorCount`; one more to check a given plan, with no extra
  ///   nodes recorded), plus O(nonzeros + n·p) to recover and check.
  @inlinable public static func sparseJacobian<S: RealScalar>(
    at x: [S], plan: SparseJacobianPlan? = nil, of f: some VectorToVector
  ) -> SparseMatrix<S> {
    requireInputs(x, "Reverse.sparseJacobian")
    // A plan detected here fits; a given one is checked.
    return checkedSparseJacobian(
      x, plan ?? SparseJacobianPlan(at: x, of: f), verify: plan != nil, f
    ).resolved("Reverse.sparseJacobian", hessian: false)
  }

  /// Compressed reverse mode with `plan`: one recording of f, one sweep per row colour seeded
  /// on that colour's outputs; with `verify`, one more sweep seeded with the probe weights
  /// checks the result against the plan's pattern (see Sparse/PatternCheck.swift).
  @inlinable static func checkedSparseJacobian<S: RealScalar>(
    _ x: [S], _ plan: SparseJacobianPlan, verify: Bool, _ f: some VectorToVector
  ) -> PatternChecked<SparseMatrix<S>> {
    let caller = "Reverse.sparseJacobian"
    plan.check(inputCount: x.count, caller)
    let n = x.count
    let pattern = plan.pattern
    let m = pattern.rows
    let coloring = plan.rowColoring
    let colors = coloring.colors
    let q = coloring.colorCount
    let weights: [S] = verify ? probeWeights(m) : []
    // B = Sᵀ·J (q × n, row-major), then the probe wᵀ·J.
    var compressed = [S](repeating: 0, count: (q + (verify ? 1 : 0)) * n)
    record(x) { tape, xs in
      let y = f(xs)
      requirePlanOutputCount(y.count, m, caller)
      let outputs = y.map { outputIndex($0, tape, caller) }
      let top = outputs.reduce(n) { Swift.max($0, $1 ?? 0) }
      let groups = coloring.groups
      for c in 0..<(q + (verify ? 1 : 0)) {
        let adj = tape.pointee.zeroedAdjoints(through: top)
        if c < q {
          for i in groups[c] { if let o = outputs[i] { adj[o] += 1 } }
        } else {
          for i in 0..<m { if let o = outputs[i] { adj[o] += weights[i] } }
        }
        tape.pointee.sweep(from: top, adjoints: adj)
        for j in 0..<n { compressed[c * n + j] = adj[j + 1] }
      }
    }
    var values = [S](repeating: 0, count: pattern.nonzeroCount)
    for i in 0..<m {
      let offset = colors[i] * n
      for e in pattern.rowStarts[i]..<pattern.rowStarts[i + 1] {
        values[e] = compressed[offset + pattern.columnIndices[e]]
      }
    }
    let suspect =
      verify
      && compressionContradicts(
        pattern, byColumn: true, colors: colors, colorCount: q, compressed: compressed,
        values: values, probe: Array(compressed[(q * n)...]), weights: weights)
    return .verdict(
      SparseMatrix(pattern: pattern, values: values), suspect: suspect, plan: pattern,
      detect: { SparsityPattern.jacobian(at: x, of: f) })
  }
}
