internal import Synchronization

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
/// Each colouring is computed the first time it is asked for (by a driver or by reading
/// ``columnColoring`` or ``rowColoring``) and kept: a plan used only by forward mode never
/// colours the rows, which on patterns with long columns (many rows sharing a column) costs
/// far more than the column colouring. A colouring you already have (from the problem's
/// structure, or from ColPack) is passed with
/// ``init(pattern:columnColoring:rowColoring:order:)``.
///
/// - Important: a detected pattern holds for the branches f takes at the detection point
///   (see ``SparsityPattern/jacobian(at:of:)``). If f branches on its inputs and the points
///   move to other branches, build a new plan there (re-detect), or build the plan from a
///   pattern you know covers every branch with ``init(pattern:order:)``. The drivers check
///   the plan at every point and stop with a message where f's sparsity differs.
public struct SparseJacobianPlan: Sendable, Equatable {
  /// The Jacobian's sparsity pattern, m × n.
  public let pattern: SparsityPattern
  /// The vertex order of the colourings computed here.
  @usableFromInline let order: ColoringOrder
  /// The colourings, each computed on first use.
  @usableFromInline let colorings: ColoringCache

  /// A distance-1 colouring of the columns: one forward tangent per colour.
  public var columnColoring: Coloring {
    colorings.columns { Coloring.columns(of: pattern, order: order) }
  }

  /// A distance-1 colouring of the rows: one reverse sweep per colour.
  public var rowColoring: Coloring {
    colorings.rows { Coloring.rows(of: pattern, order: order) }
  }

  /// A plan for a known pattern; its colourings are computed when first used.
  /// - Parameters:
  ///   - pattern: the Jacobian's pattern (m × n); it must cover every entry that can be
  ///     nonzero (the drivers check it at every point and stop where it does not).
  ///   - order: the vertex order of the greedy colourings.
  public init(pattern: SparsityPattern, order: ColoringOrder = .smallestLast) {
    self.pattern = pattern
    self.order = order
    self.colorings = ColoringCache(columns: nil, rows: nil)
  }

  /// A plan for a known pattern with colourings you already have (from the problem's
  /// structure, or from a colouring tool such as ColPack): no colouring is computed for the
  /// ones given. Each given colouring is checked against the pattern (O(nonzeros)).
  ///
  /// ```swift
  /// // Columns 0..<n in blocks of 3 that share no row: 3 colours, known from the problem.
  /// let plan = SparseJacobianPlan(
  ///   pattern: pattern, columnColoring: Coloring(colors: (0..<n).map { $0 % 3 }))
  /// let j = Forward.sparseJacobian(at: x, plan: plan, of: f)   // 3 tangents
  /// ```
  /// - Parameters:
  ///   - pattern: the Jacobian's pattern (m × n); it must cover every entry that can be
  ///     nonzero (the drivers check it at every point and stop where it does not).
  ///   - columnColoring: a distance-1 colouring of the columns (n colours, no two columns of
  ///     one colour with an entry in the same row); `nil` computes one when forward mode
  ///     first needs it.
  ///   - rowColoring: the same for the rows (m colours, no two rows of one colour with an
  ///     entry in the same column); `nil` computes one when reverse mode first needs it.
  ///   - order: the vertex order of the colourings computed here.
  public init(
    pattern: SparsityPattern, columnColoring: Coloring?, rowColoring: Coloring? = nil,
    order: ColoringOrder = .smallestLast
  ) {
    if let c = columnColoring {
      Self.requireValid(c, of: pattern, columns: true)
    }
    if let r = rowColoring {
      Self.requireValid(r, of: pattern, columns: false)
    }
    self.pattern = pattern
    self.order = order
    self.colorings = ColoringCache(columns: columnColoring, rows: rowColoring)
  }

  /// A plan for f, its pattern detected at x (one evaluation with tracers); the colourings
  /// are computed when first used.
  public init<S: RealScalar>(
    at x: [S], order: ColoringOrder = .smallestLast, of f: some VectorToVector
  ) {
    self.init(pattern: SparsityPattern.jacobian(at: x, of: f), order: order)
  }

  /// Plans are equal when their patterns and colourings are (colourings not yet computed are
  /// computed to compare).
  public static func == (a: Self, b: Self) -> Bool {
    a.pattern == b.pattern && a.columnColoring == b.columnColoring
      && a.rowColoring == b.rowColoring
  }

