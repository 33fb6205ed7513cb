import DualTape
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

/// `%.3f`-style formatting.
func fixed(_ x: Double, _ digits: Int = 3) -> String { String(format: "%.\(digits)f", x) }

/// A confusion matrix as an indented table with class names.
func describe(confusion m: Matrix<Int>, classNames: [String]) -> String {
  let width = Swift.max(6, (classNames.map(\.count).max() ?? 0) + 1)
  var s =
    "  " + "".padding(toLength: width, withPad: " ", startingAt: 0) + " predicted: "
    + classNames.map { $0.padding(toLength: width, withPad: " ", startingAt: 0) }.joined() + "\n"
  for i in 0..<m.rows {
    s +=
      "  " + classNames[i].padding(toLength: width, withPad: " ", startingAt: 0) + "             "
    s +=
      m.row(i).map { String($0).padding(toLength: width, withPad: " ", startingAt: 0) }.joined()
      + "\n"
  }
  return s
}
