/// A sparse matrix in compressed sparse row (CSR) form: a ``SparsityPattern`` and one value
/// per entry. The result type of the sparse Jacobian and Hessian drivers.
///
/// ```swift
/// let j = Forward.sparseJacobian(at: x, of: f)
/// j[0, 1]              // an entry (0 where the pattern has none)
/// j.dense()            // the same matrix as a dense Matrix
/// for e in j.entries { print(e.row, e.column, e.value) }
/// ```
public struct SparseMatrix<Element> {
  /// Where the entries are.
  public let pattern: SparsityPattern
  /// The entries' values, in the pattern's row-major entry order.
  public var values: [Element]

  /// A sparse matrix from a pattern and its values.
  /// - Precondition: `values.count == pattern.nonzeroCount`.
  public init(pattern: SparsityPattern, values: [Element]) {
    require(
      values.count == pattern.nonzeroCount,
      "SparseMatrix: \(values.count) values for a pattern with \(pattern.nonzeroCount) entries;"
        + " pass one value per entry, in row-major order.")
    self.pattern = pattern
    self.values = values
  }

  /// The number of rows.
  public var rows: Int { pattern.rows }
  /// The number of columns.
  public var columns: Int { pattern.columns }

  /// The entries as (row, column, value) triples, row after row (coordinate form).
  public var entries: [(row: Int, column: Int, value: Element)] {
    var out = [(row: Int, column: Int, value: Element)]()
    out.reserveCapacity(values.count)
    for i in 0..<pattern.rows {
      for k in pattern.rowStarts[i]..<pattern.rowStarts[i + 1] {
        out.append((i, pattern.columnIndices[k], values[k]))
      }
    }
    return out
  }
}

extension SparseMatrix where Element: AdditiveArithmetic {
  /// Entry (i, j): its value, or zero where the pattern has no entry.
  /// Complexity: O(log(entries in row i)).
  public subscript(i: Int, j: Int) -> Element {
    require(
      i >= 0 && i < rows && j >= 0 && j < columns,
      "SparseMatrix: index (\(i), \(j)) is outside a \(rows)x\(columns) matrix.")
    return pattern.entryIndex(i, j).map { values[$0] } ?? .zero
  }

  /// The dense matrix: zero outside the pattern. Complexity: O(rows · columns).
  public func dense() -> Matrix<Element> {
    var elements = [Element](repeating: .zero, count: rows * columns)
    for i in 0..<rows {
      for k in pattern.rowStarts[i]..<pattern.rowStarts[i + 1] {
        elements[i * columns + pattern.columnIndices[k]] = values[k]
      }
    }
    return Matrix(rows: rows, columns: columns, elements: elements)
  }
}

extension SparseMatrix: Equatable where Element: Equatable {}
extension SparseMatrix: Sendable where Element: Sendable {}

extension SparseMatrix: CustomStringConvertible {
  /// `SparseMatrix(m x n, k entries: (i, j) = v, ...)`, the first 20 entries.
  public var description: String {
    let shown = entries.prefix(20).map { "(\($0.row), \($0.column)) = \($0.value)" }
    let more = values.count > 20 ? ", …" : ""
    return "SparseMatrix(\(rows)x\(columns), \(values.count) entries: "
      + shown.joined(separator: ", ") + more + ")"
  }
}
