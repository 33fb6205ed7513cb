// Forward-mode drivers for closures. A closure serves one engine only (Swift has no generic
// closures), so these closures receive this engine's scalars: `Dual<S>` for one tangent per
// pass, `Forward.Chunk<S>` (eight tangents) when a `chunkSize:` is given.

extension Forward {
  /// The scalar a chunked closure receives: a ``DualVector`` with eight tangent lanes, of
  /// which `chunkSize` are seeded per pass.
  ///
  /// ```swift
  /// Forward.gradient(at: x, chunkSize: 8) { (v: [Forward.Chunk<Double>]) in v[0] * v[1] }
  /// ```
  public typealias Chunk<S: RealScalar> = DualVector<SIMD8<S>>

  /// The widest chunk a closure can take: the lanes of ``Chunk``.
  public static let maximumClosureChunkSize = 8

  // MARK: One tangent per pass (`Dual`)

  /// The gradient of a closure over ``Dual`` numbers: n forward passes, one per input.
  ///
  /// ```swift
  /// Forward.gradient(at: [1.0, 2.0]) { v in v[0] * v[1] }   // [2, 1]
  /// ```
  /// For ⌈n / k⌉ passes instead, pass `chunkSize:` (the closure then receives ``Chunk``).
  @inlinable public static func gradient<S: RealScalar>(
    at x: [S], of f: ([Dual<S>]) -> Dual<S>
  ) -> [S] {
    valueWithJacobian(at: x) { [f($0)] }.jacobian.elements
  }

  /// f(x) and ∇f(x) of a closure over ``Dual`` numbers: n forward passes.
  @inlinable public static func valueWithGradient<S: RealScalar>(
    at x: [S], of f: ([Dual<S>]) -> Dual<S>
  ) -> (value: S, gradient: [S]) {
    let r = valueWithJacobian(at: x) { [f($0)] }
    return (r.value[0], r.jacobian.elements)
  }

  /// The Jacobian of a closure over ``Dual`` numbers: n forward passes, one per input.
  @inlinable public static func jacobian<S: RealScalar>(
    at x: [S], of f: ([Dual<S>]) -> [Dual<S>]
  ) -> Matrix<S> {
    valueWithJacobian(at: x, of: f).jacobian
  }

  /// f(x) and the Jacobian of a closure over ``Dual`` numbers: n forward passes.
  /// - Returns: the m outputs and an m × n matrix (row i is the gradient of output i).
  @inlinable public static func valueWithJacobian<S: RealScalar>(
    at x: [S], of f: ([Dual<S>]) -> [Dual<S>]
  ) -> (value: [S], jacobian: Matrix<S>) {
    requireInputs(x, "Forward.jacobian")
    let n = x.count
    var xs = x.map { Dual<S>(constant: $0) }
    var value: [S] = []
    var jacobian: [S] = []
    var m = -1
    for i in 0..<n {
      xs[i].tangent = 1
      let y = f(xs)
      xs[i].tangent = 0
      if m < 0 {
        m = y.count
        value = y.map(\.value)
        jacobian = [S](repeating: 0, count: m * n)
      }
      requireSameOutputCount(y.count, m, "Forward.jacobian")
      for j in 0..<m { jacobian[j * n + i] = y[j].tangent }
    }
    return (value, Matrix(rows: m, columns: n, elements: jacobian))
  }

  // MARK: Chunk mode (`Chunk`: up to eight tangents per pass)

  /// The gradient of a closure in chunk mode: ⌈n / chunkSize⌉ forward passes.
  ///
  /// ```swift
  /// let g = Forward.gradient(at: x, chunkSize: 8) { v in v[0] * v[1] + sin(v[2]) }
  /// ```
  /// - Parameters:
  ///   - x: the point, n ≥ 1 values.
  ///   - chunkSize: tangents per pass, 1...8 (``maximumClosureChunkSize``).
  ///   - f: the function, a closure over ``Chunk`` numbers.
  /// - Complexity: ⌈n / chunkSize⌉ evaluations of f.
  @inlinable public static func gradient<S: RealScalar>(
    at x: [S], chunkSize: Int, of f: ([Chunk<S>]) -> Chunk<S>
  ) -> [S] {
    valueWithGradient(at: x, chunkSize: chunkSize, of: f).gradient
  }

  /// f(x) and ∇f(x) of a closure in chunk mode: ⌈n / chunkSize⌉ forward passes.
  /// - Parameters:
  ///   - x: the point, n ≥ 1 values.
  ///   - chunkSize: tangents per pass, 1...8.
  ///   - f: the function, a closure over ``Chunk`` numbers.
  @inlinable public static func valueWithGradient<S: RealScalar>(
    at x: [S], chunkSize: Int, of f: ([Chunk<S>]) -> Chunk<S>
  ) -> (value: S, gradient: [S]) {
    let r = valueWithJacobian(at: x, chunkSize: chunkSize) { [f($0)] }
    return (r.value[0], r.jacobian.elements)
  }

  /// The Jacobian of a closure in chunk mode: ⌈n / chunkSize⌉ forward passes.
  /// - Parameters:
  ///   - x: the point, n ≥ 1 values.
  ///   - chunkSize: tangents per pass, 1...8.
  ///   - f: the function, a closure over ``Chunk`` numbers.
  /// - Returns: an m × n matrix; row i is the gradient of output i.
  @inlinable public static func jacobian<S: RealScalar>(
    at x: [S], chunkSize: Int, of f: ([Chunk<S>]) -> [Chunk<S>]
  ) -> Matrix<S> {
    valueWithJacobian(at: x, chunkSize: chunkSize, of: f).jacobian
  }

  /// f(x) and the Jacobian of a closure in chunk mode: ⌈n / chunkSize⌉ forward passes.
  /// - Parameters:
  ///   - x: the point, n ≥ 1 values.
  ///   - chunkSize: tangents per pass, 1...8.
  ///   - f: the function, a closure over ``Chunk`` numbers.
  @inlinable public static func valueWithJacobian<S: RealScalar>(
    at x: [S], chunkSize: Int, of f: ([Chunk<S>]) -> [Chunk<S>]
  ) -> (value: [S], jacobian: Matrix<S>) {
    requireInputs(x, "Forward.jacobian")
    requireChunkSize(chunkSize, maximumClosureChunkSize)
    return chunked(x, chunkSize, f)
  }
}
