import DualTape

/// SEEDS system 1's layered model: a 2-32-32-1 tanh network fits f(x, y) = (x² + y²)/2 on
/// [-1, 1]², trained with Adam on seeded minibatches. Test MSE on a held-out grid < 1e-3.
func runSurface(_ options: Options) throws {
  let start = ContinuousClock.now
  func f(_ x: Double, _ y: Double) -> Double { (x * x + y * y) / 2 }
  var random = SplitMix64(seed: 1)
  let train = Matrix<Double>.uniform(rows: 2048, columns: 2, in: -1...1, using: &random)
  let trainY = Matrix(column: (0..<train.rows).map { f(train[$0, 0], train[$0, 1]) })
  // The test set is a 40×40 grid (cell centres), none of it seen in training.
  let side = 40
  let grid = (0..<side).map { -1 + (2 * Double($0) + 1) / Double(side) }
  let test = Matrix(grid.reversed().flatMap { y in grid.map { x in [x, y] } })
  let testY = Matrix(column: (0..<test.rows).map { f(test[$0, 0], test[$0, 1]) })

  let net = MLP<Double>(layerSizes: [2, 32, 32, 1], activation: .tanh)
  var parameters = net.initialParameters(seed: 1)
  var adam = Adam<Double>(learningRate: 0.01)
  var batches = Minibatches(count: train.rows, batchSize: 128, seed: 1)
  let epochs = 200
  var trainCurve = [Double]()
  var testCurve = [Double]()
  print("surface: 2-32-32-1 tanh MLP fits (x^2 + y^2)/2 on [-1,1]^2; Adam, batch 128, seed 1")
  for epoch in 1...epochs {
    // Step decay in the last part sharpens the fit.
    adam.learningRate = epoch <= 120 ? 0.01 : (epoch <= 170 ? 0.003 : 0.001)
    var sum = 0.0
    let epochBatches = batches.nextEpoch()
    for batch in epochBatches {
      let (xb, yb) = (train.rows(at: batch), trainY.rows(at: batch))
      sum += adam.step(&parameters) { p in Loss.meanSquaredError(net.apply(p, to: xb), yb) }
    }
    trainCurve.append(sum / Double(epochBatches.count))
    testCurve.append(Loss.meanSquaredError(net.apply(parameters, to: test), testY))
    if epoch == 1 || epoch % 20 == 0 {
      print(
        "  epoch \(epoch): train MSE \(String(format: "%.2e", trainCurve.last!)), test MSE \(String(format: "%.2e", testCurve.last!))"
      )
    }
  }
  let testMSE = testCurve.last!
  let model = net.apply(parameters, to: test)
  let lossPath = try SVG.write(
    SVG.lineChart(
      title: "surface: 2-32-32-1 tanh network on (x^2+y^2)/2", xLabel: "epoch", yLabel: "MSE",
      series: [("training MSE (batch mean)", trainCurve), ("test MSE (40x40 grid)", testCurve)]),
    to: options.output, name: "surface-loss.svg")
  let rows = (0..<side).map { i in (0..<side).map { j in i * side + j } }
  let mapPath = try SVG.write(
    SVG.heatMaps(
      title: "(x^2 + y^2)/2 on [-1,1]^2: true surface and the network's",
      caption: "x from -1 (left) to 1 (right), y from -1 (bottom) to 1 (top); 40x40 test grid",
      panels: [
        ("true f(x, y)", rows.map { $0.map { testY.elements[$0] } }),
        ("2-32-32-1 tanh network", rows.map { $0.map { model.elements[$0] } }),
      ]),
    to: options.output, name: "surface-heatmaps.svg")
  print("  figures: \(lossPath), \(mapPath)")
  print(
    "surface: test MSE \(String(format: "%.2e", testMSE)) (target < 1e-3), train MSE"
      + " \(String(format: "%.2e", trainCurve.last!)), \(epochs) epochs, \(fixed(seconds(since: start), 2)) s"
  )
  if !(testMSE < 1e-3) { throw ExampleFailure("test MSE \(testMSE) is not below 1e-3") }
}
