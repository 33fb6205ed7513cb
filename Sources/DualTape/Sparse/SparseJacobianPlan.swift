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
///   pattern you know covers every branch with ``init(pattern:order:)``.
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
  /// - Parameters:
  ///   - x: the point, n ≥ 1 values.
  ///   - plan: pattern and colourings; `nil` detects them at x first (one tracer evaluation
  ///     and a colouring): pass a plan to reuse them across calls.
  ///   - f: the function, written generically.
  /// - Complexity: ⌈p / k⌉ evaluations of f with ``DualVector`` numbers, where p is
  ///   `plan.columnColoring.colorCount` and k = ``defaultChunkSize(forInputCount:)`` of p,
  ///   plus O(n + nonzeros) to seed and recover.
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
    let plan = plan ?? SparseJacobianPlan(at: x, of: f)
    plan.check(inputCount: x.count, "Forward.sparseJacobian")
    let k = defaultChunkSize(forInputCount: plan.columnColoring.colorCount)
    switch k {
    case 1...2: return compressed(x, plan, k, f, SIMD2<S>.self)
    case 3...4: return compressed(x, plan, k, f, SIMD4<S>.self)
    case 5...8: return compressed(x, plan, k, f, SIMD8<S>.self)
    default: return compressed(x, plan, k, f, SIMD16<S>.self)
    }
  }

  /// Compressed forward passes: colours `start..<start + k` in the lanes of one pass.
  @inlinable static func compressed<S: RealScalar, P: SIMD, F: VectorToVector>(
    _ x: [S], _ plan: SparseJacobianPlan, _ k: Int, _ f: F, _: P.Type
  ) -> (value: [S], jacobian: SparseMatrix<S>) where P.Scalar == S {
    let pattern = plan.pattern
    let colors = plan.columnColoring.colors
    let p = plan.columnColoring.colorCount
    let groups = plan.columnColoring.groups
    var xs = x.map { DualVector<P>(constant: $0) }
    var value: [S] = []
    var values = [S](repeating: 0, count: pattern.nonzeroCount)
    var start = 0
    while start < p {
      let end = Swift.min(start + k, p)
      for c in start..<end {
        for j in groups[c] { xs[j].partials[c - start] = 1 }
      }
      let y = f(xs)
      for c in start..<end {
        for j in groups[c] { xs[j].partials = P() }
      }
      requirePlanOutputCount(y.count, pattern.rows, "Forward.sparseJacobian")
      if start == 0 { value = y.map(\.value) }
      values.withUnsafeMutableBufferPointer { v in
        pattern.columnIndices.withUnsafeBufferPointer { columns in
          for i in 0..<y.count {
            let partials = y[i].partials
            for e in pattern.rowStarts[i]..<pattern.rowStarts[i + 1] {
              let c = colors[columns[e]]
              if c >= start && c < end { v[e] = partials[c - start] }
            }
          }
        }
      }
      start = end
    }
    return (value, SparseMatrix(pattern: pattern, values: values))
  }
}

/// f with its outputs summed by row colour: output c is Σ over rows i of colour c of fᵢ.
/// Its Jacobian is the compressed Jacobian Sᵀ·J (one row per colour).
@usableFromInline struct RowCompressed<F: VectorToVector>: VectorToVector {
  @usableFromInline let f: F
  @usableFromInline let rowColors: [Int]
  @usableFromInline let colorCount: Int

  @inlinable init(f: F, rowColors: [Int], colorCount: Int) {
    self.f = f
    self.rowColors = rowColors
    self.colorCount = colorCount
  }

  @inlinable func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] {
    let y = f(x)
    requirePlanOutputCount(y.count, rowColors.count, "Reverse.sparseJacobian")
    var sums = [T?](repeating: nil, count: colorCount)
    for i in y.indices {
      let c = rowColors[i]
      if let s = sums[c] { sums[c] = s + y[i] } else { sums[c] = y[i] }
    }
    return sums.map { $0 ?? 0 }
  }
}

extension Reverse {
  /// The Jacobian of f: ℝⁿ → ℝᵐ as a sparse matrix, by compressed reverse mode: rows of the
  /// same colour (sharing no column) are summed into one output, so one recording and one
  /// sweep per colour give the whole Jacobian, instead of one sweep per output.
  ///
  /// Entry (i, j) is read from the gradient of colour(i)'s sum at input j, where no other row
  /// of that colour has an entry in column j.
  /// - Parameters:
  ///   - x: the point, n ≥ 1 values.
  ///   - plan: pattern and colourings; `nil` detects them at x first.
  ///   - f: the function, written generically.
  /// - Complexity: one evaluation of f with ``Tracked`` numbers plus m additions, then p
  ///   reverse sweeps (p = `plan.rowColoring.colorCount`), plus O(nonzeros) to recover.
  @inlinable public static func sparseJacobian<S: RealScalar>(
    at x: [S], plan: SparseJacobianPlan? = nil, of f: some VectorToVector
  ) -> SparseMatrix<S> {
    requireInputs(x, "Reverse.sparseJacobian")
    let plan = plan ?? SparseJacobianPlan(at: x, of: f)
    plan.check(inputCount: x.count, "Reverse.sparseJacobian")
    let n = x.count
    let colors = plan.rowColoring.colors
    let compressed = jacobian(
      at: x, of: RowCompressed(f: f, rowColors: colors, colorCount: plan.rowColoring.colorCount))
    let pattern = plan.pattern
    var values = [S](repeating: 0, count: pattern.nonzeroCount)
    for i in 0..<pattern.rows {
      let offset = colors[i] * n
      for e in pattern.rowStarts[i]..<pattern.rowStarts[i + 1] {
        values[e] = compressed.elements[offset + pattern.columnIndices[e]]
      }
    }
    return SparseMatrix(pattern: pattern, values: values)
  }
}
