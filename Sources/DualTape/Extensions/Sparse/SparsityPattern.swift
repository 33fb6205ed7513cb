/// Where a matrix may be nonzero: a Boolean matrix in compressed sparse row (CSR) form.
///
/// Row i's nonzero columns are `columnIndices[rowStarts[i]..<rowStarts[i + 1]]`, strictly
/// increasing. Entries are numbered in that row-major order; a ``SparseMatrix`` stores its
/// values in the same order.
///
/// ```swift
/// let p = SparsityPattern(rows: 2, columns: 3, entries: [(0, 0), (1, 2), (0, 1)])
/// p.columns(inRow: 0)   // [0, 1]
/// p.contains(1, 2)      // true
/// ```
///
/// Detect a function's pattern with ``jacobian(at:of:)`` or ``hessian(at:of:)``.
public struct SparsityPattern: Equatable, Hashable, Sendable, CustomStringConvertible {
  /// The number of rows (outputs, for a Jacobian).
  public let rows: Int
  /// The number of columns (inputs).
  public let columns: Int
  /// Where each row's entries start in ``columnIndices``; `rows + 1` values, the last one
  /// is ``nonzeroCount``.
  public let rowStarts: [Int]
  /// The column of every entry, row after row, increasing within a row.
  public let columnIndices: [Int]

  /// A pattern from its CSR arrays.
  /// - Precondition: `rowStarts` has `rows + 1` nondecreasing entries from 0 to
  ///   `columnIndices.count`, and each row's columns are strictly increasing and in
  ///   `0..<columns` (the message names the first violation).
  public init(rows: Int, columns: Int, rowStarts: [Int], columnIndices: [Int]) {
    require(rows >= 0 && columns >= 0, "SparsityPattern: negative shape \(rows)x\(columns).")
    require(
      rowStarts.count == rows + 1,
      "SparsityPattern: rowStarts has \(rowStarts.count) entries; it needs rows + 1 ="
        + " \(rows + 1) (where each row starts in columnIndices, then columnIndices.count).")
    require(
      rowStarts[0] == 0, "SparsityPattern: rowStarts[0] is \(rowStarts[0]); it must be 0.")
    require(
      rowStarts[rows] == columnIndices.count,
      "SparsityPattern: rowStarts ends at \(rowStarts[rows]) but columnIndices has"
        + " \(columnIndices.count) entries; the last start must equal columnIndices.count.")
    // One unchecked scan over the starts and the columns together (a pattern's arrays are
    // read once, a large one from memory once) for the first row that breaks a rule; a start
    // past the end or below the previous one stops it before its range is read. The checked
    // loops below then name the first violation: a decreasing start first, then the row's
    // columns.
    let firstBadRow = rowStarts.withUnsafeBufferPointer { starts in
      columnIndices.withUnsafeBufferPointer { indices -> Int? in
        for i in 0..<rows {
          let (start, end) = (starts[i], starts[i + 1])
          if start > end || end > indices.count { return i }
          var previous = -1
          for k in start..<end {
            let j = indices[k]
            if j <= previous || j >= columns { return i }
            previous = j
          }
        }
        return nil
      }
    }
    if let i = firstBadRow {
      for r in 0..<rows {
        require(
          rowStarts[r] <= rowStarts[r + 1],
          "SparsityPattern: rowStarts decreases at row \(r) (\(rowStarts[r]) then"
            + " \(rowStarts[r + 1])); it must be nondecreasing.")
      }
      var previous = -1
      for k in rowStarts[i]..<rowStarts[i + 1] {
        let j = columnIndices[k]
        require(
          j >= 0 && j < columns,
          "SparsityPattern: row \(i) lists column \(j), outside 0..<\(columns).")
        require(
          j > previous,
          "SparsityPattern: row \(i) lists column \(j) after column \(previous); list each"
            + " row's columns once, in increasing order.")
        previous = j
      }
    }
    self.rows = rows
    self.columns = columns
    self.rowStarts = rowStarts
    self.columnIndices = columnIndices
  }

  /// A pattern from (row, column) pairs, in any order; duplicates count once.
  /// - Precondition: every pair lies inside the shape.
  public init(rows: Int, columns: Int, entries: [(Int, Int)]) {
    require(rows >= 0 && columns >= 0, "SparsityPattern: negative shape \(rows)x\(columns).")
    var perRow = [[Int]](repeating: [], count: rows)
    for (i, j) in entries {
      require(
        i >= 0 && i < rows && j >= 0 && j < columns,
        "SparsityPattern: entry (\(i), \(j)) is outside a \(rows)x\(columns) pattern.")
      perRow[i].append(j)
    }
    self.init(rows: rows, columns: columns, rowSets: perRow.map { Array(Set($0)).sorted() })
  }

