// Sparsity detection: one evaluation of the function with the tracer scalars.

extension SparsityPattern {
  /// The sparsity pattern of the Jacobian of f: ℝⁿ → ℝᵐ at x, by one evaluation of f with
  /// index-set tracers (operator overloading).
  ///
  /// Entry (i, j) is in the pattern when output i depends on input j through the operations
  /// f performs at x. The pattern is structural: an entry whose value happens to be zero at x
  /// (a product with a zero factor, cos at π/2) stays in it.
  ///
  /// ```swift
  /// let p = SparsityPattern.jacobian(at: x, of: BroydenTridiagonal())   // tridiagonal
  /// ```
  ///
  /// - Important: comparisons compare values at x, so a function with branches is traced along
  ///   the branches x takes. The pattern holds wherever f takes the same branches; detect again
  ///   (or build a new ``SparseJacobianPlan``) when the point moves to other branches, or
  ///   write the branches so that both arms use the same inputs.
  /// - Parameters:
  ///   - x: the point, n ≥ 1 values.
  ///   - f: the function, written generically.
  /// - Returns: an m × n pattern.
  /// - Complexity: one evaluation of f in which each operation merges two index sets:
  ///   O(operations × inputs per intermediate) while sets are small, O(operations × n/64)
  ///   once they are bitsets (past 64 entries).
  public static func jacobian<S: RealScalar>(at x: [S], of f: some VectorToVector)
    -> SparsityPattern
  {
    requireInputs(x, "SparsityPattern.jacobian")
    let inputs = x.indices.map { JacobianTracer(Double(x[$0]), inputs: InputIndexSet(single: $0)) }
    let y = f(inputs)
    var starts = [0]
    starts.reserveCapacity(y.count + 1)
    var columns: [Int] = []
    for output in y {
      for j in output.inputs.indices { columns.append(Int(j)) }
      starts.append(columns.count)
    }
    return SparsityPattern(rows: y.count, columns: x.count, trustedStarts: starts, columns)
  }

  /// The sparsity pattern of the Hessian of f: ℝⁿ → ℝ at x, by one evaluation of f with
  /// tracers that carry gradient index sets and record nonlinear interactions.
  ///
  /// Sums, differences, negation, multiplication by a constant and `abs` create no
  /// interaction; a product `a·b` makes every input of `a` interact with every input of `b`;
  /// a quotient `a/b` and a nonlinear function (exp, sin, pow, ...) make all of their
  /// operands' inputs interact. Only interactions that reach the output count. The result
  /// is symmetric; a diagonal entry is present where an input interacts with itself.
  ///
  /// ```swift
  /// let p = SparsityPattern.hessian(at: x, of: Rosenbrock())   // tridiagonal
  /// ```
  ///
  /// - Important: branches follow the values at x, as in ``jacobian(at:of:)``.
  /// - Returns: an n × n symmetric pattern.
  /// - Complexity: one evaluation of f, then one walk over the recorded interactions that
  ///   lead to the output.
  public static func hessian<S: RealScalar>(at x: [S], of f: some VectorToScalar)
    -> SparsityPattern
  {
    requireInputs(x, "SparsityPattern.hessian")
    let recording = InteractionRecording()
    let inputs = x.indices.map {
      HessianTracer(
        Double(x[$0]), inputs: InputIndexSet(single: $0), node: -1, recording: recording)
    }
    let y = f(inputs)
    if let r = y.recording {
      require(
        r === recording,
        "SparsityPattern.hessian: the function returned a value from another detection."
          + " Compute the result only from the inputs the detection passed in.")
    }
    let rows = recording.pattern(from: y.recording == nil ? -1 : y.node, inputCount: x.count)
    return SparsityPattern(rows: x.count, columns: x.count, rowSets: rows)
  }
}
