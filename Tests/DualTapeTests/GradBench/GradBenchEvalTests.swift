import DualTape
import Foundation
import Testing

@testable import DualTapeGradBench

// Each eval's derivative, as the tool serves it, against another engine (forward mode, or the
// plain reverse gradient where the tool splits the tape) or a known result, on small inputs.

/// Evaluates `function` of `module` on a JSON input through the tool's function table.
private func run(_ module: EvalModule, _ function: String, _ input: String) throws -> String {
  let f = try #require(module.function(function))
  return try f.evaluate(reading(input)).output.encoded()
}

/// A JSON input as the tool reads it.
private func reading(_ text: String) throws -> JSONInput {
  JSONInput(try JSONReader.parse(text), path: "input")
}

private func parse(_ text: String) throws -> Any {
  try JSONSerialization.jsonObject(with: Data(text.utf8), options: .fragmentsAllowed)
}

/// The largest |a − b| / max(1, |a| + |b|) (GradBench's comparison measure).
private func mismatch(_ a: [Double], _ b: [Double]) -> Double {
  precondition(a.count == b.count, "lengths \(a.count) and \(b.count)")
  return zip(a, b).map { Swift.abs($0 - $1) / Swift.max(1, Swift.abs($0) + Swift.abs($1)) }
    .max() ?? 0
}

/// A reproducible pseudo-random number in [0, 1).
private struct Uniform {
  var state: UInt64
  mutating func next() -> Double {
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    return Double(state >> 11) / Double(1 << 53)
  }
  mutating func array(_ n: Int) -> [Double] { (0..<n).map { _ in next() } }
}

@Test func llsqGradientAgreesWithForwardMode() throws {
  let x = [0.2, -0.4, 0.9, 0.1]
  let g = try parse(run(LeastSquares.module, "gradient", "{\"x\": \(x), \"n\": 9}")) as! [Double]
  #expect(mismatch(g, Forward.gradient(at: x, of: LeastSquares.Objective(n: 9))) < 1e-13)
}

@Test func detGradientIsTheCofactorMatrix() throws {
  var u = Uniform(state: 7)
  let a = u.array(16)
  let g = try parse(run(Determinant.module, "gradient", "{\"A\": \(a), \"ell\": 4}")) as! [Double]
  // One tape of the whole expansion vs forward mode.
  let whole = Determinant.Objective(ell: 4)
  #expect(mismatch(g, Forward.gradient(at: a, of: whole)) < 1e-14)
  // Jacobi's formula: Σⱼ A₀ⱼ ∂det/∂A₀ⱼ = det A.
  let det = whole(a)
  #expect(Swift.abs((0..<4).map { a[$0] * g[$0] }.reduce(0, +) - det) < 1e-14)
}

/// det A by Gaussian elimination with partial pivoting: a plain-number determinant that shares
/// nothing with the expansion in minors.
private func eliminationDeterminant(_ a: [Double], _ n: Int) -> Double {
  var m = a
  var det = 1.0
  for k in 0..<n {
    let p = (k..<n).max { Swift.abs(m[$0 * n + k]) < Swift.abs(m[$1 * n + k]) }!
    if p != k {
      for j in 0..<n { m.swapAt(k * n + j, p * n + j) }
      det = -det
    }
    det *= m[k * n + k]
    for i in (k + 1)..<n {
      let f = m[i * n + k] / m[k * n + k]
      for j in k..<n { m[i * n + j] -= f * m[k * n + j] }
    }
  }
  return det
}

/// cmpad's `det_of_minor` as written there (a term and a call per entry, down to 1 × 1
/// minors, the sum started at 0): the tool's primal must do its arithmetic, operation by
/// operation.
private func cmpadDeterminant(_ a: [Double], _ ell: Int) -> Double {
  var r = Array(1...ell) + [0]
  var c = Array(1...ell) + [0]
  func minor(_ m: Int) -> Double {
    let r0 = r[ell]
    var cj = c[ell]
    if m == 1 { return a[r0 * ell + cj] }
    var det = 0.0
    var sign = 1
    r[ell] = r[r0]
    var previous = ell
    for _ in 0..<m {
      let entry = a[r0 * ell + cj]
      c[previous] = c[cj]
      let sub = minor(m - 1)
      c[previous] = cj
      det = sign > 0 ? det + entry * sub : det - entry * sub
      (previous, cj, sign) = (cj, c[cj], -sign)
    }
    r[ell] = r0
    return det
  }
  return minor(ell)
}

