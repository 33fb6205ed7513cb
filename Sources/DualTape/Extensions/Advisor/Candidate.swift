// The advisor's decision, free of generics: candidates with a predicted cost and a closure
// that runs the whole driver; the cheapest predictions are measured within a time budget and
// the cheapest cost wins.

/// A strategy to consider: its passes, its predicted cost and how to run it once.
@usableFromInline struct Candidate {
  @usableFromInline var strategy: Strategy
  @usableFromInline var passes: Int
  @usableFromInline var predicted: Double
  @usableFromInline var run: () -> Void

  @inlinable init(_ strategy: Strategy, passes: Int, predicted: Double, run: @escaping () -> Void) {
    self.strategy = strategy
    self.passes = passes
    self.predicted = predicted
    self.run = run
  }
}

/// What the generic measuring code found before the decision.
@usableFromInline struct Measured {
  @usableFromInline var kind: DerivativeKind
  @usableFromInline var n: Int
  @usableFromInline var m: Int
  @usableFromInline var primal: Double = 0
  @usableFromInline var fixed: Double = 0
  /// The forward driver's own cost per call at each chunk width measured.
  @usableFromInline var overhead: [Int: Double] = [:]
  /// The reverse driver's own cost per call.
  @usableFromInline var reverseFixed: Double = 0
  @usableFromInline var passes: [(chunk: Int, seconds: Double)] = []
  @usableFromInline var recording: Double?
  @usableFromInline var sweep: Double?
  @usableFromInline var fullSweep: Double?
  @usableFromInline var tapeNodes: Int?
  @usableFromInline var tapeBytes: Int?
  @usableFromInline var jacobianPlan: SparseJacobianPlan?
  @usableFromInline var hessianPlan: SparseHessianPlan?
  @usableFromInline var started: Double

  @inlinable init(kind: DerivativeKind, n: Int, m: Int) {
    self.kind = kind
    self.n = n
    self.m = m
    self.started = Stopwatch.now()
  }

  /// The measured seconds of one forward pass with at least `k` lanes (the narrowest measured
  /// width that holds k tangents).
  @inlinable func passSeconds(lanes k: Int) -> Double {
    passes.first { $0.chunk >= k }?.seconds ?? passes.last?.seconds ?? 0
  }
}

extension ModeAdvisor {
  /// Ranks the candidates: measures whole calls of those predicted within `measureFactor` of the
  /// best prediction (cheapest first, while the budget lasts), then picks the cheapest cost.
  @usableFromInline static func decide(
    _ measured: Measured, _ candidates: [Candidate], options: Options
  ) -> ModeAdvice {
    var estimates = candidates.map {
      ModeAdvice.Estimate(strategy: $0.strategy, passes: $0.passes, predicted: $0.predicted)
    }
    let order = candidates.indices.sorted { candidates[$0].predicted < candidates[$1].predicted }
    if options.measure, let best = order.first {
      // The yardstick: the best prediction until something is measured, then the best
      // measured cost, so a prediction the measurement refutes does not stop the others
      // from being measured.
      var bestCost = candidates[best].predicted
      var measuredAny = false
      let watch = Stopwatch(batchSeconds: 5e-4, batches: 3)
      let deadline = Stopwatch.now() + options.budgetSeconds
      for i in order {
        let c = candidates[i]
        guard c.predicted <= bestCost * options.measureFactor,
          Stopwatch.now() + 6 * c.predicted < deadline
        else { continue }
        let t = watch.seconds { c.run() }
        estimates[i].measured = t
        bestCost = measuredAny ? Swift.min(bestCost, t) : t
        measuredAny = true
      }
    }
    estimates.sort { $0.cost < $1.cost }
    let chosen = estimates[0]
    let reason = explain(chosen, estimates, measured)
    return ModeAdvice(
      kind: measured.kind, inputCount: measured.n, outputCount: measured.m,
      primalSeconds: measured.primal, fixedSeconds: measured.fixed,
      reverseFixedSeconds: measured.reverseFixed,
      forwardPassSeconds: measured.passes, recordingSeconds: measured.recording,
      sweepSeconds: measured.sweep, tapeNodes: measured.tapeNodes, tapeBytes: measured.tapeBytes,
      nonzeroCount: measured.jacobianPlan?.pattern.nonzeroCount
        ?? measured.hessianPlan?.pattern.nonzeroCount,
      colorCounts: measured.jacobianPlan.map {
        ($0.columnColoring.colorCount, $0.rowColoring.colorCount)
      } ?? measured.hessianPlan.map { ($0.coloring.colorCount, $0.coloring.colorCount) },
      processors: processorCount, estimates: estimates, recommended: chosen.strategy,
      reason: reason, jacobianPlan: measured.jacobianPlan, hessianPlan: measured.hessianPlan,
      adviceSeconds: Stopwatch.now() - measured.started)
  }

  /// One or two sentences on why `chosen` wins.
  static func explain(
    _ chosen: ModeAdvice.Estimate, _ estimates: [ModeAdvice.Estimate], _ m: Measured
  ) -> String {
    let basis = chosen.measured == nil ? "predicted" : "measured"
    var s = "It is the cheapest (\(basis) \(ratio(chosen.cost, m.primal)) the primal"
    if estimates.count > 1 {
      let next = estimates[1]
      s += String(
        "; next: \(next.strategy), \(ratio(next.cost / Swift.max(chosen.cost, 1e-12), 1)) as long")
    }
    s += "). "
    switch chosen.strategy {
    case .forward(let k):
      s += "Forward mode needs ⌈n/k⌉ = \(chosen.passes) passes of k = \(k) tangents for n = \(m.n)"
      s += m.kind == .jacobian ? ", reverse needs m = \(m.m) sweeps." : "."
    case .parallelForward(_, let t):
      s += "The \(chosen.passes) forward passes are spread over \(t) threads."
    case .reverse:
      s += "Reverse mode records once and sweeps once per output (m = \(m.m)), whatever n"
      s += " (= \(m.n)) is."
    case .sparseForward, .sparseReverse, .sparseForwardOverReverse:
      s +=
        "The \(m.kind == .hessian ? "Hessian" : "Jacobian") is sparse: \(chosen.passes) colours replace "
      s += chosen.strategy == .sparseReverse ? "m = \(m.m) rows." : "n = \(m.n) columns."
      s += " The pattern was detected at this point; each call checks it and widens it where"
      s += " f takes other branches."
    case .forwardOverReverse:
      s += "n = \(m.n) Hessian–vector products, each one recording and one sweep."
    case .forwardOverForward:
      s += "For small n the n(n+1)/2 nested-dual passes need no tape."
    }
    return s
  }
}

/// The dense m × n matrix of a sparse one: the same values as `SparseMatrix.dense()`, inlinable
/// so that it is specialised for the scalar (the generic version costs several times more).
@inlinable func denseMatrix<S: RealScalar>(_ sparse: SparseMatrix<S>) -> Matrix<S> {
  let pattern = sparse.pattern
  let columns = pattern.columns
  var elements = [S](repeating: 0, count: pattern.rows * columns)
  elements.withUnsafeMutableBufferPointer { e in
    sparse.values.withUnsafeBufferPointer { v in
      for i in 0..<pattern.rows {
        for k in pattern.rowStarts[i]..<pattern.rowStarts[i + 1] {
          e[i * columns + pattern.columnIndices[k]] = v[k]
        }
      }
    }
  }
  return Matrix(rows: pattern.rows, columns: columns, elements: elements)
}