  /// A pattern from each row's sorted, distinct columns (trusted: built by this module).
  init(rows: Int, columns: Int, rowSets: [[Int]]) {
    var starts = [0]
    starts.reserveCapacity(rows + 1)
    var cols = [Int]()
    for r in rowSets {
      cols.append(contentsOf: r)
      starts.append(cols.count)
    }
    self.rows = rows
    self.columns = columns
    self.rowStarts = starts
    self.columnIndices = cols
  }

  /// A pattern from CSR arrays built by this module (not checked).
  init(rows: Int, columns: Int, trustedStarts: [Int], _ columnIndices: [Int]) {
    self.rows = rows
    self.columns = columns
    self.rowStarts = trustedStarts
    self.columnIndices = columnIndices
  }

  /// The number of entries that may be nonzero.
  public var nonzeroCount: Int { columnIndices.count }

  /// The columns of row i, increasing.
  public func columns(inRow i: Int) -> ArraySlice<Int> {
    require(i >= 0 && i < rows, "SparsityPattern: row \(i) is outside 0..<\(rows).")
    return columnIndices[rowStarts[i]..<rowStarts[i + 1]]
  }

  /// Whether entry (i, j) may be nonzero. Complexity: O(log(entries in row i)).
  public func contains(_ i: Int, _ j: Int) -> Bool {
    entryIndex(i, j) != nil
  }

  /// The position of entry (i, j) in the row-major entry order, or nil if it is not in the
  /// pattern.
  public func entryIndex(_ i: Int, _ j: Int) -> Int? {
    guard i >= 0 && i < rows else { return nil }
    var lo = rowStarts[i]
    var hi = rowStarts[i + 1]
    while lo < hi {
      let mid = (lo + hi) / 2
      if columnIndices[mid] < j { lo = mid + 1 } else { hi = mid }
    }
    return lo < rowStarts[i + 1] && columnIndices[lo] == j ? lo : nil
  }

  /// The transpose: entry (j, i) for every entry (i, j). Complexity: O(rows + columns + nnz).
  public var transposed: SparsityPattern {
    // Counting sort by column: each column's rows come out increasing.
    var starts = [Int](repeating: 0, count: columns + 1)
    for j in columnIndices { starts[j + 1] += 1 }
    for j in 0..<columns { starts[j + 1] += starts[j] }
    var next = starts
    var rowIndices = [Int](repeating: 0, count: nonzeroCount)
    for i in 0..<rows {
      for k in rowStarts[i]..<rowStarts[i + 1] {
        let j = columnIndices[k]
        rowIndices[next[j]] = i
        next[j] += 1
      }
    }
    return SparsityPattern(rows: columns, columns: rows, trustedStarts: starts, rowIndices)
  }

  /// Whether the pattern is square and equal to its transpose (a Hessian's pattern is).
  public var isSymmetric: Bool { rows == columns && transposed == self }

  /// The pattern as a picture, one line per row: `x` for an entry, `.` for none
  /// (rows and columns beyond 64 are elided).
  public var description: String {
    var lines = ["SparsityPattern(\(rows)x\(columns), \(nonzeroCount) entries)"]
    for i in 0..<Swift.min(rows, 64) {
      var line = [Character](repeating: ".", count: Swift.min(columns, 64))
      for j in columns(inRow: i) where j < 64 { line[j] = "x" }
      lines.append(String(line) + (columns > 64 ? " …" : ""))
    }
    if rows > 64 { lines.append("…") }
    return lines.joined(separator: "\n")
  }
}

extension SparsityPattern {
  /// The first entry of `other` (same shape) that this pattern lacks, or nil if it covers them
  /// all.
  @usableFromInline func firstEntryMissing(from other: SparsityPattern)
    -> (row: Int, column: Int)?
  {
    for i in 0..<other.rows {
      let mine = columns(inRow: i)
      var k = mine.startIndex
      for j in other.columns(inRow: i) {
        while k < mine.endIndex && mine[k] < j { k += 1 }
        if k == mine.endIndex || mine[k] != j { return (i, j) }
      }
    }
    return nil
  }

  /// Every entry of this pattern and of `other`: for a plan that covers several branches of a
  /// function, detect the pattern at a point on each branch and join them.
  ///
  /// ```swift
  /// let both = SparsityPattern.jacobian(at: a, of: f).union(.jacobian(at: b, of: f))
  /// let plan = SparseJacobianPlan(pattern: both)   // fits at a and at b
  /// ```
  /// - Precondition: both patterns have the same shape.
  public func union(_ other: SparsityPattern) -> SparsityPattern {
    require(
      rows == other.rows && columns == other.columns,
      "SparsityPattern.union: the patterns are \(rows)x\(columns) and"
        + " \(other.rows)x\(other.columns); join patterns of the same function and input size.")
    let sets = (0..<rows).map { i in
      Array(Set(columns(inRow: i)).union(other.columns(inRow: i))).sorted()
    }
    return SparsityPattern(rows: rows, columns: columns, rowSets: sets)
  }
}
