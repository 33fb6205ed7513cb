import DualTape

/// The gradient of a sum f = Σₜ fₜ as the sum of the terms' reverse gradients: one recording
/// and one sweep per term, so the tape holds one term at a time (a long sum recorded whole can
/// need more memory than the machine has: GMM at d = 64, k = 100 records about 4·10⁸ nodes).
/// - Parameters:
///   - x: the point.
///   - terms: the terms; their sum is the function.
func summedGradient<F: VectorToScalar>(at x: [Double], terms: [F]) -> [Double] {
  var total = [Double](repeating: 0, count: x.count)
  for term in terms {
    let g = Reverse.gradient(at: x, of: term)
    for i in total.indices { total[i] += g[i] }
  }
  return total
}

/// `count` items split into consecutive ranges of about `size` items.
func chunks(of count: Int, size: Int) -> [Range<Int>] {
  let size = Swift.max(1, size)
  return stride(from: 0, to: count, by: size).map { $0..<Swift.min($0 + size, count) }
}

/// log Σ exp(vᵢ) with the largest vᵢ as a constant shift (it cancels in value and derivative).
/// Generic over the collection so that a caller's buffer pointer is read without bounds checks.
@inline(__always)
func logSumExp<C: Collection>(_ v: C) -> C.Element where C.Element: Differentiable {
  var a = v[v.startIndex]
  for x in v where x > a { a = x }
  let shift = withoutDerivative(at: a)
  var s: C.Element = 0
  for x in v { s += exp(x - shift) }
  return log(s) + shift
}

/// Σ vᵢ².
@inline(__always)
func squaredNorm<C: Collection>(_ v: C) -> C.Element where C.Element: Differentiable {
  var s: C.Element = 0
  for x in v { s += x * x }
  return s
}
