import DualTape
import DualTapeMatrixOperators

/// Standardisation of feature columns: x ↦ (x − μ) / σ with μ and σ of the training data.
///
/// Fit on the training set only and apply the same transform to the test set, so no test
/// information leaks into training. A constant column (σ = 0) is only centred.
public struct Standardizer<S: RealScalar>: Sendable {
  /// Column means μ, 1 × d.
  public let mean: Matrix<S>
  /// Column standard deviations σ (population), 1 × d; 1 where a column is constant.
  public let scale: Matrix<S>

  /// Fits μ and σ to the columns of `data` (N × d, N ≥ 1).
  public init(fitting data: Matrix<S>) {
    require(data.rows > 0, "Standardizer: no rows to fit (\(data.rows)x\(data.columns)).")
    mean = data.mean(alongAxis: 0)
    let centred = data - mean
    let variance = (centred * centred).mean(alongAxis: 0)
    scale = variance.map { $0 > 0 ? $0.squareRoot() : 1 }
  }

  /// (x − μ) / σ for every row of `data` (N × d).
  public func callAsFunction(_ data: Matrix<S>) -> Matrix<S> {
    require(
      data.columns == mean.columns,
      "Standardizer: data has \(data.columns) columns but the standardizer was fitted to"
        + " \(mean.columns).")
    return (data - mean) / scale
  }
}

/// Classification metrics.
public enum Metrics {
  /// The index of the largest element of each row (the predicted class of each sample).
  public static func argmaxRows<S: RealScalar>(_ scores: Matrix<S>) -> [Int] {
    (0..<scores.rows).map { i in
      let row = scores.row(i)
      return row.indices.max { row[$0] < row[$1] } ?? 0
    }
  }

  /// The share of predictions equal to the labels.
  public static func accuracy(_ predicted: [Int], _ labels: [Int]) -> Double {
    require(
      predicted.count == labels.count && !labels.isEmpty,
      "Metrics.accuracy: \(predicted.count) predictions for \(labels.count) labels.")
    return Double(zip(predicted, labels).filter { $0 == $1 }.count) / Double(labels.count)
  }

  /// The confusion matrix: entry (i, j) counts samples of class i predicted as class j.
  public static func confusionMatrix(
    _ predicted: [Int], _ labels: [Int], classes: Int
  ) -> Matrix<Int> {
    var m = Matrix(rows: classes, columns: classes, repeating: 0)
    for (p, l) in zip(predicted, labels) { m[l, p] += 1 }
    return m
  }
}
