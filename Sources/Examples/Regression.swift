import DualTape
import DualTapeLearning
import DualTapeMatrixOperators
import DualTapePlot
import Foundation

/// Linear regression on data with a known answer: y = X·w + b + noise, with X ∈ ℝ^(100×50)
/// uniform in [−1, 1], true weights uniform in [−1, 1], b = 0.5 and Gaussian noise of standard
/// deviation 0.1. Plain gradient descent on the mean squared error, with the step 1/L (L the
/// largest curvature of the loss, by power iteration), must fall at every epoch and reach the
/// closed-form least-squares optimum (normal equations, solved by Cholesky).
func runRegression(_ options: Options) throws {
  let start = ContinuousClock.now
  let (samples, features, noise) = (100, 50, 0.1)
  var random = SplitMix64(seed: 4)
  let x = Matrix<Double>.uniform(rows: samples, columns: features, in: -1...1, using: &random)
  let trueWeights = (0..<features).map { _ in 2 * random.nextUnit() - 1 }
  let trueBias = 0.5
  let y = Matrix(
    column: (0..<samples).map { i in
      (0..<features).reduce(trueBias) { $0 + x[i, $1] * trueWeights[$1] }
        + noise * gaussian(&random)
    })

  // The optimum in closed form: [w; b] = (AᵀA)⁻¹Aᵀy with A = [X 1].
  let a = (0..<samples).map { i in (0..<features).map { x[i, $0] } + [1] }
  let optimum = leastSquares(a, y.elements)
  let optimumLoss = meanSquaredError(a, optimum, y.elements)
  // The step: 1/L, L = the largest eigenvalue of the loss's Hessian (2/N)·AᵀA.
  let curvature = largestEigenvalue(a) * 2 / Double(samples)
  let step = 1 / curvature

  var parameters = [
    Matrix<Double>.zeros(rows: features, columns: 1), Matrix<Double>.zeros(rows: 1, columns: 1),
  ]
  var optimizer = GradientDescent<Double>(learningRate: step)
  let epochs = 400
  var losses = [Double]()
  print(
    "regression: y = X·w + b + noise; X 100×50 uniform in [-1, 1], known w, b = 0.5, noise σ = 0.1 (seed 4)"
  )
  print(
    "  gradient descent on the MSE, step 1/L = \(fixed(step, 4)) (L = \(fixed(curvature, 3)), the loss's largest curvature)"
  )
  for epoch in 1...epochs {
    let loss = optimizer.step(&parameters) { p in
      Loss.meanSquaredError(x.matmul(p[0]) + p[1], y)
    }
    losses.append(loss)
    if epoch == 1 || epoch % 50 == 0 {
      print("  epoch \(epoch): MSE \(fixed(loss, 6)) (optimum \(fixed(optimumLoss, 6)))")
    }
  }
  let fitted = parameters[0].elements + parameters[1].elements
  let final = meanSquaredError(a, fitted, y.elements)
  let checked = losses + [final]
  let rises = zip(checked, checked.dropFirst()).filter { $1 > $0 }.count
  let gap = zip(fitted, optimum).map { Swift.abs($0 - $1) }.max() ?? 0
  print("  weight   true      least squares   gradient descent")
  for i in 0..<6 {
    print(
      "  w\(i)".padding(toLength: 9, withPad: " ", startingAt: 0)
        + "\(signed(trueWeights[i]))   \(signed(optimum[i]))         \(signed(fitted[i]))")
  }
  print(
    "  b        \(signed(trueBias))   \(signed(optimum[features]))         \(signed(fitted[features]))"
  )
  print("  largest |gradient descent − least squares| over the 51 parameters: \(formatError(gap))")

  let lossChart = LineChart(
    title: "Training MSE per epoch",
    x: Axis("epoch", domain: 0...Double(epochs)),
    y: Axis("mean squared error (log scale)", scale: .log),
    series: [
      Series(
        "gradient descent", color: palette[0], dots: false,
        points: losses.enumerated().map { (Double($0.offset + 1), $0.element) }),
      Series(
        "least-squares optimum (closed form)", color: "#222", dashed: true, dots: false,
        points: [(1, optimumLoss), (Double(epochs), optimumLoss)]),
      Series(
        "noise variance σ² = 0.01", color: "#999", dashed: true, dots: false,
        points: [(1, noise * noise), (Double(epochs), noise * noise)]),
    ], width: 520, height: 380)
  let indices = Array(0..<features)
  let weightChart = LineChart(
    title: "The 50 weights: true, optimum, fitted",
    x: Axis("weight index i", domain: -1...Double(features)),
    y: Axis("weight value"),
    series: [
      Series(
        "true weight", color: "#bbbbbb", dots: true, joined: false,
        points: indices.map { (Double($0), trueWeights[$0]) }),
      Series(
        "least-squares optimum", color: palette[0], dots: true, joined: false,
        points: indices.map { (Double($0), optimum[$0]) }),
      {
        var s = Series(
          "gradient descent (on top of the optimum)", color: palette[1], dots: true, joined: false,
          points: indices.map { (Double($0), fitted[$0]) })
        s.radius = 2
        return s
      }(),
    ], width: 560, height: 380)
  let path = try writeSVG(
    panels(
      title:
        "Linear regression on data with known weights (100 samples, 50 features, noise σ = 0.1)",
      [lossChart.drawing(), weightChart.drawing()], columns: 2,
      note:
        "Gradient descent with step 1/L falls at every epoch to the closed-form optimum; the optimum sits a little off the true weights because of the noise."
    ),
    options, "regression-loss.svg")
  print("  figure: \(path)")
  print(
    "regression: MSE \(fixed(losses[0], 4)) -> \(fixed(final, 6)) in \(epochs) epochs (optimum \(fixed(optimumLoss, 6))),"
      + " falls at every epoch: \(rises == 0 ? "yes" : "no (\(rises) rises)"), \(fixed(seconds(since: start), 2)) s"
  )
  if rises != 0 { throw ExampleFailure("the loss rose \(rises) times") }
  if !(final <= optimumLoss * (1 + 1e-6)) || gap > 1e-3 {
    throw ExampleFailure("gradient descent did not reach the least-squares optimum (gap \(gap))")
  }
}