@Test func detPrimalAgreesWithGaussianElimination() throws {
  var u = Uniform(state: 11)
  for ell in 1...7 {
    let a = u.array(ell * ell).map { 2 * $0 - 1 }
    // Read back with Double(_:) (exact; JSONSerialization may round).
    let text = try run(Determinant.module, "primal", "{\"A\": \(a), \"ell\": \(ell)}")
    let primal = try #require(Double(text))
    // The same products and sums as cmpad's code, in the same order: the same number.
    #expect(primal == cmpadDeterminant(a, ell), "ℓ = \(ell)")
    let expected = eliminationDeterminant(a, ell)
    #expect(Swift.abs(primal - expected) < 1e-13 * Swift.max(1, Swift.abs(expected)), "ℓ = \(ell)")
  }
  // A singular matrix (two equal rows) has determinant 0 up to rounding; a permutation ±1.
  let equalRows = [0.3, 0.7, 0.2, 0.9, 0.1, 0.4, 0.3, 0.7, 0.2]
  #expect(Swift.abs(Determinant.Objective(ell: 3)(equalRows)) < 1e-16)
  let swap = [0.0, 1, 0, 1, 0, 0, 0, 0, 1]
  #expect(Determinant.Objective(ell: 3)(swap) == -1)
}

@Test func detGradientAgreesWithForwardModeAndDifferences() throws {
  var u = Uniform(state: 13)
  for ell in 1...6 {
    let a = u.array(ell * ell).map { 2 * $0 - 1 }
    let objective = Determinant.Objective(ell: ell)
    let g =
      try parse(
        run(Determinant.module, "gradient", "{\"A\": \(a), \"ell\": \(ell)}")) as! [Double]
    #expect(mismatch(g, Forward.gradient(at: a, of: objective)) < 1e-14, "ℓ = \(ell)")
    // det is linear in each entry: a central difference is exact up to rounding.
    let h = 1e-3
    let differences = a.indices.map { i in
      var (up, down) = (a, a)
      up[i] += h
      down[i] -= h
      return (objective(up) - objective(down)) / (2 * h)
    }
    #expect(mismatch(g, differences) < 1e-12, "ℓ = \(ell)")
    // The tapes of the terms of the first rows' expansion (the driver above ℓ = 8), summed.
    let data = Determinant.Data(a: a, ell: ell)
    for size in 1..<ell {
      let summed = Determinant.gradient(data, largestTapedMinor: size)
      #expect(mismatch(summed, g) < 1e-14, "ℓ = \(ell), minors of \(size) rows per tape")
    }
  }
}

@Test func odeGradientsAgreeWithForwardModeOfTheUnrolledLoop() throws {
  let x = [0.5, 1.5, 0.8, 1.1, 0.3]
  let input = "{\"x\": \(x), \"s\": 7}"
  let g = try parse(run(RungeKutta.module, "gradient", input)) as! [Double]
  let forward = Forward.gradient(at: x, of: RungeKutta.Final(steps: 7))
  #expect(mismatch(g, forward) < 1e-13)
  // The driver for loops too long for one tape, on the same input.
  let data = try RungeKutta.decode(reading(input))
  for size in [1, 3, 6] {  // 7 steps: groups of 1, 3 + 3 + 1, 6 + 1
    #expect(
      mismatch(RungeKutta.checkpointedGradient(data, stepsPerRecording: size), forward) < 1e-13)
  }
  let primal = try parse(run(RungeKutta.module, "primal", input)) as! [Double]
  #expect(primal.last == RungeKutta.Final(steps: 7)(x))
  // cmpad's closed form of the exact solution's derivative: y_{n−1}(2)/xᵢ with
  // y_{n−1}(2) = Πᵢ 2xᵢ/(i + 1); RK4 is exact here for n ≤ 4 (a polynomial of degree n − 1
  // in t), so compare a 4-entry input.
  let x4 = Array(x.prefix(4))
  let g4 = Reverse.gradient(at: x4, of: RungeKutta.Final(steps: 3))
  var y = 1.0
  for (i, xi) in x4.enumerated() { y *= 2 * xi / Double(i + 1) }
  #expect(mismatch(g4, x4.map { y / $0 }) < 1e-12)
}

