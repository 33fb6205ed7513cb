/// Measures a function at a point and recommends how to compute its Jacobian, gradient or
/// Hessian: forward chunk mode and which chunk width, reverse mode, sparse (compressed by
/// colouring) or dense, one core or several.
///
/// ```swift
/// let advice = ModeAdvisor.jacobian(at: x, of: BandedMap())
/// print(advice)
/// // ModeAdvisor: jacobian of f: ℝ^64 → ℝ^64
/// //   ...
/// //   → sparse forward   1   ...
/// advice.recommended    // .sparseForward
/// ```
///
/// What it measures (each timed in batches, the fastest of three): one `Double` evaluation of
/// f; one forward pass per chunk width 1, 2, 4, 8, 16 (the widths up to n); the drivers' fixed
/// costs per call (seeding, arrays, taking a tape, zeroing adjoints); one recording, one reverse
/// sweep of one output row and of all outputs, and the tape's size; the sparsity pattern and
/// its colourings. From these it predicts each strategy's cost (the model below), then runs
/// the whole driver of the strategies predicted within a factor of the best cost so far, while
/// a time budget lasts, and recommends the cheapest cost, measured where measured.
///
/// The model, with t(k) one pass of k lanes, R the recording, W one sweep, W₁ a sweep of all
/// outputs, p and q the column and row colours, T the processors, and the drivers' own costs
/// F(k) (forward, per call at width k) and F_r (reverse), measured by running the drivers on a
/// function of the same n and m that does no arithmetic:
/// - forward k: F(k) + ⌈n/k⌉·t(k)
/// - reverse: F_r + R + m·W
/// - parallel forward: F(k) + t(k) + ⌈(⌈n/k⌉ − 1)/T⌉·t(k)
/// - sparse forward: F(k)·⌈(p+1)/k⌉/⌈n/k⌉ + ⌈(p+1)/k⌉·t(k); sparse reverse: F_r + R + (q+1)·W₁
///   (the extra lane and sweep check the pattern at each point)
///
/// - Important: the sparse strategies use the pattern detected at the point given; it holds
///   for the branches f takes there. ``Auto`` checks it at every point and re-detects where
///   f's sparsity differs; a plan taken from ``ModeAdvice/jacobianPlan`` and passed to the
///   sparse drivers is checked too, and stops with a message where it does not fit.
/// - Complexity: a few dozen evaluations of f per strategy; well under a second for
///   functions that take microseconds. The budget caps the whole-call measurements.
public enum ModeAdvisor {
  /// What the advisor may try and how long it may measure.
  public struct Options: Sendable {
    /// Consider the sparse strategies (detect the pattern and colour it).
    public var allowSparse: Bool
    /// Consider the forward passes spread over several threads (when there are several
    /// processors).
    public var allowParallel: Bool
    /// The forward chunk widths to try, each 1...16 (default ``ModeAdvisor/chunkWidths``);
    /// widths far above n are skipped.
    public var chunkSizes: [Int]
    /// Run the whole drivers of the promising strategies and compare measured costs (`false`:
    /// decide by the prediction alone).
    public var measure: Bool
    /// The seconds the whole-call measurements may take together.
    public var budgetSeconds: Double
    /// Strategies predicted within this factor of the best cost so far are measured, cheapest
    /// prediction first (the best cost: the best prediction until a whole call is measured,
    /// then the best measured time).
    public var measureFactor: Double

    /// Options; the defaults consider everything and measure for at most 0.2 s.
    public init(
      allowSparse: Bool = true, allowParallel: Bool = true,
      chunkSizes: [Int] = ModeAdvisor.chunkWidths, measure: Bool = true,
      budgetSeconds: Double = 0.2, measureFactor: Double = 3
    ) {
      self.allowSparse = allowSparse
      self.allowParallel = allowParallel
      self.chunkSizes = chunkSizes
      self.measure = measure
      self.budgetSeconds = budgetSeconds
      self.measureFactor = measureFactor
    }
  }

  /// The chunk widths the advisor times: the SIMD widths of ``DualVector``.
  public static let chunkWidths = [1, 2, 4, 8, 16]

