// Hessians of closures. A closure serves one engine only, so each driver names the nested
// scalar its closure receives: `Reverse.HessianScalar<S>` (`Tracked<Dual<S>>`,
// forward-over-reverse) and `Forward.HessianScalar<S>` (`Dual<Dual<S>>`, forward-over-forward).
// The closure's parameter type is inferred from the driver, so `{ v in ... }` needs no spelling.
// The rank-2 forms of `Forward.hessian` and `Forward.hessianVectorProduct` call these (one
// implementation each); `Reverse.hessian` of a rank-2 function records in chunks instead, and
// its `hessianVectorProduct` shares `recordedHessianVectorProduct` with the closure form.

extension Reverse {
  /// The scalar a closure given to ``Reverse/hessian(at:of:)-(_,([HessianScalar<S>])->HessianScalar<S>)``
  /// receives: a tracked dual number (forward-over-reverse).
  public typealias HessianScalar<S: RealScalar> = Tracked<Dual<S>>

  /// The Hessian ∇²f(x) of a closure, by forward-over-reverse: n recordings and sweeps.
  ///
  /// ```swift
  /// Reverse.hessian(at: [1.0, 2.0]) { v in v[0] * v[0] * v[1] }   // [[4, 2], [2, 0]]
  /// ```
  /// - Parameters:
  ///   - x: the point, n ≥ 1 values.
  ///   - f: the function, a closure over ``HessianScalar`` numbers.
  /// - Returns: an n × n symmetric matrix (row i, column j = ∂²f/∂xᵢ∂xⱼ).
  ///   Row and column i are NaN where ∂f/∂xᵢ is ±∞ or NaN (see <doc:EdgeSemantics>).
  @inlinable public static func hessian<S: RealScalar>(
    at x: [S], of f: ([HessianScalar<S>]) -> HessianScalar<S>
  ) -> Matrix<S> {
    requireInputs(x, "Reverse.hessian")
    return hessianByColumns(x.count) { hessianVectorProduct(at: x, direction: $0, of: f) }
  }

  /// The Hessian–vector product ∇²f(x)·v of a closure by one forward-over-reverse pass.
  /// - Parameters:
  ///   - x: the point, n ≥ 1 values.
  ///   - direction: v, n values.
  ///   - f: the function, a closure over ``HessianScalar`` numbers.
  @inlinable public static func hessianVectorProduct<S: RealScalar>(
    at x: [S], direction: [S], of f: ([HessianScalar<S>]) -> HessianScalar<S>
  ) -> [S] {
    Forward.checkDirection(direction, x, "Reverse.hessianVectorProduct")
    let r = recordedHessianVectorProduct(x, direction, { Dual($0, tangent: $1) }, f)
    return SecondOrderDomain.product(r.product, direction: direction, undefined: r.undefined)
  }
}

extension Forward {
  /// The scalar a closure given to ``Forward/hessian(at:of:)-(_,([HessianScalar<S>])->HessianScalar<S>)``
  /// receives: a nested dual number (forward-over-forward).
  public typealias HessianScalar<S: RealScalar> = Dual<Dual<S>>

  /// The Hessian ∇²f(x) of a closure, by forward-over-forward: n(n + 1)/2 passes.
  ///
  /// ```swift
  /// Forward.hessian(at: [1.0, 2.0]) { v in v[0] * v[0] * v[1] }   // [[4, 2], [2, 0]]
  /// ```
  /// - Parameters:
  ///   - x: the point, n ≥ 1 values.
  ///   - f: the function, a closure over ``HessianScalar`` numbers.
  /// - Returns: an n × n symmetric matrix; row and column i are NaN where ∂f/∂xᵢ is ±∞ or NaN
  ///   (see <doc:EdgeSemantics>).
  @inlinable public static func hessian<S: RealScalar>(
    at x: [S], of f: ([HessianScalar<S>]) -> HessianScalar<S>
  ) -> Matrix<S> {
    requireInputs(x, "Forward.hessian")
    return nestedHessian(
      x, { Dual(Dual($0, tangent: $1), tangent: Dual($2, tangent: 0)) },
      { ($0.value.tangent, $0.tangent.tangent) }, f
    ).masked()
  }