@Test func odeGroupsFitARecordingAndAreEven() {
  let limit = RungeKutta.nodesPerRecording
  for (n, s) in [
    (1, 1), (5, 7), (1000, 10), (1000, 100), (10_000, 10), (10_000, 100),
    (100_000, 10), (100_000, 100), (3_000, 47),
  ] {
    let d = RungeKutta.Data(x: [Double](repeating: 0.5, count: n), steps: s)
    let size = RungeKutta.stepsPerRecording(d)
    let groups = (s + size - 1) / size
    // No more groups than the fewest of at most `limit` nodes (11 per entry and step), each
    // within one step of `limit` (or a single step).
    let fewest = Swift.min(s, (11 * n * s + limit - 1) / limit)
    #expect(groups <= fewest, "n = \(n), s = \(s): \(groups) groups of \(size) steps")
    #expect(size == 1 || 11 * n * (size - 1) < limit, "n = \(n), s = \(s): \(size) steps")
    // Even: the last group (what is left) is shorter than the others by less than the
    // number of groups, never a lone step after long groups.
    let last = s - (groups - 1) * size
    #expect(last >= 1 && size - last < groups, "n = \(n), s = \(s): last group \(last)")
  }
}

/// cmpad's RK4 as written there (separate slope arrays k₁…k₄, one loop per slope, each
/// operation in its order): the reference for the tool's one-pass steps, bit for bit.
private struct CmpadRungeKutta: VectorToVector {
  let steps: Int
  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] {
    let n = x.count
    let h = T(2 / Double(steps))
    func f(_ z: [T]) -> [T] { [x[0]] + (1..<n).map { x[$0] * z[$0 - 1] } }
    var y = [T](repeating: 0, count: n)
    for _ in 0..<steps {
      let k1 = f(y)
      let k2 = f((0..<n).map { (i: Int) -> T in y[i] + h * k1[i] / 2 })
      let k3 = f((0..<n).map { (i: Int) -> T in y[i] + h * k2[i] / 2 })
      let k4 = f((0..<n).map { (i: Int) -> T in y[i] + h * k3[i] })
      for i in 0..<n {
        let sum: T = ((k1[i] + 2 * k2[i]) + 2 * k3[i]) + k4[i]
        y[i] = y[i] + h * sum / 6
      }
    }
    return y
  }
}

@Test func odeRunsOfStepsAgreeWithCmpadsRungeKutta() throws {
  var u = Uniform(state: 5)
  for (n, steps) in [(1, 3), (2, 1), (6, 2), (9, 5), (12, 4)] {
    let x = u.array(n).map { 0.5 + $0 }
    let reference = CmpadRungeKutta(steps: steps)
    let step = RungeKutta.Step(h: 2 / Double(steps))
    let zeros = [Double](repeating: 0, count: n)
    // The primal: one run of all steps, and runs of one step chained (both buffer orders).
    let whole = step.run(zeros, x, steps: steps)
    var chained = zeros
    for i in 0..<steps { chained = step(chained, x, step: i) }
    #expect(whole == chained)
    // The same runs in a workspace (a run inside a run gets its own scratch), bit for bit.
    // The workspace `prepare` makes for this input (a run needs n values of scratch).
    let workspace = try #require(
      RungeKutta.prepare(RungeKutta.Data(x: x, steps: steps)).workspace)
    let lent = RungeKutta.Step(h: 2 / Double(steps), workspace: workspace)
    #expect(lent.run(zeros, x, steps: steps) == whole)
    #expect(workspace.lend(Tracked<Double>.self, count: 2 * n) != nil)
    #expect(lent.run(zeros, x, steps: steps) == whole)
    workspace.giveBack()
    #expect(
      Reverse.gradient(at: x, of: RungeKutta.Final(steps: steps, workspace: workspace))
        == Reverse.gradient(at: x, of: RungeKutta.Final(steps: steps)))
    #expect(whole == reference(x))
    // The gradient of the last entry, taped through the runs, against forward mode of
    // cmpad's loop; and the Jacobian of the whole state (forward mode through the runs).
    let jacobian = Forward.jacobian(at: x, of: reference).elements
    let g = Reverse.gradient(at: x, of: RungeKutta.Final(steps: steps))
    #expect(mismatch(g, Array(jacobian[(n - 1) * n..<n * n])) < 1e-14)
    let throughRuns = Forward.jacobian(at: x) {
      step.run([Dual](repeating: 0, count: n), $0, steps: steps)
    }
    #expect(mismatch(throughRuns.elements, jacobian) < 1e-14)
    // A value that is not trivially copyable (a symbolic expression) through the same
    // buffers: its evaluation at x is the plain run's result (small cases: the trees grow
    // fast with n and the steps).
    guard n * steps <= 12 else { continue }
    let names = (0..<n).map { "x\($0)" }
    let symbolic = step.run(
      [Expr](repeating: 0, count: n), names.map { Expr.variable($0) }, steps: steps)
    let point = Dictionary(uniqueKeysWithValues: zip(names, x))
    let values = try symbolic.map { try $0.evaluate(point) }
    #expect(mismatch(values, whole) < 1e-14)
    // The same in the workspace (it holds n expressions: the lent path runs), bit for bit,
    // and the whole loop from the zero state (`Final`) with and without it.
    #expect(workspace.lend(Expr.self, count: n) != nil)
    workspace.giveBack()
    let inWorkspace = lent.run(
      [Expr](repeating: 0, count: n), names.map { Expr.variable($0) }, steps: steps)
    #expect(try inWorkspace.map { try $0.evaluate(point) } == values)
    let final = RungeKutta.Final(steps: steps)(names.map { Expr.variable($0) })
    let finalInWorkspace = RungeKutta.Final(steps: steps, workspace: workspace)(
      names.map { Expr.variable($0) })
    #expect(try finalInWorkspace.evaluate(point) == final.evaluate(point))
    #expect(mismatch([try final.evaluate(point)], [values[n - 1]]) < 1e-14)
  }
}

