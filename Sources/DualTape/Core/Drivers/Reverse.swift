/// Reverse-mode drivers: derivatives by recording a Wengert list and sweeping it backwards.
///
/// One recording of f: ℝⁿ → ℝᵐ plus one reverse sweep gives a vector–Jacobian product uᵀJ,
/// so a whole gradient (m = 1) costs a small constant multiple of f, whatever n is. A Jacobian
/// records once and sweeps m times. Reverse mode therefore wins when m is small relative to n.
///
/// Each call takes a tape from a pool and gives it back, so storage is allocated once and
/// reused, and concurrent calls on different threads each use their own tape.
public enum Reverse {}

extension Reverse {
  /// Records `body` on a pooled tape whose first n nodes are the inputs `x`.
  @inlinable static func record<S: Differentiable, R>(
    _ x: [S], traced: Bool = false,
    _ body: (UnsafeMutablePointer<TapeStorage<S>>, [Tracked<S>]) -> R
  ) -> R {
    let tape = TapePool.acquire(S.self)
    defer {
      tape.pointee.end()
      TapePool.release(tape)
    }
    tape.pointee.begin(traced: traced)
    let inputs = inputs(x, on: tape)
    defer { keepInputs(inputs, on: tape) }
    return body(tape, inputs)
  }

  /// Keeps a small recording's inputs array on its tape for the next recording to reuse (it
  /// is reused only if nobody else holds it by then).
  @inlinable static func keepInputs<S: Differentiable>(
    _ inputs: [Tracked<S>], on tape: UnsafeMutablePointer<TapeStorage<S>>
  ) {
    if inputs.count <= TapePool.initialCapacity { tape.pointee.spareInputs = inputs }
  }

  /// The tracked inputs of a recording just begun: nodes 1 … n.
  @inlinable static func inputs<S: Differentiable>(
    _ x: [S], on tape: UnsafeMutablePointer<TapeStorage<S>>
  ) -> [Tracked<S>] {
    let g = tape.pointee.generation
    var inputs: [Tracked<S>] = []
    swap(&inputs, &tape.pointee.spareInputs)
    inputs.removeAll(keepingCapacity: true)
    inputs.reserveCapacity(x.count)
    for v in x { inputs.append(input(v, on: tape, generation: g)) }
    return inputs
  }

  /// Appends one input node with value `v` and returns its tracked value.
  @inlinable @inline(__always) static func input<S: Differentiable>(
    _ v: S, on tape: UnsafeMutablePointer<TapeStorage<S>>, generation g: UInt32
  ) -> Tracked<S> {
    let i = tape.pointee.appendUnchecked(lhs: 0, dl: 0, rhs: 0, dr: 0, .input, value: v, nil, nil)
    return Tracked(v, index: i, generation: g, tape: tape)
  }

  /// The node index of an output, or nil for a constant output (zero derivative).
  @inlinable static func outputIndex<S>(
    _ y: Tracked<S>, _ tape: UnsafeMutablePointer<TapeStorage<S>>, _ caller: String
  ) -> Int? {
    guard let t = y.tape else { return nil }
    require(
      t == tape && y.generation == tape.pointee.generation,
      "\(caller): the function returned a Tracked value from another recording (one captured"
        + " from outside, or made by a nested call). Return values computed from the inputs"
        + " the driver passed in.")
    if y.index == 0 { return nil }  // a zero derivative (folded into the sink)
    if (y.scale - 1).isExactlyZero { return Int(y.index) }
    // A folded output (see Tracked): one node carries its scale.
    return Int(
      tape.pointee.push(generation: y.generation, lhs: y.index, dl: y.scale, rhs: 0, dr: 0))
  }

  /// Seeds the adjoints of `outputs` with `seeds`, sweeps, and returns the n input adjoints.
  @inlinable static func pullback<S>(
    _ tape: UnsafeMutablePointer<TapeStorage<S>>, inputCount n: Int,
    outputs: [Int?], seeds: [S]
  ) -> [S] {
    let top = outputs.reduce(n) { Swift.max($0, $1 ?? 0) }
    let adj = tape.pointee.zeroedAdjoints(through: top)
    for (index, seed) in zip(outputs, seeds) {
      if let i = index { adj[i] += seed }
    }
    tape.pointee.sweep(from: top, adjoints: adj)
    return Array(UnsafeBufferPointer(start: adj + 1, count: n))
  }

