// Reductions of matrices (sum, mean, max, logSumExp, softmax). The elementwise functions
// (`exp(m)`, `sqrt(m)`, ...) live in DualTapeMatrixOperators, with the operators: each free
// function DualTape declares is one more overload of `exp`, `sqrt`, ... that Swift's solver weighs
// in every scalar formula of every file that imports DualTape (see README, "Formulas that
// type-check").

extension Matrix where Element: Differentiable {
  // MARK: Reductions

  /// The sum of all elements.
  /// - Complexity: O(rows · columns).
  @inlinable public func sum() -> Element {
    var s: Element = 0
    for e in elements { s += e }
    return s
  }

  /// The mean of all elements.
  @inlinable public func mean() -> Element {
    require(!elements.isEmpty, "Matrix.mean: the matrix is empty (\(rows)x\(columns)).")
    return sum() / Element(elements.count)
  }

  /// Sums along an axis, as in NumPy: axis 0 sums each column (result 1 × columns),
  /// axis 1 sums each row (result rows × 1).
  @inlinable public func sum(alongAxis axis: Int) -> Matrix {
    reduce(alongAxis: axis, "Matrix.sum(alongAxis:)") { $0.reduce(0, +) }
  }

  /// The mean along an axis (axis 0: 1 × columns; axis 1: rows × 1).
  @inlinable public func mean(alongAxis axis: Int) -> Matrix {
    reduce(alongAxis: axis, "Matrix.mean(alongAxis:)") { $0.reduce(0, +) / Element($0.count) }
  }

  /// The largest element. The derivative flows to that element (the first, at a tie).
  @inlinable public func max() -> Element {
    require(!elements.isEmpty, "Matrix.max: the matrix is empty (\(rows)x\(columns)).")
    return elements.dropFirst().reduce(elements[0]) { $1 > $0 ? $1 : $0 }
  }

  /// The largest element along an axis (axis 0: 1 × columns; axis 1: rows × 1).
  @inlinable public func max(alongAxis axis: Int) -> Matrix {
    reduce(alongAxis: axis, "Matrix.max(alongAxis:)") { line in
      line.dropFirst().reduce(line[0]) { $1 > $0 ? $1 : $0 }
    }
  }

  /// log Σ eˣ over all elements, computed stably as m + log Σ e^(x − m) with m the maximum,
  /// so no term overflows: `logSumExp([1000, 1000]) == 1000 + log 2`.
  @inlinable public func logSumExp() -> Element { Self.logSumExp(elements) }

  /// log Σ eˣ along an axis (axis 0: 1 × columns; axis 1: rows × 1), stably.
  @inlinable public func logSumExp(alongAxis axis: Int) -> Matrix {
    reduce(alongAxis: axis, "Matrix.logSumExp(alongAxis:)") { Self.logSumExp($0) }
  }

  /// The softmax along an axis (default 1: each row sums to 1), e^(x − m) / Σ e^(x − m) with
  /// m the maximum of the row, so it never overflows.
  @inlinable public func softmax(alongAxis axis: Int = 1) -> Matrix {
    // e^(x − m) / Σ e^(x − m): correctly rounded where e^(x − logSumExp) would carry the
    // rounding error of the large logSumExp into every probability.
    // (DualTape declares no matrix operators or elementwise functions: see
    // DualTapeMatrixOperators.)
    let e = Matrix.broadcasting(self, max(alongAxis: axis), operation: "Matrix -") { $0 - $1 }
      .map { Element.exp($0) }
    return .broadcasting(e, e.sum(alongAxis: axis), operation: "Matrix /") { $0 / $1 }
  }

  @inlinable static func logSumExp(_ x: [Element]) -> Element {
    require(!x.isEmpty, "logSumExp: no elements.")
    let m = x.dropFirst().reduce(x[0]) { $1 > $0 ? $1 : $0 }
    // All −∞ (or a +∞): the shift would make ∞ − ∞ = NaN; the answer is m itself.
    if m == Element(-Double.infinity) || m == Element(Double.infinity) { return m }
    var s: Element = 0
    for v in x { s += Element.exp(v - m) }
    return m + Element.log(s)
  }

  /// Applies `line` to every column (axis 0) or row (axis 1).
  @inlinable func reduce(
    alongAxis axis: Int, _ name: String, _ line: ([Element]) -> Element
  ) -> Matrix {
    switch axis {
    case 0:
      require(rows > 0, "\(name): no rows to reduce in a \(rows)x\(columns) matrix.")
      return Matrix(rows: 1, columns: columns, elements: (0..<columns).map { line(column($0)) })
    case 1:
      require(columns > 0, "\(name): no columns to reduce in a \(rows)x\(columns) matrix.")
      return Matrix(rows: rows, columns: 1, elements: (0..<rows).map { line(row($0)) })
    default:
      dualTapeFailure(
        "\(name): axis \(axis) does not exist; use 0 (down the rows, one result per column)"
          + " or 1 (across the columns, one result per row).")
    }
  }
}
