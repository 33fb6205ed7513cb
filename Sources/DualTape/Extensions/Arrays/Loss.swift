/// Loss functions on matrices of any DualTape scalar (and, in `TrackedMatrix+Loss.swift`, on
/// operation-level tracked matrices): each returns one number to minimise.
public enum Loss {}

extension Loss {
  /// Mean squared error, (1/N) Σ (pᵢ − tᵢ)² over all N elements.
  /// - Parameters:
  ///   - predicted: the model's output.
  ///   - target: the wanted output, the same shape (the message names both otherwise).
  @inlinable public static func meanSquaredError<T: Differentiable>(
    _ predicted: Matrix<T>, _ target: Matrix<T>
  ) -> T {
    requireSameShape(predicted.shape, target.shape, "Loss.meanSquaredError")
    var s: T = 0
    for (p, t) in zip(predicted.elements, target.elements) {
      let d = p - t
      s += d * d
    }
    return s / T(predicted.elements.count)
  }

  /// Softmax cross-entropy from logits, averaged over the rows (one sample per row):
  /// (1/N) Σᵢ [logSumExp(zᵢ) − zᵢ,yᵢ]. Computed from the logits, never from probabilities,
  /// so it is finite even when a softmax would round to 0.
  /// - Parameters:
  ///   - logits: N × C scores.
  ///   - labels: N class indices in 0..<C.
  @inlinable public static func softmaxCrossEntropy<T: Differentiable>(
    logits: Matrix<T>, labels: [Int]
  ) -> T {
    requireLabels(labels, rows: logits.rows, classes: logits.columns, "Loss.softmaxCrossEntropy")
    var s: T = 0
    for i in 0..<logits.rows {
      let row = logits.row(i)
      s += Matrix<T>.logSumExp(row) - row[labels[i]]
    }
    return s / T(logits.rows)
  }

  /// Binary cross-entropy from probabilities p ∈ (0, 1) and targets t ∈ [0, 1]:
  /// −(1/N) Σ [t log p + (1 − t) log(1 − p)]. Probabilities are clamped to
  /// [1e-12, 1 − 1e-12] so a saturated model gives a large finite loss, not infinity.
  /// Prefer ``binaryCrossEntropy(logits:targets:)->T``, which needs no clamp.
  @inlinable public static func binaryCrossEntropy<T: Differentiable>(
    probabilities p: Matrix<T>, targets t: Matrix<T>
  ) -> T {
    requireSameShape(p.shape, t.shape, "Loss.binaryCrossEntropy")
    let lo = T(1e-12)
    let hi = T(1 - 1e-12)
    var s: T = 0
    for (pi, ti) in zip(p.elements, t.elements) {
      let q = pi < lo ? lo : (pi > hi ? hi : pi)
      s += ti * T.log(q) + (1 - ti) * T.log(1 - q)
    }
    return -s / T(p.elements.count)
  }

  /// Binary cross-entropy from logits z (p = sigmoid z), stably:
  /// (1/N) Σ [softplus(z) − t z].
  @inlinable public static func binaryCrossEntropy<T: Differentiable>(
    logits z: Matrix<T>, targets t: Matrix<T>
  ) -> T {
    requireSameShape(z.shape, t.shape, "Loss.binaryCrossEntropy")
    var s: T = 0
    for (zi, ti) in zip(z.elements, t.elements) { s += T.softplus(zi) - ti * zi }
    return s / T(z.elements.count)
  }

  @inlinable static func requireSameShape(
    _ a: (rows: Int, columns: Int), _ b: (rows: Int, columns: Int), _ name: String
  ) {
    require(
      a.rows == b.rows && a.columns == b.columns,
      "\(name): shapes \(a.rows)x\(a.columns) and \(b.rows)x\(b.columns) differ; the prediction"
        + " and the target must have the same shape.")
  }

  @inlinable static func requireLabels(_ labels: [Int], rows: Int, classes: Int, _ name: String) {
    require(
      labels.count == rows,
      "\(name): \(labels.count) labels for logits of shape \(rows)x\(classes); pass one label"
        + " per row.")
    for (i, l) in labels.enumerated() {
      require(
        l >= 0 && l < classes,
        "\(name): label \(l) of row \(i) is not a class of logits \(rows)x\(classes)"
          + " (0..<\(classes)).")
    }
  }
}