@Test func kmeansDirectionIsCentroidMinusClusterMean() throws {
  var u = Uniform(state: 11)
  let points = (0..<40).map { _ in u.array(3) }
  let centroids = Array(points.suffix(4))
  let out =
    try parse(
      run(KMeans.module, "dir", "{\"points\": \(points), \"centroids\": \(centroids)}"))
    as! [[Double]]
  // Newton's step for k-means is the centroid minus its cluster's mean (Bottou and Bengio).
  var sums = [[Double]](repeating: [0, 0, 0], count: 4)
  var counts = [Double](repeating: 0, count: 4)
  func distance(_ c: [Double], _ p: [Double]) -> Double {
    var s = 0.0
    for l in 0..<3 { s += (c[l] - p[l]) * (c[l] - p[l]) }
    return s
  }
  for p in points {
    let d = centroids.map { distance($0, p) }
    let j = d.indices.min { d[$0] < d[$1] }!
    counts[j] += 1
    for l in 0..<3 { sums[j][l] += p[l] }
  }
  for j in 0..<4 {
    let expected = (0..<3).map { centroids[j][$0] - sums[j][$0] / counts[j] }
    #expect(mismatch(out[j], expected) < 1e-12)
  }
  let cost =
    try parse(
      run(KMeans.module, "cost", "{\"points\": \(points), \"centroids\": \(centroids)}")) as! Double
  var direct = 0.0
  for p in points { direct += centroids.map { distance($0, p) }.min()! }
  #expect(Swift.abs(cost - direct) < 1e-12)
  // A centroid with no points has a zero Hessian: the direction is 0/0, reported, not sent.
  let empty = try #require(KMeans.module.function("dir"))
  #expect(throws: ToolError.self) {
    try empty.evaluate(
      reading(#"{"points": [[0, 0]], "centroids": [[0, 0], [9, 9]]}"#)
    ).output.encoded()
  }
}

/// A small GMM input: d = 3, k = 2, n = 5.
private func gmmInput() -> String {
  var u = Uniform(state: 3)
  let rows = { (r: Int, c: Int) in (0..<r).map { _ in u.array(c).map { $0 - 0.5 } } }
  return """
    {"d": 3, "k": 2, "n": 5, "m": 1, "gamma": 1.5, "alpha": \(u.array(2)), "mu": \(rows(2, 3)),
     "q": \(rows(2, 3)), "l": \(rows(2, 3)), "x": \(rows(5, 3))}
    """
}

@Test func gmmChunkedGradientAgreesWithForwardModeOfTheWholeObjective() throws {
  let data = try GaussianMixture.decode(reading(gmmInput()))
  let whole = GaussianMixture.Objective(data: data, points: 0..<data.n, prior: true)
  let forward = Forward.gradient(at: data.parameters, of: whole)
  // Chunks of 2 points: three tapes summed.
  let chunked = summedGradient(
    at: data.parameters,
    terms: chunks(of: data.n, size: 2).enumerated().map {
      GaussianMixture.Objective(data: data, points: $1, prior: $0 == 0)
    })
  #expect(mismatch(chunked, forward) < 1e-12)
  let out = try parse(run(GaussianMixture.module, "jacobian", gmmInput())) as! [String: Any]
  let served =
    (out["alpha"] as! [Double]) + (out["mu"] as! [[Double]]).flatMap { $0 }
    + (out["q"] as! [[Double]]).flatMap { $0 } + (out["l"] as! [[Double]]).flatMap { $0 }
  #expect(mismatch(served, forward) < 1e-12)
}

