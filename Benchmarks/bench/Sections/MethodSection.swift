import DualTapePlot

// How the sweep measures: the check before timing, the calibrated interleaved rounds, what is
// left out, and the C primal. Its numbers (tolerances, sample time, rounds, limits) are the
// plan's.

extension Report {
  /// The method, with the plan's tolerances, timing policy and limits.
  func methodSection() -> BenchSection? {
    let t = plan.timing
    let md = """
      - Every case is first computed once by each engine (the warm-up, with tape allocation) and
        checked: the forward and reverse results against each other (normwise error ≤ \
      \(CheckTolerance.engines)) and against central finite differences \
      (≤ \(CheckTolerance.finiteDifference); \
      all coordinate directions up to n = \(plan.allProbesUpTo), beyond that 8 spread coordinate \
      directions \
      plus one random direction; VJPs by the dot-product test ⟨uᵀJ, p⟩ = ⟨u, J·p⟩). A mismatch \
      stops the run with exit status 1.
      - Then each runner's repetitions are calibrated so that a sample lasts at least \
      \(formatSeconds(t.minimumSampleTime)); \(t.minimumRounds) to \(t.maximumRounds) rounds of \
      samples \
      follow, each round taking one sample of every engine of the case in a rotating order, so \
      drift affects all engines alike. Results pass through a black hole. Tables show medians; \
      `--json` also gives the minimum. Times are CPU time of the benchmark's thread \
      (`CLOCK_THREAD_CPUTIME_ID`), so other processes sharing the cores do not inflate them; \
      the total run time is wall-clock.
      - Left out (shown as –): finite differences where their 2n evaluations would take more \
      than \(significant(plan.finiteDifferenceBudget)) s; forward (chunked) gradients beyond \
      n = \(plan.forwardGradientMaxN); Swift's AD gradients beyond n = \(plan.swiftGradientMaxN) \
      and its map VJPs where n²·m > \(plan.swiftVJPMaxWork) (its array subscripts cost O(n) each \
      in reverse).
      - The C primal (Benchmarks/BenchC, the same functions in C compiled with -O3) is timed in \
      the same rounds as the engines; its result must equal the Swift primal's (normwise error \
      ≤ \(CheckTolerance.engines)). The sections after the sweep use the same harness, except \
      thread scaling (wall-clock time of T threads) and tape memory (one child process per size).
      - The point, directions and data are fixed (seeded), so runs are comparable. Swift's AD \
      runs the same functions rewritten over `[Double]` with `@differentiable(reverse)` \
      (Benchmarks/bench/Sweep/SwiftAD.swift).
      - Reproduce with `swift run -c release bench`; `--help` lists the options.
      """
    return BenchSection(
      title: "Method", markdown: md,
      json: [
        "engine_tolerance": .number(CheckTolerance.engines),
        "finite_difference_tolerance": .number(CheckTolerance.finiteDifference),
        "all_probes_up_to_n": .integer(plan.allProbesUpTo),
        "minimum_sample_seconds": .number(t.minimumSampleTime),
        "minimum_rounds": .integer(t.minimumRounds), "maximum_rounds": .integer(t.maximumRounds),
        "finite_difference_budget_seconds": .number(plan.finiteDifferenceBudget),
        "forward_gradient_max_n": .integer(plan.forwardGradientMaxN),
        "swift_gradient_max_n": .integer(plan.swiftGradientMaxN),
        "swift_vjp_max_work": .integer(plan.swiftVJPMaxWork),
      ])
  }
}
