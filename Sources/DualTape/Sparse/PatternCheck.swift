// A plan's pattern, checked at every point it is used: a function that branches on its inputs
// (or whose parameters changed) can have nonzeros outside the pattern it was planned for, and a
// compressed pass would then return wrong entries without a sign. Two checks ride along:
//
// 1. Structural zeros of the compressed product. B[i, c] (the sum over the columns of colour c
//    of row i) must be zero where row i has no entry of colour c in the pattern. Exact (any
//    nonzero, however small, is seen) and free, but blind to a new entry (i, k) when row i
//    already has a pattern entry of colour(k): the two add up in one number.
// 2. A probe: one more tangent lane (forward), output (reverse) or Hessian–vector product
//    seeded with a fixed direction w of distinct weights in [1, 2). The derivative pass
//    gives (A·w)ᵢ; the recovered entries give Σⱼ Aᵢⱼ·wⱼ. A new entry (i, k) makes them differ
//    by Aᵢₖ·(wₖ − w_j) (j the pattern column that shares k's colour, or 0): seen unless it is
//    below the rounding tolerance or cancels another new entry exactly.
//
// Either check only raises a suspicion; the verdict is structural: the pattern is detected again
// at the point (one tracer evaluation), and the result stands if that pattern lies inside the
// plan's (a rounding-level false alarm costs one detection, never a wrong stop). What remains
// undetectable: a new entry smaller than the tolerance relative to its row (|Aᵢₖ·(wₖ − wⱼ)| ≤
// 1024·ε·Σ|Aᵢⱼ·wⱼ|) that shares a colour with an entry of the pattern.

/// The probe direction's weights for indices 0..<count: wⱼ = 1 + frac((j + 1)·φ⁻¹), distinct
/// for every j and spread evenly over [1, 2) (by a running sum: no rounding call per entry).
@inlinable func probeWeights<S: RealScalar>(_ count: Int) -> [S] {
  var weights = [S](repeating: 0, count: count)
  var t = 0.0
  for j in 0..<count {
    t += 0.618_033_988_749_894_9
    if t >= 1 { t -= 1 }
    weights[j] = S(1 + t)
  }
  return weights
}

/// What a compressed pass found at the point: the result, or the pattern detected there with
/// an entry of it that the plan's pattern lacks.
@usableFromInline enum PatternChecked<Result> {
  case computed(Result)
  case differs(detected: SparsityPattern, entry: (row: Int, column: Int))

  /// The result transformed, a difference kept.
  @inlinable func map<T>(_ transform: (Result) -> T) -> PatternChecked<T> {
    switch self {
    case .computed(let r): return .computed(transform(r))
    case .differs(let detected, let entry): return .differs(detected: detected, entry: entry)
    }
  }
}

/// Whether a compressed product contradicts the pattern it was recovered with (checks 1 and 2
/// above); a NaN or an infinity anywhere it is read counts as a contradiction (then the
/// structural verdict decides).
///
/// `byColumn == false` (forward and Hessian): B is rows × p, B[i, c] at `i * p + c`, the colour
/// of entry (i, j) is `colors[j]`, and `probe[i]` is (A·w)ᵢ. `byColumn == true` (reverse): B is
/// p × columns, B[c, j] at `c * columns + j`, the colour of entry (i, j) is `colors[i]`, and
/// `probe[j]` is (wᵀ·A)ⱼ.
@inlinable func compressionContradicts<S: RealScalar>(
  _ pattern: SparsityPattern, byColumn: Bool, colors: [Int], colorCount p: Int,
  compressed: [S], values: [S], probe: [S], weights: [S]
) -> Bool {
  let tolerance = 1024 * S.ulpOfOne
  let starts = pattern.rowStarts
  let columns = pattern.columnIndices
  if !byColumn {
    // Row by row in one pass: the colours row i has (stamped i) and its probe sum.
    var stamp = [Int](repeating: -1, count: p)
    for i in 0..<pattern.rows {
      var recovered: S = 0
      var scale: S = 0
      for e in starts[i]..<starts[i + 1] {
        let j = columns[e]
        stamp[colors[j]] = i
        let term = values[e] * weights[j]
        recovered += term
        scale += abs(term)
      }
      for c in 0..<p where stamp[c] != i {
        if compressed[i * p + c] != 0 { return true }
      }
      if !(abs(probe[i] - recovered) <= tolerance * (scale + abs(probe[i]))) { return true }
    }
    return false
  }
  // By column: the entries come row by row, so each column's sums are gathered first.
  let lines = pattern.columns
  var allowed = [Bool](repeating: false, count: lines * p)
  var recovered = [S](repeating: 0, count: lines)
  var scale = [S](repeating: 0, count: lines)
  for i in 0..<pattern.rows {
    for e in starts[i]..<starts[i + 1] {
      let j = columns[e]
      allowed[j * p + colors[i]] = true
      let term = values[e] * weights[i]
      recovered[j] += term
      scale[j] += abs(term)
    }
  }
  for line in 0..<lines {
    for c in 0..<p where !allowed[line * p + c] {
      if compressed[c * lines + line] != 0 { return true }
    }
    let residual = abs(probe[line] - recovered[line])
    if !(residual <= tolerance * (scale[line] + abs(probe[line]))) { return true }
  }
  return false
}

extension SparsityPattern {
  /// The structural verdict after a suspicion: `result` stands if `detected` (the pattern at
  /// the point) lies inside this one.
  @inlinable func verdict<Result>(_ result: Result, detected: SparsityPattern)
    -> PatternChecked<Result>
  {
    guard let entry = firstEntryMissing(from: detected) else { return .computed(result) }
    return .differs(detected: detected, entry: entry)
  }
}

/// Stops because a plan does not fit the function at this point (an explicit plan is the
/// user's; ``Auto`` re-detects instead of calling this).
@usableFromInline func planDoesNotFit(
  _ caller: String, _ entry: (row: Int, column: Int), hessian: Bool
) -> Never {
  let what =
    hessian
    ? "∂²f/∂x\(entry.row)∂x\(entry.column) can be nonzero"
    : "output \(entry.row) depends on input \(entry.column)"
  let plan = hessian ? "SparseHessianPlan" : "SparseJacobianPlan"
  dualTapeFailure(
    "\(caller): at this x, \(what), which the plan's pattern leaves out: f's sparsity here"
      + " differs from the point the plan was built at (f takes another branch here, or a"
      + " parameter of f changed), so the compressed entries would be wrong. Build a plan at"
      + " this point, \(plan)(at: x, of: f), or one from a pattern that covers every branch,"
      + " \(plan)(pattern:); or pass no plan (detected at each call), or use"
      + " Auto.\(hessian ? "hessian" : "jacobian"), which re-detects by itself.")
}