  /// Stops with a message naming the first conflict if `coloring` is not a distance-1
  /// colouring of the pattern's columns (`columns`) or rows.
  static func requireValid(_ coloring: Coloring, of pattern: SparsityPattern, columns: Bool) {
    let what = columns ? "columnColoring" : "rowColoring"
    let lines = columns ? pattern.columns : pattern.rows
    require(
      coloring.colors.count == lines,
      "SparseJacobianPlan: \(what) has \(coloring.colors.count) colours but the pattern has"
        + " \(lines) \(columns ? "columns" : "rows"); give one colour per"
        + " \(columns ? "column" : "row").")
    if let (a, b, shared) = coloring.firstConflict(in: columns ? pattern : pattern.transposed) {
      let (kind, other) = columns ? ("columns", "row") : ("rows", "column")
      dualTapeFailure(
        "SparseJacobianPlan: \(what) gives \(kind) \(a) and \(b) the same colour"
          + " \(coloring.colors[a]), but both have an entry in \(other) \(shared): a compressed"
          + " pass would add their entries into one number. Give them different colours, or"
          + " pass nil to have the \(kind) coloured here.")
    }
  }

  /// Checks that the plan fits an input of n entries.
  @usableFromInline func check(inputCount n: Int, _ caller: String) {
    require(
      pattern.columns == n,
      "\(caller): the plan's pattern has \(pattern.columns) columns but x has \(n) entries."
        + " Build the plan for this input size: SparseJacobianPlan(at: x, of: f).")
  }
}

/// A plan's two colourings, each computed once on first use (shared by the plan's copies; safe
/// from any thread: the lock is held only while a colouring is computed from the pattern and
/// stored, and nothing is released under it but the empty slot).
@usableFromInline final class ColoringCache: Sendable {
  /// The two colourings, nil until computed.
  struct Slots {
    var columns: Coloring?
    var rows: Coloring?
  }
  let state: Mutex<Slots>

  init(columns: Coloring?, rows: Coloring?) {
    state = Mutex(Slots(columns: columns, rows: rows))
  }

  /// The column colouring, computed by `make` the first time.
  @usableFromInline func columns(_ make: () -> Coloring) -> Coloring { get(\.columns, make) }

  /// The row colouring, computed by `make` the first time.
  @usableFromInline func rows(_ make: () -> Coloring) -> Coloring { get(\.rows, make) }

  private func get(_ slot: WritableKeyPath<Slots, Coloring?>, _ make: () -> Coloring)
    -> Coloring
  {
    state.withLock { s in
      if let c = s[keyPath: slot] { return c }
      let c = make()
      s[keyPath: slot] = c
      return c
    }
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
  /// - Complexity: ⌈(p + 1) / 16⌉ evaluations of f with ``DualVector`` numbers (all lanes in
  ///   one pass up to 16), where p is `plan.columnColoring.colorCount` and the one more lane
  ///   checks a given plan (none without one), plus O(n + m·p + nonzeros) to seed, recover
  ///   and check, in one loop over the entries.
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
    return checkedSparseJacobian(
      x, plan ?? SparseJacobianPlan(at: x, of: f), verify: plan != nil, f
    ).resolved("Forward.sparseJacobian", hessian: false)
  }

  /// Compressed forward passes with `plan`; with `verify`, one more lane carries the probe
  /// direction and the result is checked against the plan's pattern (see
  /// Sparse/PatternCheck.swift).
  @inlinable static func checkedSparseJacobian<S: RealScalar>(
    _ x: [S], _ plan: SparseJacobianPlan, verify: Bool, _ f: some VectorToVector
  ) -> PatternChecked<(value: [S], jacobian: SparseMatrix<S>)> {
    plan.check(inputCount: x.count, "Forward.sparseJacobian")
    let k = sparseChunkSize(colorCount: plan.columnColoring.colorCount, probe: verify)
    // Unguarded passes, a pass again with `DualVector` only where a lane is NaN (see
    // Forward/EdgePolicy.swift and `chunked`).
    let r = withChunkWidth(k, CompressedJacobian(x, plan, k, verify, f))
    return .verdict(
      (r.value, r.jacobian), suspect: r.suspect, plan: plan.pattern,
      detect: { SparsityPattern.jacobian(at: x, of: f) })
  }

  /// Tangent lanes per pass for p colours (and the probe lane): all of them in one pass up to
  /// 16, else passes of 16. A sparse plan has few colours, and each pass evaluates f's
  /// values again: on bundle adjustment (15 colours and the probe) one pass of 16 lanes takes
  /// 0.58x the instructions of four passes of 4 (callgrind, the f evaluations alone).
  @inlinable static func sparseChunkSize(colorCount p: Int, probe: Bool) -> Int {
    Swift.min(maximumChunkSize, p + (probe ? 1 : 0))
  }

