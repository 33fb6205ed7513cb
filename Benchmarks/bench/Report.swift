import DualTape
import DualTapePlot
import DualTapeSuite
import Foundation

// RESULTS.md, the terminal summary, and where they are written. Every number in the report is
// generated from this run's measurements.

/// Everything the report shows, derived once from the sweep.
struct Report {
  var sweep: SweepResult
  var options: Options
  var plan: Plan
  var machine: MachineInfo
  var sections: [BenchSection]
  var elapsedSeconds: Double
  var index: MeasurementIndex
  var figures: [Figure]
  var models: [CostModel]
  var plots: [Plot]
  var date = utcTimestamp()

  /// The functions whose gradients were measured, with their sizes.
  var scalarFunctions: [(FunctionName, [Int])] {
    [
      (.rosenbrock, plan.rosenbrockSizes), (.logSumExp, plan.logSumExpSizes),
      (.softmaxCrossEntropy, [SoftmaxCrossEntropy.parameterCount]),
      (.mlpLoss, [MLPLoss.parameterCount]),
    ].filter { options.includes($0.0) }
  }

  /// The map families measured on the grid.
  var mapFunctions: [FunctionName] { [.sinMap, .bandedSinMap].filter { options.includes($0) } }

  /// Derives the figures, cost models and plots.
  init(
    sweep: SweepResult, options: Options, plan: Plan, machine: MachineInfo,
    sections: [BenchSection], elapsedSeconds: Double
  ) {
    self.sweep = sweep
    self.options = options
    self.plan = plan
    self.machine = machine
    self.sections = sections
    self.elapsedSeconds = elapsedSeconds
    let index = MeasurementIndex(sweep.measurements)
    self.index = index
    figures =
      evaluateFigures(index, sweep, plan, mode: options.mode, elapsed: elapsedSeconds)
      + sections.flatMap(\.figures)
    let models = [FunctionName.sinMap, .bandedSinMap].compactMap {
      fitCostModel($0, index, sizes: plan.gridSizes)
    }
    self.models = models
    var plots: [Plot] = []
    for f in [FunctionName.sinMap, .bandedSinMap] where options.includes(f) {
      plots.append(heatMapPlot(f, index, models.first { $0.function == f }, sizes: plan.gridSizes))
    }
    if options.includes(.sinMap) || options.includes(.bandedSinMap) {
      let m = plan.gridSizes.contains(64) ? 64 : plan.gridSizes[plan.gridSizes.count / 2]
      plots.append(jacobianPlot(index, sizes: plan.gridSizes, m: m))
    }
    for (f, sizes) in [
      (FunctionName.rosenbrock, plan.rosenbrockSizes), (.logSumExp, plan.logSumExpSizes),
    ]
    where options.includes(f) {
      plots.append(gradientPlot(f, index, sizes: sizes))
    }
    let losses = [
      (FunctionName.softmaxCrossEntropy, SoftmaxCrossEntropy.parameterCount),
      (.mlpLoss, MLPLoss.parameterCount),
    ].filter { options.includes($0.0) }
    if !losses.isEmpty {
      plots.append(
        fixedSizeGradientPlot(losses, index, extra: sections.compactMap(\.lossBars)))
    }
    if let decision = decisionPlot(models) { plots.append(decision) }
    self.plots = plots
  }

  /// The command that produced this report.
  var command: String {
    (["swift run -c release bench"] + CommandLine.arguments.dropFirst()).joined(separator: " ")
  }

  // MARK: Terminal

  /// The figures and crossovers, for the end of the terminal output.
  func terminalSummary() -> String {
    // The figures are measurements; their targets are the project's and live in RESULTS.md.
    var lines = ["Key figures (× one Double evaluation of f unless stated):"]
    for f in figures where f.status != .notMeasured {
      lines.append("  \(f.name): \(f.measured)")
    }
    for model in models {
      lines.append(
        "Calibrated cost model \(model.function.rawValue) (ModeAdvisor): one forward pass (k = \(model.chunk))"
          + " \(significant(model.forwardPassCost))×, one reverse sweep \(significant(model.reverseSweepCost))×"
          + " one Double evaluation of f; advisor picked the faster engine in"
          + " \(Int((100 * model.accuracy).rounded()))% of \(model.cells.count) cells, worst slowdown"
          + " \(significant(model.worstSlowdown))×")
      for row in model.rows {
        lines.append(
          "  m = \(pad(String(row.m), 5)): predicted n* = \(pad(significant(row.predicted), 6)), measured n* = \(measuredCrossover(row))"
        )
      }
    }
    lines.append("Total time \(formatSeconds(elapsedSeconds)).")
    return lines.joined(separator: "\n")
  }