  /// The n input adjoints after one sweep seeded with 1 at `output` (nil: a constant output).
  @inlinable static func gradient<S>(
    _ tape: UnsafeMutablePointer<TapeStorage<S>>, inputCount n: Int, output: Int?
  ) -> [S] {
    let adj = tape.pointee.zeroedAdjoints(through: Swift.max(n, output ?? 0))
    if let i = output {
      adj[i] = 1
      tape.pointee.sweep(from: i, adjoints: adj)
    }
    return Array(UnsafeBufferPointer(start: adj + 1, count: n))
  }

  // MARK: ℝ → ℝ

  /// f'(x) of f: ℝ → ℝ by one recording and one sweep.
  @inlinable public static func derivative<T: Differentiable>(
    at x: T, of f: some ScalarToScalar
  ) -> T {
    valueWithDerivative(at: x) { f($0) }.derivative
  }

  /// f'(x) of a closure over ``Tracked`` numbers.
  @inlinable public static func derivative<T: Differentiable>(
    at x: T, of f: (Tracked<T>) -> Tracked<T>
  ) -> T {
    valueWithDerivative(at: x, of: f).derivative
  }

  /// f(x) and f'(x) of f: ℝ → ℝ by one recording and one sweep.
  @inlinable public static func valueWithDerivative<T: Differentiable>(
    at x: T, of f: some ScalarToScalar
  ) -> (value: T, derivative: T) {
    valueWithDerivative(at: x) { f($0) }
  }

  /// f(x) and f'(x) of a closure over ``Tracked`` numbers.
  @inlinable public static func valueWithDerivative<T: Differentiable>(
    at x: T, of f: (Tracked<T>) -> Tracked<T>
  ) -> (value: T, derivative: T) {
    record([x]) { tape, xs in
      let y = f(xs[0])
      let index = outputIndex(y, tape, "Reverse.derivative")
      return (y.value, pullback(tape, inputCount: 1, outputs: [index], seeds: [1])[0])
    }
  }

  // MARK: ℝⁿ → ℝ

  /// The gradient ∇f(x) of f: ℝⁿ → ℝ by one recording and one reverse sweep.
  ///
  /// ```swift
  /// Reverse.gradient(at: [1.2, 1.0], of: Rosenbrock())
  /// ```
  /// - Parameters:
  ///   - x: the point, n ≥ 1 values.
  ///   - f: the function, written generically.
  /// - Complexity: one evaluation of f with ``Tracked`` numbers plus one sweep of its tape:
  ///   O(operations), independent of n.
  @inlinable public static func gradient<S: RealScalar>(
    at x: [S], of f: some VectorToScalar
  ) -> [S] {
    valueWithGradient(at: x) { f($0) }.gradient
  }

  /// The gradient of a closure over ``Tracked`` numbers.
  @inlinable public static func gradient<S: RealScalar>(
    at x: [S], of f: ([Tracked<S>]) -> Tracked<S>
  ) -> [S] {
    valueWithGradient(at: x, of: f).gradient
  }

  /// f(x) and ∇f(x) by one recording and one sweep.
  @inlinable public static func valueWithGradient<S: RealScalar>(
    at x: [S], of f: some VectorToScalar
  ) -> (value: S, gradient: [S]) {
    valueWithGradient(at: x) { f($0) }
  }

  /// f(x) and ∇f(x) of a closure over ``Tracked`` numbers.
  @inlinable public static func valueWithGradient<S: RealScalar>(
    at x: [S], of f: ([Tracked<S>]) -> Tracked<S>
  ) -> (value: S, gradient: [S]) {
    requireInputs(x, "Reverse.gradient")
    return record(x) { tape, xs in
      let y = f(xs)
      let index = outputIndex(y, tape, "Reverse.gradient")
      return (y.value, gradient(tape, inputCount: x.count, output: index))
    }
  }

