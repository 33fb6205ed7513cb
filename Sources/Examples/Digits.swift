import DualTape
import DualTapeLearning
import DualTapePlot

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
    "digits: \(data.count) samples (train \(train.count), test \(test.count)), MLP 64-128-10 ReLU, Adam step 0.002, batch 32, seed 3"
  )
  var lossCurve = [Double]()
  var trainCurve = [Double]()
  var testCurve = [Double]()
  for epoch in 1...epochs {
    var sum = 0.0
    let epochBatches = batches.nextEpoch()
    for batch in epochBatches {
      let (xb, yb) = (xTrain.rows(at: batch), batch.map { train.labels[$0] })
      sum += adam.step(&parameters) { p in
        Loss.softmaxCrossEntropy(logits: net.apply(p, to: xb), labels: yb)
      }
    }
    lossCurve.append(sum / Double(epochBatches.count))
    trainCurve.append(
      Metrics.accuracy(Metrics.argmaxRows(net.apply(parameters, to: xTrain)), train.labels))
    testCurve.append(
      Metrics.accuracy(Metrics.argmaxRows(net.apply(parameters, to: xTest)), test.labels))
    print(
      "  epoch \(String(format: "%2d", epoch)): loss \(fixed(lossCurve.last!, 4)), train accuracy \(fixed(trainCurve.last!)),"
        + " test accuracy \(fixed(testCurve.last!)), \(fixed(seconds(since: start), 2)) s")
  }
  let predicted = Metrics.argmaxRows(net.apply(parameters, to: xTest))
  let confusion = Metrics.confusionMatrix(predicted, test.labels, classes: 10)
  print("  test confusion matrix:")
  print(describe(confusion: confusion, classNames: data.classNames), terminator: "")
  let lossChart = LineChart(
    title: "Training loss per epoch",
    x: Axis("epoch", ticks: [1, 5, 10, 15, 20], domain: 1...Double(epochs)),
    y: Axis("mean minibatch cross-entropy (log scale)", scale: .log),
    series: [Series("training loss", color: palette[0], points: curve(lossCurve))],
    width: 480, height: 360)
  let accuracyChart = LineChart(
    title: "Accuracy per epoch",
    x: Axis("epoch", ticks: [1, 5, 10, 15, 20], domain: 1...Double(epochs)),
    y: Axis("accuracy", format: { "\(fixed($0 * 100, 1))%" }),
    series: [
      Series("training (\(train.count) samples)", color: palette[0], points: curve(trainCurve)),
      Series("held-out test (\(test.count) samples)", color: palette[1], points: curve(testCurve)),
    ], width: 560, height: 360)
  let path = try writeSVG(
    panels(
      title: "Digits: 64-128-10 ReLU network, Adam, minibatches of 32",
      [lossChart.drawing(), accuracyChart.drawing()], columns: 2),
    options, "digits-loss.svg")
  let confusionPath = try writeSVG(
    confusionPicture(
      "Digits: held-out confusion matrix (\(test.count) samples)", confusion,
      classNames: data.classNames
    ).svg, options, "digits-confusion.svg")
  print("  figures: \(path), \(confusionPath)")
  let time = seconds(since: start)
  let testAccuracy = testCurve.last!
  print(
    "digits: train accuracy \(fixed(trainCurve.last!)), test accuracy \(fixed(testAccuracy)),"
      + " \(epochs) epochs in \(fixed(time, 2)) s")
  if testAccuracy < 0.95 || time > 60 {
    throw ExampleFailure("held-out accuracy \(testAccuracy) < 0.95 or time \(time) s > 60 s")
  }
}