  private func measuredCrossover(_ row: CostModel.Row) -> String {
    guard let n = row.measured else { return "> \(row.largestN) (forward wins throughout)" }
    return n == row.smallestN ? "≤ \(n) (reverse wins throughout)" : "\(n)"
  }

  // MARK: Files

  /// Where files go: `--output DIR`, or the repository root for a complete default or full
  /// run; nil when this run writes no files.
  func outputDirectory() -> URL? {
    if let path = options.outputDirectory { return URL(fileURLWithPath: path) }
    return options.writesToRepository ? repositoryRoot() : nil
  }

  /// Writes RESULTS.md and every plot under `directory`.
  /// - Returns: the paths written.
  func write(to directory: URL) throws -> [String] {
    let plotsFolder = directory.appendingPathComponent("Benchmarks/results")
    try FileManager.default.createDirectory(at: plotsFolder, withIntermediateDirectories: true)
    var written: [String] = []
    let files =
      plots.map { ($0.fileName, $0.svg) }
      + sections.flatMap { $0.svgs.map { ($0.fileName, $0.svg) } }
    for (name, svg) in files {
      let url = plotsFolder.appendingPathComponent(name)
      try svg.write(to: url, atomically: true, encoding: .utf8)
      written.append(url.path)
    }
    let results = directory.appendingPathComponent("RESULTS.md")
    try markdown().write(to: results, atomically: true, encoding: .utf8)
    written.append(results.path)
    return written
  }

  // MARK: Markdown

  /// RESULTS.md.
  func markdown() -> String {
    var md = """
      # DualTape benchmark results

      **This file and every plot in `Benchmarks/results/` were rewritten by `\(command)` on \
      \(date).** Do not edit by hand: rerun the command.

      How to read the numbers: every time is a median of interleaved, calibrated samples (see \
      *Method*). A cost such as `12×` is an engine's time ÷ the time of one plain `Double` \
      evaluation of the same generic function in Swift ("× one Double evaluation"), the median \
      of the per-round ratios; `÷ C` columns divide by the same function written in C and \
      compiled with -O3 instead. A comparison of two engines is always *forward time ÷ reverse \
      time* (or *other engine ÷ reverse*): above 1, reverse mode is faster.

      ## Machine

      | | |
      | --- | --- |
      | CPU | \(machine.cpu), \(machine.cores) cores, \(significant(machine.memoryGiB)) GiB |
      | System | \(machine.system) |
      | Toolchain | \(machine.toolchain) |
      | Build | \(isOptimisedBuild ? "release (optimised)" : "DEBUG: timings meaningless") |
      | Swift `_Differentiation` | \(SwiftAutodiff.isAvailable ? "available" : "not available") |
      | Mode | \(options.mode.rawValue), finished in \(formatSeconds(elapsedSeconds)) |

      ## Figures

      | Figure | Target | Measured | Status |
      | --- | --- | --- | --- |

      """
    for f in figures {
      md += "| \(f.name) | \(f.target) | \(f.measured) | **\(f.status.rawValue)** |\n"
    }
    md +=
      "\n## Interpretation\n\n" + interpretation().map { "- " + $0 }.joined(separator: "\n") + "\n"
    md += gradientSection()
    md += jacobianSection()
    md += crossoverSection()
    md += cPrimalSection()
    md += memorySection()
    md += methodSection()
    for section in sections {
      md += "\n## \(section.title)\n\n\(section.markdown)\n"
    }
    return md
  }