  // MARK: ℝⁿ → ℝᵐ

  /// The vector–Jacobian product uᵀJ(x) of f: ℝⁿ → ℝᵐ by one recording and one sweep.
  ///
  /// - Parameters:
  ///   - x: the point, n ≥ 1 values.
  ///   - cotangent: u, one entry per output (m values).
  ///   - f: the function.
  /// - Returns: f(x) (m values) and uᵀJ (n values).
  @inlinable public static func vjp<S: RealScalar>(
    at x: [S], cotangent: [S], of f: some VectorToVector
  ) -> (value: [S], vjp: [S]) {
    vjp(at: x, cotangent: cotangent) { f($0) }
  }

  /// The vector–Jacobian product of a closure over ``Tracked`` numbers.
  @inlinable public static func vjp<S: RealScalar>(
    at x: [S], cotangent: [S], of f: ([Tracked<S>]) -> [Tracked<S>]
  ) -> (value: [S], vjp: [S]) {
    requireInputs(x, "Reverse.vjp")
    return record(x) { tape, xs in
      let y = f(xs)
      require(
        cotangent.count == y.count,
        "Reverse.vjp: the cotangent has \(cotangent.count) entries but the function has"
          + " \(y.count) outputs; pass one cotangent entry per output.")
      let outputs = y.map { outputIndex($0, tape, "Reverse.vjp") }
      return (
        y.map(\.value), pullback(tape, inputCount: x.count, outputs: outputs, seeds: cotangent)
      )
    }
  }

  /// The Jacobian of f: ℝⁿ → ℝᵐ: one recording, then one reverse sweep per output row.
  ///
  /// - Returns: an m × n matrix; row i is the gradient of output i.
  /// - Complexity: one evaluation of f with ``Tracked`` numbers plus m sweeps, each over the
  ///   nodes up to that output only, skipping nodes whose adjoint is zero (nodes that do not
  ///   lead to that output). Measured: 1.6–2.5x faster than plain sweeps on a banded map and
  ///   1.7x on a dense map (n = m = 256…1024). Where a partial is infinite, a skipped node
  ///   contributes an exact 0 rather than IEEE's 0 · ∞ = NaN.
  @inlinable public static func jacobian<S: RealScalar>(
    at x: [S], of f: some VectorToVector
  ) -> Matrix<S> {
    valueWithJacobian(at: x) { f($0) }.jacobian
  }

  /// The Jacobian of a closure over ``Tracked`` numbers.
  @inlinable public static func jacobian<S: RealScalar>(
    at x: [S], of f: ([Tracked<S>]) -> [Tracked<S>]
  ) -> Matrix<S> {
    valueWithJacobian(at: x, of: f).jacobian
  }

  /// f(x) and its Jacobian: one recording, m sweeps.
  @inlinable public static func valueWithJacobian<S: RealScalar>(
    at x: [S], of f: some VectorToVector
  ) -> (value: [S], jacobian: Matrix<S>) {
    valueWithJacobian(at: x) { f($0) }
  }

  /// f(x) and the Jacobian of a closure over ``Tracked`` numbers.
  @inlinable public static func valueWithJacobian<S: RealScalar>(
    at x: [S], of f: ([Tracked<S>]) -> [Tracked<S>]
  ) -> (value: [S], jacobian: Matrix<S>) {
    requireInputs(x, "Reverse.jacobian")
    let n = x.count
    return record(x) { tape, xs in
      let y = f(xs)
      var jacobian = [S](repeating: 0, count: y.count * n)
      for (row, output) in y.enumerated() {
        guard let top = outputIndex(output, tape, "Reverse.jacobian") else { continue }
        let adj = tape.pointee.zeroedAdjoints(through: Swift.max(top, n))
        adj[top] = 1
        tape.pointee.sweep(from: top, adjoints: adj)
        for i in 0..<n { jacobian[row * n + i] = adj[i + 1] }
      }
      return (y.map(\.value), Matrix(rows: y.count, columns: n, elements: jacobian))
    }
  }
}
