import DualTape
import DualTapeLearning
import DualTapeMatrixOperators
import Foundation
import Testing

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

@Test func gradientDescentMomentumAndAdamStepsHaveKnownValues() {
  let g = [Matrix(row: [2.0, -4.0])]
  var p = [Matrix(row: [1.0, 1.0])]
  var gd = GradientDescent<Double>(learningRate: 0.1)
  gd.update(&p, along: g)
  #expect(p[0] == Matrix(row: [0.8, 1.4]))

  // Momentum: v₁ = g, v₂ = μg + g.
  var q = [Matrix(row: [0.0, 0.0])]
  var momentum = Momentum<Double>(learningRate: 0.5, momentum: 0.5)
  momentum.update(&q, along: g)
  momentum.update(&q, along: g)
  #expect(q[0] == Matrix(row: [-(1.0 + 1.5), 2 + 3]))

  // Adam's first step has length η in every coordinate (m̂ = g, v̂ = g²), whatever |g|.
  var r = [Matrix(row: [0.0, 0.0])]
  var adam = Adam<Double>(learningRate: 0.01)
  adam.update(&r, along: [Matrix(row: [1e-3, -250])])
  #expect(Swift.abs(r[0][0, 0] + 0.01) < 1e-7)
  #expect(Swift.abs(r[0][0, 1] - 0.01) < 1e-12)
  #expect(adam.stepCount == 1)
}

@Test func optimisersMinimiseALeastSquaresProblem() {
  // min ‖A w − y‖² / N has the solution w = (1, −2) exactly.
  let a = Matrix([[1.0, 0], [0, 1], [1, 1], [2, -1]])
  let y = a.matmul(Matrix(column: [1.0, -2]))
  func run<O: Optimizer>(_ optimizer: O, steps: Int) -> Matrix<Double> where O.Scalar == Double {
    var o = optimizer
    var p = [Matrix(column: [0.0, 0.0])]
    for _ in 0..<steps { o.step(&p) { w in Loss.meanSquaredError(a.matmul(w[0]), y) } }
    return p[0]
  }
  for w in [
    run(GradientDescent(learningRate: 0.2), steps: 300),
    run(Momentum(learningRate: 0.05, momentum: 0.9), steps: 300),
    run(Adam(learningRate: 0.05), steps: 1000),
  ] {
    #expect(Swift.abs(w[0, 0] - 1) < 1e-4 && Swift.abs(w[1, 0] + 2) < 1e-4, "\(w)")
  }
}

@Test func minibatchesAreSeededAndCoverEverySample() {
  var a = Minibatches(count: 10, batchSize: 4, seed: 42)
  var b = Minibatches(count: 10, batchSize: 4, seed: 42)
  var c = Minibatches(count: 10, batchSize: 4, seed: 43)
  let e1 = a.nextEpoch()
  #expect(e1 == b.nextEpoch())
  #expect(e1 != c.nextEpoch())
  #expect(e1.map(\.count) == [4, 4, 2])
  #expect(e1.flatMap { $0 }.sorted() == Array(0..<10))
  #expect(a.nextEpoch() != e1)  // reshuffled every epoch
  var g = SplitMix64(seed: 1)
  for _ in 0..<1000 { #expect((0..<7).contains(g.nextInt(below: 7))) }
}

@Test func trainingIsReproducible() {
  func train() -> [Matrix<Double>] {
    let net = MLP<Double>(layerSizes: [2, 5, 1], activation: .tanh)
    var parameters = net.initialParameters(seed: 9)
    var data = SplitMix64(seed: 3)
    let x = Matrix<Double>.uniform(rows: 20, columns: 2, in: -1...1, using: &data)
    let y = x.map { $0 * $0 }.sum(alongAxis: 1)
    var adam = Adam<Double>(learningRate: 0.01)
    var batches = Minibatches(count: 20, batchSize: 8, seed: 5)
    for _ in 0..<5 {
      for batch in batches.nextEpoch() {
        let (xb, yb) = (x.rows(at: batch), y.rows(at: batch))
        adam.step(&parameters) { p in Loss.meanSquaredError(net.apply(p, to: xb), yb) }
      }
    }
    return parameters
  }
  #expect(train() == train())
}

@Test func mlpRunsTheSameOnEveryPath() {
  // Op-level tape vs scalar tape vs the plain forward pass, for a 2-layer tanh network.
  let net = MLP<Double>(layerSizes: [3, 4, 2], activation: .tanh)
  let parameters = net.initialParameters(seed: 11)
  let x = Matrix([[0.1, -0.2, 0.3], [0.5, 0.4, -0.9]])
  let y = Matrix([[1.0, 0], [0, 1]])
  let op = Reverse.valueWithGradient(at: parameters) { p in
    Loss.meanSquaredError(net.apply(p, to: x), y)
  }
  #expect(Swift.abs(op.value - Loss.meanSquaredError(net.apply(parameters, to: x), y)) < 1e-15)
  let shapes = parameters.map { ($0.rows, $0.columns) }
  let scalar = Reverse.gradient(at: parameters.flatMap(\.elements)) { (q: [Tracked<Double>]) in
    let p = unflatten(q, shapes)
    return Loss.meanSquaredError(
      net.apply(p, to: x.converted(to: Tracked<Double>.self)),
      y.converted(to: Tracked<Double>.self))
  }
  let report = GradientCheck.compare(op.gradient.flatMap(\.elements), scalar, tolerance: .engines)
  #expect(report.passed, "\(report)")
}

@Test func csvParsesLabelsAndReportsTheBadLine() throws {
  let good = "a,b,label\n1,2,cat\n3, 4 ,dog\r\n5,6,cat\n\n"
  let data = try CSV.parseLabeled(good, source: "pets.csv", as: Double.self)
  #expect(data.features == Matrix([[1.0, 2], [3, 4], [5, 6]]))
  #expect(data.labels == [0, 1, 0])
  #expect(data.classNames == ["cat", "dog"])
  #expect(data.featureNames == ["a", "b"])
  // Integer labels become classes in numeric order.
  let digits = try CSV.parseLabeled("p,label\n1,10\n2,2\n3,0\n", source: "d.csv", as: Float.self)
  #expect(digits.classNames == ["0", "2", "10"])
  #expect(digits.labels == [2, 1, 0])

  #expect(
    throws: CSVError(
      source: "pets.csv", line: 3, message: "expected 3 fields (as in the header), found 2.")
  ) {
    _ = try CSV.parseLabeled("a,b,label\n1,2,cat\n3,dog\n", source: "pets.csv", as: Double.self)
  }
  do {
    _ = try CSV.parseLabeled(
      "a,b,label\n1,2,cat\n3,4,dog\n5,x,cat\n", source: "pets.csv", as: Double.self)
    Issue.record("a malformed number was accepted")
  } catch let error as CSVError {
    #expect(error.line == 4)
    #expect(error.description == "pets.csv:4: field 2 (b) is \"x\", not a number.")
  }
  #expect(throws: CSVError.self) { _ = try CSV.parseLabeled("", source: "e.csv", as: Double.self) }
  do {
    _ = try CSV.loadLabeled(path: "/nonexistent/iris.csv", as: Double.self)
    Issue.record("a missing file was accepted")
  } catch let error as CSVError {
    #expect(error.line == nil)
    #expect(error.description.hasPrefix("/nonexistent/iris.csv: cannot read the file"))
  }
}