  private func image(_ plot: Plot) -> String {
    "![\(plot.caption)](Benchmarks/results/\(plot.fileName))\n"
  }

  private func gradientSection() -> String {
    var md = "\n## Gradients of f: ℝⁿ → ℝ\n\n"
    md += "Costs in × one `Double` evaluation of f. *fwd JVP*: one directional derivative;"
    md +=
      " *fwd grad*: chunked forward mode, ⌈n/k⌉ passes (k = \(Forward.defaultChunkSize(forInputCount: 1024)) from n = 4 on); *rev grad*: one recording and one sweep;"
    md += " *FD*: central differences, 2n evaluations; *Swift AD*: `valueWithGradient`."
    md += " *C primal*: the same f in C (-O3); *rev ÷ C*: the reverse gradient over the C primal."
    md += " *fwd ÷ rev* and *Swift AD ÷ rev*: time ratios, above 1 reverse is faster. Error: the"
    md += " worst normwise error of the AD results against finite differences.\n"
    for (function, sizes) in scalarFunctions {
      md += "\n### \(function.rawValue)\n\n"
      md +=
        "| n | f(x), Swift | C primal | fwd JVP | fwd grad | rev grad | rev ÷ C | FD grad | Swift AD grad | fwd ÷ rev | Swift AD ÷ rev | worst error vs FD |\n"
      md += "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n"
      for n in sizes {
        guard let p = index[function, n: n, m: 1, .primal, .value] else { continue }
        let cost = { (e: Engine, t: Task) in
          formatRatio(self.index[function, n: n, m: 1, e, t]?.ratioToPrimal)
        }
        let rev = index[function, n: n, m: 1, .reverse, .gradient]
        let over = { (e: Engine) -> String in
          guard let r = rev, let other = self.index[function, n: n, m: 1, e, .gradient] else {
            return "–"
          }
          return formatRatio(timeRatio(other, r))
        }
        let errors = sweep.measurements.filter { $0.function == function.rawValue && $0.n == n }
          .compactMap(\.errorVsFD)
        let cells = [
          "\(n)", formatSeconds(p.timing.median), cost(.cPrimal, .value), cost(.forward, .jvp),
          cost(.forward, .gradient), cost(.reverse, .gradient), formatRatio(rev?.ratioToC),
          cost(.finiteDifference, .gradient), cost(.swiftAutodiff, .gradient), over(.forward),
          over(.swiftAutodiff), formatError(errors.max()),
        ]
        md += "| " + cells.joined(separator: " | ") + " |\n"
      }
      if let plot = plots.first(where: { $0.fileName == "gradient-cost-\(function.rawValue).svg" })
      {
        md += "\n" + image(plot)
      }
      if function == .mlpLoss,
        let plot = plots.first(where: { $0.fileName == "gradient-cost-losses.svg" })
      {
        md += "\n" + image(plot)
      }
    }
    return md
  }

  /// Every engine against the C primal: the numbers to compare with other AD tools.
  private func cPrimalSection() -> String {
    let cases = sweep.measurements.filter { $0.engine == .cPrimal }
    guard !cases.isEmpty else { return "" }
    var md = "\n## Against the C primal\n\n"
    md += "Each engine's time ÷ the time of the same function written in plain C and compiled"
    md += " with -O3 (Benchmarks/BenchC), median of per-round ratios: the figures to compare with"
    md += " other AD tools measured against their own compiled primal. *Swift f(x)*: the Swift"
    md += " `Double` evaluation ÷ C.\n\n"
    md += "| function | n | m | C f(x) | Swift f(x) | fwd JVP | fwd grad / J | rev grad / J | rev VJP |\n"
    md += "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n"
    let maps = [FunctionName.sinMap.rawValue, FunctionName.bandedSinMap.rawValue]
    // Every size of the scalar functions; the square cells of the two maps.
    let shown = cases.filter { c in
      !maps.contains(c.function) || (c.n == c.m && [16, 64, 256, 1024].contains(c.n))
    }
    for c in shown {
      guard let f = FunctionName(rawValue: c.function) else { continue }
      let ratio = { (e: Engine, t: Task) in
        formatRatio(self.index[f, n: c.n, m: c.m, e, t]?.ratioToC)
      }
      let full: Task = maps.contains(c.function) ? .jacobian : .gradient
      md +=
        "| \(c.function) | \(c.n) | \(c.m) | \(formatSeconds(c.timing.median)) | \(ratio(.primal, .value))"
        + " | \(ratio(.forward, .jvp)) | \(ratio(.forward, full)) | \(ratio(.reverse, full))"
        + " | \(ratio(.reverse, .vjp)) |\n"
    }
    return md
  }

