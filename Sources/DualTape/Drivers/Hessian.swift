// Hessians two ways: forward-over-reverse (reverse sweeps in dual arithmetic, n passes) and
// forward-over-forward (nested duals, n(n+1)/2 passes), so each can check the other.

extension Reverse {
  /// The Hessian ∇²f(x) of f: ℝⁿ → ℝ by forward-over-reverse.
  ///
  /// Column j is H·eⱼ = d/dε ∇f(x + ε eⱼ): the function is recorded with
  /// `Tracked<Dual<S>>` (values carry a tangent eⱼ), and the reverse sweep runs in dual
  /// arithmetic, so the input adjoints are `Dual(∇f, H·eⱼ)`.
  /// - Returns: an n × n symmetric matrix (row i, column j = ∂²f/∂xᵢ∂xⱼ).
  /// - Complexity: n recordings and sweeps, each a small multiple of f.
  @inlinable public static func hessian<S: RealScalar>(
    at x: [S], of f: some VectorToScalar
  ) -> Matrix<S> {
    requireInputs(x, "Reverse.hessian")
    let n = x.count
    var h = [S](repeating: 0, count: n * n)
    var direction = [S](repeating: 0, count: n)
    for j in 0..<n {
      direction[j] = 1
      let column = hessianVectorProduct(at: x, direction: direction, of: f)
      direction[j] = 0
      for i in 0..<n { h[i * n + j] = column[i] }
    }
    return Matrix(rows: n, columns: n, elements: h)
  }

  /// The Hessian–vector product ∇²f(x)·v by one forward-over-reverse pass.
  ///
  /// - Complexity: one recording of f with `Tracked<Dual<S>>` and one sweep.
  @inlinable public static func hessianVectorProduct<S: RealScalar>(
    at x: [S], direction: [S], of f: some VectorToScalar
  ) -> [S] {
    Forward.checkDirection(direction, x, "Reverse.hessianVectorProduct")
    let duals = Forward.seeded(x, direction)
    return record(duals) { tape, xs in
      let y = f(xs)
      let index = outputIndex(y, tape, "Reverse.hessianVectorProduct")
      return pullback(tape, inputCount: x.count, outputs: [index], seeds: [Dual(1, tangent: 0)])
        .map(\.tangent)
    }
  }
}

extension Forward {
  /// The Hessian ∇²f(x) of f: ℝⁿ → ℝ by forward-over-forward (nested duals).
  ///
  /// Entry (i, j) is the ε₁ε₂ coefficient of f evaluated at `Dual(Dual(x, eⱼ), Dual(eᵢ, 0))`.
  /// Only i ≤ j is evaluated; the rest is filled by symmetry.
  /// - Complexity: n(n + 1)/2 evaluations of f with `Dual<Dual<S>>`; prefer
  ///   ``Reverse/hessian(at:of:)`` for large n.
  @inlinable public static func hessian<S: RealScalar>(
    at x: [S], of f: some VectorToScalar
  ) -> Matrix<S> {
    requireInputs(x, "Forward.hessian")
    let n = x.count
    var h = [S](repeating: 0, count: n * n)
    var xs = x.map { Dual(Dual<S>(constant: $0), tangent: Dual<S>(constant: 0)) }
    for i in 0..<n {
      xs[i].tangent.value = 1
      for j in i..<n {
        xs[j].value.tangent = 1
        let hij = f(xs).tangent.tangent
        xs[j].value.tangent = 0
        h[i * n + j] = hij
        h[j * n + i] = hij
      }
      xs[i].tangent.value = 0
    }
    return Matrix(rows: n, columns: n, elements: h)
  }

  /// The Hessian–vector product ∇²f(x)·v by forward-over-forward: n nested-dual passes.
  @inlinable public static func hessianVectorProduct<S: RealScalar>(
    at x: [S], direction: [S], of f: some VectorToScalar
  ) -> [S] {
    checkDirection(direction, x, "Forward.hessianVectorProduct")
    var xs = x.indices.map {
      Dual(Dual<S>(constant: x[$0]), tangent: Dual<S>(constant: direction[$0]))
    }
    return (0..<x.count).map { i in
      xs[i].value.tangent = 1
      defer { xs[i].value.tangent = 0 }
      return f(xs).tangent.tangent
    }
  }
}
