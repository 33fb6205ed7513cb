import DualTape
import Testing

// A differential fuzz at edge points: seeded random expressions of two variables, evaluated at
// zeros, ties, poles, infinities and NaN, must give the same value in plain Double, Forward and
// Reverse, the same gradient in forward (Dual and chunked DualVector) and reverse mode, and the
// same Hessian forward-over-forward and forward-over-reverse. "Same": both NaN, the same
// infinity, or finite and equal to rounding (the engines associate products differently).

/// A random read-once expression tree over x₀ … x₃ (this file's own generator): each variable
/// appears at most once, so no two paths from an input meet again. Where paths meet, a tangent
/// can cancel to an exact 0 *before* an infinite partial (forward: (1 − 1)·∞ → 0, the
/// guard's exact answer) while the reverse sweep multiplies first (∞ − ∞ = NaN): that
/// difference is documented in the edge policy, not fuzzed. Ties, zeros and poles still
/// occur: the points repeat edge values across variables.
indirect enum EdgeExpression: CustomStringConvertible {
  case variable(Int)
  case constant(Double)
  case unary(String, EdgeExpression)
  case binary(String, EdgeExpression, EdgeExpression)

  static let unaryNames = [
    "neg", "sqrt", "log", "exp", "sin", "cos", "tan", "tanh", "abs", "relu", "sigmoid",
    "softplus", "asin", "acos", "atan", "sinh", "cosh", "expm1", "log1p", "erf", "cbrt",
    "square", "inverseSquare", "reciprocal", "floor", "atanh", "asinh", "log2",
  ]
  static let binaryNames = ["+", "-", "*", "/", "max", "min", "hypot", "atan2", "pow"]
  static let constants: [Double] = [0, 1, -1, 2, 0.5, 709.9, -710, 1e-300]

  static func random(depth: Int, _ g: inout SplitMix64) -> EdgeExpression {
    var unused = [0, 1, 2, 3]
    return random(depth: depth, &g, &unused)
  }

  static func random(depth: Int, _ g: inout SplitMix64, _ unused: inout [Int]) -> EdgeExpression {
    let r = g.next() % 10
    if depth == 0 || r < 2 || unused.isEmpty {
      if unused.isEmpty || (r == 0 && depth > 0) {
        return .constant(constants[Int(g.next() % UInt64(constants.count))])
      }
      return .variable(unused.remove(at: Int(g.next() % UInt64(unused.count))))
    }
    if r < 6 {
      let name = unaryNames[Int(g.next() % UInt64(unaryNames.count))]
      return .unary(name, random(depth: depth - 1, &g, &unused))
    }
    let name = binaryNames[Int(g.next() % UInt64(binaryNames.count))]
    let a = random(depth: depth - 1, &g, &unused)
    return .binary(name, a, random(depth: depth - 1, &g, &unused))
  }

  func callAsFunction<T: Differentiable>(_ x: [T]) -> T {
    switch self {
    case .variable(let i): return x[i]
    case .constant(let c): return T(c)
    case .unary(let name, let a):
      let v = a(x)
      switch name {
      case "neg": return -v
      case "sqrt": return sqrt(v)
      case "log": return log(v)
      case "exp": return exp(v)
      case "sin": return sin(v)
      case "cos": return cos(v)
      case "tan": return tan(v)
      case "tanh": return tanh(v)
      case "abs": return abs(v)
      case "relu": return relu(v)
      case "sigmoid": return sigmoid(v)
      case "softplus": return softplus(v)
      case "asin": return asin(v)
      case "acos": return acos(v)
      case "atan": return atan(v)
      case "sinh": return sinh(v)
      case "cosh": return cosh(v)
      case "expm1": return expm1(v)
      case "log1p": return log1p(v)
      case "erf": return erf(v)
      case "cbrt": return cbrt(v)
      case "square": return pow(v, n: 2)
      case "inverseSquare": return pow(v, n: -2)
      case "reciprocal": return 1 / v
      case "floor": return floor(v)
      case "atanh": return atanh(v)
      case "asinh": return asinh(v)
      default: return log2(v)
      }
    case .binary(let name, let a, let b):
      let u = a(x)
      let v = b(x)
      switch name {
      case "+": return u + v
      case "-": return u - v
      case "*": return u * v
      case "/": return u / v
      case "max": return T.max(u, v)
      case "min": return T.min(u, v)
      case "hypot": return hypot(u, v)
      case "atan2": return atan2(y: u, x: v)
      default: return pow(u, v)
      }
    }
  }

  var description: String {
    switch self {
    case .variable(let i): "x\(i)"
    case .constant(let c): "\(c)"
    case .unary(let name, let a): "\(name)(\(a))"
    case .binary(let name, let a, let b): "\(name)(\(a), \(b))"
    }
  }
}

struct EdgeFunction: VectorToScalar {
  let e: EdgeExpression
  func callAsFunction<T: Differentiable>(_ x: [T]) -> T { e(x) }
}

