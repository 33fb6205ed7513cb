/// What a sparse Jacobian needs besides the point: the sparsity pattern and its column and row
/// colourings. Build it once, then pass it to ``Forward/sparseJacobian(at:plan:of:)`` or
/// ``Reverse/sparseJacobian(at:plan:of:)`` at every new point: no detection, no colouring.
///
/// ```swift
/// let plan = SparseJacobianPlan(at: x0, of: f)     // detect once
/// plan.columnColoring.colorCount                   // forward passes per Jacobian
/// for x in points {
///   let j = Forward.sparseJacobian(at: x, plan: plan, of: f)
/// }
/// ```
///
/// - Important: a detected pattern holds for the branches f takes at the detection point
///   (see ``SparsityPattern/jacobian(at:of:)``). If f branches on its inputs and the points
///   move to other branches, build a new plan there (re-detect), or build the plan from a
///   pattern you know covers every branch with ``init(pattern:order:)``. The drivers check
///   the plan at every point and stop with a message where f's sparsity differs.
public struct SparseJacobianPlan: Sendable, Equatable {
  /// The Jacobian's sparsity pattern, m × n.
  public let pattern: SparsityPattern
  /// A distance-1 colouring of the columns: one forward tangent per colour.
  public let columnColoring: Coloring
  /// A distance-1 colouring of the rows: one reverse sweep per colour.
  public let rowColoring: Coloring

  /// A plan for a known pattern.
  /// - Parameters:
  ///   - pattern: the Jacobian's pattern (m × n); it must cover every entry that can be
  ///     nonzero, or those entries are silently lost (and wrong entries appear where
  ///     uncovered entries share a colour).
  ///   - order: the vertex order of the greedy colourings.
  public init(pattern: SparsityPattern, order: ColoringOrder = .smallestLast) {
    self.pattern = pattern
    self.columnColoring = Coloring.columns(of: pattern, order: order)
    self.rowColoring = Coloring.rows(of: pattern, order: order)
  }

  /// A plan for f, its pattern detected at x (one evaluation with tracers, then two
  /// colourings).
  public init<S: RealScalar>(
    at x: [S], order: ColoringOrder = .smallestLast, of f: some VectorToVector
  ) {
    self.init(pattern: SparsityPattern.jacobian(at: x, of: f), order: order)
  }

  /// Checks that the plan fits an input of n entries.
  @usableFromInline func check(inputCount n: Int, _ caller: String) {
    require(
      pattern.columns == n,
      "\(caller): the plan's pattern has \(pattern.columns) columns but x has \(n) entries."
        + " Build the plan for this input size: SparseJacobianPlan(at: x, of: f).")
  }
}

/// Stops with a message if the function's output count differs from the plan's rows.
@inlinable func requirePlanOutputCount(_ count: Int, _ rows: Int, _ caller: String) {
  require(
    count == rows,
    "\(caller): the function returned \(count) outputs but the plan's pattern has \(rows)"
      + " rows. The output length must not depend on the input values; build a new plan"
      + " if the function changed.")
}

extension Forward {
  /// The Jacobian of f: ℝⁿ → ℝᵐ as a sparse matrix, by compressed forward mode: columns of
  /// the same colour (sharing no row) are seeded in one tangent, so the Jacobian costs one
  /// tangent per colour instead of one per input. Several colours go in one pass, as in
  /// chunk mode (``DualVector``).
  ///
  /// ```swift
  /// let plan = SparseJacobianPlan(at: x, of: f)          // once
  /// let j = Forward.sparseJacobian(at: x, plan: plan, of: f)
  /// j.dense() == Forward.jacobian(at: x, of: f)          // same entries
  /// ```
  ///
  /// Entry (i, j) is read from tangent colour(j) of output i, where no other column of that
  /// colour has an entry in row i: the value is the same as the dense Jacobian's.
  ///
  /// A given plan is checked at x: where f's sparsity here differs from the plan's pattern
  /// (f takes another branch, or a parameter of f changed), an entry outside the pattern would
  /// be lost or added into another one. One more tangent lane seeded with a fixed direction of
  /// distinct weights, and the compressed tangents that the pattern says are zero, show such an
  /// entry; the pattern is then detected again at x, and the call stops with a message if f
  /// has an entry there that the plan lacks (``Auto`` re-detects instead). What escapes: a new
  /// entry below about 1024·ε of its row's magnitude that shares a colour with an entry of the
  /// pattern.
  /// - Parameters:
  ///   - x: the point, n ≥ 1 values.
  ///   - plan: pattern and colourings; `nil` detects them at x first (one tracer evaluation
  ///     and a colouring): pass a plan to reuse them across calls.
  ///   - f: the function, written generically.
  /// - Complexity: ⌈p / k⌉ evaluations of f with ``DualVector`` numbers, where p is
  ///   `plan.columnColoring.colorCount` (one more lane to check a given plan) and
  ///   k = ``defaultChunkSize(forInputCount:)`` of p, plus O(n + m·p + nonzeros) to seed,
  ///   recover and check.
  @inlinable public static func sparseJacobian<S: RealScalar>(
    at x: [S], plan: SparseJacobianPlan? = nil, of f: some VectorToVector
  ) -> SparseMatrix<S> {
    valueWithSparseJacobian(at: x, plan: plan, of: f).jacobian
  }