  /// Advice for the Jacobian of f: ℝⁿ → ℝᵐ at x, as a dense matrix (what
  /// ``Auto/jacobian(at:options:of:)`` returns: the sparse strategies' costs include filling
  /// the dense m × n result; ``Auto/sparseJacobian(at:options:of:)`` skips that).
  ///
  /// - Parameters:
  ///   - x: the point, n ≥ 1 values.
  ///   - options: what to consider; see ``Options``.
  ///   - f: the function, written generically. It is evaluated concurrently when a parallel
  ///     strategy is measured, so it must not mutate shared state.
  /// - Returns: the measured and predicted cost of each strategy and the recommendation.
  @inlinable public static func jacobian<S: RealScalar, F: VectorToVector & SendableMetatype>(
    at x: [S], options: Options = Options(), of f: F
  ) -> ModeAdvice {
    requireInputs(x, "ModeAdvisor.jacobian")
    let m = f(x).count
    var measured = Measured(kind: .jacobian, n: x.count, m: m)
    measureForward(x, m, f, options.chunkSizes, &measured)
    measureReverse(x, f, &measured)
    var candidates = forwardCandidates(measured, options) { k, threads in
      threads == 1
        ? { blackHole(Forward.jacobian(at: x, chunkSize: k, of: f)) }
        : { blackHole(Forward.parallelJacobian(at: x, chunkSize: k, threads: threads, of: f)) }
    }
    candidates.append(
      Candidate(
        .reverse, passes: m,
        predicted: measured.reverseFixed + measured.recording! + Double(m) * measured.sweep!,
        run: { blackHole(Reverse.jacobian(at: x, of: f)) }))
    if options.allowSparse {
      let plan = SparseJacobianPlan(at: x, of: f)
      measured.jacobianPlan = plan
      let p = plan.columnColoring.colorCount
      let q = plan.rowColoring.colorCount
      // One more lane (forward), sweep (reverse) or product (Hessian) checks the plan at
      // each point (Sparse/PatternCheck.swift).
      let k = Forward.defaultChunkSize(forInputCount: p + 1)
      let sparsePasses = Double((p + 1 + k - 1) / k)
      if p < x.count {
        candidates.append(
          Candidate(
            .sparseForward, passes: p,
            predicted: measured.fixed * sparsePasses / Double((x.count + k - 1) / k)
              + sparsePasses * measured.passSeconds(lanes: k),
            run: { blackHole(denseMatrix(Forward.sparseJacobian(at: x, plan: plan, of: f))) }))
      }
      if q < m {
        candidates.append(
          Candidate(
            .sparseReverse, passes: q,
            predicted: measured.reverseFixed + measured.recording! + Double(q + 1)
              * measured.fullSweep!,
            run: { blackHole(denseMatrix(Reverse.sparseJacobian(at: x, plan: plan, of: f))) }))
      }
    }
    return decide(measured, candidates, options: options)
  }

  /// Advice for the gradient of f: ℝⁿ → ℝ at x: forward chunk widths (one or several
  /// threads) against reverse mode.
  ///
  /// - Parameters:
  ///   - x: the point, n ≥ 1 values.
  ///   - options: what to consider (sparsity does not apply to a gradient).
  ///   - f: the function, written generically.
  @inlinable public static func gradient<S: RealScalar, F: VectorToScalar & SendableMetatype>(
    at x: [S], options: Options = Options(), of f: F
  ) -> ModeAdvice {
    requireInputs(x, "ModeAdvisor.gradient")
    let g = ScalarAsVector(f: f)
    var measured = Measured(kind: .gradient, n: x.count, m: 1)
    measureForward(x, 1, g, options.chunkSizes, &measured)
    measureReverse(x, g, &measured)
    var candidates = forwardCandidates(measured, options) { k, threads in
      threads == 1
        ? { blackHole(Forward.gradient(at: x, chunkSize: k, of: f)) }
        : { blackHole(Forward.parallelJacobian(at: x, chunkSize: k, threads: threads, of: g)) }
    }
    candidates.append(
      Candidate(
        .reverse, passes: 1,
        predicted: measured.reverseFixed + measured.recording! + measured.fullSweep!,
        run: { blackHole(Reverse.gradient(at: x, of: f)) }))
    return decide(measured, candidates, options: options)
  }

  /// Advice for the Hessian of f: ℝⁿ → ℝ at x: forward-over-reverse (n Hessian–vector
  /// products), forward-over-forward (n(n+1)/2 nested-dual passes) and, if the Hessian is
  /// sparse, star-coloured forward-over-reverse.
  ///
  /// - Parameters:
  ///   - x: the point, n ≥ 1 values.
  ///   - options: what to consider.
  ///   - f: the function, written generically.
  @inlinable public static func hessian<S: RealScalar, F: VectorToScalar>(
    at x: [S], options: Options = Options(), of f: F
  ) -> ModeAdvice {
    requireInputs(x, "ModeAdvisor.hessian")
    let n = x.count
    var measured = Measured(kind: .hessian, n: n, m: 1)
    let watch = Stopwatch()
    measured.primal = watch.seconds { f(x) }
    measured.fixed = watch.seconds { [S](repeating: 0, count: n * n) }
    var direction = [S](repeating: 0, count: n)
    direction[0] = 1
    let hvp = watch.seconds { Reverse.hessianVectorProduct(at: x, direction: direction, of: f) }
    measured.sweep = hvp
    var xs = x.map { Dual(Dual<S>(constant: $0), tangent: Dual<S>(constant: 0)) }
    xs[0].tangent.value = 1
    xs[0].value.tangent = 1
    let nested = watch.seconds { f(xs) }
    measured.passes = [(1, nested)]
    let pairs = n * (n + 1) / 2
    var candidates = [
      Candidate(
        .forwardOverReverse, passes: n, predicted: measured.fixed + Double(n) * hvp,
        run: { blackHole(Reverse.hessian(at: x, of: f)) }),
      Candidate(
        .forwardOverForward, passes: pairs, predicted: measured.fixed + Double(pairs) * nested,
        run: { blackHole(Forward.hessian(at: x, of: f)) }),
    ]
    if options.allowSparse {
      let plan = SparseHessianPlan(at: x, of: f)
      measured.hessianPlan = plan
      let c = plan.coloring.colorCount
      if c < n {
        candidates.append(
          Candidate(
            .sparseForwardOverReverse, passes: c, predicted: Double(c + 1) * hvp,
            run: { blackHole(Reverse.sparseHessian(at: x, plan: plan, of: f)) }))
      }
    }
    return decide(measured, candidates, options: options)
  }
}