/// The edge points: zeros of both signs, ties, ±1 (the poles of asin, acos, atanh), overflow
/// thresholds, infinities and NaN.
let edgeScalars: [Double] = [0, -0.0, 1, -1, 2, 0.5, 709.9, .infinity, -.infinity, .nan]

func sameResult(_ a: Double, _ b: Double, _ relative: Double) -> Bool {
  if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
  if a.isInfinite || b.isInfinite { return a == b }
  return abs(a - b) <= relative * max(1, abs(a), abs(b))
}

/// Disagreements of one expression at one point, by kind.
func edgeDisagreements(_ f: EdgeFunction, at x: [Double]) -> [String] {
  var found: [String] = []
  let plain = f(x)
  let forward = Forward.valueWithGradient(at: x, of: f)
  let jacobian = Reverse.valueWithJacobian(at: x) { v in [f(v)] }
  let dual = (0..<x.count).map { i in
    Forward.directionalDerivative(
      at: x, direction: x.indices.map { $0 == i ? 1 : 0 }, of: f)
  }
  if !(sameResult(plain, forward.value, 0) && sameResult(plain, jacobian.value[0], 0)
    && sameResult(plain, dual[0].value, 0))
  {
    found.append("value: Double \(plain), Forward \(forward.value), Reverse \(jacobian.value[0])")
  }
  for i in x.indices {
    let a = forward.gradient[i]
    let b = dual[i].derivative
    let c = jacobian.jacobian[0, i]
    if !(sameResult(a, b, 1e-12) && sameResult(a, c, 1e-12)) {
      found.append("∂\(i): DualVector \(a), Dual \(b), Reverse \(c)")
    }
  }
  return found
}

/// The plain reverse sweep and the Hessians, compared separately.
func edgeSweepAndHessianDisagreements(_ f: EdgeFunction, at x: [Double]) -> [String] {
  var found: [String] = []
  let forward = Forward.gradient(at: x, of: f)
  let reverse = Reverse.gradient(at: x, of: f)
  for i in x.indices where !sameResult(forward[i], reverse[i], 1e-12) {
    found.append("gradient ∂\(i): Forward \(forward[i]), Reverse.gradient \(reverse[i])")
  }
  let hf = Forward.hessian(at: x, of: f)
  let hr = Reverse.hessian(at: x, of: f)
  for k in hf.elements.indices where !sameResult(hf.elements[k], hr.elements[k], 1e-9) {
    found.append("Hessian \(k): Forward \(hf.elements[k]), Reverse \(hr.elements[k])")
  }
  return found
}

/// sqrt(x0) · x1.
private struct SqrtTimes: VectorToScalar {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> T { sqrt(x[0]) * x[1] }
}

@Suite("Edge fuzz")
struct EdgeFuzzTests {
  static let expressionCount = 2000

  static func cases() -> [(EdgeFunction, [Double])] {
    var g = SplitMix64(seed: 20_261_130)
    return (0..<expressionCount).map { _ in
      let f = EdgeFunction(e: .random(depth: 4, &g))
      // Each coordinate repeats an earlier one half the time: ties, where max, min, hypot and
      // atan2 meet their edges.
      var x: [Double] = []
      for _ in 0..<4 {
        x.append(
          !x.isEmpty && g.next() % 2 == 0
            ? x[Int(g.next() % UInt64(x.count))]
            : edgeScalars[Int(g.next() % UInt64(edgeScalars.count))])
      }
      return (f, x)
    }
  }

  @Test func valuesAndGradientsAgreeAtEdgePoints() {
    var failures: [String] = []
    for (f, x) in Self.cases() {
      for d in edgeDisagreements(f, at: x) { failures.append("\(f.e) at \(x): \(d)") }
    }
    let count = failures.count
    #expect(count == 0, "\(count) disagreements:\n\(failures.prefix(12).joined(separator: "\n"))")
  }

  /// The plain reverse sweep (`Reverse.gradient`) skips a node whose adjoint is exactly zero, as
  /// the Jacobian sweep does, so a zero adjoint never meets an infinite partial (0 · ∞ = NaN).
  @Test func plainSweepAgreesAtEdgePoints() {
    var failures: [String] = []
    for (f, x) in Self.cases() {
      let forward = Forward.gradient(at: x, of: f)
      let reverse = Reverse.gradient(at: x, of: f)
      for i in x.indices where !sameResult(forward[i], reverse[i], 1e-12) {
        failures.append("\(f.e) at \(x): ∂\(i) Forward \(forward[i]), Reverse \(reverse[i])")
      }
    }
    let count = failures.count
    #expect(count == 0, "\(count) disagreements:\n\(failures.prefix(12).joined(separator: "\n"))")
  }

