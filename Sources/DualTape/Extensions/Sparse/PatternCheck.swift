// A plan's pattern, checked at every point it is used: a function that branches on its inputs
// (or whose parameters changed) can have nonzeros outside the pattern it was planned for, and a
// compressed pass would then return wrong entries without a sign. Two checks ride along:
//
// 1. Structural zeros of the compressed product. B[i, c] (the sum over the columns of colour c
//    of row i) must be zero where row i has no entry of colour c in the pattern. Exact (any
//    nonzero, however small, is seen) and free, but blind to a new entry (i, k) when row i
//    already has a pattern entry of colour(k): the two add up in one number.
// 2. A probe: one more tangent lane (forward), reverse sweep (seeded on the recorded outputs,
//    no extra nodes) or Hessian–vector product, along a fixed direction w of distinct weights
//    in [1, 2). The derivative pass
//    gives (A·w)ᵢ; the recovered entries give Σⱼ Aᵢⱼ·wⱼ. A new entry (i, k) makes them differ
//    by Aᵢₖ·(wₖ − w_j) (j the pattern column that shares k's colour, or 0): seen unless it is
//    below the rounding tolerance or cancels another new entry exactly.
//
// What the checks cost: the forward probe lane rides in a pass's spare lane (a pass of its own
// only where the colours fill every pass); the reverse probe is one more sweep of the same
// recording; check 1 reads each compressed number once (forward: while the pass's tangents are
// recovered, with no m × p buffer), check 2 each recovered entry once.
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

  /// The verdict on a compressed pass's result: it stands unless a check raised a
  /// `suspect`; then the pattern is detected again at the point and the result stands only if
  /// that pattern lies inside the plan's. The one place every sparse driver decides.
  @inlinable static func verdict(
    _ result: Result, suspect: Bool, plan pattern: SparsityPattern,
    detect: () -> SparsityPattern
  ) -> Self {
    guard suspect else { return .computed(result) }
    let detected = detect()
    guard let entry = pattern.firstEntryMissing(from: detected) else { return .computed(result) }
    return .differs(detected: detected, entry: entry)
  }

  /// The result transformed, a difference kept.
  @inlinable func map<T>(_ transform: (Result) -> T) -> PatternChecked<T> {
    switch self {
    case .computed(let r): return .computed(transform(r))
    case .differs(let detected, let entry): return .differs(detected: detected, entry: entry)
    }
  }

  /// The result of a user's plan, or a stop that names the entry the plan lacks (see
  /// ``planDoesNotFit(_:_:hessian:)``; ``Auto`` widens its plan instead).
  @inlinable func resolved(_ caller: String, hessian: Bool) -> Result {
    switch self {
    case .computed(let r): return r
    case .differs(_, let entry): planDoesNotFit(caller, entry, hessian: hessian)
    }
  }
}

/// Whether a compressed product contradicts the pattern it was recovered with (checks 1 and 2
/// above); a NaN or an infinity anywhere it is read counts as a contradiction (then the
/// structural verdict decides).
///
/// `byColumn == false` (Hessian): B is rows × p, B[i, c] at `i * p + c`, the colour of entry
/// (i, j) is `colors[j]`, and `probe[i]` is (A·w)ᵢ. `byColumn == true` (reverse): B is
/// p × columns, B[c, j] at `c * columns + j`, the colour of entry (i, j) is `colors[i]`, and
/// `probe[j]` is (wᵀ·A)ⱼ. (Forward mode checks the zeros while it recovers each pass.)
@inlinable func compressionContradicts<S: RealScalar>(
  _ pattern: SparsityPattern, byColumn: Bool, colors: [Int], colorCount p: Int,
  compressed: [S], values: [S], probe: [S], weights: [S]
) -> Bool {
  let starts = pattern.rowStarts
  let columns = pattern.columnIndices
  if !byColumn {
    // Row by row: the colours row i has (stamped i).
    var stamp = [Int](repeating: -1, count: p)
    for i in 0..<pattern.rows {
      for e in starts[i]..<starts[i + 1] { stamp[colors[columns[e]]] = i }
      for c in 0..<p where stamp[c] != i {
        if compressed[i * p + c] != 0 { return true }
      }
    }
    return probeContradicts(pattern, values: values, probe: probe, weights: weights)
  }
  // By column: the entries come row by row, so each column's allowed colours and probe sums
  // are gathered first.
  let tolerance = 1024 * S.ulpOfOne
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

/// Recovers the entries of a column-compressed product B = A·S (row i at `i * stride`, colour
/// c of entry (i, j) = `colors[j]` at offset c) and, with `weights`, runs checks 1 and 2 in
/// the same loop over the entries: the probe lane (A·w)ᵢ at offset `colorCount`. One read of
/// each number of B, no bounds checks.
@inlinable func recoverByRows<S: RealScalar>(
  _ pattern: SparsityPattern, colors: [Int], colorCount p: Int, compressed: [S], stride: Int,
  weights: [S]?
) -> (values: [S], suspect: Bool) {
  var values = [S](repeating: 0, count: pattern.nonzeroCount)
  var suspect = false
  let tolerance = 1024 * S.ulpOfOne
  var stamp = [Int](repeating: -1, count: p)
  values.withUnsafeMutableBufferPointer { values in
    compressed.withUnsafeBufferPointer { b in
      pattern.rowStarts.withUnsafeBufferPointer { starts in
        pattern.columnIndices.withUnsafeBufferPointer { columns in
          colors.withUnsafeBufferPointer { colors in
            guard let weights else {
              for i in 0..<pattern.rows {
                for e in starts[i]..<starts[i + 1] {
                  values[e] = b[i * stride + colors[columns[e]]]
                }
              }
              return
            }
            weights.withUnsafeBufferPointer { w in
              stamp.withUnsafeMutableBufferPointer { stamp in
                for i in 0..<pattern.rows {
                  let row = i * stride
                  var recovered: S = 0
                  var scale: S = 0
                  for e in starts[i]..<starts[i + 1] {
                    let j = columns[e]
                    let c = colors[j]
                    let v = b[row + c]
                    values[e] = v
                    stamp[c] = i
                    let term = v * w[j]
                    recovered += term
                    scale += abs(term)
                  }
                  for c in 0..<p where stamp[c] != i && b[row + c] != 0 { suspect = true }
                  let probed = b[row + p]
                  if !(abs(probed - recovered) <= tolerance * (scale + abs(probed))) {
                    suspect = true
                  }
                }
              }
            }
          }
        }
      }
    }
  }
  return (values, suspect)
}

/// Check 2 alone, by rows: whether the probe pass `probe` ((A·w)ᵢ) differs from the recovered
/// entries `values` along the probe weights by more than rounding.
@inlinable func probeContradicts<S: RealScalar>(
  _ pattern: SparsityPattern, values: [S], probe: [S], weights: [S]
) -> Bool {
  let tolerance = 1024 * S.ulpOfOne
  let starts = pattern.rowStarts
  let columns = pattern.columnIndices
  for i in 0..<pattern.rows {
    var recovered: S = 0
    var scale: S = 0
    for e in starts[i]..<starts[i + 1] {
      let term = values[e] * weights[columns[e]]
      recovered += term
      scale += abs(term)
    }
    if !(abs(probe[i] - recovered) <= tolerance * (scale + abs(probe[i]))) { return true }
  }
  return false
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