@Test func csvByteOrderMarkIsNotPartOfTheFirstName() throws {
  // Spreadsheet exports begin with a UTF-8 byte-order mark (EF BB BF).
  let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("height,weight,label\n1,2,a\n3,4,b\n".utf8)
  let data = try CSV.parseLabeled(
    String(decoding: bytes, as: UTF8.self), source: "bom.csv", as: Double.self)
  #expect(data.featureNames == ["height", "weight"])
  #expect(data.features.elements == [1, 2, 3, 4])
  let path = FileManager.default.temporaryDirectory
    .appendingPathComponent("dualtape-bom-\(ProcessInfo.processInfo.processIdentifier).csv")
  try Data(bytes).write(to: path)
  defer { try? FileManager.default.removeItem(at: path) }
  #expect(
    try CSV.loadLabeled(path: path.path, as: Float.self).featureNames == ["height", "weight"])
}

@Test func csvValuesBeyondTheScalarsRangeAreRejectedAlike() throws {
  // 1e39 is finite as a Double but beyond Float's range; 1e309 is beyond Double's.
  for (text, type, expected) in [
    ("a,label\n1e39,x\n", "Float", "field 1 (a) is \"1e39\", not a finite Float"),
    ("a,label\n1e309,x\n", "Double", "field 1 (a) is \"1e309\", not a finite Double"),
    ("a,label\n-1e39,x\n", "Float", "field 1 (a) is \"-1e39\", not a finite Float"),
  ] {
    do {
      if type == "Float" {
        _ = try CSV.parseLabeled(text, source: "r.csv", as: Float.self)
      } else {
        _ = try CSV.parseLabeled(text, source: "r.csv", as: Double.self)
      }
      Issue.record("\(text) was loaded as \(type)")
    } catch let error as CSVError {
      #expect(error.line == 2)
      #expect(error.description.hasPrefix("r.csv:2: " + expected), "\(error)")
    }
  }
  // In range for Float: loaded, rounded to the nearest Float.
  let ok = try CSV.parseLabeled("a,label\n3e38,x\n", source: "r.csv", as: Float.self)
  #expect(ok.features.elements == [Float(3e38)])
}

@Test func projectCopiesOfTheDataSetsLoad() throws {
  let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
  let iris = try CSV.loadLabeled(
    path: root.appendingPathComponent("Sources/Examples/Data/iris.csv").path, as: Double.self)
  #expect(iris.features.shape == (150, 4))
  #expect(iris.classNames == ["setosa", "versicolor", "virginica"])
  #expect((0..<3).map { c in iris.labels.filter { $0 == c }.count } == [50, 50, 50])
  let digits = try CSV.loadLabeled(
    path: root.appendingPathComponent("Sources/Examples/Data/digits.csv").path, as: Double.self)
  #expect(digits.features.shape == (1797, 64))
  #expect(digits.classNames == (0...9).map(String.init))
}

@Test func standardizerAndSplit() {
  let x = Matrix([[1.0, 5, 7], [3, 5, 9], [5, 5, 11]])
  let s = Standardizer(fitting: x)
  let z = s(x)
  #expect(z.mean(alongAxis: 0) == Matrix(row: [0.0, 0, 0]))
  let sd = (z * z).mean(alongAxis: 0)
  #expect(Swift.abs(sd[0, 0] - 1) < 1e-15 && sd[0, 1] == 0 && Swift.abs(sd[0, 2] - 1) < 1e-15)

  let data = LabeledData(
    features: Matrix(rows: 10, columns: 1, elements: (0..<10).map(Double.init)),
    labels: Array(repeating: 0, count: 10), classNames: ["a"], featureNames: ["x"])
  let (train, test) = data.split(testFraction: 0.3, seed: 2)
  let again = data.split(testFraction: 0.3, seed: 2)
  #expect(train.count == 7 && test.count == 3)
  #expect(train.features == again.train.features && test.features == again.test.features)
  #expect((train.features.elements + test.features.elements).sorted() == (0..<10).map(Double.init))
}