/// `+0.123` / `-0.456`: aligned signed numbers.
private func signed(_ x: Double) -> String { (x >= 0 ? "+" : "") + fixed(x, 3) }

/// A standard normal number (Box–Muller).
private func gaussian(_ random: inout SplitMix64) -> Double {
  let u = Swift.max(random.nextUnit(), 1e-300)
  let v = random.nextUnit()
  return (-2 * Foundation.log(u)).squareRoot() * Foundation.cos(2 * Double.pi * v)
}

/// The mean squared error of the linear model with coefficients `c` on rows `a`.
private func meanSquaredError(_ a: [[Double]], _ c: [Double], _ y: [Double]) -> Double {
  zip(a, y).reduce(0) { sum, row in
    let r = zip(row.0, c).reduce(0) { $0 + $1.0 * $1.1 } - row.1
    return sum + r * r
  } / Double(y.count)
}

/// Solves the normal equations (AᵀA)c = Aᵀy by Cholesky.
private func leastSquares(_ a: [[Double]], _ y: [Double]) -> [Double] {
  let p = a[0].count
  var m = [[Double]](repeating: [Double](repeating: 0, count: p), count: p)
  var r = [Double](repeating: 0, count: p)
  for (row, yi) in zip(a, y) {
    for i in 0..<p {
      r[i] += row[i] * yi
      for j in 0..<p { m[i][j] += row[i] * row[j] }
    }
  }
  // m = L Lᵀ.
  var l = [[Double]](repeating: [Double](repeating: 0, count: p), count: p)
  for i in 0..<p {
    for j in 0...i {
      let s = (0..<j).reduce(m[i][j]) { $0 - l[i][$1] * l[j][$1] }
      l[i][j] = i == j ? s.squareRoot() : s / l[j][j]
    }
  }
  var z = [Double](repeating: 0, count: p)
  for i in 0..<p { z[i] = (0..<i).reduce(r[i]) { $0 - l[i][$1] * z[$1] } / l[i][i] }
  var c = [Double](repeating: 0, count: p)
  for i in stride(from: p - 1, through: 0, by: -1) {
    c[i] = ((i + 1)..<p).reduce(z[i]) { $0 - l[$1][i] * c[$1] } / l[i][i]
  }
  return c
}

/// The largest eigenvalue of AᵀA by power iteration.
private func largestEigenvalue(_ a: [[Double]]) -> Double {
  let p = a[0].count
  var v = [Double](repeating: 1 / Double(p).squareRoot(), count: p)
  var lambda = 0.0
  for _ in 0..<300 {
    let av = a.map { row in zip(row, v).reduce(0) { $0 + $1.0 * $1.1 } }
    var w = [Double](repeating: 0, count: p)
    for (row, s) in zip(a, av) { for i in 0..<p { w[i] += row[i] * s } }
    lambda = w.reduce(0) { $0 + $1 * $1 }.squareRoot()
    v = w.map { $0 / lambda }
  }
  return lambda
}

/// An example that missed its target.
struct ExampleFailure: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}
