import DualTape
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

// The statistics and physics primitives (sinpi, cospi, tgamma, digamma, erfinv, logAddExp,
// xlogy, fma), each added as one row of the primitive table: known values (mpmath, 30
// digits), and derivatives against finite differences in every engine: Dual, DualVector,
// Tracked, nested (second derivatives, Hessians), Expr, the array tape, the replay, the
// generated code's spelling and both sparsity tracers.

/// One of the new functions of one or two variables, written generically.
private struct Statistic: VectorToScalar {
  let name: String
  func callAsFunction<T: Differentiable>(_ v: [T]) -> T {
    switch name {
    case "sinpi": sinpi(v[0])
    case "cospi": cospi(v[0])
    case "tgamma": tgamma(v[0])
    case "digamma": digamma(v[0])
    case "erfinv": erfinv(v[0])
    case "logAddExp": logAddExp(v[0], v[1])
    case "xlogy": xlogy(v[0], v[1])
    default: fma(v[0], v[1], v[2])
    }
  }
}

private let unaryNames = ["sinpi", "cospi", "tgamma", "digamma", "erfinv"]
private let allNames = unaryNames + ["logAddExp", "xlogy", "fma"]

/// Points inside each function's domain, away from its poles, where central differences are
/// accurate to 1e-7 (not at large |x|, where a difference of nearby large values cancels).
private func points(_ name: String) -> [[Double]] {
  switch name {
  case "tgamma", "digamma": [[-2.5], [-0.3], [0.4], [1], [3.7], [12.2]]
  case "erfinv": [[-0.97], [-0.4], [0.05], [0.6], [0.95]]
  case "sinpi", "cospi": [[-2.2], [-0.4], [0.3], [1.75], [4.1]]
  case "logAddExp": [[0.3, -1.2], [5, 5.5], [-30, 2], [30, 31]]
  case "xlogy": [[0.3, 1.7], [-2, 0.4], [4, 9.5]]
  default: [[0.3, -1.2, 2], [1.5, 2.5, -0.25]]
  }
}

private func close(_ a: Double, _ b: Double, _ tolerance: Double) -> Bool {
  abs(a - b) <= tolerance * max(1, abs(b))
}

@Suite("Statistics primitives")
struct StatisticsFunctionTests {
  @Test func knownValues() {
    let cases: [(String, [Double], Double)] = [
      ("sinpi", [0.1], 0.309_016_994_374_947_4), ("sinpi", [2.3], 0.809_016_994_374_947_4),
      ("sinpi", [1e10 + 0.25], 0.707_106_781_186_547_5), ("cospi", [2.3], 0.587_785_252_292_473_1),
      ("cospi", [-0.1], 0.951_056_516_295_153_6),
      ("tgamma", [0.5], 1.772_453_850_905_516), ("tgamma", [4.5], 11.631_728_396_567_449),
      ("tgamma", [-1.5], 2.363_271_801_207_354_7), ("tgamma", [10.3], 716_430.689_062_375_2),
      ("digamma", [0.25], -4.227_453_533_376_265), ("digamma", [-2.75], -1.959_055_264_977_997),
      ("digamma", [7.1], 1.888_022_386_658_046_3),
      ("erfinv", [0.5], 0.476_936_276_204_469_9), ("erfinv", [0.9], 1.163_087_153_676_674_2),
      ("erfinv", [-0.999], -2.326_753_765_513_524_5),
      ("erfinv", [0.001], 0.000_886_227_157_466_552_1),
      ("erfinv", [0.999_999], 3.458_910_737_275_498_8),
      ("logAddExp", [1000, 999], 1000.313_261_687_518_2),
      ("logAddExp", [-3, 0.5], 0.529_750_418_272_620_6),
      ("logAddExp", [-800, -801], -799.686_738_312_481_8),
      ("xlogy", [3, 0.25], -4.158_883_083_359_671_9),
      ("xlogy", [1e-300, 1e-300], -6.907_755_278_982_137e-298),
      ("fma", [0.1, 10, -1], 5.551_115_123_125_783e-17),
    ]
    for (name, x, expected) in cases {
      let v = Statistic(name: name)(x)
      #expect(close(v, expected, 4e-15), "\(name)(\(x)) = \(v), expected \(expected)")
    }
    // The exact points, and the edges the doc comments state.
    for k in -3...3 {
      #expect(sinpi(Double(k)) == 0 && cospi(Double(k) + 0.5) == 0)
      #expect(abs(cospi(Double(k))) == 1 && abs(sinpi(Double(k) + 0.5)) == 1)
    }
    #expect(sinpi(Double.infinity).isNaN && cospi(Double.nan).isNaN)
    #expect(erfinv(1.0) == .infinity && erfinv(-1.0) == -.infinity && erfinv(1.5).isNaN)
    #expect(xlogy(0.0, 0.0) == 0 && xlogy(0.0, -1.0) == 0 && xlogy(0.0, Double.nan).isNaN)
    #expect(logAddExp(-Double.infinity, -.infinity) == -.infinity)
    #expect(logAddExp(Double.infinity, 3) == .infinity && logAddExp(-Double.infinity, 3) == 3)
    #expect(digamma(0.0).isNaN && digamma(-3.0).isNaN)
    // erfinv inverts erf to the last bits, also where erf is near ±1.
    // (The bound: erf's rounding, 1 ulp, moves its inverse by ulp / erf′.)
    for y in [-5.5, -2.1, -0.3, 1e-8, 0.8, 3.3] {
      let e = erf(y)
      #expect(abs(erfinv(e) - y) <= 2 * e.ulp / (1.128 * exp(-y * y)) + 2 * y.ulp, "\(y)")
    }
  }

