import DualTape
import Testing

// The forward drivers of rank-2 functions run them first with scalars that skip the 0 · ∞
// guard and again with `Dual` / `DualVector` only where a tangent comes out NaN (see
// Sources/DualTape/Forward/EdgePolicy.swift). Their results must be the guarded ones: the same
// as the closure drivers', which always run guarded, at every edge point of the fuzz.

/// Bit-for-bit the same, or both NaN.
func identical(_ a: Double, _ b: Double) -> Bool {
  a.isNaN ? b.isNaN : a.bitPattern == b.bitPattern
}

/// x0 + 1/(2·(1/x1)): at (1, 0) the plain product 0 · ∞ makes the x0 tangent NaN, the guard
/// gives ∂/∂x0 = 1 (the edge policy's example).
private struct GuardExample: VectorToScalar {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> T { x[0] + 1 / (2 * (1 / x[1])) }
}

/// The same as two outputs, for the Jacobian drivers.
private struct GuardExampleVector: VectorToVector {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] {
    [x[0] + 1 / (2 * (1 / x[1])), x[0] * x[1]]
  }
}

/// Counts its evaluations (one test uses it).
private struct Counted: VectorToScalar {
  nonisolated(unsafe) static var evaluations = 0
  func callAsFunction<T: Differentiable>(_ x: [T]) -> T {
    Counted.evaluations += 1
    return x[0] + 1 / (2 * (1 / x[1]))
  }
}

/// How many times a ``CountingCalls`` function ran.
private final class CallCount {
  var count = 0
}

/// f, counting its evaluations (to see whether a driver redid its unguarded run).
private struct CountingCalls<F: VectorToScalar>: VectorToScalar {
  let f: F
  let calls: CallCount
  func callAsFunction<T: Differentiable>(_ x: [T]) -> T {
    calls.count += 1
    return f(x)
  }
}

@Suite("Unguarded first run")
struct UnguardedRunTests {
  /// The forward-over-forward Hessian of a rank-2 function runs nested unguarded duals first:
  /// every entry must be the closure form's (always guarded), at every edge point.
  @Test func rankTwoForwardHessianGivesTheGuardedResultAtEdgePoints() {
    var failures: [String] = []
    var rerun = 0
    let calls = CallCount()
    for (f, x) in EdgeFuzzTests.cases() {
      calls.count = 0
      let plain = Forward.hessian(at: x, of: CountingCalls(f: f, calls: calls))
      let guarded = Forward.hessian(at: x) { v in f(v) }
      // n(n + 1)/2 passes, twice when the unguarded run was redone.
      if calls.count > x.count * (x.count + 1) / 2 { rerun += 1 }
      for k in plain.elements.indices where !identical(plain.elements[k], guarded.elements[k]) {
        failures.append(
          "\(f.e) at \(x): H\(k) rank-2 \(plain.elements[k]) vs \(guarded.elements[k])")
      }
    }
    let count = failures.count
    #expect(count == 0, "\(count) differences:\n\(failures.prefix(12).joined(separator: "\n"))")
    #expect(rerun > 0, "the edge cases should reach the guarded rerun")
  }

  /// At an ordinary point the unguarded nested run is the result: compare with the closed form
  /// of f = x0²·x1 + sin(x1)·x2 at (1.5, −0.5, 2).
  @Test func rankTwoForwardHessianAtAnOrdinaryPoint() {
    struct F: VectorToScalar {
      func callAsFunction<T: Differentiable>(_ x: [T]) -> T {
        x[0] * x[0] * x[1] + sin(x[1]) * x[2]
      }
    }
    let (a, b, c) = (1.5, -0.5, 2.0)
    let expected: [Double] = [
      2 * b, 2 * a, 0,
      2 * a, -sin(b) * c, cos(b),
      0, cos(b), 0,
    ]
    let h = Forward.hessian(at: [a, b, c], of: F())
    for k in expected.indices {
      #expect(abs(h.elements[k] - expected[k]) <= 1e-14 * max(1, abs(expected[k])), "H\(k)")
    }
  }

