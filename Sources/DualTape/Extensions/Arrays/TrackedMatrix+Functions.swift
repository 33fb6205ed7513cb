// Reductions and losses of tracked matrices, and the elementwise node that DualTapeMatrixOperators'
// functions (`exp(m)`, `sqrt(m)`, ...) record: one tape node each.

extension TrackedMatrix {
  /// `rule` applied to every element, as one tape node: any parameterless unary function of
  /// the rule table, `x.map(Rules.Erfinv())`, `x.map(Rules.SinPi())`. The adjoint is
  /// z̄ ⊙ f′(x) from the rule's own derivative.
  ///
  /// A user's rule, or one with a parameter (``Rules/IntegerPower``, ``Rules/Polygamma``),
  /// has no array node: use `pow(_:n:)` for integer powers, or a plain ``Matrix`` of
  /// ``Tracked`` elements (`Matrix.map { rule($0) }`) for a user's rule.
  @inlinable public func map<R: UnaryRule>(_ rule: R) -> Self {
    let p = rule.primitive
    require(
      p.unaryRule.map { type(of: $0.rule) == R.self } == true,
      "TrackedMatrix.map: \(rule.name) is not a parameterless function of the rule table, so"
        + " the array tape has no node for it. Apply it to a Matrix of Tracked elements"
        + " (Matrix.map { rule($0) }) instead, or use pow(_:n:) for an integer power.")
    return unary(p)
  }

  /// `op` applied to every element, as one tape node (for DualTapeMatrixOperators' elementwise
  /// functions).
  @inlinable package func unary(_ op: Primitive, parameter: S = 0) -> Self {
    Self.apply(self) { t, a, _ in t.unary(op, a, parameter: parameter) }
  }

  /// The sum of all elements, as a 1×1 matrix.
  @inlinable public func sum() -> Self { Self.apply(self) { t, a, _ in t.sum(a, axis: nil) } }

  /// The sum along an axis: 0 sums each column (1 × columns), 1 each row (rows × 1). The
  /// adjoint repeats the result's adjoint along the summed axis.
  @inlinable public func sum(alongAxis axis: Int) -> Self {
    Self.apply(self) { t, a, _ in t.sum(a, axis: axis) }
  }

  /// The mean of all elements, as a 1×1 matrix.
  @inlinable public func mean() -> Self {
    require(rows * columns > 0, "TrackedMatrix.mean: the matrix is empty (\(rows)x\(columns)).")
    return Self.scale(sum(), by: 1 / S(rows * columns))
  }

  /// The mean along an axis (0: 1 × columns; 1: rows × 1).
  @inlinable public func mean(alongAxis axis: Int) -> Self {
    let n = axis == 0 ? rows : columns
    require(n > 0, "TrackedMatrix.mean(alongAxis:): nothing to average in \(rows)x\(columns).")
    return Self.scale(sum(alongAxis: axis), by: 1 / S(n))
  }

  /// The largest element of each column (axis 0) or row (axis 1); the adjoint flows to that
  /// element (the first, at a tie).
  @inlinable public func max(alongAxis axis: Int) -> Self {
    alongRows(axis, .maxRows, "max(alongAxis:)")
  }

  /// The largest element, as a 1×1 matrix.
  @inlinable public func max() -> Self {
    reshaped(rows: 1, columns: rows * columns).max(alongAxis: 1)
  }

  /// log Σ eˣ along an axis (0: 1 × columns; 1: rows × 1), computed stably
  /// (m + log Σ e^(x − m), m the maximum). Adjoint: the softmax.
  @inlinable public func logSumExp(alongAxis axis: Int) -> Self {
    alongRows(axis, .logSumExpRows, "logSumExp(alongAxis:)")
  }

  /// log Σ eˣ of all elements, as a 1×1 matrix.
  @inlinable public func logSumExp() -> Self {
    reshaped(rows: 1, columns: rows * columns).logSumExp(alongAxis: 1)
  }

