// Compressed reverse mode: rows that share no column are summed into one output.

/// f with its outputs summed by row colour: output c is Σ over rows i of colour c of fᵢ.
/// Its Jacobian is the compressed Jacobian Sᵀ·J (one row per colour). With `probe`, one more
/// output Σᵢ wᵢ·fᵢ carries the probe direction (see Sparse/PatternCheck.swift).
@usableFromInline struct RowCompressed<F: VectorToVector>: VectorToVector {
  @usableFromInline let f: F
  @usableFromInline let rowColors: [Int]
  @usableFromInline let colorCount: Int
  @usableFromInline let probe: Bool

  @inlinable init(f: F, rowColors: [Int], colorCount: Int, probe: Bool) {
    self.f = f
    self.rowColors = rowColors
    self.colorCount = colorCount
    self.probe = probe
  }

  @inlinable func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] {
    let y = f(x)
    requirePlanOutputCount(y.count, rowColors.count, "Reverse.sparseJacobian")
    var sums = [T?](repeating: nil, count: colorCount)
    for i in y.indices {
      let c = rowColors[i]
      if let s = sums[c] { sums[c] = s + y[i] } else { sums[c] = y[i] }
    }
    var outputs = sums.map { $0 ?? 0 }
    if probe {
      let weights: [Double] = probeWeights(y.count)
      var weighted: T = 0
      for i in y.indices { weighted += T(weights[i]) * y[i] }
      outputs.append(weighted)
    }
    return outputs
  }
}

extension Reverse {
  /// The Jacobian of f: ℝⁿ → ℝᵐ as a sparse matrix, by compressed reverse mode: rows of the
  /// same colour (sharing no column) are summed into one output, so one recording and one
  /// sweep per colour give the whole Jacobian, instead of one sweep per output.
  ///
  /// Entry (i, j) is read from the gradient of colour(i)'s sum at input j, where no other row
  /// of that colour has an entry in column j.
  ///
  /// A given plan is checked at x as in ``Forward/sparseJacobian(at:plan:of:)``, here by one
  /// more output (a weighted sum of all of f's outputs) and its sweep: where f's sparsity at x
  /// differs from the plan's pattern, it stops with a message rather than return wrong
  /// entries.
  /// - Parameters:
  ///   - x: the point, n ≥ 1 values.
  ///   - plan: pattern and colourings; `nil` detects them at x first.
  ///   - f: the function, written generically.
  /// - Complexity: one evaluation of f with ``Tracked`` numbers plus m additions, then p
  ///   reverse sweeps (p = `plan.rowColoring.colorCount`; one more to check a given plan),
  ///   plus O(nonzeros + n·p) to recover and check.
  @inlinable public static func sparseJacobian<S: RealScalar>(
    at x: [S], plan: SparseJacobianPlan? = nil, of f: some VectorToVector
  ) -> SparseMatrix<S> {
    requireInputs(x, "Reverse.sparseJacobian")
    // A plan detected here fits; a given one is checked.
    let checked = checkedSparseJacobian(
      x, plan ?? SparseJacobianPlan(at: x, of: f), verify: plan != nil, f)
    switch checked {
    case .computed(let j): return j
    case .differs(_, let entry): planDoesNotFit("Reverse.sparseJacobian", entry, hessian: false)
    }
  }

  /// Compressed reverse mode with `plan`; with `verify`, the probe output's sweep checks the
  /// result against the plan's pattern (see Sparse/PatternCheck.swift).
  @inlinable static func checkedSparseJacobian<S: RealScalar>(
    _ x: [S], _ plan: SparseJacobianPlan, verify: Bool, _ f: some VectorToVector
  ) -> PatternChecked<SparseMatrix<S>> {
    plan.check(inputCount: x.count, "Reverse.sparseJacobian")
    let n = x.count
    let colors = plan.rowColoring.colors
    let q = plan.rowColoring.colorCount
    let compressed = jacobian(
      at: x, of: RowCompressed(f: f, rowColors: colors, colorCount: q, probe: verify)
    ).elements
    let pattern = plan.pattern
    var values = [S](repeating: 0, count: pattern.nonzeroCount)
    for i in 0..<pattern.rows {
      let offset = colors[i] * n
      for e in pattern.rowStarts[i]..<pattern.rowStarts[i + 1] {
        values[e] = compressed[offset + pattern.columnIndices[e]]
      }
    }
    let j = SparseMatrix(pattern: pattern, values: values)
    guard verify,
      compressionContradicts(
        pattern, byColumn: true, colors: colors, colorCount: q, compressed: compressed,
        values: values, probe: Array(compressed[(q * n)...]), weights: probeWeights(pattern.rows))
    else { return .computed(j) }
    return pattern.verdict(j, detected: SparsityPattern.jacobian(at: x, of: f))
  }
}
