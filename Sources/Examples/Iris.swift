import DualTape
import DualTapeLearning
import DualTapeMatrixOperators
import DualTapePlot

/// Softmax regression on iris (4 features, 3 classes), trained two ways and plotted per epoch.
///
/// 1. A baseline: minibatch SGD on all 150 samples (standardised features, cross-entropy +
///    L2 1e-6, batch 32, step 0.05/√(1 + epoch)), 100 epochs. It is known to reach about 86%
///    training accuracy.
/// 2. Full-batch Adam (step 0.05) on a seeded 80/20 split, standardised with the training
///    statistics only: one step per epoch, 1000 epochs, judged on the held-out 20%.
func runIris(_ options: Options) throws {
  let start = ContinuousClock.now
  let data = try loadDataSet("iris")
  let classes = data.classNames.count
  print(
    "iris: \(data.count) samples, \(data.features.columns) features, classes \(data.classNames)")

  /// Cross-entropy of a softmax regression (W 4×3, b 1×3) plus λ‖W‖².
  func loss(_ p: [TrackedMatrix<Double>], _ x: Matrix<Double>, _ labels: [Int], l2: Double)
    -> TrackedMatrix<Double>
  {
    let ce = Loss.softmaxCrossEntropy(logits: x.matmul(p[0]) + p[1], labels: labels)
    return ce + (p[0] * p[0]).sum() * l2
  }
  func value(_ p: [Matrix<Double>], _ x: Matrix<Double>, _ labels: [Int], l2: Double) -> Double {
    Reverse.valueWithGradient(at: p) { q in loss(q, x, labels, l2: l2) }.value
  }
  func predict(_ p: [Matrix<Double>], _ x: Matrix<Double>) -> [Int] {
    Metrics.argmaxRows(x.matmul(p[0]) + p[1])
  }
  func initial() -> [Matrix<Double>] {
    [
      Matrix.zeros(rows: data.features.columns, columns: classes),
      Matrix.zeros(rows: 1, columns: classes),
    ]
  }

  // 1. The baseline.
  let all = Standardizer(fitting: data.features)(data.features)
  var sgdParameters = initial()
  var sgd = GradientDescent<Double>(learningRate: 0.05)
  var batches = Minibatches(count: data.count, batchSize: 32, seed: 2)
  var sgdLoss = [Double]()
  var sgdAccuracy = [Double]()
  print(
    "1. baseline: minibatch SGD on all 150 samples, batch 32, step 0.05/sqrt(1 + epoch), CE + L2 1e-6, 100 epochs"
  )
  for epoch in 0..<100 {
    sgd.learningRate = 0.05 / Double(1 + epoch).squareRoot()
    for batch in batches.nextEpoch() {
      let (xb, yb) = (all.rows(at: batch), batch.map { data.labels[$0] })
      sgd.step(&sgdParameters) { p in loss(p, xb, yb, l2: 1e-6) }
    }
    sgdLoss.append(value(sgdParameters, all, data.labels, l2: 1e-6))
    sgdAccuracy.append(Metrics.accuracy(predict(sgdParameters, all), data.labels))
    if epoch % 20 == 19 {
      print(
        "   epoch \(epoch + 1): loss \(fixed(sgdLoss.last!, 4)), training accuracy \(fixed(sgdAccuracy.last!))"
      )
    }
  }
  let sgdPredicted = predict(sgdParameters, all)
  let sgdFinal = sgdAccuracy.last!
  print("   training accuracy \(fixed(sgdFinal)) (expected about 0.86); confusion matrix:")
  print(
    describe(
      confusion: Metrics.confusionMatrix(sgdPredicted, data.labels, classes: classes),
      classNames: data.classNames), terminator: "")

  // 2. Full-batch Adam on a seeded 80/20 split.
  let (train, test) = data.split(testFraction: 0.2, seed: 2)
  let standardize = Standardizer(fitting: train.features)
  let (xTrain, xTest) = (standardize(train.features), standardize(test.features))
  var parameters = initial()
  var adam = Adam<Double>(learningRate: 0.05)
  var adamLoss = [Double]()
  var adamTest = [Double]()
  print(
    "2. full-batch Adam, step 0.05, CE + L2 1e-4, one step per epoch, 1000 epochs; train \(train.count), test \(test.count) (seed 2)"
  )
  for epoch in 1...1000 {
    adamLoss.append(adam.step(&parameters) { p in loss(p, xTrain, train.labels, l2: 1e-4) })
    adamTest.append(Metrics.accuracy(predict(parameters, xTest), test.labels))
    if epoch % 200 == 0 {
      let accuracy = Metrics.accuracy(predict(parameters, xTrain), train.labels)
      print(
        "   epoch \(epoch): loss \(fixed(adamLoss.last!, 4)), training accuracy \(fixed(accuracy)), test accuracy \(fixed(adamTest.last!))"
      )
    }
  }
  let trainAccuracy = Metrics.accuracy(predict(parameters, xTrain), train.labels)
  let testPredicted = predict(parameters, xTest)
  let testAccuracy = Metrics.accuracy(testPredicted, test.labels)
  let testConfusion = Metrics.confusionMatrix(testPredicted, test.labels, classes: classes)
  print("   test confusion matrix:")
  print(describe(confusion: testConfusion, classNames: data.classNames), terminator: "")

  let epochsAxis = Axis("epoch (log scale)", scale: .log, domain: 1...1000)
  let lossChart = LineChart(
    title: "Cross-entropy per epoch",
    x: epochsAxis, y: Axis("loss on the training data (log scale)", scale: .log),
    series: [
      Series(
        "1. minibatch SGD, all 150 samples", color: palette[1], dots: false, points: curve(sgdLoss)),
      Series(
        "2. full-batch Adam, 120 training samples", color: palette[0], dots: false,
        points: curve(adamLoss)),
    ], width: 560, height: 380)
  let accuracyChart = LineChart(
    title: "Accuracy per epoch",
    x: epochsAxis,
    y: Axis("accuracy", format: { "\(Int(($0 * 100).rounded()))%" }, domain: 0.3...1.02),
    series: [
      Series(
        "1. SGD: training accuracy (150 samples)", color: palette[1], dots: false,
        points: curve(sgdAccuracy)),
      Series(
        "2. Adam: held-out accuracy (30 samples)", color: palette[0], dots: false,
        points: curve(adamTest)),
    ], width: 560, height: 380)
  let path = try writeSVG(
    panels(
      title: "Iris, softmax regression: loss and accuracy per epoch",
      [lossChart.drawing(), accuracyChart.drawing()], columns: 2,
      note:
        "One epoch = one pass over the training data: 5 minibatch steps for SGD, one full-batch step for Adam."
    ),
    options, "iris-loss.svg")
  let confusionPath = try writeSVG(
    confusionPicture(
      "Iris: held-out confusion matrix, full-batch Adam (\(test.count) samples)", testConfusion,
      classNames: data.classNames
    ).svg, options, "iris-confusion.svg")
  print("   figures: \(path), \(confusionPath)")
  print(
    "iris: full-batch Adam: training accuracy \(fixed(trainAccuracy)), test accuracy \(fixed(testAccuracy));"
      + " baseline SGD training accuracy \(fixed(sgdFinal)); \(fixed(seconds(since: start), 2)) s"
  )
  if sgdFinal < 0.86 || trainAccuracy < 0.95 || testAccuracy < 0.95 {
    throw ExampleFailure("an accuracy is below its target (baseline 0.86, Adam 0.95)")
  }
}

/// Values per epoch as points (epoch 1, 2, …).
func curve(_ values: [Double]) -> [(x: Double, y: Double)] {
  values.enumerated().map { (Double($0.offset + 1), $0.element) }
}