  /// f(x) and its sparse Jacobian by compressed forward mode.
  /// See ``sparseJacobian(at:plan:of:)``.
  @inlinable public static func valueWithSparseJacobian<S: RealScalar>(
    at x: [S], plan: SparseJacobianPlan? = nil, of f: some VectorToVector
  ) -> (value: [S], jacobian: SparseMatrix<S>) {
    requireInputs(x, "Forward.sparseJacobian")
    // A plan detected here fits; a given one is checked.
    let checked = checkedSparseJacobian(
      x, plan ?? SparseJacobianPlan(at: x, of: f), verify: plan != nil, f)
    switch checked {
    case .computed(let r): return r
    case .differs(_, let entry): planDoesNotFit("Forward.sparseJacobian", entry, hessian: false)
    }
  }

  /// Compressed forward passes with `plan`; with `verify`, one more lane carries the probe
  /// direction and the result is checked against the plan's pattern (see
  /// Sparse/PatternCheck.swift).
  @inlinable static func checkedSparseJacobian<S: RealScalar>(
    _ x: [S], _ plan: SparseJacobianPlan, verify: Bool, _ f: some VectorToVector
  ) -> PatternChecked<(value: [S], jacobian: SparseMatrix<S>)> {
    plan.check(inputCount: x.count, "Forward.sparseJacobian")
    let k = defaultChunkSize(forInputCount: plan.columnColoring.colorCount + (verify ? 1 : 0))
    let r: (value: [S], jacobian: SparseMatrix<S>, suspect: Bool)
    switch k {
    case 1...2: r = compressed(x, plan, k, verify, f, SIMD2<S>.self)
    case 3...4: r = compressed(x, plan, k, verify, f, SIMD4<S>.self)
    case 5...8: r = compressed(x, plan, k, verify, f, SIMD8<S>.self)
    default: r = compressed(x, plan, k, verify, f, SIMD16<S>.self)
    }
    guard r.suspect else { return .computed((r.value, r.jacobian)) }
    return plan.pattern.verdict(
      (r.value, r.jacobian), detected: SparsityPattern.jacobian(at: x, of: f))
  }

  /// Compressed forward passes: colours `start..<start + k` in the lanes of one pass; with
  /// `probe`, colour p (one past the last) is the probe direction, seeded on every input.
  @inlinable static func compressed<S: RealScalar, P: SIMD, F: VectorToVector>(
    _ x: [S], _ plan: SparseJacobianPlan, _ k: Int, _ probe: Bool, _ f: F, _: P.Type
  ) -> (value: [S], jacobian: SparseMatrix<S>, suspect: Bool) where P.Scalar == S {
    let pattern = plan.pattern
    let m = pattern.rows
    let colors = plan.columnColoring.colors
    let p = plan.columnColoring.colorCount
    let lanes = p + (probe ? 1 : 0)
    let groups = plan.columnColoring.groups
    var xs = x.map { DualVector<P>(constant: $0) }
    var value: [S] = []
    // B = J·S, m × p row-major, and the probe lane J·w.
    var compressed = [S](repeating: 0, count: m * p)
    var probed = [S](repeating: 0, count: probe ? m : 0)
    let weights: [S] = probe ? probeWeights(x.count) : []
    var start = 0
    while start < lanes {
      let end = Swift.min(start + k, lanes)
      for c in start..<Swift.min(end, p) {
        for j in groups[c] { xs[j].partials[c - start] = 1 }
      }
      if end > p {
        for j in xs.indices { xs[j].partials[p - start] = weights[j] }
      }
      let y = f(xs)
      for j in xs.indices { xs[j].partials = P() }
      requirePlanOutputCount(y.count, m, "Forward.sparseJacobian")
      if start == 0 { value = y.map(\.value) }
      for i in 0..<m {
        let partials = y[i].partials
        for c in start..<Swift.min(end, p) { compressed[i * p + c] = partials[c - start] }
        if end > p { probed[i] = partials[p - start] }
      }
      start = end
    }
    var values = [S](repeating: 0, count: pattern.nonzeroCount)
    let columns = pattern.columnIndices
    for i in 0..<m {
      for e in pattern.rowStarts[i]..<pattern.rowStarts[i + 1] {
        values[e] = compressed[i * p + colors[columns[e]]]
      }
    }
    let suspect =
      probe
      && compressionContradicts(
        pattern, byColumn: false, colors: colors, colorCount: p, compressed: compressed,
        values: values, probe: probed, weights: weights)
    return (value, SparseMatrix(pattern: pattern, values: values), suspect)
  }
}
