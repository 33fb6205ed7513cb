extension Forward {
  /// The Jacobians of a partially separable function's elements, one element after another:
  /// element e reads n numbers (its inputs, which `element` writes) and gives m outputs through
  /// the function `element` returns; `body` receives its m × n Jacobian, row-major.
  ///
  /// A large sparse Jacobian made of small dense blocks is computed this way: bundle
  /// adjustment's observations (each reads one camera, one point and one weight), a mesh's
  /// elements, a least-squares problem's residual blocks. Each element is one chunk-mode
  /// ``jacobian(at:chunkSize:of:)-(_,Int?,_)``, but the dual numbers, the inputs and the
  /// Jacobian are allocated once for all the elements instead of once per element, and the
  /// input lanes are seeded once where a single pass takes them all: per element only f runs.
  /// Where each block goes in the whole Jacobian (its ``SparsityPattern``) is the caller's to
  /// say: `body` writes it there.
  ///
  /// ```swift
  /// // Residual e = x[e] · x[e + 1] − 1 reads two neighbours: a bidiagonal Jacobian.
  /// struct Residual: VectorToVector {
  ///   func callAsFunction<T: Differentiable>(_ v: [T]) -> [T] { [v[0] * v[1] - 1] }
  /// }
  /// var values = [Double](repeating: 0, count: 2 * (x.count - 1))
  /// Forward.elementJacobians(count: x.count - 1, inputCount: 2) { e, v in
  ///   (v[0], v[1]) = (x[e], x[e + 1])
  ///   return Residual()
  /// } body: { e, block in
  ///   (values[2 * e], values[2 * e + 1]) = (block[0], block[1])
  /// }
  /// ```
  ///
  /// The values are ``jacobian(at:chunkSize:of:)-(_,Int?,_)``'s, bit for bit: each pass runs
  /// f first with plain multiplication, and again with ``DualVector`` only where a tangent
  /// lane comes out NaN (see ``EdgePolicy``).
  /// - Parameters:
  ///   - count: the number of elements, 0 or more.
  ///   - n: the inputs of each element, 1 or more.
  ///   - chunkSize: tangents per pass, 1...16; `nil` takes all n in one pass up to 16 (an
  ///     element is small, and a pass evaluates f's values again: on bundle adjustment's
  ///     15 inputs one pass of 16 lanes takes 0.58x the instructions of four passes of 4).
  ///   - element: writes element e's n inputs into its second argument (n numbers, every one
  ///     written: they hold the previous element's) and returns element e's function, which
  ///     must give the same number of outputs for every element.
  ///   - body: called once per element, in order, with the element's index and its m × n
  ///     Jacobian, row-major (row i is output i's gradient); the buffer is only valid during
  ///     the call.
  /// - Complexity: ⌈n / chunkSize⌉ evaluations of f with ``DualVector`` numbers per element
  ///   (more where a guarded run is needed), plus O(m · n) to store each Jacobian.
  @inlinable public static func elementJacobians<S: RealScalar, F: VectorToVector>(
    count: Int, inputCount n: Int, chunkSize: Int? = nil,
    element: (_ e: Int, _ inputs: inout [S]) -> F,
    body: (_ e: Int, _ jacobian: UnsafeBufferPointer<S>) -> Void
  ) {
    require(
      count >= 0, "Forward.elementJacobians: count is \(count); pass 0 or more elements.")
    require(
      n >= 1,
      "Forward.elementJacobians: inputCount is \(n); each element needs at least one input.")
    let k = chunkSize ?? Swift.min(n, maximumChunkSize)
    requireChunkSize(k, maximumChunkSize)
    withoutActuallyEscaping(element) { element in
      withoutActuallyEscaping(body) { body in
        withChunkWidth(k, ElementJacobians(count: count, n: n, k: k, element: element, body: body))
      }
    }
  }

  /// ``elementJacobians(count:inputCount:chunkSize:element:body:)`` with `P`'s lanes, of which
  /// `k` are seeded per pass: the passes of ``chunked(_:_:_:guarded:)``
  /// (``pass(_:_:_:_:seeded:_:_:_:_:guarded:mismatch:)``), the lanes seeded once for all the
  /// elements where one pass takes every input.
  @inlinable static func elementPasses<S: RealScalar, P: SIMD, F: VectorToVector>(
    _ count: Int, _ n: Int, _ k: Int, _: P.Type, _ element: (Int, inout [S]) -> F,
    _ body: (Int, UnsafeBufferPointer<S>) -> Void
  ) where P.Scalar == S {
    var x = [S](repeating: 0, count: n)
    var xs = [UnguardedDualVector<P>](repeating: .init(constant: 0), count: n)
    var value: [S] = []  // the first element's, unused
    var jacobian: [S] = []
    var m = -1
    // One pass holds every input: seed its lanes once, for every element.
    let onePass = k >= n
    if onePass { for i in 0..<n { xs[i].partials[i] = 1 } }
    for e in 0..<count {
      let f = element(e, &x)
      require(
        x.count == n,
        "Forward.elementJacobians: element \(e) left \(x.count) inputs; write the element's"
          + " inputCount = \(n) inputs into the array, without appending or removing any.")
      for i in 0..<n { xs[i].value = x[i] }
      var start = 0
      while start < n {
        let end = Swift.min(start + k, n)
        pass(
          x, &xs, start, end, seeded: onePass, &value, &jacobian, &m,
          { (v: [UnguardedDualVector<P>]) in f(v) },
          guarded: { (v: [DualVector<P>]) in f(v) },
          mismatch: { count, expected, rerun in
            elementOutputCountMessage(e, count, expected, otherElement: start == 0 && !rerun)
          })
        start = end
      }
      jacobian.withUnsafeBufferPointer { body(e, $0) }
    }
  }
}

/// The message for element `e`'s function giving `count` outputs where `expected` were: a
/// different count from element 0's (`otherElement`, the element's first evaluation), or from
/// its own other evaluation.
@usableFromInline func elementOutputCountMessage(
  _ e: Int, _ count: Int, _ expected: Int, otherElement: Bool
) -> String {
  guard otherElement else {
    return outputCountMessage(count, expected, "Forward.elementJacobians: element \(e)")
  }
  return "Forward.elementJacobians: element \(e)'s function returned \(count) outputs, element"
    + " 0's returned \(expected). One call's elements must all give the same number of outputs:"
    + " call elementJacobians once for each group of elements with the same output count."
}

/// ``Forward/elementPasses(_:_:_:_:_:_:)`` at the lanes ``Forward/withChunkWidth(_:_:)``
/// picks.
@usableFromInline struct ElementJacobians<S: RealScalar, F: VectorToVector>: ChunkWidthBody {
  @usableFromInline typealias Scalar = S
  @usableFromInline let count: Int, n: Int, k: Int
  @usableFromInline let element: (Int, inout [S]) -> F
  @usableFromInline let body: (Int, UnsafeBufferPointer<S>) -> Void
  @inlinable init(
    count: Int, n: Int, k: Int, element: @escaping (Int, inout [S]) -> F,
    body: @escaping (Int, UnsafeBufferPointer<S>) -> Void
  ) {
    (self.count, self.n, self.k, self.element, self.body) = (count, n, k, element, body)
  }
  @inlinable func callAsFunction<P: SIMD & SendableMetatype>(_ lanes: P.Type) where P.Scalar == S {
    Forward.elementPasses(count, n, k, lanes, element, body)
  }
}
