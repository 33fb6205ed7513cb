import DualTape

/// SEEDS system 4: a linear model y = X W + b with MSE on X ∈ ℝ^(100×50), X, y ~ U(0, 1),
/// trained by plain gradient descent. With a step below 1/L (L the gradient's Lipschitz
/// constant) the loss must fall at every epoch; the example checks that it does.
func runRegression(_ options: Options) throws {
  let start = ContinuousClock.now
  var random = SplitMix64(seed: 4)
  let x = Matrix<Double>.uniform(rows: 100, columns: 50, using: &random)
  let y = Matrix<Double>.uniform(rows: 100, columns: 1, using: &random)
  var parameters = [
    Matrix<Double>.zeros(rows: 50, columns: 1), Matrix<Double>.zeros(rows: 1, columns: 1),
  ]
  var optimizer = GradientDescent<Double>(learningRate: 0.02)
  let epochs = 500
  var losses = [Double]()
  print("regression: y = X W + b, X 100x50 ~ U(0,1), MSE, gradient descent lr 0.02, seed 4")
  for epoch in 1...epochs {
    let loss = optimizer.step(&parameters) { p in
      Loss.meanSquaredError(x.matmul(p[0]) + p[1], y)
    }
    losses.append(loss)
    if epoch == 1 || epoch % 50 == 0 { print("  epoch \(epoch): loss \(fixed(loss, 6))") }
  }
  let final = Loss.meanSquaredError(x.matmul(parameters[0]) + parameters[1], y)
  let checked = losses + [final]
  let rises = zip(checked, checked.dropFirst()).filter { $1 > $0 }.count
  let path = try SVG.write(
    SVG.lineChart(
      title: "regression: MSE under gradient descent (seed 4)", xLabel: "epoch", yLabel: "MSE",
      series: [("training MSE", losses)]),
    to: options.output, name: "regression-loss.svg")
  print("  loss curve: \(path)")
  print(
    "regression: loss \(fixed(losses[0], 4)) -> \(fixed(final, 4)) in \(epochs) epochs,"
      + " monotonic: \(rises == 0 ? "yes" : "no (\(rises) rises)"), \(fixed(seconds(since: start), 2)) s"
  )
  if rises != 0 { throw ExampleFailure("the loss rose \(rises) times") }
}

/// An example that missed its target.
struct ExampleFailure: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}
