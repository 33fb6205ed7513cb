import DualTape
import DualTapeLearning
import DualTapePlot
import DualTapeSVG

/// A 2-32-32-1 tanh network learns f(x, y) = (x² + y²)/2 on [-1, 1]², trained with Adam on
/// seeded minibatches. Test MSE on a held-out 40×40 grid must fall below 1e-3.
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
  // Step decay: large steps to get close fast, then smaller ones so the minibatch noise
  // stops shaking the weights around the minimum.
  let schedule = [
    (until: 120, rate: 0.01), (until: 170, rate: 0.003), (until: epochs, rate: 0.001),
  ]
  var trainCurve = [Double]()
  var testCurve = [Double]()
  print("surface: 2-32-32-1 tanh network learns (x² + y²)/2 on [-1, 1]²; Adam, batch 128, seed 1")
  print(
    "  learning rate: 0.01 for epochs 1–120, 0.003 for 121–170, 0.001 for 171–200"
      + " (step decay: smaller steps settle into the minimum)")
  for epoch in 1...epochs {
    adam.learningRate = schedule.first { epoch <= $0.until }!.rate
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
        "  epoch \(epoch): train MSE \(formatError(trainCurve.last!)), test MSE \(formatError(testCurve.last!))"
      )
    }
  }
  let testMSE = testCurve.last!
  let model = net.apply(parameters, to: test)
  let lossChart = LineChart(
    title: "Surface: mean squared error per epoch",
    subtitle: "2-32-32-1 tanh network on (x² + y²)/2; Adam with step decay",
    x: Axis("epoch", domain: 0...Double(epochs)),
    y: Axis("MSE (log scale)", scale: .log, format: formatError),
    series: [
      Series(
        "training MSE (minibatch mean)", color: palette[0], dots: false, points: curve(trainCurve)),
      Series("test MSE (40×40 grid)", color: palette[1], dots: false, points: curve(testCurve)),
    ],
    markers: [
      Marker(x: 120, label: "step 0.01 → 0.003"), Marker(x: 170, label: "step 0.003 → 0.001"),
    ], note: "Markers: the learning-rate schedule (step decay).")
  let rows = (0..<side).map { i in (0..<side).map { j in i * side + j } }
  let truth = rows.map { $0.map { testY.elements[$0] } }
  let learned = rows.map { $0.map { model.elements[$0] } }
  let error = rows.map { $0.map { Swift.abs(model.elements[$0] - testY.elements[$0]) } }
  let range = 0...Swift.max(truth.flatMap { $0 }.max()!, learned.flatMap { $0 }.max()!)
  let tick = { (v: Double) in v == 0 ? "0" : String(format: "%g", v) }
  func map(_ title: String, _ values: [[Double]], _ colors: ClosedRange<Double>?, _ label: String)
    -> SVGWriter
  {
    FieldMap(
      title: title, grid: values, x: Axis("x", format: tick, ticks: [-1, -0.5, 0, 0.5, 1]),
      y: Axis("y", format: tick, ticks: [-1, -0.5, 0, 0.5, 1]), xRange: -1...1, yRange: -1...1,
      colorRange: colors, colorLabel: label
    ).drawing()
  }
  let lossPath = try writeSVG(lossChart.svg, options, "surface-loss.svg")
  let mapPath = try writeSVG(
    panels(
      title: "(x² + y²)/2 on [-1, 1]²: the true surface, the network's, and the error",
      [
        map("true f(x, y)", truth, range, "f"), map("network", learned, range, "f"),
        map("|network − f|", error, nil, "error"),
      ], columns: 3,
      note:
        "40×40 held-out grid (cell centres). The first two share one colour scale; the error map has its own."
    ),
    options, "surface-heatmaps.svg")
  print("  figures: \(lossPath), \(mapPath)")
  print(
    "surface: test MSE \(formatError(testMSE)) (target < 1e-3), largest error \(formatError(error.flatMap { $0 }.max()!)),"
      + " train MSE \(formatError(trainCurve.last!)), \(epochs) epochs, \(fixed(seconds(since: start), 2)) s"
  )
  if !(testMSE < 1e-3) { throw ExampleFailure("test MSE \(testMSE) is not below 1e-3") }
}
