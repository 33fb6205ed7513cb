import DualTape
import DualTapeLearning
import DualTapePlot
import Foundation

/// Loads a data set shipped with the examples (Sources/Examples/Data).
func loadDataSet(_ name: String) throws -> LabeledData<Double> {
  guard let path = Bundle.module.path(forResource: name, ofType: "csv", inDirectory: "Data") else {
    throw CSVError(
      source: "\(name).csv", line: nil, message: "not found in the examples' resources.")
  }
  return try CSV.loadLabeled(path: path, as: Double.self)
}

/// Seconds since `start`.
func seconds(since start: ContinuousClock.Instant) -> Double {
  let d = ContinuousClock.now - start
  return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}

/// Writes an SVG document into the output folder (created if missing); returns its path.
@discardableResult
func writeSVG(_ svg: String, _ options: Options, _ name: String) throws -> String {
  try FileManager.default.createDirectory(atPath: options.output, withIntermediateDirectories: true)
  let path = (options.output as NSString).appendingPathComponent(name)
  try svg.write(toFile: path, atomically: true, encoding: .utf8)
  return path
}

/// A confusion matrix as aligned text: true classes down, predicted classes across.
func describe(confusion m: Matrix<Int>, classNames: [String]) -> String {
  let width = Swift.max(5, (classNames.map(\.count).max() ?? 0)) + 2
  func right(_ s: String) -> String {
    String(repeating: " ", count: Swift.max(0, width - s.count)) + s
  }
  func left(_ s: String) -> String {
    s + String(repeating: " ", count: Swift.max(0, width - s.count))
  }
  var s = "    " + left("") + " predicted →\n"
  s += "    " + left("true ↓") + classNames.map(right).joined() + "\n"
  for i in 0..<m.rows {
    s += "    " + left(classNames[i]) + m.row(i).map { right(String($0)) }.joined() + "\n"
  }
  return s
}

/// A confusion matrix as a picture (see ``confusionMatrixChart``).
func confusionPicture(_ title: String, _ m: Matrix<Int>, classNames: [String]) -> HeatMap {
  confusionMatrixChart(
    title: title, counts: (0..<m.rows).map { m.row($0) }, classNames: classNames)
}
