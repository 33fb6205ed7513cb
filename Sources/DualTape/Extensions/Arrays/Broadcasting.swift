/// Broadcasting of two matrix shapes, NumPy-style, restricted to two dimensions.
///
/// Two extents fit when they are equal or one of them is 1; the 1 is repeated. So a matrix
/// combines with a matrix of its own shape, a row vector (1 × c, repeated down the rows), a
/// column vector (r × 1, repeated across the columns) or a 1 × 1 matrix (a scalar).
/// A row and a column vector give their outer combination.
@usableFromInline
struct Broadcast: Sendable {
  /// The result's shape.
  @usableFromInline let rows: Int
  @usableFromInline let columns: Int
  /// Strides of the left operand: row stride (0 if repeated) and column stride (0 if repeated).
  @usableFromInline let lhsRowStride: Int
  @usableFromInline let lhsColumnStride: Int
  @usableFromInline let rhsRowStride: Int
  @usableFromInline let rhsColumnStride: Int
  /// Whether both operands already have the result's shape (the fast path).
  @usableFromInline let isElementwise: Bool

  /// The broadcast of shapes `a` and `b` for operation `operation`; stops with a message that
  /// names both shapes and the operation when they do not fit.
  @inlinable
  init(_ a: (rows: Int, columns: Int), _ b: (rows: Int, columns: Int), operation: String) {
    @inline(__always) func fit(_ x: Int, _ y: Int) -> Int? {
      x == y ? x : (x == 1 ? y : (y == 1 ? x : nil))
    }
    guard let r = fit(a.rows, b.rows), let c = fit(a.columns, b.columns) else {
      dualTapeFailure(
        "\(operation): shapes \(a.rows)x\(a.columns) and \(b.rows)x\(b.columns) do not"
          + " broadcast. Each extent must be equal or 1: use a matrix of the same shape, a row"
          + " vector 1x\(a.columns), a column vector \(a.rows)x1 or a 1x1 scalar.")
    }
    rows = r
    columns = c
    lhsRowStride = a.rows == 1 ? 0 : a.columns
    lhsColumnStride = a.columns == 1 ? 0 : 1
    rhsRowStride = b.rows == 1 ? 0 : b.columns
    rhsColumnStride = b.columns == 1 ? 0 : 1
    isElementwise = a.rows == b.rows && a.columns == b.columns
  }

  /// Calls `body(k, ia, ib)` for every result element k with the operands' element indices.
  @inlinable @inline(__always)
  func forEachElement(_ body: (Int, Int, Int) -> Void) {
    if isElementwise {
      for k in 0..<(rows * columns) { body(k, k, k) }
      return
    }
    var k = 0
    for i in 0..<rows {
      var ia = i * lhsRowStride
      var ib = i * rhsRowStride
      for _ in 0..<columns {
        body(k, ia, ib)
        k += 1
        ia += lhsColumnStride
        ib += rhsColumnStride
      }
    }
  }
}

/// Dense kernels on raw row-major storage, shared by `Matrix` and the operation-level tape so
/// that the plain forward pass and the recorded one run the same loops.
@usableFromInline
enum Kernels {
  /// C (m×n) += A (m×k) · B (k×n), where A's element (i, p) is at
  /// `a[i * aRowStride + p * aColumnStride]` (so Aᵀ of a stored k×m matrix is strides (1, m)).
  /// The inner loop is an axpy over a row of B and a row of C, contiguous in both, so it
  /// vectorises for machine scalars.
  /// - Complexity: O(m·k·n).
  @inlinable
  static func multiplyAdd<T: Differentiable>(
    _ a: UnsafePointer<T>, _ b: UnsafePointer<T>, into c: UnsafeMutablePointer<T>,
    m: Int, k: Int, n: Int, aRowStride: Int? = nil, aColumnStride: Int = 1
  ) {
    let rowStride = aRowStride ?? k
    for i in 0..<m {
      let ci = c + i * n
      for p in 0..<k {
        let aip = a[i * rowStride + p * aColumnStride]
        let bp = b + p * n
        for j in 0..<n { ci[j] += aip * bp[j] }
      }
    }
  }

  /// Writes the transpose of A (m×n) into T (n×m).
  @inlinable
  static func transpose<T>(
    _ a: UnsafePointer<T>, into t: UnsafeMutablePointer<T>, m: Int, n: Int
  ) {
    for i in 0..<m {
      for j in 0..<n { t[j * m + i] = a[i * n + j] }
    }
  }
}