@Test func lstmGradientAgreesWithForwardMode() throws {
  var u = Uniform(state: 5)
  let rows = { (r: Int, c: Int) in (0..<r).map { _ in u.array(c) } }
  let sequence = (0..<6).map { _ in (0..<3).map { _ in u.next() < 0.5 ? 0.0 : 1.0 } }
  let input = """
    {"main_params": \(rows(4, 12)), "extra_params": \(rows(3, 3)), "state": \(rows(4, 3)),
     "sequence": \(sequence)}
    """
  let data = try LSTM.decode(reading(input))
  let g = try parse(run(LSTM.module, "jacobian", input)) as! [Double]
  #expect(g.count == 8 * 2 * 3 + 3 * 3)
  #expect(
    mismatch(g, Forward.gradient(at: data.parameters, of: LSTM.Objective(data: data))) < 1e-12)
  let loss = try parse(run(LSTM.module, "objective", input)) as! Double
  #expect(mismatch([loss], [lstmReferenceLoss(data)]) < 1e-14)
}

/// GradBench's LSTM loss (`cpp/gradbench/evals/lstm.hpp`) on plain numbers, written as there:
/// Σ gᵢ(yᵢ − lse) per character, where the tool records Σ gᵢyᵢ − (Σ gᵢ)·lse.
private func lstmReferenceLoss(_ d: LSTM.Data) -> Double {
  let (l, b, c, p) = (d.l, d.b, d.c, d.parameters)
  let sigmoid = { (x: Double) in 1 / (1 + Foundation.exp(-x)) }
  var state = d.state
  var total = 0.0
  for t in 0..<(c - 1) {
    var x = (0..<b).map { d.sequence[t * b + $0] * p[8 * l * b + $0] }
    for layer in 0..<l {
      let (w, h, cell) = (8 * b * layer, 2 * b * layer, 2 * b * layer + b)
      for i in 0..<b {
        let forget = sigmoid(x[i] * p[w + i] + p[w + 4 * b + i])
        let ingate = sigmoid(state[h + i] * p[w + b + i] + p[w + 5 * b + i])
        let outgate = sigmoid(x[i] * p[w + 2 * b + i] + p[w + 6 * b + i])
        let change = Foundation.tanh(state[h + i] * p[w + 3 * b + i] + p[w + 7 * b + i])
        state[cell + i] = state[cell + i] * forget + ingate * change
        state[h + i] = outgate * Foundation.tanh(state[cell + i])
      }
      x = Array(state[h..<(h + b)])
    }
    let y = (0..<b).map { x[$0] * p[8 * l * b + b + $0] + p[8 * l * b + 2 * b + $0] }
    let lse = Foundation.log(y.reduce(0) { $0 + Foundation.exp($1) } + 2)
    for i in 0..<b { total += d.sequence[(t + 1) * b + i] * (y[i] - lse) }
  }
  return -total / Double((c - 1) * b)
}

@Test func baCompressedJacobianAgreesWithTheDenseOne() throws {
  let input = """
    {"n": 2, "m": 3, "p": 5, "cam": [0.1, -0.2, 0.3, 1, 2, 3, 400, 5, -8, 0.08, 0.003],
     "x": [7, 0.5, 3], "w": 0.4, "feat": [270, 830]}
    """
  var data = try BundleAdjustment.decode(reading(input))
  let sparse = BundleAdjustment.jacobian(&data)
  let dense = Reverse.jacobian(at: data.variables, of: BundleAdjustment.Objective(data: data))
  #expect(mismatch(sparse.dense().elements, dense.elements) < 1e-12)
  // Every nonzero of the dense Jacobian lies in the pattern built from the observations (the
  // compression loses nothing).
  for i in 0..<dense.rows {
    for j in 0..<dense.columns where dense[i, j] != 0 {
      #expect(sparse.pattern.entryIndex(i, j) != nil, "(\(i), \(j)) outside the pattern")
    }
  }
  let out = try parse(run(BundleAdjustment.module, "jacobian", input)) as! [String: Any]
  #expect((out["vals"] as! [Double]).count == 31)
  #expect((out["rows"] as! [Int]).prefix(3) == [0, 15, 30])
  #expect((out["vals"] as! [Double]).last == -2 * 0.4)  // ∂(1 − w²)/∂w
}