  /// Compressed forward passes: colours `start..<start + k` in the lanes of one pass; with
  /// `probe`, colour p (one past the last) is the probe direction, seeded on every input.
  /// Each pass runs `f`, and `guarded` too where the policy `E` may need it (a lane came out
  /// NaN).
  @inlinable static func compressed<S: RealScalar, E: EdgePolicy, P: SIMD>(
    _ x: [S], _ plan: SparseJacobianPlan, _ k: Int, _ probe: Bool,
    _ f: ([DualLanes<P, E>]) -> [DualLanes<P, E>], guarded: ([DualVector<P>]) -> [DualVector<P>]
  ) -> (value: [S], jacobian: SparseMatrix<S>, suspect: Bool) where P.Scalar == S {
    let m = plan.pattern.rows
    let coloring = plan.columnColoring
    let p = coloring.colorCount
    let lanes = p + (probe ? 1 : 0)
    let groups = coloring.groups
    let weights: [S] = probe ? probeWeights(x.count) : []
    /// Seeds colours start..<end in lanes 0..<end − start (the probe as colour p).
    func seeded<V: EdgePolicy>(_ xs: inout [DualLanes<P, V>], _ start: Int, _ end: Int, _ value: S)
    {
      for c in start..<Swift.min(end, p) {
        for j in groups[c] { xs[j].partials[c - start] = value }
      }
      if end > p {
        for j in xs.indices { xs[j].partials[p - start] = value == 0 ? 0 : weights[j] }
      }
    }
    var xs = x.map { DualLanes<P, E>(constant: $0) }
    var value: [S] = []
    // B = J·S, then the probe lane J·w: row i at i · stride, colour c at offset c (a pass's
    // lanes are stored whole: k is P's lane count or there is a single pass).
    let stride = (lanes + k - 1) / k * P.scalarCount
    var compressed = [S](repeating: 0, count: m * stride)
    var start = 0
    while start < lanes {
      let end = Swift.min(start + k, lanes)
      seeded(&xs, start, end, 1)
      var y = f(xs)
      seeded(&xs, start, end, 0)
      requirePlanOutputCount(y.count, m, "Forward.sparseJacobian")
      var guardedRun = false
      while true {
        // Each output's lanes stored whole, and the sum of all of them: NaN if a lane is (see
        // `chunked`).
        var sum = P()
        compressed.withUnsafeMutableBufferPointer { b in
          let base = UnsafeMutableRawPointer(b.baseAddress!)
          y.withUnsafeBufferPointer { y in
            for i in 0..<m {
              let partials = y[i].partials
              if !E.guardsEdges { sum += partials }
              base.storeBytes(
                of: partials, toByteOffset: (i * stride + start) * MemoryLayout<S>.stride,
                as: P.self)
            }
          }
        }
        if E.guardsEdges || guardedRun || !sum.sum().isNaN { break }
        guardedRun = true
        var g = x.map { DualVector<P>(constant: $0) }
        seeded(&g, start, end, 1)
        y = guarded(g).map { v in
          var l = DualLanes<P, E>(constant: v.value)
          l.partials = v.partials
          return l
        }
      }
      if start == 0 { value = y.map(\.value) }
      start = end
    }
    let r = recoverByRows(
      plan.pattern, colors: coloring.colors, colorCount: p, compressed: compressed,
      stride: stride, weights: probe ? weights : nil)
    return (value, SparseMatrix(pattern: plan.pattern, values: r.values), r.suspect)
  }
}

/// ``Forward/compressed(_:_:_:_:_:guarded:)`` at the lanes ``Forward/withChunkWidth(_:_:)``
/// picks: unguarded passes, guarded again only where a lane is NaN.
@usableFromInline struct CompressedJacobian<S: RealScalar, F: VectorToVector>: ChunkWidthBody {
  @usableFromInline typealias Scalar = S
  @usableFromInline let x: [S], plan: SparseJacobianPlan, k: Int, probe: Bool, f: F
  @inlinable init(_ x: [S], _ plan: SparseJacobianPlan, _ k: Int, _ probe: Bool, _ f: F) {
    (self.x, self.plan, self.k, self.probe, self.f) = (x, plan, k, probe, f)
  }
  @inlinable func callAsFunction<P: SIMD & SendableMetatype>(_: P.Type) -> (
    value: [S], jacobian: SparseMatrix<S>, suspect: Bool
  ) where P.Scalar == S {
    Forward.compressed(
      x, plan, k, probe, { (v: [UnguardedDualVector<P>]) in f(v) },
      guarded: { (v: [DualVector<P>]) in f(v) })
  }
}
