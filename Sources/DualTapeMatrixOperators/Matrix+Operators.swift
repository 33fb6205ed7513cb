// The operators `+ - * /` (and prefix `-`) of `Matrix` and `TrackedMatrix`, elementwise with
// broadcasting: `import DualTapeMatrixOperators` next to `import DualTape` to write
// `x.matmul(w) + b`, `2 * m - s * m / (1 + s)`.
//
// Why a module of their own: Swift's type checker weighs every visible declaration named `+`
// at every `+` of a file, in code that never touches a matrix too. Declared in DualTape, these
// 40 operators made ordinary code in every file that imports DualTape type-check up to 1.6x
// slower (Tests/ImportCostCorpus: `grid`, 439k solver scopes without the import, 880k with
// DualTape before, of which the TrackedMatrix operators 159k, the Matrix-and-scalar ones 48k,
// the Matrix-and-Matrix ones 26k). Here they cost only the files that import this module.
//
// The rules stay in DualTape (`Matrix.broadcasting`, `map`, the package functions of
// `TrackedMatrix`); each operator here is one call. All are disfavoured: the solver tries them
// after the standard library's, so they cost the importing files' plain `Double` code less.
//
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

import DualTape

extension Matrix where Element: Differentiable {
  /// Elementwise sum with broadcasting: shapes equal, or one operand a row vector (1 × c),
  /// a column vector (r × 1) or a 1 × 1 matrix. `X + b` adds the bias row `b` to every row.
  @_disfavoredOverload @inlinable public static func + (lhs: Matrix, rhs: Matrix) -> Matrix {
    Matrix.broadcasting(lhs, rhs, operation: "Matrix +") { $0 + $1 }
  }
  /// Elementwise difference with broadcasting (see `+`).
  @_disfavoredOverload @inlinable public static func - (lhs: Matrix, rhs: Matrix) -> Matrix {
    Matrix.broadcasting(lhs, rhs, operation: "Matrix -") { $0 - $1 }
  }
  /// Elementwise (Hadamard) product with broadcasting; for the matrix product see `matmul(_:)`.
  @_disfavoredOverload @inlinable public static func * (lhs: Matrix, rhs: Matrix) -> Matrix {
    Matrix.broadcasting(lhs, rhs, operation: "Matrix *") { $0 * $1 }
  }
  /// Elementwise quotient with broadcasting.
  @_disfavoredOverload @inlinable public static func / (lhs: Matrix, rhs: Matrix) -> Matrix {
    Matrix.broadcasting(lhs, rhs, operation: "Matrix /") { $0 / $1 }
  }
  /// Elementwise negation.
  @_disfavoredOverload @inlinable public static prefix func - (operand: Matrix) -> Matrix {
    operand.map { -$0 }
  }

}

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