/// A small hand: 22 bones in a chain, 6 vertices, 4 triangles, 5 points.
private func handInput(complicated: Bool) -> String {
  var u = Uniform(state: 13)
  let bones = 22
  let transform = { () -> [[Double]] in
    (0..<4).map { i in (0..<4).map { j in i == j ? 1 : i == 3 ? 0 : 0.2 * (u.next() - 0.5) } }
  }
  let relatives = (0..<bones).map { _ in transform() }
  let inverses = (0..<bones).map { _ in transform() }
  let positions = (0..<6).map { _ in u.array(3) + [1] }
  let weights = (0..<6).map { v in (0..<bones).map { b in b % 6 == v || b == v + 7 ? u.next() : 0 }
  }
  let theta = u.array(26).map { $0 - 0.5 }
  let us = (0..<5).map { _ in [0.3 * u.next(), 0.3 * u.next()] }
  return """
    {"theta": \(theta), "us": \(complicated ? "\(us)" : "[]"),
     "data": {"correspondences": [0, 1, 2, 3, 1], "points": \((0..<5).map { _ in u.array(3) }),
      "model": {"bone_count": 22, "bone_names": \((0..<bones).map { "\"b\($0)\"" }),
       "parents": \([-1] + Array(0..<(bones - 1))), "base_relatives": \(relatives),
       "inverse_base_absolutes": \(inverses), "base_positions": \(positions),
       "weights": \(weights), "triangles": [[0, 1, 2], [1, 2, 3], [2, 4, 5], [0, 3, 5]],
       "is_mirrored": false}}}
    """
}

@Test(arguments: [true, false])
func htJacobianAgreesWithReverseMode(complicated: Bool) throws {
  let input = handInput(complicated: complicated)
  let data = try HandTracking.decode(reading(input))
  let out = try parse(run(HandTracking.module, "jacobian", input)) as! [[Double]]
  let dense = Reverse.jacobian(at: data.theta + data.us, of: HandTracking.Objective(data: data))
  #expect(out.count == 15 && out.allSatisfy { $0.count == (complicated ? 28 : 26) })
  for r in 0..<15 {
    let theta = (0..<26).map { dense[r, $0] }
    #expect(mismatch(Array(out[r].suffix(26)), theta) < 1e-12)
    if complicated {
      let point = r / 3
      #expect(
        mismatch(Array(out[r].prefix(2)), [dense[r, 26 + 2 * point], dense[r, 27 + 2 * point]])
          < 1e-12)
    }
  }
}

@Test(arguments: ["ff", "fr", "rf", "rr"])
func saddleAndParticleReachGradBenchsConstants(nesting: String) throws {
  // The constants GradBench's particle and saddle evals validate against.
  let saddle = try parse(run(Saddle.module, nesting, #"{"start": [1, 1]}"#)) as! [Double]
  #expect(mismatch(saddle, [Double](repeating: 8.246324826140356e-06, count: 4)) < 1e-12)
  let w = try parse(run(Particle.module, nesting, #"{"w": 0}"#)) as! Double
  #expect(Swift.abs(w - 0.2071918746486116) < 1e-12)
}

@Test func lseGradientOfTheArrayTapeAgreesWithTheScalarTape() throws {
  var u = Uniform(state: 5)
  // Large entries too: the shift by the maximum keeps every exponential finite.
  let x = (0..<50).map { i in (u.next() - 0.5) * 20 + (i % 7 == 0 ? 700 : 0) }
  let g = try parse(run(LogSumExp.module, "gradient", "{\"x\": \(x)}")) as! [Double]
  let scalar = Reverse.gradient(at: x, of: LogSumExp.Objective())
  // Both adjoints are exp(xᵢ − max)/Σ (the array tape records log(exp(x − max).sum()) with the
  // maximum held constant); they differ only in the order of Σ's additions, which bounds the
  // gap, and the softmax's distance from summing to 1, by about n·ε (measured: 1 ulp).
  let bound = Double(x.count) * Double.ulpOfOne
  #expect(mismatch(g, scalar) < bound)
  #expect(Swift.abs(g.reduce(0, +) - 1) < bound)  // the softmax sums to 1
}
