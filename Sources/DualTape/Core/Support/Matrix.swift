/// A dense matrix in row-major order: the result type of Jacobians and Hessians, and the
/// array type of DualTape's array layer.
///
/// Layout: element (i, j) is `elements[i * columns + j]`. A Jacobian of f: ℝⁿ → ℝᵐ has
/// `rows == m` (one row per output) and `columns == n` (one column per input), so row i is the
/// gradient of output i.
///
/// ```swift
/// var a = Matrix(rows: 2, columns: 2, elements: [1.0, 2, 3, 4])
/// a[0, 1]          // 2
/// a.row(1)         // [3, 4]
/// ```
public struct Matrix<Element> {
  /// The number of rows.
  public let rows: Int
  /// The number of columns.
  public let columns: Int
  /// The elements in row-major order; `count == rows * columns`.
  public var elements: [Element]

  /// A matrix from row-major elements.
  /// - Parameters:
  ///   - rows: the number of rows, ≥ 0.
  ///   - columns: the number of columns, ≥ 0.
  ///   - elements: `rows * columns` elements, row after row.
  /// - Precondition: `elements.count == rows * columns` (the message names both).
  @inlinable public init(rows: Int, columns: Int, elements: [Element]) {
    require(rows >= 0 && columns >= 0, "Matrix: negative shape \(rows)x\(columns).")
    require(
      elements.count == rows * columns,
      "Matrix: \(elements.count) elements cannot fill a \(rows)x\(columns) matrix;"
        + " pass rows * columns = \(rows * columns) elements in row-major order.")
    self.rows = rows
    self.columns = columns
    self.elements = elements
  }

  /// A matrix with every element equal to `value`.
  @inlinable public init(rows: Int, columns: Int, repeating value: Element) {
    self.init(
      rows: rows, columns: columns,
      elements: Array(repeating: value, count: Swift.max(0, rows) * Swift.max(0, columns)))
  }

  /// A matrix from an array of equally long rows.
  /// - Precondition: every row has the same length.
  @inlinable public init(_ rowArrays: [[Element]]) {
    let c = rowArrays.first?.count ?? 0
    for (i, r) in rowArrays.enumerated() {
      require(
        r.count == c,
        "Matrix: row \(i) has \(r.count) elements but row 0 has \(c); all rows must have the"
          + " same length.")
    }
    self.init(rows: rowArrays.count, columns: c, elements: rowArrays.flatMap { $0 })
  }

  /// The shape as `(rows, columns)`.
  @inlinable public var shape: (rows: Int, columns: Int) { (rows, columns) }

  /// Element (i, j). Out-of-range indices stop with a message naming the shape.
  @inlinable public subscript(i: Int, j: Int) -> Element {
    get {
      checkIndex(i, j)
      return elements[i * columns + j]
    }
    set {
      checkIndex(i, j)
      elements[i * columns + j] = newValue
    }
  }

  @inlinable func checkIndex(_ i: Int, _ j: Int) {
    require(
      i >= 0 && i < rows && j >= 0 && j < columns,
      "Matrix: index (\(i), \(j)) is outside a \(rows)x\(columns) matrix.")
  }

  /// Row i as an array.
  @inlinable public func row(_ i: Int) -> [Element] {
    require(i >= 0 && i < rows, "Matrix: row \(i) is outside a \(rows)x\(columns) matrix.")
    return Array(elements[(i * columns)..<((i + 1) * columns)])
  }

  /// Column j as an array.
  @inlinable public func column(_ j: Int) -> [Element] {
    require(j >= 0 && j < columns, "Matrix: column \(j) is outside a \(rows)x\(columns) matrix.")
    return (0..<rows).map { elements[$0 * columns + j] }
  }

  /// The rows as an array of arrays.
  @inlinable public var rowArrays: [[Element]] { (0..<rows).map { row($0) } }

  /// The transpose: element (i, j) of the result is element (j, i) of `self`.
  /// Complexity: O(rows · columns).
  @inlinable public var transposed: Matrix {
    var out = [Element]()
    out.reserveCapacity(elements.count)
    for j in 0..<columns {
      for i in 0..<rows { out.append(elements[i * columns + j]) }
    }
    return Matrix(rows: columns, columns: rows, elements: out)
  }
}

extension Matrix: Equatable where Element: Equatable {}
extension Matrix: Sendable where Element: Sendable {}

extension Matrix: CustomStringConvertible {
  /// The rows, one per line: `[[1.0, 2.0], [3.0, 4.0]]` style.
  public var description: String {
    "["
      + rowArrays.map { "[" + $0.map { "\($0)" }.joined(separator: ", ") + "]" }
      .joined(separator: ",\n ") + "]"
  }
}
