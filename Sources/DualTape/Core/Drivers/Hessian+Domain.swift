// The edge policy's rule for second derivatives, in one place for every Hessian driver
// (forward-over-forward, forward-over-reverse, their Hessian–vector products, the parallel and
// sparse Hessians): a second derivative exists only where the first derivative it
// differentiates exists. Each driver has the gradient as a by-product of its nested pass (the
// value parts of its tangents or adjoints) and hands it here.

/// Where ∂f/∂xᵢ is ±∞ or NaN, f is not differentiable in xᵢ, so ∂/∂xⱼ(∂f/∂xᵢ) does not exist
/// for any j: row and column i of the Hessian are NaN. Without this rule the engines' groupings
/// show through (forward-over-forward multiplies an infinite ∂f/∂xᵢ into each term before
/// summing, ∞ − ∞ = NaN; forward-over-reverse sums first, ±∞).
@usableFromInline enum SecondOrderDomain {
  /// The inputs i whose first derivative ∂f/∂xᵢ is not finite; empty at almost every point.
  @inlinable static func undefined<S: RealScalar>(_ gradient: some Collection<S>) -> [Int] {
    var found: [Int] = []
    for (i, g) in gradient.enumerated() where !g.isFinite { found.append(i) }
    return found
  }

  /// Whether a second derivative exists where the first is `firstDerivative`: whether its
  /// value is finite (∞ − ∞ and NaN − NaN are NaN), at any nesting of scalars. The scalar
  /// driver (`Forward.secondDerivative`) returns NaN where it does not.
  @inlinable static func exists<T: Differentiable>(firstDerivative d: T) -> Bool {
    !(d - d).hasNaNValue
  }

  /// Sets row and column i of the n × n row-major matrix h to NaN for each input i in
  /// `undefined` (see ``undefined(_:)``).
  @inlinable static func mask<S: RealScalar>(
    _ h: UnsafeMutableBufferPointer<S>, _ n: Int, undefined: [Int]
  ) {
    for i in undefined {
      for j in 0..<n {
        h[i * n + j] = .nan
        h[j * n + i] = .nan
      }
    }
  }

  /// The same rule on a sparse Hessian's stored entries, row i's at
  /// `rowStarts[i]..<rowStarts[i + 1]` with their columns in `columnIndices` (compressed rows,
  /// as a sparsity pattern keeps them): (i, j) is NaN where ∂f/∂xᵢ or ∂f/∂xⱼ is not finite.
  @inlinable static func mask<S: RealScalar>(
    _ values: inout [S], rowStarts: [Int], columnIndices: [Int], undefined: [Int]
  ) {
    if undefined.isEmpty { return }
    let rows = rowStarts.count - 1
    var isUndefined = [Bool](repeating: false, count: rows)
    for i in undefined { isUndefined[i] = true }
    for i in 0..<rows {
      for e in rowStarts[i]..<rowStarts[i + 1]
      where isUndefined[i] || isUndefined[columnIndices[e]] {
        values[e] = .nan
      }
    }
  }

  /// The rule applied to H·v = Σⱼ H[·, j]·vⱼ: entry i is NaN where ∂f/∂xᵢ is not finite, and
  /// every entry is NaN where some vⱼ ≠ 0 meets a ∂f/∂xⱼ that is not finite (column j is NaN;
  /// a column with vⱼ = 0 contributes no term, as a zero tangent never does).
  @inlinable static func product<S: RealScalar>(
    _ hv: [S], direction: [S], undefined: [Int]
  ) -> [S] {
    if undefined.isEmpty { return hv }
    if undefined.contains(where: { direction[$0] != 0 }) {
      return [S](repeating: .nan, count: hv.count)
    }
    var hv = hv
    for i in undefined { hv[i] = .nan }
    return hv
  }
}
