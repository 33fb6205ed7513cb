/// What a sparse Hessian needs besides the point: the symmetric sparsity pattern, a star
/// colouring of it, and where each entry is read from the compressed Hessian. Build it once
/// and pass it to ``Reverse/sparseHessian(at:plan:of:)`` at every new point.
///
/// ```swift
/// let plan = SparseHessianPlan(at: x0, of: Rosenbrock())   // tridiagonal, 3 colours
/// let h = Reverse.sparseHessian(at: x, plan: plan, of: Rosenbrock())
/// ```
///
/// - Important: a detected pattern holds for the branches f takes at the detection point
///   (see ``SparsityPattern/hessian(at:of:)``); build a new plan where f takes others. The
///   driver checks the plan at every point and stops with a message where it does not fit.
public struct SparseHessianPlan: Sendable, Equatable {
  /// The Hessian's sparsity pattern, n × n and symmetric.
  public let pattern: SparsityPattern
  /// A star colouring of the pattern: one Hessian–vector product per colour.
  public let coloring: Coloring
  /// For each entry of the pattern, its position in the compressed Hessian B = H·S (n × p,
  /// row-major): entry (i, j) is B[i, colour(j)] where j is the only neighbour of i with its
  /// colour, otherwise B[j, colour(i)] (the star colouring guarantees one of the two).
  @usableFromInline let sources: [Int]

  /// A plan for a known symmetric pattern.
  /// - Parameters:
  ///   - pattern: the Hessian's pattern; it must be symmetric and cover every entry that can
  ///     be nonzero (an uncovered entry is lost and corrupts entries that share its colour).
  ///   - order: the vertex order of the greedy star colouring.
  public init(pattern: SparsityPattern, order: ColoringOrder = .smallestLast) {
    require(
      pattern.isSymmetric,
      "SparseHessianPlan: the pattern is not symmetric (\(pattern.rows)x\(pattern.columns));"
        + " a Hessian's pattern is. Use SparsityPattern.hessian(at:of:), or add (j, i) for"
        + " every (i, j).")
    let coloring = Coloring.star(ofSymmetric: pattern, order: order)
    self.pattern = pattern
    self.coloring = coloring
    self.sources = Self.recoverySources(pattern, coloring)
  }

  /// A plan for f, its pattern detected at x (one tracer evaluation, then a star colouring).
  public init<S: RealScalar>(
    at x: [S], order: ColoringOrder = .smallestLast, of f: some VectorToScalar
  ) {
    self.init(pattern: SparsityPattern.hessian(at: x, of: f), order: order)
  }

  /// Direct recovery: where each entry of the pattern lies in B = H·S.
  static func recoverySources(_ pattern: SparsityPattern, _ coloring: Coloring) -> [Int] {
    let n = pattern.rows
    let p = coloring.colorCount
    let colors = coloring.colors
    // Whether entry (i, j) is the only neighbour of i with colour(j).
    var unique = [Bool](repeating: false, count: pattern.nonzeroCount)
    var count = [Int](repeating: 0, count: p)
    for i in 0..<n {
      let range = pattern.rowStarts[i]..<pattern.rowStarts[i + 1]
      for e in range where pattern.columnIndices[e] != i {
        count[colors[pattern.columnIndices[e]]] += 1
      }
      for e in range { unique[e] = count[colors[pattern.columnIndices[e]]] <= 1 }
      for e in range { count[colors[pattern.columnIndices[e]]] = 0 }
    }
    var sources = [Int](repeating: 0, count: pattern.nonzeroCount)
    for i in 0..<n {
      for e in pattern.rowStarts[i]..<pattern.rowStarts[i + 1] {
        let j = pattern.columnIndices[e]
        if j == i || unique[e] {
          sources[e] = i * p + colors[j]
        } else {
          let mirror = pattern.entryIndex(j, i)!
          require(
            unique[mirror],
            "SparseHessianPlan: entry (\(i), \(j)) cannot be recovered; the colouring is not a"
              + " star colouring.")
          sources[e] = j * p + colors[i]
        }
      }
    }
    return sources
  }

  /// Checks that the plan fits an input of n entries.
  @usableFromInline func check(inputCount n: Int, _ caller: String) {
    require(
      pattern.columns == n,
      "\(caller): the plan's pattern is \(pattern.rows)x\(pattern.columns) but x has \(n)"
        + " entries. Build the plan for this input size: SparseHessianPlan(at: x, of: f).")
  }
}

