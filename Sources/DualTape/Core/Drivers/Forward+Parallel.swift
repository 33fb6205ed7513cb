internal import Dispatch

#if canImport(Glibc)
  internal import Glibc
#elseif canImport(Musl)
  internal import Musl
#elseif canImport(Darwin)
  internal import Darwin
#endif

// Forward-mode Jacobians across cores: the chunks of columns are independent passes, so
// workers take them round-robin, each with its own copy of the seeded inputs, and write
// disjoint columns of one result. Each chunk runs exactly the arithmetic of the serial driver,
// so the result is identical to it, bit for bit, whatever the number of threads.

extension Forward {
  /// The Jacobian of f: ℝⁿ → ℝᵐ in chunk mode, with the ⌈n / chunkSize⌉ passes spread over
  /// several threads (`DispatchQueue.concurrentPerform`).
  ///
  /// The result is identical (bit for bit) to `Forward.jacobian(at:chunkSize:of:)` with the same
  /// chunk size: each pass runs the same operations, only on another thread.
  ///
  /// ```swift
  /// let j = Forward.parallelJacobian(at: x, threads: 4, of: f)
  /// ```
  /// - Parameters:
  ///   - x: the point, n ≥ 1 values.
  ///   - chunkSize: tangents per pass, 1...16; `nil` picks
  ///     ``defaultChunkSize(forInputCount:)``.
  ///   - threads: how many groups of passes to run concurrently, ≥ 1 (each group allocates
  ///     its own seeded inputs; Dispatch runs at most one group per processor at a time);
  ///     `nil` makes up to 64 groups, so every processor is used; `1` runs serially.
  ///   - f: the function, written generically. It is called concurrently, so it must not
  ///     mutate shared state.
  /// - Complexity: the serial driver's ⌈n / chunkSize⌉ evaluations of f, the first one alone
  ///   (it fixes m), the rest divided among the groups; each group allocates its own n
  ///   seeded inputs.
  @inlinable public static func parallelJacobian<S: RealScalar>(
    at x: [S], chunkSize: Int? = nil, threads: Int? = nil,
    of f: some VectorToVector & SendableMetatype
  ) -> Matrix<S> {
    requireInputs(x, "Forward.parallelJacobian")
    let k = chunkSize ?? defaultChunkSize(forInputCount: x.count)
    require(
      k >= 1 && k <= maximumChunkSize,
      "Forward.parallelJacobian: chunkSize \(k) is out of range; pass 1...\(maximumChunkSize),"
        + " or nil to let DualTape choose.")
    let t = threads ?? 64
    require(
      t >= 1,
      "Forward.parallelJacobian: threads \(t) is out of range; pass at least 1, or nil to use"
        + " every processor.")
    return withChunkWidth(k, ParallelChunkedJacobian(x, k, threads: t, f))
  }

  /// One chunked pass: columns `start..<end` seeded in lanes 0..<(end − start) of `xs`,
  /// written into `jac` (m × n, row-major). Returns the outputs' values and count.
  @inlinable static func chunkPass<S: RealScalar, P: SIMD, F: VectorToVector>(
    _ xs: inout [DualVector<P>], _ start: Int, _ end: Int, _ f: F,
    _ jac: UnsafeMutableBufferPointer<S>?, _ n: Int
  ) -> [DualVector<P>] where P.Scalar == S {
    for i in start..<end { xs[i].partials[i - start] = 1 }
    let y = f(xs)
    for i in start..<end { xs[i].partials[i - start] = 0 }
    if let jac, jac.count == y.count * n {
      for j in 0..<y.count {
        let p = y[j].partials
        for lane in 0..<(end - start) { jac[j * n + start + lane] = p[lane] }
      }
    }
    return y
  }

  @inlinable
  static func parallelChunked<
    S: RealScalar, P: SIMD & SendableMetatype, F: VectorToVector & SendableMetatype
  >(
    _ x: [S], _ k: Int, _ threads: Int, _ f: F, _: P.Type
  ) -> Matrix<S> where P.Scalar == S {
    let n = x.count
    let passes = (n + k - 1) / k
    // The first pass alone: it fixes m and allocates the result.
    var first = x.map { DualVector<P>(constant: $0) }
    let firstEnd = Swift.min(k, n)
    let y0 = chunkPass(&first, 0, firstEnd, f, nil, n)
    let m = y0.count
    var jacobian = [S](repeating: 0, count: m * n)
    for j in 0..<m {
      for lane in 0..<firstEnd { jacobian[j * n + lane] = y0[j].partials[lane] }
    }
    let workers = Swift.max(1, Swift.min(threads, passes - 1))
    // Each worker's output counts, checked after the parallel region (a failure inside a
    // worker would stop the process from a background thread with a less useful trace).
    var counts = [Int](repeating: m, count: workers)
    jacobian.withUnsafeMutableBufferPointer { jac in
      counts.withUnsafeMutableBufferPointer { counts in
        nonisolated(unsafe) let jac = jac
        nonisolated(unsafe) let counts = counts
        // f is called from several threads: documented as a requirement on the caller (no
        // shared mutable state), as with any function handed to concurrentPerform.
        nonisolated(unsafe) let f = f
        concurrentlyPerform(iterations: workers) { w in
          var xs = x.map { DualVector<P>(constant: $0) }
          var pass = 1 + w
          while pass < passes {
            let start = pass * k
            let y = chunkPass(&xs, start, Swift.min(start + k, n), f, jac, n)
            if y.count != m { counts[w] = y.count }
            pass += workers
          }
        }
      }
    }
    for c in counts { requireSameOutputCount(c, m, "Forward.parallelJacobian") }
    return Matrix(rows: m, columns: n, elements: jacobian)
  }
}

/// Runs `body(0)`, …, `body(iterations − 1)` across the processors and returns when all are
/// done: Dispatch's `concurrentPerform` behind a non-inlined call, so that Dispatch stays an
/// internal import of the library.
@usableFromInline
func concurrentlyPerform(iterations: Int, execute body: @Sendable (Int) -> Void) {
  DispatchQueue.concurrentPerform(iterations: iterations, execute: body)
}

/// The number of processors online (at least 1).
@usableFromInline let processorCount: Int = {
  #if canImport(Glibc) || canImport(Musl) || canImport(Darwin)
    return Swift.max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
  #else
    return 1
  #endif
}()

/// ``Forward/parallelChunked(_:_:_:_:_:)`` at the lanes ``Forward/withChunkWidth(_:_:)`` picks.
@usableFromInline
struct ParallelChunkedJacobian<
  S: RealScalar, F: VectorToVector & SendableMetatype
>: ChunkWidthBody {
  @usableFromInline typealias Scalar = S
  @usableFromInline let x: [S], k: Int, threads: Int, f: F
  @inlinable init(_ x: [S], _ k: Int, threads: Int, _ f: F) {
    (self.x, self.k, self.threads, self.f) = (x, k, threads, f)
  }
  @inlinable func callAsFunction<P: SIMD & SendableMetatype>(_ lanes: P.Type) -> Matrix<S>
  where P.Scalar == S {
    Forward.parallelChunked(x, k, threads, f, lanes)
  }
}
