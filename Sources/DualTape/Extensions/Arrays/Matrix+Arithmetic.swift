// Elementwise arithmetic with broadcasting, the matrix product, and constructors, for a
// `Matrix` of any DualTape scalar: Double and Float (primal), Dual (forward), Tracked (reverse,
// one tape node per scalar operation). For reverse mode with one node per *matrix* operation,
// see `TrackedMatrix`.

extension Matrix {
  /// Combines `lhs` and `rhs` elementwise with broadcasting: the rule behind the operators
  /// `+ - * /` of ``Matrix`` (declared by the module `DualTapeMatrixOperators`).
  /// - Parameters:
  ///   - lhs: the left operand.
  ///   - rhs: the right operand; the shapes are equal, or one is a row vector (1 × c), a column
  ///     vector (r × 1) or a 1 × 1 matrix.
  ///   - operation: the name used in the message when the shapes do not fit.
  ///   - combine: the elementwise operation.
  @inlinable
  public static func broadcasting(
    _ lhs: Matrix, _ rhs: Matrix, operation: String = "broadcasting",
    _ combine: (Element, Element) -> Element
  ) -> Matrix {
    let plan = Broadcast(lhs.shape, rhs.shape, operation: operation)
    var out = [Element]()
    out.reserveCapacity(plan.rows * plan.columns)
    lhs.elements.withUnsafeBufferPointer { a in
      rhs.elements.withUnsafeBufferPointer { b in
        plan.forEachElement { _, ia, ib in out.append(combine(a[ia], b[ib])) }
      }
    }
    return Matrix(rows: plan.rows, columns: plan.columns, elements: out)
  }

  /// Applies `transform` to every element: `Matrix.map { tanh($0) }`.
  /// Complexity: O(rows · columns).
  @inlinable
  public func map<R>(_ transform: (Element) throws -> R) rethrows -> Matrix<R> {
    Matrix<R>(rows: rows, columns: columns, elements: try elements.map(transform))
  }
}

extension Matrix where Element: Differentiable {
  /// A rows × columns matrix of zeros.
  @inlinable public static func zeros(rows: Int, columns: Int) -> Matrix {
    Matrix(rows: rows, columns: columns, repeating: 0)
  }

  /// The n × n identity matrix.
  @inlinable public static func identity(_ n: Int) -> Matrix {
    var m = Matrix.zeros(rows: n, columns: n)
    for i in 0..<n { m.elements[i * n + i] = 1 }
    return m
  }

  /// A 1 × n row vector.
  @inlinable public init(row: [Element]) { self.init(rows: 1, columns: row.count, elements: row) }
  /// An n × 1 column vector.
  @inlinable public init(column: [Element]) {
    self.init(rows: column.count, columns: 1, elements: column)
  }

  /// The matrix product `self · other`: (m × k) · (k × n) → m × n.
  ///
  /// ```swift
  /// Matrix([[1.0, 2], [3, 4]]).matmul(Matrix(column: [1, 1]))   // [[3], [7]]
  /// ```
  /// Stops with a message naming both shapes when the inner extents differ.
  /// - Complexity: O(m·k·n) multiply-adds (with ``Tracked`` elements: that many tape nodes;
  ///   ``TrackedMatrix`` records one).
  @inlinable public func matmul(_ other: Matrix) -> Matrix {
    require(
      columns == other.rows,
      "matmul: shapes \(rows)x\(columns) and \(other.rows)x\(other.columns) do not fit; the"
        + " left operand's columns (\(columns)) must equal the right operand's rows"
        + " (\(other.rows)).")
    var out = [Element](repeating: 0, count: rows * other.columns)
    elements.withUnsafeBufferPointer { a in
      other.elements.withUnsafeBufferPointer { b in
        out.withUnsafeMutableBufferPointer { c in
          Kernels.multiplyAdd(
            a.baseAddress!, b.baseAddress!, into: c.baseAddress!, m: rows, k: columns,
            n: other.columns)
        }
      }
    }
    return Matrix(rows: rows, columns: other.columns, elements: out)
  }

  /// The rows at `indices`, in that order (a minibatch).
  @inlinable public func rows(at indices: [Int]) -> Matrix {
    var out = [Element]()
    out.reserveCapacity(indices.count * columns)
    for i in indices {
      require(
        i >= 0 && i < rows, "Matrix.rows(at:): row \(i) is outside a \(rows)x\(columns) matrix.")
      out.append(contentsOf: elements[(i * columns)..<((i + 1) * columns)])
    }
    return Matrix(rows: indices.count, columns: columns, elements: out)
  }
}

/// The matrix product `a · b` (see ``Matrix/matmul(_:)->Matrix<Element>``).
@inlinable public func matmul<T: Differentiable>(_ a: Matrix<T>, _ b: Matrix<T>) -> Matrix<T> {
  a.matmul(b)
}

extension Matrix where Element: RealScalar {
  /// Converts every element to a constant of another DualTape scalar type (for example
  /// `Matrix<Double>` to `Matrix<Dual<Double>>` or `Matrix<Tracked<Double>>`).
  @inlinable public func converted<T: Differentiable>(to _: T.Type = T.self) -> Matrix<T> {
    map { T(Double($0)) }
  }

  /// A matrix of independent uniform samples in `range`, from a seeded generator.
  @inlinable public static func uniform(
    rows: Int, columns: Int, in range: ClosedRange<Element> = 0...1,
    using generator: inout SplitMix64
  ) -> Matrix {
    let width = range.upperBound - range.lowerBound
    var out = [Element]()
    out.reserveCapacity(rows * columns)
    for _ in 0..<(rows * columns) {
      out.append(range.lowerBound + width * Element(generator.nextUnit()))
    }
    return Matrix(rows: rows, columns: columns, elements: out)
  }
}