  /// The softmax along an axis (default 1: each row sums to 1), stable; one node whose
  /// adjoint is x̄ = z ⊙ (z̄ − ⟨z̄, z⟩).
  @inlinable public func softmax(alongAxis axis: Int = 1) -> Self {
    if axis == 0 { return transposed.softmax(alongAxis: 1).transposed }
    return alongRows(axis, .softmaxRows, "softmax(alongAxis:)")
  }

  /// A row-wise operation, or for axis 0 the same on the transpose, transposed back.
  @inlinable func alongRows(_ axis: Int, _ op: Primitive, _ name: String) -> Self {
    switch axis {
    case 1: return Self.apply(self) { t, a, _ in t.rowwise(op, a) }
    case 0: return transposed.alongRows(1, op, name).transposed
    default:
      dualTapeFailure(
        "TrackedMatrix.\(name): axis \(axis) does not exist; use 0 (down the rows) or 1"
          + " (across the columns).")
    }
  }
}

extension Loss {
  /// Mean squared error (1/N) Σ (p − t)² as one tape node (1×1).
  @inlinable public static func meanSquaredError<S>(
    _ predicted: TrackedMatrix<S>, _ target: TrackedMatrix<S>
  ) -> TrackedMatrix<S> {
    TrackedMatrix.apply(predicted, target) { $0.meanSquaredError($1, $2) }
  }

  /// Mean squared error against a constant target.
  @inlinable public static func meanSquaredError<S>(
    _ predicted: TrackedMatrix<S>, _ target: Matrix<S>
  ) -> TrackedMatrix<S> {
    meanSquaredError(predicted, TrackedMatrix(constant: target))
  }

  /// Softmax cross-entropy from logits (N × C) and N labels, averaged over the rows, as one
  /// stable tape node (1×1): its adjoint is (softmax − onehot)/N.
  @inlinable public static func softmaxCrossEntropy<S>(
    logits: TrackedMatrix<S>, labels: [Int]
  ) -> TrackedMatrix<S> {
    TrackedMatrix.apply(logits) { t, z, _ in t.softmaxCrossEntropy(z, labels: labels) }
  }

  /// Binary cross-entropy from logits, mean(softplus(z) − t z), as one stable node (1×1).
  @inlinable public static func binaryCrossEntropy<S>(
    logits: TrackedMatrix<S>, targets: TrackedMatrix<S>
  ) -> TrackedMatrix<S> {
    TrackedMatrix.apply(logits, targets) { $0.binaryCrossEntropy(logits: $1, targets: $2) }
  }

  /// Binary cross-entropy from logits against constant targets.
  @inlinable public static func binaryCrossEntropy<S>(
    logits: TrackedMatrix<S>, targets: Matrix<S>
  ) -> TrackedMatrix<S> {
    binaryCrossEntropy(logits: logits, targets: TrackedMatrix(constant: targets))
  }

  /// Binary cross-entropy from probabilities, −mean(t log p + (1 − t) log(1 − p)), composed
  /// of elementwise nodes. Prefer the logits form, which is stable without clamping.
  @inlinable public static func binaryCrossEntropy<S>(
    probabilities p: TrackedMatrix<S>, targets t: Matrix<S>
  ) -> TrackedMatrix<S> {
    requireSameShape(p.shape, t.shape, "Loss.binaryCrossEntropy")
    let one = Matrix(rows: 1, columns: 1, elements: [S(1)])
    // t log p + (1 − t) log(1 − p), through TrackedMatrix's rules (the operators and the
    // elementwise functions are in DualTapeMatrixOperators).
    typealias M = TrackedMatrix<S>
    let oneMinusT = M(constant: .broadcasting(one, t, operation: "Matrix -") { $0 - $1 })
    let oneMinusP = M.shift(M.negate(p), by: 1)
    let terms = M.add(
      M.multiply(M(constant: t), p.unary(.log)), M.multiply(oneMinusT, oneMinusP.unary(.log)))
    return M.negate(terms.mean())
  }
}
