/// A matrix whose operations are recorded on an operation-level tape: reverse mode in which a
/// matrix product, an elementwise function or a reduction is *one* node with its own adjoint
/// rule.
///
/// With `Matrix<Tracked<Double>>` a product of an m×k and a k×n matrix records 2·m·k·n scalar
/// nodes; with `TrackedMatrix<Double>` it records one node, and its adjoint is two matrix
/// products (C̄·Bᵀ and Aᵀ·C̄). A network's gradient then costs a small multiple of its forward
/// pass. The reverse drivers that take `[Matrix<S>]` hand these to your function (the operators
/// `+ - * /` of matrices come with `import DualTapeMatrixOperators`):
///
/// ```swift
/// let (loss, grads) = Reverse.valueWithGradient(at: [w, b]) { p in
///   Loss.meanSquaredError(x.matmul(p[0]) + p[1], y)   // x, y: constant Matrix<Double>
/// }
/// ```
///
/// Values made from a plain `Matrix` (``init(constant:)``, or a `Matrix` operand of an
/// operator) are constants: their derivative is zero and they need no tape until combined
/// with a recorded value.
public struct TrackedMatrix<S: RealScalar> {
  @usableFromInline let tape: ArrayTape<S>?
  @usableFromInline let index: Int32
  @usableFromInline let generation: UInt32
  @usableFromInline let constantValue: Matrix<S>?
  /// The number of rows.
  public let rows: Int
  /// The number of columns.
  public let columns: Int

  @inlinable init(tape: ArrayTape<S>, index: Int32) {
    self.tape = tape
    self.index = index
    self.generation = tape.generation
    self.constantValue = nil
    let node = tape.nodes[Int(index)]
    self.rows = node.rows
    self.columns = node.columns
  }

  /// A constant matrix (zero derivative).
  @inlinable public init(constant value: Matrix<S>) {
    tape = nil
    index = -1
    generation = 0
    constantValue = value
    rows = value.rows
    columns = value.columns
  }

  /// The shape as `(rows, columns)`.
  @inlinable public var shape: (rows: Int, columns: Int) { (rows, columns) }

  /// Whether this value is a constant (recorded on no tape).
  @inlinable public var isConstant: Bool { tape == nil }

  /// The primal value.
  @inlinable public var value: Matrix<S> {
    if let c = constantValue { return c }
    return tape!.value(of: index)
  }

  /// The single element of a 1×1 matrix (a loss).
  @inlinable public var scalar: S {
    require(
      rows == 1 && columns == 1, "TrackedMatrix.scalar: the matrix is \(rows)x\(columns), not 1x1.")
    return value.elements[0]
  }

  /// The node of `m` on `tape`, recording a constant as a leaf if needed.
  @inlinable func node(on tape: ArrayTape<S>) -> Int32 {
    if let c = constantValue { return tape.leaf(c, needsGradient: false) }
    return index
  }

  /// Records `body` on the tape of `a` or `b` (the first recorded one), checking that they
  /// share it; with two constants, computes on a scratch tape and returns a constant.
  @inlinable static func apply(
    _ a: Self, _ b: Self? = nil, _ body: (ArrayTape<S>, Int32, Int32) -> Int32
  ) -> Self {
    var tape: ArrayTape<S>? = nil
    if let t = a.tape {
      if _slowPath(a.generation != t.generation) { staleFailure() }
      tape = t
    }
    if let b, let t = b.tape {
      if _slowPath(b.generation != t.generation) { staleFailure() }
      if let existing = tape, existing !== t { mixedFailure() }
      tape = t
    }
    guard let tape else {
      let scratch = ArrayTape<S>()
      scratch.begin()
      let i = body(scratch, a.node(on: scratch), b?.node(on: scratch) ?? -1)
      return TrackedMatrix(constant: scratch.value(of: i))
    }
    let i = body(tape, a.node(on: tape), b?.node(on: tape) ?? -1)
    return TrackedMatrix(tape: tape, index: i)
  }

  @usableFromInline static func staleFailure() -> Never {
    dualTapeFailure(
      "a TrackedMatrix was used after its recording ended. Tracked matrices live only inside"
        + " the function being differentiated; pass plain matrices (.value) out instead.")
  }

