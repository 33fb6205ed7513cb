// Elementwise arithmetic with broadcasting, the matrix product, and constructors, for a
// `Matrix` of any DualTape scalar: Double and Float (primal), Dual (forward), Tracked (reverse,
// one tape node per scalar operation). For reverse mode with one node per *matrix* operation,
// see `TrackedMatrix`.

extension Matrix {
  /// Combines `lhs` and `rhs` elementwise with broadcasting (see ``Matrix`` operators).
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

  /// Elementwise sum with broadcasting: shapes equal, or one operand a row vector (1 × c),
  /// a column vector (r × 1) or a 1 × 1 matrix. `X + b` adds the bias row `b` to every row.
  @_disfavoredOverload @inlinable public static func + (lhs: Matrix, rhs: Matrix) -> Matrix {
    broadcasting(lhs, rhs, operation: "Matrix +") { $0 + $1 }
  }
  /// Elementwise difference with broadcasting (see ``+(_:_:)-(Matrix,Matrix)``).
  @_disfavoredOverload @inlinable public static func - (lhs: Matrix, rhs: Matrix) -> Matrix {
    broadcasting(lhs, rhs, operation: "Matrix -") { $0 - $1 }
  }
  /// Elementwise (Hadamard) product with broadcasting; for the matrix product see ``matmul(_:)->Matrix<Element>``.
  @_disfavoredOverload @inlinable public static func * (lhs: Matrix, rhs: Matrix) -> Matrix {
    broadcasting(lhs, rhs, operation: "Matrix *") { $0 * $1 }
  }
  /// Elementwise quotient with broadcasting.
  @_disfavoredOverload @inlinable public static func / (lhs: Matrix, rhs: Matrix) -> Matrix {
    broadcasting(lhs, rhs, operation: "Matrix /") { $0 / $1 }
  }
  /// Elementwise negation.
  @_disfavoredOverload @inlinable public static prefix func - (operand: Matrix) -> Matrix {
    operand.map { -$0 }
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

// MARK: Matrix and scalar

// A `Double` or `Float` combines with every element of a matrix of its own type: `m * 2`,
// `scale * m`, `1 / (1 + m)`. A matrix of another element type (generic code over
// `T: Differentiable`, engine scalars) takes a scalar through `map`: `a.map { $0 / 3 - 0.5 }`.
// Two designs are gone on purpose (measured with -warn-long-expression-type-checking and the
// corpora in Tests/TypeCheckCorpus and Tests/ImportCostCorpus):
// - a literal as a 1 × 1 matrix (`Matrix: ExpressibleByFloatLiteral`): `[1.0]` could then be a
//   `[Matrix<Double>]`, so `Reverse.gradient(at: [1.0]) { v in scale * v[0] }` with a `Double`
//   `scale` compiled as a function of matrices and returned `[[[2.5]]]`; every literal of
//   plain code was a candidate matrix, too;
// - operators `(Element, Matrix)` for every `Element`, even disfavoured: Swift's solver tries a
//   matrix for every literal of every scalar formula generic over `T: Differentiable` (a
//   7-term line took 10.3 s to type-check with them, 50 ms without).
// The operators here are disfavoured: the solver tries them after the standard library's, so
// they cost plain `Double` code less.

extension Matrix where Element == Double {
  /// Adds a scalar to every element.
  @_disfavoredOverload @inlinable public static func + (lhs: Matrix, rhs: Element) -> Matrix {
    lhs.map { $0 + rhs }
  }
  /// Adds a scalar to every element.
  @_disfavoredOverload @inlinable public static func + (lhs: Element, rhs: Matrix) -> Matrix {
    rhs.map { lhs + $0 }
  }
  /// Subtracts a scalar from every element.
  @_disfavoredOverload @inlinable public static func - (lhs: Matrix, rhs: Element) -> Matrix {
    lhs.map { $0 - rhs }
  }
  /// Subtracts every element from a scalar.
  @_disfavoredOverload @inlinable public static func - (lhs: Element, rhs: Matrix) -> Matrix {
    rhs.map { lhs - $0 }
  }
  /// Multiplies every element by a scalar.
  @_disfavoredOverload @inlinable public static func * (lhs: Matrix, rhs: Element) -> Matrix {
    lhs.map { $0 * rhs }
  }
  /// Multiplies every element by a scalar.
  @_disfavoredOverload @inlinable public static func * (lhs: Element, rhs: Matrix) -> Matrix {
    rhs.map { lhs * $0 }
  }
  /// Divides every element by a scalar.
  @_disfavoredOverload @inlinable public static func / (lhs: Matrix, rhs: Element) -> Matrix {
    lhs.map { $0 / rhs }
  }
  /// Divides a scalar by every element.
  @_disfavoredOverload @inlinable public static func / (lhs: Element, rhs: Matrix) -> Matrix {
    rhs.map { lhs / $0 }
  }
}

extension Matrix where Element == Float {
  /// Adds a scalar to every element.
  @_disfavoredOverload @inlinable public static func + (lhs: Matrix, rhs: Element) -> Matrix {
    lhs.map { $0 + rhs }
  }
  /// Adds a scalar to every element.
  @_disfavoredOverload @inlinable public static func + (lhs: Element, rhs: Matrix) -> Matrix {
    rhs.map { lhs + $0 }
  }
  /// Subtracts a scalar from every element.
  @_disfavoredOverload @inlinable public static func - (lhs: Matrix, rhs: Element) -> Matrix {
    lhs.map { $0 - rhs }
  }
  /// Subtracts every element from a scalar.
  @_disfavoredOverload @inlinable public static func - (lhs: Element, rhs: Matrix) -> Matrix {
    rhs.map { lhs - $0 }
  }
  /// Multiplies every element by a scalar.
  @_disfavoredOverload @inlinable public static func * (lhs: Matrix, rhs: Element) -> Matrix {
    lhs.map { $0 * rhs }
  }
  /// Multiplies every element by a scalar.
  @_disfavoredOverload @inlinable public static func * (lhs: Element, rhs: Matrix) -> Matrix {
    rhs.map { lhs * $0 }
  }
  /// Divides every element by a scalar.
  @_disfavoredOverload @inlinable public static func / (lhs: Matrix, rhs: Element) -> Matrix {
    lhs.map { $0 / rhs }
  }
  /// Divides a scalar by every element.
  @_disfavoredOverload @inlinable public static func / (lhs: Element, rhs: Matrix) -> Matrix {
    rhs.map { lhs / $0 }
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