  private func jacobianSection() -> String {
    guard !mapFunctions.isEmpty else { return "" }
    var md = "\n## Jacobians of f: ℝⁿ → ℝᵐ over the (n, m) grid\n\n"
    md += "*sinMap*: y_j = Σᵢ sin((j+1)·xᵢ)·xᵢ, dense (n·m sines). *bandedSinMap*: the same terms"
    md += " restricted to 3 inputs per output, a banded Jacobian (3m sines). Forward Jacobian:"
    md += " ⌈n/k⌉ chunked passes (k = \(Forward.defaultChunkSize(forInputCount: 1024))); reverse Jacobian: one recording and m sweeps.\n"
    for function in mapFunctions {
      md += "\n### \(function.rawValue)\n\n"
      if let plot = plots.first(where: { $0.fileName == "heatmap-\(function.rawValue).svg" }) {
        md += image(plot) + "\n"
      }
      md +=
        "| n | m | f(x), Swift | fwd JVP | rev VJP | fwd J | rev J | FD J | Swift AD VJP | fwd J ÷ rev J | worst error vs FD |\n"
      md += "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |\n"
      for m in plan.gridSizes {
        for n in plan.gridSizes {
          guard let p = index[function, n: n, m: m, .primal, .value] else { continue }
          let cells = [
            (Engine.forward, Task.jvp), (.reverse, .vjp), (.forward, .jacobian),
            (.reverse, .jacobian), (.finiteDifference, .jacobian), (.swiftAutodiff, .vjp),
          ]
          .map { formatRatio(index[function, n: n, m: m, $0.0, $0.1]?.ratioToPrimal) }
          var winner = "–"
          if let f = index[function, n: n, m: m, .forward, .jacobian],
            let r = index[function, n: n, m: m, .reverse, .jacobian]
          {
            let ratio = timeRatio(f, r)
            winner = formatRatio(ratio) + (ratio > 1 ? " (reverse faster)" : " (forward faster)")
          }
          let errors = sweep.measurements.filter {
            $0.function == function.rawValue && $0.n == n && $0.m == m
          }.compactMap(\.errorVsFD)
          md +=
            "| \(n) | \(m) | \(formatSeconds(p.timing.median)) | \(cells.joined(separator: " | ")) | \(winner) | \(formatError(errors.max())) |\n"
        }
      }
      if function == .sinMap && !sweep.skippedDenseCells.isEmpty {
        let cells = sweep.skippedDenseCells.map { "(\($0.n), \($0.m))" }.joined(separator: ", ")
        md +=
          "\nNot run in this mode (the Jacobians cost n·m·min(n, m) sines; use `--full`): \(cells).\n"
      }
    }
    if let plot = plots.first(where: { $0.fileName.hasPrefix("jacobian-time") }) {
      md += "\n" + image(plot)
    }
    return md
  }