  @Test func rankTwoDriversGiveTheGuardedResultsAtEdgePoints() {
    var failures: [String] = []
    for (f, x) in EdgeFuzzTests.cases() {
      let chunked = Forward.valueWithGradient(at: x, of: f)
      let guarded = Forward.valueWithGradient(at: x, chunkSize: 4) { v in f(v) }
      for i in x.indices where !identical(chunked.gradient[i], guarded.gradient[i]) {
        failures.append(
          "\(f.e) at \(x): chunked ∂\(i) \(chunked.gradient[i]) vs \(guarded.gradient[i])")
      }
      for i in x.indices {
        let e = x.indices.map { $0 == i ? 1.0 : 0 }
        let plain = Forward.directionalDerivative(at: x, direction: e, of: f).derivative
        let dual = Forward.directionalDerivative(at: x, direction: e) { v in f(v) }.derivative
        let jvp = Forward.jvp(at: x, direction: e, of: EdgeVector(f: f)).jvp[0]
        if !identical(plain, dual) || !identical(jvp, dual) {
          failures.append("\(f.e) at \(x): ∂\(i) rank-2 \(plain), jvp \(jvp), closure \(dual)")
        }
      }
    }
    let count = failures.count
    #expect(count == 0, "\(count) differences:\n\(failures.prefix(12).joined(separator: "\n"))")
  }

  /// `Reverse.hessianVectorProduct` of a rank-2 function records with an unguarded dual first
  /// (forward-over-reverse); the closure form records with `Dual`, guarded.
  @Test func rankTwoHessianVectorProductsGiveTheGuardedResultsAtEdgePoints() {
    var failures: [String] = []
    for (f, x) in EdgeFuzzTests.cases() {
      for v in [[1.0, 0, 0, 0], [0, 1, 1, 0], [1, -1, 2, 0.5]] {
        let plain = Reverse.hessianVectorProduct(at: x, direction: v, of: f)
        let guarded = Reverse.hessianVectorProduct(at: x, direction: v) { w in f(w) }
        for i in x.indices where !identical(plain[i], guarded[i]) {
          failures.append("\(f.e) at \(x), v = \(v): [\(i)] \(plain[i]) vs \(guarded[i])")
        }
      }
    }
    let count = failures.count
    #expect(count == 0, "\(count) differences:\n\(failures.prefix(12).joined(separator: "\n"))")
  }

  @Test func aNaNTangentOfTheFirstRunIsRecomputedWithTheGuard() {
    let x = [1.0, 0.0]
    #expect(Forward.gradient(at: x, of: GuardExample())[0] == 1)
    #expect(
      Forward.directionalDerivative(at: x, direction: [1, 0], of: GuardExample()).derivative == 1)
    let jvp = Forward.jvp(at: x, direction: [1, 0], of: GuardExampleVector()).jvp
    #expect(jvp == [1, 0])
    // expm1(atan(x3 + x1)) at x1 = 2, x3 = +∞ (a case of the edge fuzz): the plain first run
    // of the Hessian–vector product along e0 has a NaN at entry 1 (an infinite partial meets
    // a zero tangent); the guarded rerun gives the exact 0 everywhere, the gradient being finite.
    let e = EdgeFunction(
      e: .unary("expm1", .unary("atan", .binary("+", .variable(3), .variable(1)))))
    let at = [-0.0, 2.0, 2.0, .infinity]
    #expect(Reverse.gradient(at: at, of: e).allSatisfy { $0.isFinite })
    let hv = Reverse.hessianVectorProduct(at: at, direction: [1, 0, 0, 0], of: e)
    #expect(hv == [0, 0, 0, 0], "\(hv)")
    let jacobian = Forward.jacobian(at: x, of: GuardExampleVector())
    #expect(jacobian[0, 0] == 1 && jacobian[1, 0] == 0 && jacobian[1, 1] == 1)
  }

  @Test func aRankTwoFunctionRunsTwiceOnlyWhereATangentIsNaN() {
    Counted.evaluations = 0
    _ = Forward.directionalDerivative(at: [1.0, 2.0], direction: [1, 0], of: Counted())
    #expect(Counted.evaluations == 1)
    Counted.evaluations = 0
    _ = Forward.directionalDerivative(at: [1.0, 0.0], direction: [1, 0], of: Counted())
    #expect(Counted.evaluations == 2)
    Counted.evaluations = 0
    _ = Forward.gradient(at: [1.0, 2.0], of: Counted())
    #expect(Counted.evaluations == 1)
  }
}

/// An edge expression as a one-output vector function.
private struct EdgeVector: VectorToVector {
  let f: EdgeFunction
  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] { [f(x)] }
}