extension Reverse {
  /// The Hessian ∇²f(x) of f: ℝⁿ → ℝ as a sparse matrix, by compressed Hessian–vector
  /// products: for each star colour c, H·s_c (s_c the indicator of the variables of colour
  /// c) by forward-over-reverse (`Reverse.hessianVectorProduct(at:direction:of:)`); then every
  /// entry is read directly from one of those products (star colouring, direct recovery).
  /// Stored entries (i, j) are NaN where ∂f/∂xᵢ or ∂f/∂xⱼ is ±∞ or NaN (see
  /// <doc:EdgeSemantics>); entries outside the pattern stay structural zeros.
  ///
  /// ```swift
  /// let h = Reverse.sparseHessian(at: x, of: Rosenbrock())   // 3 HVPs whatever n is
  /// ```
  /// - Parameters:
  ///   - x: the point, n ≥ 1 values.
  ///   - plan: pattern and star colouring; `nil` detects them at x first.
  ///   - f: the function, written generically.
  ///
  /// A given plan is checked at x as in ``Forward/sparseJacobian(at:plan:of:)``, here by one
  /// more Hessian–vector product along a fixed direction of distinct weights: where f's
  /// sparsity at x differs from the plan's pattern, it stops with a message rather than return
  /// wrong entries (``Auto/hessian(at:options:of:)`` re-detects instead).
  /// - Complexity: p Hessian–vector products (p = `plan.coloring.colorCount`; one more to
  ///   check a given plan), each one recording of f with `Tracked<Dual<S>>` and one sweep,
  ///   plus O(nonzeros + n·p) to recover and check; the dense `Reverse.hessian(at:of:)` takes
  ///   n of them.
  @inlinable public static func sparseHessian<S: RealScalar>(
    at x: [S], plan: SparseHessianPlan? = nil, of f: some VectorToScalar
  ) -> SparseMatrix<S> {
    requireInputs(x, "Reverse.sparseHessian")
    // A plan detected here fits; a given one is checked.
    return checkedSparseHessian(x, plan ?? SparseHessianPlan(at: x, of: f), verify: plan != nil, f)
      .resolved("Reverse.sparseHessian", hessian: true).hessian
  }

  /// The compressed Hessian–vector products with `plan`; with `verify`, one more product along
  /// the probe direction checks the result against the plan's pattern (see
  /// Sparse/PatternCheck.swift). Also the inputs whose ∂f/∂xᵢ is not finite (their rows and
  /// columns are NaN by the second-order rule).
  @inlinable static func checkedSparseHessian<S: RealScalar>(
    _ x: [S], _ plan: SparseHessianPlan, verify: Bool, _ f: some VectorToScalar
  ) -> PatternChecked<(hessian: SparseMatrix<S>, undefined: [Int])> {
    plan.check(inputCount: x.count, "Reverse.sparseHessian")
    let n = x.count
    let p = plan.coloring.colorCount
    let colors = plan.coloring.colors
    var compressed = [S](repeating: 0, count: n * p)
    var direction = [S](repeating: 0, count: n)
    var undefined: [Int] = []
    for c in 0..<p {
      for j in 0..<n { direction[j] = colors[j] == c ? 1 : 0 }
      let r = unmaskedHessianVectorProduct(x, direction, f)
      undefined = r.undefined
      for i in 0..<n { compressed[i * p + c] = r.product[i] }
    }
    var values = plan.sources.map { compressed[$0] }
    let weights: [S] = verify ? probeWeights(n) : []
    let suspect =
      verify
      && compressionContradicts(
        plan.pattern, byColumn: false, colors: colors, colorCount: p, compressed: compressed,
        values: values, probe: unmaskedHessianVectorProduct(x, weights, f).product,
        weights: weights)
    SecondOrderDomain.mask(
      &values, rowStarts: plan.pattern.rowStarts, columnIndices: plan.pattern.columnIndices,
      undefined: undefined)
    return .verdict(
      (SparseMatrix(pattern: plan.pattern, values: values), undefined), suspect: suspect,
      plan: plan.pattern, detect: { SparsityPattern.hessian(at: x, of: f) })
  }
}
