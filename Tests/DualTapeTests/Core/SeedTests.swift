import DualTape
import Testing

/// f(x, y) = 2yx² + xy + 3 (SEEDS system 1).
struct SeedOne: VectorToScalar {
  func callAsFunction<T: Differentiable>(_ v: [T]) -> T {
    let x = v[0]
    let y = v[1]
    return 2 * y * x * x + x * y + 3
  }
}

/// (a·b + c)^d (SEEDS system 3).
struct SeedPower: VectorToScalar {
  func callAsFunction<T: Differentiable>(_ v: [T]) -> T { pow(v[0] * v[1] + v[2], v[3]) }
}

@Test func seedScalarTapeExampleBothEngines() {
  let x = [2.0, 3.0]
  let f = SeedOne()
  #expect(f(x) == 33)
  let r = Reverse.valueWithGradient(at: x, of: f)
  #expect(r.value == 33)
  #expect(r.gradient == [27, 10])
  let fw = Forward.valueWithGradient(at: x, of: f)
  #expect(fw.value == 33)
  #expect(fw.gradient == [27, 10])
}

@Test func seedTensorPowerExample() {
  let x = [10.0, 2, 4, 2]
  let f = SeedPower()
  // d/da = d·(ab+c)^(d−1)·b = 2·24·2 = 96, d/db = 2·24·10 = 480, d/dc = 48,
  // d/dd = 576·ln 24.
  let expected = [96.0, 480, 48, 576 * 3.1780538303479458]
  for g in [Reverse.gradient(at: x, of: f), Forward.gradient(at: x, of: f)] {
    for (a, b) in zip(g, expected) { #expect(Swift.abs(a - b) <= 1e-12 * Swift.abs(b)) }
  }
  #expect(f(x) == 576)
}

@Test func seedVariableExample() {
  // L = (a − b)(b + 1): dL/da = b + 1, dL/db = (a − b) − (b + 1).
  let g = Reverse.gradient(at: [5.0, 2.0]) { v in (v[0] - v[1]) * (v[1] + 1) }
  #expect(g == [3, 0])
  let gf = Forward.gradient(at: [5.0, 2.0]) { v in (v[0] - v[1]) * (v[1] + 1) }
  #expect(gf == [3, 0])
}

@Test func perturbationConfusionIsAvoided() {
  // ForwardDiff: D(x -> x * D(y -> x + y, 1), 1) == 1.
  let d = Forward.derivative(at: 1.0) { (x: Dual<Double>) in
    x * Forward.derivative(at: Dual<Double>(constant: 1)) { y in Dual(constant: x) + y }
  }
  #expect(d == 1)
}

@Test func hessianBothWays() {
  // z = x² + 3xy + 1 (SEEDS system 2): H = [[2, 3], [3, 0]].
  struct Z: VectorToScalar {
    func callAsFunction<T: Differentiable>(_ v: [T]) -> T { v[0] * v[0] + 3 * v[0] * v[1] + 1 }
  }
  let expected = Matrix([[2.0, 3], [3, 0]])
  #expect(Reverse.hessian(at: [3.0, 2], of: Z()) == expected)
  #expect(Forward.hessian(at: [3.0, 2], of: Z()) == expected)
}

@Test func hessianVectorProductsAgreeWithTheHessian() {
  // Both engines' H·v must equal the full Hessian times v.
  struct Mixed: VectorToScalar {
    func callAsFunction<T: Differentiable>(_ v: [T]) -> T {
      sin(v[0] * v[1]) + exp(v[1] - v[2]) * v[0] + v[2] * v[2] * v[2]
    }
  }
  let x = [0.7, -0.4, 1.1]
  let v = [0.3, -1.2, 0.5]
  let h = Reverse.hessian(at: x, of: Mixed())
  let hv = (0..<3).map { i in (0..<3).reduce(0.0) { $0 + h[i, $1] * v[$1] } }
  let forward = Forward.hessianVectorProduct(at: x, direction: v, of: Mixed())
  let reverse = Reverse.hessianVectorProduct(at: x, direction: v, of: Mixed())
  #expect(GradientCheck.compare(forward, hv, tolerance: .engines).passed)
  #expect(GradientCheck.compare(reverse, hv, tolerance: .engines).passed)
  #expect(GradientCheck.compare(Forward.hessian(at: x, of: Mixed()), h, tolerance: .engines).passed)
}