  @Test func plainNumbersAreTheCLibrarysWhereItHasTheFunction() {
    for x in [-3.5, -0.2, 0, 0.7, 2, 30, 171, 180] {
      let c = Glibc.tgamma(x)
      #expect(DualTape.tgamma(x) == c || (c.isNaN && DualTape.tgamma(x).isNaN))
    }
    // fma is fused for Double and Float (one rounding), as C's.
    #expect(DualTape.fma(0.1, 10.0, -1.0) == Glibc.fma(0.1, 10.0, -1.0))
    #expect(DualTape.fma(Float(0.1), 10, -1) == Glibc.fmaf(0.1, 10, -1))
  }

  @Test func derivativesMatchFiniteDifferencesInEveryScalarEngine() {
    for name in allNames {
      let f = Statistic(name: name)
      for x in points(name) {
        let fd = FiniteDifference.gradient(at: x, method: .richardson, of: f)
        let forward = Forward.gradient(at: x, of: f)  // DualVector
        let reverse = Reverse.gradient(at: x, of: f)  // Tracked
        for i in x.indices {
          #expect(close(forward[i], fd[i], 1e-7), "\(name) ∂\(i) at \(x): \(forward) vs \(fd)")
          #expect(close(reverse[i], forward[i], 1e-14), "\(name) ∂\(i) at \(x)")
          let dual = Forward.derivative(at: x[i]) { xi -> Dual<Double> in
            var v = x.map { Dual(constant: $0) }
            v[i] = xi
            return f(v)
          }
          #expect(close(dual, forward[i], 1e-14), "\(name) Dual ∂\(i) at \(x)")
        }
        // Second derivatives: forward over forward against differences of the gradient.
        let hessian = Forward.hessian(at: x, of: f)
        let fdHessian = x.indices.map { j in
          FiniteDifference.gradient(at: x, method: .richardson) {
            Reverse.gradient(at: $0, of: f)[j]
          }
        }
        for i in x.indices {
          for j in x.indices {
            #expect(
              close(hessian[i, j], fdHessian[j][i], 1e-5),
              "\(name) ∂²/∂\(i)∂\(j) at \(x): \(hessian[i, j]) vs \(fdHessian[j][i])")
          }
        }
      }
    }
  }

  @Test func symbolicDerivativesAgree() throws {
    let names = ["x", "y", "z"]
    for name in allNames {
      let f = Statistic(name: name)
      let arity = points(name)[0].count
      let variables = names.prefix(arity).map { Expr.variable($0) }
      let e = f(variables)
      for x in points(name) {
        let expected = Forward.gradient(at: x, of: f)
        let values = Dictionary(uniqueKeysWithValues: zip(names, x))
        #expect(close(try e.evaluate(values), f(x), 1e-15), "\(name) value: \(e)")
        for (i, v) in variables.enumerated() {
          let d = try e.derivative(withRespectTo: v).evaluate(values)
          #expect(close(d, expected[i], 1e-13), "\(name) ∂\(i) at \(x): \(d) vs \(expected[i])")
        }
      }
    }
    // Printed by the table's names.
    let x = Expr.variable("x")
    #expect("\(sinpi(x))" == "sinpi(x)" && "\(tgamma(x))" == "tgamma(x)")
    #expect("\(logAddExp(x, x * 2))".hasPrefix("logAddExp("))
  }

  @Test func replayAndWengertListUseTheTable() {
    for name in allNames {
      let f = Statistic(name: name)
      let ps = points(name)
      let recording = Reverse.record(at: ps[0], of: f)
      for x in ps {
        let replayed = recording.gradient(at: x)
        let live = Reverse.gradient(at: x, of: f)
        #expect(replayed == live, "\(name) replay at \(x): \(replayed) vs \(live)")
      }
      // The traced list prints the table's name; the graph shows the recorded partials.
      let list = Reverse.wengertList(at: ps[0], of: f)
      if name != "fma" {
        #expect(list.rows.last!.definition.hasPrefix(name == "tgamma" ? "tgamma(" : "\(name)("))
      }
      let last = list.rows.last!
      let gradient = Reverse.gradient(at: ps[0], of: f)
      if name != "fma" {
        for (operand, partial) in zip(last.operands, last.partials) where operand > 0 {
          #expect(close(partial, gradient[operand - 1], 1e-15), "\(name) graph partial")
        }
      }
      #expect(list.graph.dot.contains("∂ = "))
    }
  }

  @Test func generatedCodeSpellsThePublicFunctions() {
    for name in allNames {
      let recording = Reverse.record(at: points(name)[0], of: Statistic(name: name))
      let source = Codegen.swiftSource(of: [recording], name: "g", generatedFrom: name)
      let spelled = name == "fma" ? "x[0] * x[1]" : "\(name)(x[0]"
      #expect(source.contains(spelled), "\(name): \(source)")
    }
  }

  @Test func arrayTapeAppliesEveryUnaryRowElementwise() {
    let rules: [(String, @Sendable (TrackedMatrix<Double>) -> TrackedMatrix<Double>)] = [
      ("sinpi", { $0.map(Rules.SinPi()) }), ("cospi", { $0.map(Rules.CosPi()) }),
      ("tgamma", { $0.map(Rules.Gamma()) }), ("digamma", { $0.map(Rules.Digamma()) }),
      ("erfinv", { $0.map(Rules.Erfinv()) }),
    ]
    for (name, apply) in rules {
      let column = points(name).map { $0[0] }
      let x = Matrix(column.map { [$0] })
      let g = Reverse.gradient(at: [x]) { m in apply(m[0]).sum() }[0]
      for (k, xk) in column.enumerated() {
        let d = Forward.derivative(at: xk) { Statistic(name: name)([$0]) }
        #expect(close(g[k, 0], d, 1e-14), "\(name) array ∂ at \(xk): \(g[k, 0]) vs \(d)")
      }
    }
  }

  @Test func sparsityTracersReadTheTable() {
    // f(x) = sinpi(x0) + xlogy(x1, x2) + logAddExp(x3, x4) + fma(x5, x6, x7)
    struct Mixed: VectorToScalar {
      func callAsFunction<T: Differentiable>(_ x: [T]) -> T {
        sinpi(x[0]) + xlogy(x[1], x[2]) + logAddExp(x[3], x[4]) + fma(x[5], x[6], x[7])
      }
    }
    struct Rows: VectorToVector {
      func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] {
        [tgamma(x[0]) * erfinv(x[1]), xlogy(x[2], x[3]), fma(x[0], x[3], x[2])]
      }
    }
    let x = [0.3, 0.4, 0.5, 0.2, 0.9, 1.1, -0.7, 2.0]
    let h = SparsityPattern.hessian(at: x, of: Mixed())
    let dense = Forward.hessian(at: x, of: Mixed())
    for i in x.indices {
      for j in x.indices where dense[i, j] != 0 { #expect(h.contains(i, j), "H[\(i), \(j)]") }
    }
    // fma is a product and a sum: x5·x6 interact, x7 enters linearly, nothing else couples.
    #expect(!h.contains(5, 5) && h.contains(5, 6) && !h.contains(7, 7) && !h.contains(5, 7))
    #expect(!h.contains(0, 1) && !h.contains(2, 3))
    let j = SparsityPattern.jacobian(at: Array(x.prefix(4)), of: Rows())
    #expect(j.contains(0, 0) && j.contains(0, 1) && !j.contains(0, 2))
    #expect(j.contains(1, 2) && j.contains(1, 3) && !j.contains(1, 0))
    #expect(j.contains(2, 0) && j.contains(2, 2) && j.contains(2, 3) && !j.contains(2, 1))
  }
}
