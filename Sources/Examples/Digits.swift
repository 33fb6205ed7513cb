import DualTape

/// An MLP (64-128-10, ReLU) on the 8×8 digits (1,797 samples): standardised pixels, softmax
/// cross-entropy, Adam on minibatches of 32, a seeded 80/20 split; held-out accuracy per epoch.
func runDigits(_ options: Options) throws {
  let start = ContinuousClock.now
  let data = try loadDataSet("digits")
  let (train, test) = data.split(testFraction: 0.2, seed: 3)
  let standardize = Standardizer(fitting: train.features)
  let (xTrain, xTest) = (standardize(train.features), standardize(test.features))
  let net = MLP<Double>(layerSizes: [64, 128, 10], activation: .relu)
  var parameters = net.initialParameters(seed: 3)
  var adam = Adam<Double>(learningRate: 0.002)
  var batches = Minibatches(count: train.count, batchSize: 32, seed: 3)
  let epochs = 20
  print(
    "digits: \(data.count) samples (train \(train.count), test \(test.count)), MLP 64-128-10 ReLU, Adam lr 0.002, batch 32, seed 3"
  )
  var curve = [Double]()
  var testAccuracy = 0.0
  var trainAccuracy = 0.0
  for epoch in 1...epochs {
    var sum = 0.0
    let epochBatches = batches.nextEpoch()
    for batch in epochBatches {
      let (xb, yb) = (xTrain.rows(at: batch), batch.map { train.labels[$0] })
      sum += adam.step(&parameters) { p in
        Loss.softmaxCrossEntropy(logits: net.apply(p, to: xb), labels: yb)
      }
    }
    curve.append(sum / Double(epochBatches.count))
    trainAccuracy = Metrics.accuracy(
      Metrics.argmaxRows(net.apply(parameters, to: xTrain)), train.labels)
    testAccuracy = Metrics.accuracy(
      Metrics.argmaxRows(net.apply(parameters, to: xTest)), test.labels)
    print(
      "  epoch \(String(format: "%2d", epoch)): loss \(fixed(curve.last!, 4)), train accuracy \(fixed(trainAccuracy)),"
        + " test accuracy \(fixed(testAccuracy)), \(fixed(seconds(since: start), 2)) s")
  }
  let predicted = Metrics.argmaxRows(net.apply(parameters, to: xTest))
  print("  test confusion matrix (rows: true digit):")
  print(
    describe(
      confusion: Metrics.confusionMatrix(predicted, test.labels, classes: 10),
      classNames: data.classNames), terminator: "")
  let path = try SVG.write(
    SVG.lineChart(
      title: "digits: 64-128-10 MLP, training cross-entropy", xLabel: "epoch", yLabel: "loss",
      series: [("mean minibatch loss", curve)]),
    to: options.output, name: "digits-loss.svg")
  print("  loss curve: \(path)")
  let time = seconds(since: start)
  print(
    "digits: train accuracy \(fixed(trainAccuracy)), test accuracy \(fixed(testAccuracy)),"
      + " \(epochs) epochs in \(fixed(time, 2)) s")
  if testAccuracy < 0.95 || time > 60 {
    throw ExampleFailure("held-out accuracy \(testAccuracy) < 0.95 or time \(time) s > 60 s")
  }
}