  private func crossoverSection() -> String {
    var md = "\n## Cost model and crossover\n\n"
    if let plot = plots.first(where: { $0.fileName == "decision-chart.svg" }) {
      md += image(plot) + "\n"
    }
    md += "Calibrated from measured passes: in every grid cell the library's `ModeAdvisor` times"
    md += " one forward pass of the drivers' chunk width k, the fixed cost of a forward call, one"
    md += " recording and one reverse sweep, and predicts the forward Jacobian as F + ⌈n/k⌉·t(k)"
    md += " and the reverse one as R + m·W. Predicted n*: where the predicted reverse/forward ratio"
    md += " crosses 1 (interpolated in log n between grid points). Measured n*: the smallest grid n"
    md += " from which the reverse Jacobian is faster at every larger measured n. Placement: 0 when"
    md += " the prediction lies in the measured interval (previous grid n, measured n*], otherwise"
    md += " the number of grid steps off. Advisor: `ModeAdvisor.jacobian` with its default"
    md += " measuring, restricted to the two strategies the grid measures, against the measured"
    md += " faster engine in every cell.\n"
    for model in models {
      md +=
        "\n### \(model.function.rawValue): one forward pass (k = \(model.chunk)) \(formatRatio(model.forwardPassCost)), one reverse sweep \(formatRatio(model.reverseSweepCost)) one Double evaluation (medians); fixed \(significant(model.forwardFixedMicroseconds)) µs per forward call, \(significant(model.recordingMicroseconds)) µs per recording\n\n"
      md += "| m | predicted n* | measured n* | placement (grid steps) |\n| ---: | ---: | ---: | ---: |\n"
      for row in model.rows {
        md += "| \(row.m) | \(significant(row.predicted)) | \(measuredCrossover(row)) | \(crossoverPlacement(row, grid: plan.gridSizes)) |\n"
      }
      let right = model.cells.filter { $0.advisedReverse == $0.measuredReverse }.count
      md += "\nAdvisor's pick against the measured faster engine: \(right) of \(model.cells.count) cells"
      md += " (\(Int((100 * model.accuracy).rounded()))%), worst slowdown \(significant(model.worstSlowdown))×.\n"
    }
    for (function, sizes) in scalarFunctions where sizes.count > 1 {
      if let c = gradientCrossover(function, index, sizes: sizes) {
        let text =
          c.n.map { "reverse wins from n = \($0) on" } ?? "forward wins up to n = \(c.largestN)"
        md += "\nGradient (m = 1) of \(function.rawValue): \(text).\n"
      }
    }
    return md
  }

  private func memorySection() -> String {
    guard let memory = sweep.memory else { return "" }
    let tape = memory.largestNodes * Double(memory.bytesPerNode)
    let adjoints = memory.largestNodes * Double(memory.bytesPerAdjoint)
    return """

      ## Memory

      | | |
      | --- | --- |
      | Bytes per recorded operation (`MemoryLayout<TapeNode<Double>>.stride`) | \(memory.bytesPerNode) B |
      | Bytes per adjoint during the sweep | \(memory.bytesPerAdjoint) B |
      | Bytes per `Tracked<Double>` value | \(memory.bytesPerTracked) B |
      | Recorded operations per input, Rosenbrock (from the Wengert lists at n = 1000, 2000) | \(significant(memory.nodesPerInput)) |
      | Recorded operations at n = \(memory.largestN) (extrapolated) | \(significant(memory.largestNodes)) |
      | Tape + adjoints at n = \(memory.largestN) | \(formatBytes(tape)) + \(formatBytes(adjoints)) |
      | Resident memory before that case (VmRSS) | \(memory.residentBefore.map { formatBytes(Double($0)) } ?? "unavailable") |
      | Peak resident memory after it (VmHWM) | \(memory.peakAfter.map { formatBytes(Double($0)) } ?? "unavailable") |

      """
  }

  private func methodSection() -> String {
    let t = plan.timing
    return """

      ## Method

      - Every case is first computed once by each engine (the warm-up, with tape allocation) and
        checked: the forward and reverse results against each other (normwise error ≤ \
      \(CheckTolerance.engines)) and against central finite differences (≤ \(CheckTolerance.finiteDifference); \
      all coordinate directions up to n = \(plan.allProbesUpTo), beyond that 8 spread coordinate directions \
      plus one random direction; VJPs by the dot-product test ⟨uᵀJ, p⟩ = ⟨u, J·p⟩). A mismatch stops the run with exit status 1.
      - Then each runner's repetitions are calibrated so that a sample lasts at least \
      \(formatSeconds(t.minimumSampleTime)); \(t.minimumRounds) to \(t.maximumRounds) rounds of samples \
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
      (Benchmarks/bench/SwiftAD.swift).
      - Reproduce with `swift run -c release bench`; `--help` lists the options.

      """
  }
}
