import DualTape

// Known patterns for the colouring tests, and functions with known sparse derivatives.

enum KnownPatterns {
  /// An n × n band: entries (i, j) with |i − j| ≤ halfWidth.
  static func banded(_ n: Int, halfWidth: Int) -> SparsityPattern {
    var entries = [(Int, Int)]()
    for i in 0..<n {
      for j in Swift.max(0, i - halfWidth)...Swift.min(n - 1, i + halfWidth) {
        entries.append((i, j))
      }
    }
    return SparsityPattern(rows: n, columns: n, entries: entries)
  }

  /// An n × n arrowhead: a dense first row and first column, and the diagonal.
  static func arrowhead(_ n: Int) -> SparsityPattern {
    var entries = [(Int, Int)]()
    for i in 0..<n { entries += [(0, i), (i, 0), (i, i)] }
    return SparsityPattern(rows: n, columns: n, entries: entries)
  }

  /// The 5-point stencil on a k × k grid, row-major.
  static func laplacian(side k: Int) -> SparsityPattern {
    var entries = [(Int, Int)]()
    for p in 0..<(k * k) {
      let i = p / k
      let j = p % k
      entries.append((p, p))
      if i > 0 { entries.append((p, p - k)) }
      if i + 1 < k { entries.append((p, p + k)) }
      if j > 0 { entries.append((p, p - 1)) }
      if j + 1 < k { entries.append((p, p + 1)) }
    }
    return SparsityPattern(rows: k * k, columns: k * k, entries: entries)
  }
}

/// The benchmark's banded sin map: output j reads w = min(3, n) consecutive inputs from
/// ⌊j·n/m⌋ (a copy: the benchmark's own type is not visible to the tests).
struct BandedSinMapForTests: VectorToVector {
  let outputCount: Int
  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] {
    let n = x.count
    let w = Swift.min(3, n)
    return (0..<outputCount).map { j in
      let start = Swift.min(j * n / outputCount, n - w)
      let k = T(j + 1)
      var y: T = 0
      for i in start..<(start + w) { y += sin(k * x[i]) * x[i] }
      return y
    }
  }
}

/// Largest |a − b| over two equally shaped matrices, relative to the largest |b| (at least 1).
func maxRelativeDifference(_ a: Matrix<Double>, _ b: Matrix<Double>) -> Double {
  precondition(a.rows == b.rows && a.columns == b.columns)
  let scale = Swift.max(1, b.elements.map { Swift.abs($0) }.max() ?? 0)
  return zip(a.elements, b.elements).map { Swift.abs($0 - $1) }.max()! / scale
}