  /// Second derivatives at edge points, over every case with a value that is not NaN:
  /// forward-over-forward (`Forward.hessian`) and forward-over-reverse (`Reverse.hessian`)
  /// agree, every entry, with no exception. Both drop 0 · ∞ terms at every nesting level,
  /// return the upper triangle mirrored, and make row and column i NaN where ∂f/∂xᵢ is not
  /// finite (the edge policy's second-order rules), so neither engine's grouping of an
  /// infinite first derivative shows. The parallel Hessian is the serial one, bit for bit.
  @Test func hessiansAtEdgePoints() {
    var failures: [String] = []
    var compared = 0
    for (f, x) in Self.cases() where !f(x).isNaN {
      let hf = Forward.hessian(at: x, of: f)
      let hr = Reverse.hessian(at: x, of: f)
      let hp = Reverse.parallelHessian(at: x, threads: 2, of: f)
      compared += 1
      for i in x.indices {
        for j in x.indices where !sameResult(hf[i, j], hr[i, j], 1e-9) {
          failures.append(
            "\(f.e) at \(x): H[\(i), \(j)] Forward \(hf[i, j]), Reverse \(hr[i, j])")
        }
      }
      for k in hr.elements.indices where !identical(hr.elements[k], hp.elements[k]) {
        failures.append(
          "\(f.e) at \(x): \(k) Reverse \(hr.elements[k]), parallel \(hp.elements[k])")
      }
    }
    #expect(compared > 1000, "only \(compared) cases with a value that is not NaN")
    let count = failures.count
    #expect(count == 0, "\(count) disagreements:\n\(failures.prefix(12).joined(separator: "\n"))")
  }

  /// Mixed partials where f is not twice differentiable but its gradient exists: pow(x0, x1)
  /// at (0, 1) has ∇f = (1, 0) (∂f/∂x1 = 0 where x0 = 0), ∂/∂x1(∂f/∂x0) = 1 and
  /// ∂/∂x0(∂f/∂x1) = 0 (the Hessian–vector products show both orders). Both Hessians return
  /// the upper triangle's order, ∂/∂xⱼ(∂f/∂xᵢ) for i ≤ j, at (i, j) and (j, i).
  @Test func hessiansAreSymmetricWhereMixedPartialsDiffer() {
    let f = EdgeFunction(e: .binary("pow", .variable(0), .variable(1)))
    let x = [0.0, 1.0]
    #expect(Reverse.gradient(at: x, of: f) == [1, 0])
    #expect(Reverse.hessianVectorProduct(at: x, direction: [0, 1], of: f)[0] == 1)
    #expect(Reverse.hessianVectorProduct(at: x, direction: [1, 0], of: f)[1] == 0)
    let hessians = [
      Forward.hessian(at: x, of: f), Reverse.hessian(at: x, of: f),
      Forward.hessian(at: x) { v in pow(v[0], v[1]) },
      Reverse.hessian(at: x) { v in pow(v[0], v[1]) },
    ]
    for h in hessians { #expect(h[0, 1] == 1 && h[1, 0] == 1, "\(h)") }
  }

  /// atan2 at the origin, where the two orders are +∞ and −∞, has no gradient (0/0): the
  /// second-order rule makes its Hessian NaN in every driver.
  @Test func atan2AtTheOriginHasNoHessian() {
    let hessians = [
      Forward.hessian(at: [0.0, 0.0]) { v in atan2(y: v[1], x: v[0]) },
      Reverse.hessian(at: [0.0, 0.0]) { v in atan2(y: v[1], x: v[0]) },
    ]
    for h in hessians { #expect(h.elements.allSatisfy { $0.isNaN }, "\(h)") }
  }

  /// A zero first derivative absorbs an infinite partial at the second order too:
  /// sqrt(x0) · x1 at the origin has ∇f = (0, 0) (x1 = 0 drops sqrt's +∞), and
  /// ∂²f/∂x0² = x1 · sqrt″(x0) = 0 · (−∞) is dropped to 0 in both Hessians, not NaN;
  /// ∂²f/∂x0∂x1 = sqrt′(0) = +∞.
  @Test func zeroFirstDerivativeAbsorbsInfinitePartialsInHessians() {
    let f = SqrtTimes()
    let x = [0.0, 0.0]
    #expect(Forward.gradient(at: x, of: f) == [0, 0])
    let expected: [Double] = [0, .infinity, .infinity, 0]
    for h in [Forward.hessian(at: x, of: f), Reverse.hessian(at: x, of: f)] {
      #expect(h.elements == expected, "\(h)")
    }
  }

  /// At a NaN input both Hessians are the same (all NaN where f depends on the input), and the
  /// reverse one is symmetric.
  @Test func hessiansAtANaNInputAgreeAndAreSymmetric() {
    nanInputHessians()
  }

  func nanInputHessians() {
    var g = SplitMix64(seed: 7)
    for _ in 0..<300 {
      let f = EdgeFunction(e: .random(depth: 3, &g))
      let x = [Double.nan, 0.5, 2, -1]
      let hf = Forward.hessian(at: x, of: f)
      let hr = Reverse.hessian(at: x, of: f)
      for i in 0..<4 {
        for j in 0..<4 {
          #expect(
            sameResult(hf[i, j], hr[i, j], 1e-9), "\(f.e): H[\(i), \(j)] \(hf[i, j]) vs \(hr[i, j])"
          )
          #expect(sameResult(hr[i, j], hr[j, i], 1e-9), "\(f.e): reverse H not symmetric")
        }
      }
    }
  }
}