  /// Forward-over-forward with the nested dual `H`: `make(xᵢ, inner, outer)` seeds an input,
  /// `read(y)` gives y's (inner tangent, ε₁ε₂ coefficient). Returns the mirrored upper
  /// triangle (row-major) and ∂f/∂xⱼ, the inner tangent in row 0's passes; shared by the
  /// guarded (``Dual``) and the unguarded first run of the rank-2 form.
  @inlinable static func nestedHessian<S: RealScalar, H>(
    _ x: [S], _ make: (S, S, S) -> H, _ read: (H) -> (first: S, second: S), _ f: ([H]) -> H
  ) -> NestedHessian<S> {
    let n = x.count
    var h = [S](repeating: 0, count: n * n)
    var g = [S](repeating: 0, count: n)
    var xs = x.map { make($0, 0, 0) }
    for i in 0..<n {
      for j in i..<n {
        xs[i] = make(x[i], i == j ? 1 : 0, 1)
        if j != i { xs[j] = make(x[j], 1, 0) }
        let (first, second) = read(f(xs))
        if j != i { xs[j] = make(x[j], 0, 0) }
        if i == 0 { g[j] = first }
        h[i * n + j] = second
        h[j * n + i] = second
      }
      xs[i] = make(x[i], 0, 0)
    }
    return NestedHessian(n: n, elements: h, gradient: g)
  }

  /// The Hessian–vector product ∇²f(x)·v of a closure by forward-over-forward: n passes.
  /// - Parameters:
  ///   - x: the point, n ≥ 1 values.
  ///   - direction: v, n values.
  ///   - f: the function, a closure over ``HessianScalar`` numbers.
  @inlinable public static func hessianVectorProduct<S: RealScalar>(
    at x: [S], direction: [S], of f: ([HessianScalar<S>]) -> HessianScalar<S>
  ) -> [S] {
    checkDirection(direction, x, "Forward.hessianVectorProduct")
    var xs = x.indices.map {
      Dual(Dual<S>(constant: x[$0]), tangent: Dual<S>(constant: direction[$0]))
    }
    var g = [S](repeating: 0, count: x.count)  // ∂f/∂xᵢ: the value's tangent in pass i
    let hv = (0..<x.count).map { i in
      xs[i].value.tangent = 1
      defer { xs[i].value.tangent = 0 }
      let y = f(xs)
      g[i] = y.value.tangent
      return y.tangent.tangent
    }
    let undefined = SecondOrderDomain.undefined(g)
    return SecondOrderDomain.product(hv, direction: direction, undefined: undefined)
  }
}

/// An n × n matrix from its columns H·eⱼ.
@inlinable func hessianByColumns<S: RealScalar>(_ n: Int, _ column: ([S]) -> [S]) -> Matrix<S> {
  var h = [S](repeating: 0, count: n * n)
  var direction = [S](repeating: 0, count: n)
  for j in 0..<n {
    direction[j] = 1
    let c = column(direction)
    direction[j] = 0
    for i in 0..<n { h[i * n + j] = c[i] }
  }
  h.withUnsafeMutableBufferPointer { mirrorUpperTriangle($0, n) }
  return Matrix(rows: n, columns: n, elements: h)
}

/// Copies entry (i, j) of the n × n matrix in `h` to (j, i) for every i < j: the Hessian
/// drivers' one convention. Entry (i, j) is ∂/∂xⱼ of ∂f/∂xᵢ as the engines differentiate the
/// rules; where f is not twice differentiable the two orders can differ (atan2 at the origin:
/// ∂ₓ(∂f/∂y) = +∞, ∂ᵧ(∂f/∂x) = −∞), and forward-over-forward evaluates only i ≤ j, so every
/// driver returns that triangle, mirrored.
@inlinable func mirrorUpperTriangle<S>(_ h: UnsafeMutableBufferPointer<S>, _ n: Int) {
  for i in 0..<n {
    for j in (i + 1)..<n { h[j * n + i] = h[i * n + j] }
  }
}

/// A forward-over-forward Hessian before the second-order domain rule: its mirrored elements
/// and the gradient its passes carried.
@usableFromInline
struct NestedHessian<S: RealScalar> {
  @usableFromInline var n: Int
  @usableFromInline var elements: [S]
  @usableFromInline var gradient: [S]

  @inlinable init(n: Int, elements: [S], gradient: [S]) {
    self.n = n
    self.elements = elements
    self.gradient = gradient
  }

  /// Whether an entry or a gradient component is NaN (an unguarded run must then be redone).
  @inlinable var hasNaN: Bool {
    elements.contains { $0.isNaN } || gradient.contains { $0.isNaN }
  }

  /// The Hessian with row and column i NaN where ∂f/∂xᵢ is not finite
  /// (see <doc:EdgeSemantics>).
  @inlinable func masked() -> Matrix<S> {
    let undefined = SecondOrderDomain.undefined(gradient)
    if undefined.isEmpty { return Matrix(rows: n, columns: n, elements: elements) }
    var h = elements
    h.withUnsafeMutableBufferPointer { SecondOrderDomain.mask($0, n, undefined: undefined) }
    return Matrix(rows: n, columns: n, elements: h)
  }
}