  @usableFromInline static func mixedFailure() -> Never {
    dualTapeFailure(
      "an operation combined TrackedMatrix values from two different recordings. Compute"
        + " everything inside one Reverse call, or pass .value (a constant) across.")
  }
}

extension TrackedMatrix: CustomStringConvertible {
  /// The value, prefixed with the node index for a recorded matrix.
  public var description: String {
    (tape == nil ? "" : "m\(index)=") + value.description
  }
}

// MARK: Arithmetic with broadcasting

// The rules behind the operators `+ - * /` of TrackedMatrix, which the module
// DualTapeMatrixOperators declares (package access: a file that imports only DualTape weighs no
// matrix operator at its `+ - * /`; see DifferentiableArithmetic). Each records one node.
extension TrackedMatrix {
  /// Elementwise sum with broadcasting (equal shapes, a row vector, a column vector or 1×1).
  /// In reverse mode a broadcast operand gets the sum of the adjoints it was repeated to.
  @inlinable package static func add(_ lhs: Self, _ rhs: Self) -> Self {
    apply(lhs, rhs) { $0.binary(.add, $1, $2, name: "TrackedMatrix +") }
  }
  /// Elementwise difference with broadcasting.
  @inlinable package static func subtract(_ lhs: Self, _ rhs: Self) -> Self {
    apply(lhs, rhs) { $0.binary(.subtract, $1, $2, name: "TrackedMatrix -") }
  }
  /// Elementwise product with broadcasting.
  @inlinable package static func multiply(_ lhs: Self, _ rhs: Self) -> Self {
    apply(lhs, rhs) { $0.binary(.multiply, $1, $2, name: "TrackedMatrix *") }
  }
  /// Elementwise quotient with broadcasting.
  @inlinable package static func divide(_ lhs: Self, _ rhs: Self) -> Self {
    apply(lhs, rhs) { $0.binary(.divide, $1, $2, name: "TrackedMatrix /") }
  }
  /// Negation.
  @inlinable package static func negate(_ x: Self) -> Self {
    apply(x) { t, a, _ in t.unary(.negate, a) }
  }
  /// Every element times a constant.
  @inlinable package static func scale(_ x: Self, by c: S) -> Self {
    apply(x) { t, a, _ in t.unary(.scale, a, parameter: c) }
  }
  /// A constant added to every element.
  @inlinable package static func shift(_ x: Self, by c: S) -> Self {
    apply(x) { t, a, _ in t.unary(.shift, a, parameter: c) }
  }
  /// Every element's reciprocal (as x⁻¹).
  @inlinable package static func reciprocal(_ x: Self) -> Self {
    apply(x) { t, a, _ in t.unary(.powInt, a, parameter: -1) }
  }
}

extension TrackedMatrix {
  /// The matrix product (m×k)·(k×n), one tape node; its adjoint rule is Ā = C̄·Bᵀ, B̄ = Aᵀ·C̄.
  /// - Complexity: O(m·k·n) forward, twice that in the sweep.
  @inlinable public func matmul(_ other: Self) -> Self {
    Self.apply(self, other) { $0.matmul($1, $2) }
  }
  /// The matrix product with a constant right factor.
  @inlinable public func matmul(_ other: Matrix<S>) -> Self { matmul(Self(constant: other)) }

  /// The transpose (one node).
  @inlinable public var transposed: Self { Self.apply(self) { t, a, _ in t.transpose(a) } }

  /// The same elements in a new shape (row-major order kept).
  @inlinable public func reshaped(rows: Int, columns: Int) -> Self {
    Self.apply(self) { t, a, _ in t.reshape(a, rows: rows, columns: columns) }
  }
}

extension Matrix where Element: RealScalar {
  /// The matrix product of a constant left factor and a tracked matrix.
  @inlinable public func matmul(_ other: TrackedMatrix<Element>) -> TrackedMatrix<Element> {
    TrackedMatrix(constant: self).matmul(other)
  }
}

/// The matrix product `a · b` of tracked matrices (one tape node).
@inlinable public func matmul<S: RealScalar>(
  _ a: TrackedMatrix<S>, _ b: TrackedMatrix<S>
) -> TrackedMatrix<S> {
  a.matmul(b)
}
