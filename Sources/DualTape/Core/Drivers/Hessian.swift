// Hessians two ways: forward-over-reverse (reverse sweeps in dual-vector arithmetic, ⌈n/k⌉
// passes of k columns) and forward-over-forward (nested duals, n(n+1)/2 passes), so each can
// check the other.

extension Reverse {
  /// The Hessian ∇²f(x) of f: ℝⁿ → ℝ by forward-over-reverse in chunks: the Jacobian of the
  /// reverse gradient, as ForwardDiff.jl builds `hessian` from `jacobian` and `gradient`.
  ///
  /// Columns j … j + k − 1 are H·eⱼ … H·eⱼ₊ₖ₋₁ = d/dε ∇f(x + Σ εᵢeᵢ): the function is recorded
  /// with `Tracked<DualVector<…>>` (values carry k tangents), and the reverse sweep runs in
  /// dual-vector arithmetic, so the input adjoints are `DualVector(∇f, k columns of H)`.
  /// The chunk size k is ``Forward/defaultChunkSize(forInputCount:)`` (n up to 4, then 4).
  /// - Returns: an n × n symmetric matrix (row i, column j = ∂²f/∂xᵢ∂xⱼ).
  ///   Row and column i are NaN where ∂f/∂xᵢ is ±∞ or NaN (see <doc:EdgeSemantics>).
  /// - Complexity: ⌈n / k⌉ recordings and sweeps, each a small multiple of f times (1 + c·k).
  @inlinable public static func hessian<S: RealScalar>(
    at x: [S], of f: some VectorToScalar
  ) -> Matrix<S> {
    requireInputs(x, "Reverse.hessian")
    return Forward.withChunkWidth(
      Forward.defaultChunkSize(forInputCount: x.count), ChunkedHessian(x, f, threads: 1))
  }

  /// The Hessian in ⌈n / P.scalarCount⌉ forward-over-reverse passes of `P.scalarCount` columns;
  /// with `threads` > 1 the passes run in that many concurrent groups (each writes its own
  /// columns, records on its own thread's tape).
  @inlinable static func chunkedHessian<S: RealScalar, P: SIMD, F: VectorToScalar>(
    _ x: [S], _ f: F, _: P.Type, threads: Int = 1
  ) -> Matrix<S> where P.Scalar == S {
    let n = x.count
    let k = P.scalarCount
    let chunks = (n + k - 1) / k
    // n × n entries, then ∇f (the value parts of the first chunk's adjoints, written by the
    // group that runs chunk 0) for the second-order domain rule, dropped at the end.
    var h = [S](repeating: 0, count: n * n + n)
    h.withUnsafeMutableBufferPointer { buffer in
      let h = buffer
      /// The columns of chunks `first`, `first + step`, … into h.
      func columns(from first: Int, by step: Int) {
        var duals = x.map { DualVector<P>($0, partials: P()) }
        for start in stride(from: first * k, to: n, by: step * k) {
          let width = Swift.min(k, n - start)
          for c in 0..<width { duals[start + c].partials[c] = 1 }
          let adjoints = record(duals) { tape, xs in
            let y = f(xs)
            return gradient(tape, inputCount: n, output: outputIndex(y, tape, "Reverse.hessian"))
          }
          for c in 0..<width { duals[start + c].partials[c] = 0 }
          if start == 0 { for i in 0..<n { h[n * n + i] = adjoints[i].value } }
          for i in 0..<n {
            for c in 0..<width { h[i * n + start + c] = adjoints[i].partials[c] }
          }
        }
      }
      let workers = Swift.min(threads, chunks)
      if workers <= 1 {
        columns(from: 0, by: 1)
      } else {
        // f is called from several threads (documented on the parallel driver); each group
        // writes its own columns of h.
        nonisolated(unsafe) let columns = columns
        concurrentlyPerform(iterations: workers) { w in columns(w, workers) }
      }
      mirrorUpperTriangle(h, n)
      SecondOrderDomain.mask(h, n, undefined: SecondOrderDomain.undefined(h[(n * n)...]))
    }
    h.removeLast(n)
    return Matrix(rows: n, columns: n, elements: h)
  }

  /// The Hessian–vector product ∇²f(x)·v by one forward-over-reverse pass.
  ///
  /// f runs with a tracked dual number that skips the edge policy's 0 · ∞ guard, and again
  /// with `Tracked<Dual<S>>` only if an entry comes out NaN: the result is the guarded one.
  /// Where ∂f/∂xᵢ is not finite, entry i is NaN, and every entry is NaN if vᵢ ≠ 0 there (see
  /// <doc:EdgeSemantics>).
  /// - Complexity: one recording of f and one sweep (two at an edge point).
  @inlinable public static func hessianVectorProduct<S: RealScalar>(
    at x: [S], direction: [S], of f: some VectorToScalar
  ) -> [S] {
    Forward.checkDirection(direction, x, "Reverse.hessianVectorProduct")
    let r = unmaskedHessianVectorProduct(x, direction, f)
    return SecondOrderDomain.product(r.product, direction: direction, undefined: r.undefined)
  }

