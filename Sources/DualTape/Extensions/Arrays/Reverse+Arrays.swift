// Reverse-mode drivers over matrices with operation-level recording (`TrackedMatrix`).

/// The size of an operation-level recording.
public struct ArrayTapeFootprint: Sendable, CustomStringConvertible {
  /// Recorded operations (nodes), including the leaves (inputs and constants).
  public var nodes: Int
  /// Bytes held by the recording: nodes, values, adjoints and saved indices.
  public var bytes: Int
  /// `"12 nodes, 81,920 bytes"`.
  public var description: String { "\(nodes) nodes, \(bytes) bytes" }

  /// A footprint of `nodes` nodes and `bytes` bytes.
  @inlinable public init(nodes: Int, bytes: Int) {
    self.nodes = nodes
    self.bytes = bytes
  }
}

extension Reverse {
  /// Records `f` at `inputs` on a pooled array tape; `body` gets the tape and f's output.
  @inlinable static func recordArrays<S: RealScalar, R>(
    _ inputs: [Matrix<S>], _ caller: String, _ f: ([TrackedMatrix<S>]) -> TrackedMatrix<S>,
    _ body: (ArrayTape<S>, [Int32], TrackedMatrix<S>) -> R
  ) -> R {
    let tape = ArrayTapePool.acquire(S.self)
    tape.begin()
    defer {
      tape.end()
      ArrayTapePool.release(tape)
    }
    let leaves = inputs.map { tape.leaf($0, needsGradient: true) }
    let y = f(leaves.map { TrackedMatrix(tape: tape, index: $0) })
    if let t = y.tape {
      require(
        t === tape && y.generation == tape.generation,
        "\(caller): the function returned a TrackedMatrix from another recording. Return"
          + " values computed from the matrices the driver passed in.")
    }
    return body(tape, leaves, y)
  }

  /// Seeds the output with `seed`, sweeps, and returns the inputs' adjoints.
  @inlinable static func arrayPullback<S: RealScalar>(
    _ tape: ArrayTape<S>, _ leaves: [Int32], _ y: TrackedMatrix<S>, seed: [S]
  ) -> [Matrix<S>] {
    guard y.tape != nil else {
      // A constant output: every derivative is zero.
      return leaves.map { i in
        let n = tape.nodes[Int(i)]
        return Matrix(rows: n.rows, columns: n.columns, repeating: 0)
      }
    }
    tape.backward(from: y.index, seed: seed)
    return leaves.map { tape.adjoint(of: $0) }
  }

  /// The value of a scalar (1×1) function of matrices and its gradient with respect to each
  /// input matrix, by one operation-level recording and one reverse sweep.
  ///
  /// ```swift
  /// let (loss, g) = Reverse.valueWithGradient(at: [w, b]) { p in
  ///   Loss.meanSquaredError(x.matmul(p[0]) + p[1], y)
  /// }
  /// // g[0] has w's shape, g[1] has b's shape (summed over the rows b was broadcast to).
  /// ```
  /// - Parameters:
  ///   - inputs: the matrices to differentiate with respect to (parameters).
  ///   - f: the function; it must return a 1×1 matrix (a loss: `.sum()`, `.mean()`, `Loss.*`).
  /// - Returns: f's value and one gradient matrix per input, of the input's shape.
  /// - Complexity: one recording plus one sweep, a small multiple of evaluating f with
  ///   plain matrices (a matrix product's rule costs two products).
  @inlinable public static func valueWithGradient<S: RealScalar>(
    at inputs: [Matrix<S>], of f: ([TrackedMatrix<S>]) -> TrackedMatrix<S>
  ) -> (value: S, gradient: [Matrix<S>]) {
    recordArrays(inputs, "Reverse.valueWithGradient", f) { tape, leaves, y in
      require(
        y.rows == 1 && y.columns == 1,
        "Reverse.valueWithGradient: the function returned a \(y.rows)x\(y.columns) matrix; a"
          + " gradient needs a 1x1 result (reduce with .sum() or .mean(), or use a Loss), or"
          + " use Reverse.vjp(at:cotangent:of:) for a matrix result.")
      return (y.value.elements[0], arrayPullback(tape, leaves, y, seed: [1]))
    }
  }

  /// The gradient of a scalar (1×1) function of matrices (see
  /// ``valueWithGradient(at:of:)->(_,[Matrix<S>])``).
  @inlinable public static func gradient<S: RealScalar>(
    at inputs: [Matrix<S>], of f: ([TrackedMatrix<S>]) -> TrackedMatrix<S>
  ) -> [Matrix<S>] {
    valueWithGradient(at: inputs, of: f).gradient
  }

  /// The vector–Jacobian product of a matrix-valued function of matrices: f's value and
  /// Σ cotangent ⊙ ∂f/∂input for each input, by one recording and one sweep.
  ///
  /// With a cotangent of all ones this is the gradient of the sum of f's elements (the
  /// "seed gradient all ones" of tensor libraries).
  /// - Parameters:
  ///   - inputs: the matrices to differentiate with respect to.
  ///   - cotangent: the output's adjoint seed, of f's output shape.
  ///   - f: the function.
  @inlinable public static func vjp<S: RealScalar>(
    at inputs: [Matrix<S>], cotangent: Matrix<S>,
    of f: ([TrackedMatrix<S>]) -> TrackedMatrix<S>
  ) -> (value: Matrix<S>, vjp: [Matrix<S>]) {
    recordArrays(inputs, "Reverse.vjp", f) { tape, leaves, y in
      require(
        y.rows == cotangent.rows && y.columns == cotangent.columns,
        "Reverse.vjp: the cotangent is \(cotangent.rows)x\(cotangent.columns) but the function"
          + " returned \(y.rows)x\(y.columns); pass a cotangent of the output's shape.")
      return (y.value, arrayPullback(tape, leaves, y, seed: cotangent.elements))
    }
  }

  /// The size of the operation-level recording of `f`'s gradient at `inputs`, after the
  /// sweep (nodes, and bytes of nodes, values, adjoints and saved indices).
  @inlinable public static func arrayTapeFootprint<S: RealScalar>(
    at inputs: [Matrix<S>], of f: ([TrackedMatrix<S>]) -> TrackedMatrix<S>
  ) -> ArrayTapeFootprint {
    recordArrays(inputs, "Reverse.arrayTapeFootprint", f) { tape, leaves, y in
      _ = arrayPullback(tape, leaves, y, seed: Array(repeating: 1, count: y.rows * y.columns))
      return ArrayTapeFootprint(nodes: tape.nodes.count, bytes: tape.byteCount)
    }
  }
}
