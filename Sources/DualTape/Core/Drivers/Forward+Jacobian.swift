extension Forward {
  /// The chunk size the drivers choose for n inputs: n itself up to 4, then 4.
  ///
  /// Chosen from measurement, not from n alone: a pass with k tangents costs about
  /// (a + b·k) primal evaluations and a Jacobian needs ⌈n / k⌉ passes, so wider chunks pay
  /// only while the per-pass overhead a dominates. The benchmark's chunk-size sweep
  /// (`swift run -c release bench --filter chunk`) measured k = 4 fastest at every n it
  /// tried on an x86-64 machine (n = 1024 Rosenbrock gradient: 1594x primal with k = 4,
  /// 2743x with k = 8; n = 64: 10.6 µs with 4, 19–20 µs with 8): past 4 lanes the
  /// `DualVector` arithmetic outgrows the registers and each operation costs more than the
  /// passes it saves. For a given function, ``ModeAdvisor`` and the ``Auto`` drivers
  /// measure every width on the machine they run on. Override with the `chunkSize:` argument.
  /// (``elementJacobians(count:inputCount:chunkSize:element:body:)`` does not use it: its
  /// default is one pass of up to 16 lanes, as an element is small and each pass evaluates
  /// f's values again.)
  @inlinable public static func defaultChunkSize(forInputCount n: Int) -> Int {
    Swift.max(1, Swift.min(n, 4))
  }

  /// The gradient ∇f(x) of f: ℝⁿ → ℝ in chunk mode: ⌈n / chunkSize⌉ forward passes.
  ///
  /// ```swift
  /// Forward.gradient(at: [1.2, 1.0], of: Rosenbrock())
  /// ```
  /// - Parameters:
  ///   - x: the point, n ≥ 1 values.
  ///   - chunkSize: tangents per pass, 1...16; `nil` picks ``defaultChunkSize(forInputCount:)``.
  ///   - f: the function, written generically.
  /// - Complexity: ⌈n / chunkSize⌉ evaluations of f with ``DualVector`` numbers.
  @inlinable public static func gradient<S: RealScalar>(
    at x: [S], chunkSize: Int? = nil, of f: some VectorToScalar
  ) -> [S] {
    valueWithGradient(at: x, chunkSize: chunkSize, of: f).gradient
  }

  /// f(x) and ∇f(x) in chunk mode. See ``gradient(at:chunkSize:of:)-(_,_,VectorToScalar)``.
  @inlinable public static func valueWithGradient<S: RealScalar>(
    at x: [S], chunkSize: Int? = nil, of f: some VectorToScalar
  ) -> (value: S, gradient: [S]) {
    let r = valueWithJacobian(at: x, chunkSize: chunkSize, of: ScalarAsVector(f: f))
    return (r.value[0], r.jacobian.elements)
  }

  /// The Jacobian of f: ℝⁿ → ℝᵐ in chunk mode: ⌈n / chunkSize⌉ forward passes.
  ///
  /// - Returns: an m × n matrix; row i is the gradient of output i.
  /// - Complexity: ⌈n / chunkSize⌉ evaluations of f with ``DualVector`` numbers.
  @inlinable public static func jacobian<S: RealScalar>(
    at x: [S], chunkSize: Int? = nil, of f: some VectorToVector
  ) -> Matrix<S> {
    valueWithJacobian(at: x, chunkSize: chunkSize, of: f).jacobian
  }

  /// f(x) and its Jacobian in chunk mode.
  @inlinable public static func valueWithJacobian<S: RealScalar>(
    at x: [S], chunkSize: Int? = nil, of f: some VectorToVector
  ) -> (value: [S], jacobian: Matrix<S>) {
    requireInputs(x, "Forward.jacobian")
    let k = chunkSize ?? defaultChunkSize(forInputCount: x.count)
    requireChunkSize(k, maximumChunkSize)
    return withChunkWidth(k, ChunkedJacobian(x, k, f))
  }

  /// Chunk mode with `k` of the `P.scalarCount` lanes seeded per pass, for a closure over
  /// ``DualVector`` (guarded, one run per pass).
  @inlinable static func chunked<S: RealScalar, P: SIMD>(
    _ x: [S], _ k: Int, _ f: ([DualVector<P>]) -> [DualVector<P>]
  ) -> (value: [S], jacobian: Matrix<S>) where P.Scalar == S {
    chunked(x, k, f, guarded: f)
  }

  /// Chunk mode with `k` of the `P.scalarCount` lanes seeded per pass: each pass runs `f`, and
  /// `guarded` too where the policy `E` may need it (a lane of the plain policy came out NaN).
  @inlinable static func chunked<S: RealScalar, E: EdgePolicy, P: SIMD>(
    _ x: [S], _ k: Int, _ f: ([DualLanes<P, E>]) -> [DualLanes<P, E>],
    guarded: ([DualVector<P>]) -> [DualVector<P>]
  ) -> (value: [S], jacobian: Matrix<S>) where P.Scalar == S {
    var xs = x.map { DualLanes<P, E>(constant: $0) }
    var value: [S] = []
    var jacobian: [S] = []
    var m = -1
    var start = 0
    while start < x.count {
      let end = Swift.min(start + k, x.count)
      pass(
        x, &xs, start, end, seeded: false, &value, &jacobian, &m, f, guarded: guarded
      ) { count, expected, _ in outputCountMessage(count, expected, "Forward.jacobian") }
      start = end
    }
    return (value, Matrix(rows: m, columns: x.count, elements: jacobian))
  }

  /// One pass of chunk mode, the plumbing of ``chunked(_:_:_:guarded:)`` and
  /// ``elementPasses(_:_:_:_:_:_:)``: runs `f` on `xs` (the inputs `x` as values of the policy
  /// `E`) with inputs `start..<end` seeded (by this pass, or already where `seeded`), stores the
  /// tangents in columns `start..<end` of the m × n row-major `jacobian` (m set, `jacobian`
  /// allocated and f's `value` stored by the first pass, where m < 0), and runs the pass again
  /// with `guarded` where the policy may need it (a lane of the plain policy came out NaN).
  ///
  /// Every evaluation's output count must be m, checked before its outputs are read; otherwise
  /// `mismatch(count, m, rerun)` (only called then) words the message, `rerun` telling the
  /// guarded run's count apart.
  @inlinable static func pass<S: RealScalar, E: EdgePolicy, P: SIMD>(
    _ x: [S], _ xs: inout [DualLanes<P, E>], _ start: Int, _ end: Int, seeded: Bool,
    _ value: inout [S], _ jacobian: inout [S], _ m: inout Int,
    _ f: ([DualLanes<P, E>]) -> [DualLanes<P, E>],
    guarded: ([DualVector<P>]) -> [DualVector<P>],
    mismatch: (_ count: Int, _ expected: Int, _ rerun: Bool) -> String
  ) where P.Scalar == S {
    let n = xs.count
    if !seeded { for i in start..<end { xs[i].partials[i - start] = 1 } }
    var y = f(xs)
    if !seeded { for i in start..<end { xs[i].partials[i - start] = 0 } }
    if m < 0 {
      m = y.count
      value = y.map(\.value)
      jacobian = [S](repeating: 0, count: m * n)
    }
    var guardedRun = false
    while true {
      require(y.count == m, mismatch(y.count, m, guardedRun))
      // The sum of every lane of every output, seeded or not (the guarded run masks all of
      // a value's lanes when one is NaN): NaN if a lane is (or if +∞ meets −∞, which only
      // costs a guarded run).
      var lanes = P()
      jacobian.withUnsafeMutableBufferPointer { jac in
        y.withUnsafeBufferPointer { y in
          for j in 0..<m {
            let p = y[j].partials
            if !E.guardsEdges { lanes += p }
            for lane in 0..<(end - start) { jac[j * n + start + lane] = p[lane] }
          }
        }
      }
      if E.guardsEdges || guardedRun || !lanes.sum().isNaN { break }
      guardedRun = true
      y = guardedPass(x, start, end, guarded)
    }
  }

  /// One pass of chunk mode (inputs `start..<end` seeded) run with `guarded`, as values of
  /// the policy `E`.
  @inlinable @inline(never)
  static func guardedPass<S: RealScalar, E: EdgePolicy, P: SIMD>(
    _ x: [S], _ start: Int, _ end: Int, _ guarded: ([DualVector<P>]) -> [DualVector<P>]
  ) -> [DualLanes<P, E>] where P.Scalar == S {
    var xs = x.map { DualVector<P>(constant: $0) }
    for i in start..<end { xs[i].partials[i - start] = 1 }
    return guarded(xs).map { y in
      var l = DualLanes<P, E>(constant: y.value)
      l.partials = y.partials
      return l
    }
  }
}

