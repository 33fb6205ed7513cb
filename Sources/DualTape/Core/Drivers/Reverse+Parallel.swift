// Reverse-mode Jacobians and Hessians across cores.
//
// A Jacobian's rows are independent sweeps of one recording: the tape is recorded once, then
// groups of rows sweep it concurrently, each group with its own adjoint buffer (the tape's
// nodes are only read). A Hessian's chunks of columns are independent forward-over-reverse
// recordings: each group records on its own thread's tape. Every row and every chunk runs
// exactly the arithmetic of the serial driver, so the results are identical, bit for bit.

extension Reverse {
  /// The Jacobian of f: ℝⁿ → ℝᵐ with its m reverse sweeps spread over several threads.
  ///
  /// One recording, then groups of rows swept concurrently over the shared recording. The
  /// result is identical (bit for bit) to ``Reverse/jacobian(at:of:)-(_,VectorToVector)``.
  ///
  /// ```swift
  /// let j = Reverse.parallelJacobian(at: x, threads: 4, of: f)
  /// ```
  /// - Parameters:
  ///   - x: the point, n ≥ 1 values.
  ///   - threads: how many groups of rows to sweep concurrently, ≥ 1; `nil` uses one group per
  ///     active processor; `1` sweeps serially.
  ///   - f: the function, written generically.
  /// - Returns: an m × n matrix; row i is the gradient of output i.
  /// - Complexity: one evaluation of f with ``Tracked`` numbers, then m sweeps divided among
  ///   the groups; each group allocates one adjoint per tape node.
  @inlinable public static func parallelJacobian<S: RealScalar>(
    at x: [S], threads: Int? = nil, of f: some VectorToVector
  ) -> Matrix<S> {
    requireInputs(x, "Reverse.parallelJacobian")
    let t = threads ?? processorCount
    requireThreads(t, "Reverse.parallelJacobian")
    let n = x.count
    return record(x) { tape, xs in
      let y = f(xs)
      let tops = y.map { outputIndex($0, tape, "Reverse.parallelJacobian") }
      let m = tops.count
      var jacobian = [S](repeating: 0, count: m * n)
      let workers = Swift.max(1, Swift.min(t, m))
      let nodes = tape.pointee.count
      jacobian.withUnsafeMutableBufferPointer { jac in
        // Each group writes its own rows; the tape is only read during the sweeps.
        nonisolated(unsafe) let jac = jac
        nonisolated(unsafe) let tape = tape
        concurrentlyPerform(iterations: workers) { w in
          let adj = UnsafeMutablePointer<S>.allocate(capacity: nodes)
          defer { adj.deallocate() }
          for row in stride(from: w, to: m, by: workers) {
            guard let top = tops[row] else { continue }
            adj.initialize(repeating: 0, count: Swift.max(top, n) + 1)
            adj[top] = 1
            tape.pointee.sweep(from: top, adjoints: adj)
            for i in 0..<n { jac[row * n + i] = adj[i + 1] }
          }
        }
      }
      return Matrix(rows: m, columns: n, elements: jacobian)
    }
  }

  /// The Hessian ∇²f(x) by forward-over-reverse in chunks, with the ⌈n / k⌉ recordings spread
  /// over several threads.
  ///
  /// The result is identical (bit for bit) to ``Reverse/hessian(at:of:)-(_,VectorToScalar)``:
  /// each chunk of columns is the same recording and sweep, on another thread's tape.
  /// - Parameters:
  ///   - x: the point, n ≥ 1 values.
  ///   - threads: how many groups of chunks to run concurrently, ≥ 1; `nil` uses one group
  ///     per active processor; `1` runs serially.
  ///   - f: the function, written generically. It is called concurrently, so it must not
  ///     mutate shared state.
  /// - Returns: an n × n symmetric matrix.
  ///   Row and column i are NaN where ∂f/∂xᵢ is ±∞ or NaN (see <doc:EdgeSemantics>).
  /// - Complexity: the serial driver's ⌈n / k⌉ recordings and sweeps, divided among the
  ///   groups.
  @inlinable public static func parallelHessian<S: RealScalar>(
    at x: [S], threads: Int? = nil, of f: some VectorToScalar & SendableMetatype
  ) -> Matrix<S> {
    requireInputs(x, "Reverse.parallelHessian")
    let t = threads ?? processorCount
    requireThreads(t, "Reverse.parallelHessian")
    return Forward.withChunkWidth(
      Forward.defaultChunkSize(forInputCount: x.count), ChunkedHessian(x, f, threads: t))
  }

  @inlinable static func requireThreads(_ t: Int, _ caller: String) {
    require(
      t >= 1,
      "\(caller): threads \(t) is out of range; pass at least 1, or nil to use every"
        + " processor.")
  }
}
