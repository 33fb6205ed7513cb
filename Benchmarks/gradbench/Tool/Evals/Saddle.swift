import DualTape

/// `saddle`: min over x of max over y of f(x, y) = (x₁² + y₁²) − (x₂² + y₂²) with x = (x₁, y₁)
/// and y = (x₂, y₂), both by gradient descent from the same start (Siskind and Pearlmutter):
/// the outer gradient differentiates through the inner ascent. Output: x, then y.
enum Saddle {
  static func f<U: Differentiable>(_ x1: U, _ y1: U, _ x2: U, _ y2: U) -> U {
    (x1 * x1 + y1 * y1) - (x2 * x2 + y2 * y2)
  }

  /// ∇_q f(p, q) in the given mode: one scalar derivative per coordinate of q.
  static func gradient<T: Differentiable>(_ mode: Mode, _ p: [T], _ q: [T]) -> [T] {
    switch mode {
    case .forward:
      let (a, b) = (Dual(constant: p[0]), Dual(constant: p[1]))
      return [
        Forward.derivative(at: q[0]) { f(a, b, $0, Dual(constant: q[1])) },
        Forward.derivative(at: q[1]) { f(a, b, Dual(constant: q[0]), $0) },
      ]
    case .reverse:
      let (a, b) = (Tracked(constant: p[0]), Tracked(constant: p[1]))
      return [
        Reverse.derivative(at: q[0]) { f(a, b, $0, Tracked(constant: q[1])) },
        Reverse.derivative(at: q[1]) { f(a, b, Tracked(constant: q[0]), $0) },
      ]
    }
  }

  /// argmax over q of f(p, q) from `start`, the gradient in the given mode.
  static func argmax<T: Differentiable>(_ mode: Mode, _ p: [T], from start: [T]) -> [T] {
    argmin(
      from: start, objective: { -f(p[0], p[1], $0[0], $0[1]) },
      gradient: { gradient(mode, p, $0).map { -$0 } })
  }

  /// max over q of f(p, q), as a function of p: the inner ascent runs in p's arithmetic.
  struct InnerMaximum: VectorToScalar {
    let inner: Mode
    let start: [Double]

    func callAsFunction<T: Differentiable>(_ p: [T]) -> T {
      let q = argmax(inner, p, from: start.map { T($0) })
      return f(p[0], p[1], q[0], q[1])
    }
  }

  static func solve(_ start: [Double], outer: Mode, inner: Mode) -> [Double] {
    let g = InnerMaximum(inner: inner, start: start)
    let x = argmin(
      from: start, objective: { g($0) },
      gradient: {
        outer == .forward ? Forward.gradient(at: $0, of: g) : Reverse.gradient(at: $0, of: g)
      })
    return x + argmax(inner, x, from: start)
  }

  static let module = EvalModule(
    name: "saddle",
    functions: Mode.nestings.map { nesting in
      (
        nesting.name,
        EvalFunction(
          driver: "\(nesting.outer == .forward ? "Forward.gradient" : "Reverse.gradient") over"
            + " \(nesting.inner.scalarDriver) (per coordinate)",
          decode: { try $0.field("start").numbers(count: 2) }, prepare: { $0 },
          compute: { (s: inout [Double]) in solve(s, outer: nesting.outer, inner: nesting.inner) },
          encode: { .numbers($0) })
      )
    })
}