/// Stops with a message if a chunk size is outside 1...maximum.
@inlinable func requireChunkSize(_ k: Int, _ maximum: Int) {
  require(
    k >= 1 && k <= maximum,
    "Forward: chunkSize \(k) is out of range; pass 1...\(maximum), or nil to let DualTape"
      + " choose.")
}

/// Stops with a message if a function's output length changed between evaluations.
@inlinable func requireSameOutputCount(_ count: Int, _ expected: Int, _ caller: String) {
  require(count == expected, outputCountMessage(count, expected, caller))
}

/// The message for a function whose output length changed between evaluations.
@usableFromInline func outputCountMessage(_ count: Int, _ expected: Int, _ caller: String)
  -> String
{
  "\(caller): the function returned \(count) outputs in one evaluation and \(expected) in"
    + " another. The output length must not depend on the input values."
}

/// ``Forward/chunked(_:_:_:guarded:)`` at the lanes ``Forward/withChunkWidth(_:_:)`` picks:
/// unguarded passes first, a pass again with ``DualVector`` only where a lane is NaN (see
/// Forward/EdgePolicy.swift); f is generic, so it runs with either.
@usableFromInline struct ChunkedJacobian<S: RealScalar, F: VectorToVector>: ChunkWidthBody {
  @usableFromInline typealias Scalar = S
  @usableFromInline let x: [S], k: Int, f: F
  @inlinable init(_ x: [S], _ k: Int, _ f: F) { (self.x, self.k, self.f) = (x, k, f) }
  @inlinable func callAsFunction<P: SIMD & SendableMetatype>(_: P.Type) -> (
    value: [S], jacobian: Matrix<S>
  ) where P.Scalar == S {
    Forward.chunked(
      x, k, { (v: [UnguardedDualVector<P>]) in f(v) }, guarded: { (v: [DualVector<P>]) in f(v) })
  }
}

/// A function ℝⁿ → ℝ seen as ℝⁿ → ℝ¹, so gradients reuse the Jacobian drivers.
@usableFromInline struct ScalarAsVector<F: VectorToScalar>: VectorToVector {
  @usableFromInline let f: F
  @inlinable init(f: F) { self.f = f }
  @inlinable func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] { [f(x)] }
}