  /// ∇²f(x)·v before the second-order domain rule and the inputs whose ∂f/∂xᵢ is not finite
  /// (the sparse Hessian masks its entries itself). Unguarded first (see Forward/EdgePolicy.swift), the guarded recording only
  /// where an entry is NaN: a NaN in a value part of the sweep spreads to every tangent part
  /// below it.
  @inlinable static func unmaskedHessianVectorProduct<S: RealScalar>(
    _ x: [S], _ direction: [S], _ f: some VectorToScalar
  ) -> (product: [S], undefined: [Int]) {
    let plain = recordedHessianVectorProduct(
      x, direction, { UnguardedDual($0, tangent: $1) }, { f($0) })
    if !plain.product.contains(where: \.isNaN) { return plain }
    return recordedHessianVectorProduct(x, direction, { Dual($0, tangent: $1) }, { f($0) })
  }

  /// ∇²f(x)·v by one recording of f with `Tracked<D>` values `dual(xᵢ, vᵢ)` and one sweep
  /// (the tangents of the input adjoints), and the inputs whose ∂f/∂xᵢ (the adjoint's value)
  /// is not finite.
  @inlinable static func recordedHessianVectorProduct<S: RealScalar, E: EdgePolicy>(
    _ x: [S], _ direction: [S], _ dual: (S, S) -> DualNumber<S, E>,
    _ f: ([Tracked<DualNumber<S, E>>]) -> Tracked<DualNumber<S, E>>
  ) -> (product: [S], undefined: [Int]) {
    let duals = Forward.seeded(x, direction, dual)
    return record(duals) { tape, xs in
      let y = f(xs)
      let index = outputIndex(y, tape, "Reverse.hessianVectorProduct")
      let adjoints = gradient(tape, inputCount: x.count, output: index)
      let undefined = SecondOrderDomain.undefined(adjoints.lazy.map(\.value))
      return (adjoints.map(\.tangent), undefined)
    }
  }
}

/// ``Reverse/chunkedHessian(_:_:_:threads:)`` at the lanes ``Forward/withChunkWidth(_:_:)``
/// picks.
@usableFromInline struct ChunkedHessian<S: RealScalar, F: VectorToScalar>: ChunkWidthBody {
  @usableFromInline typealias Scalar = S
  @usableFromInline let x: [S], f: F, threads: Int
  @inlinable init(_ x: [S], _ f: F, threads: Int) {
    (self.x, self.f, self.threads) = (x, f, threads)
  }
  @inlinable func callAsFunction<P: SIMD & SendableMetatype>(_ lanes: P.Type) -> Matrix<S>
  where P.Scalar == S {
    Reverse.chunkedHessian(x, f, lanes, threads: threads)
  }
}

extension Forward {
  /// The Hessian ∇²f(x) of f: ℝⁿ → ℝ by forward-over-forward (nested duals).
  ///
  /// Entry (i, j) is the ε₁ε₂ coefficient of f evaluated at `Dual(Dual(x, eⱼ), Dual(eᵢ, 0))`.
  /// Only i ≤ j is evaluated; the rest is filled by symmetry. Row and column i are NaN where
  /// ∂f/∂xᵢ is ±∞ or NaN (see <doc:EdgeSemantics>).
  /// - Complexity: n(n + 1)/2 evaluations of f with nested duals that skip the 0 · ∞ guard,
  ///   and n(n + 1)/2 more with `Dual<Dual<S>>` only if an entry comes out NaN (an edge
  ///   point; the result is then the guarded one); prefer
  ///   ``Reverse/hessian(at:of:)-(_,VectorToScalar)`` for large n.
  @inlinable public static func hessian<S: RealScalar>(
    at x: [S], of f: some VectorToScalar
  ) -> Matrix<S> {
    requireInputs(x, "Forward.hessian")
    // Unguarded first (see Forward/EdgePolicy.swift): exact unless an entry read is NaN.
    let plain = nestedHessian(
      x, { UnguardedDual(UnguardedDual($0, tangent: $1), tangent: UnguardedDual($2, tangent: 0)) },
      { ($0.value.tangent, $0.tangent.tangent) }, { f($0) })
    return plain.hasNaN ? hessian(at: x) { f($0) } : plain.masked()
  }

  /// The Hessian–vector product ∇²f(x)·v by forward-over-forward: n nested-dual passes.
  ///
  /// Entry i is NaN where ∂f/∂xᵢ is not finite, every entry where vᵢ ≠ 0 there (see
  /// <doc:EdgeSemantics>).
  @inlinable public static func hessianVectorProduct<S: RealScalar>(
    at x: [S], direction: [S], of f: some VectorToScalar
  ) -> [S] {
    hessianVectorProduct(at: x, direction: direction) { f($0) }
  }
}
