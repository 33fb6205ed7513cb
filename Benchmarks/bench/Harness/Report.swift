import DualTape
import DualTapePlot
import DualTapeSuite
import Foundation

// RESULTS.md, the terminal summary, `--json`, and where they are written. Every number in the
// report is generated from this run's measurements. Every section, the sweep's and the measured
// ones alike, is a `BenchSection`, assembled by one loop (`allSections`).

/// Everything the report shows, derived once from the sweep and the sections.
struct Report {
  var sweep: SweepResult
  var options: Options
  var plan: Plan
  var machine: MachineInfo
  /// The sweep's sections (gradients, Jacobians, crossover, C primal, memory, method), built
  /// from the sweep after the measured sections ran (the gradient plot shows the arrays
  /// section's bars).
  var sweepSections: [BenchSection] = []
  /// The measured sections after the sweep (threads, Hessians, …), as they ran.
  var sections: [BenchSection]
  var elapsedSeconds: Double
  var index: MeasurementIndex
  var figures: [Figure]
  var models: [CostModel]
  var plots: [Plot]
  var date = utcTimestamp()

  /// Every section in RESULTS.md's order: the sweep's, then the measured ones.
  var allSections: [BenchSection] { sweepSections + sections }

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

  /// Derives the figures, cost models, plots and the sweep's sections.
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
    plots = sweepPlots(
      index, models, plan, options, lossBars: sections.compactMap(\.lossBars))
    sweepSections = runSections(sweepSectionBuilders(self))
  }

  /// The command that produced this report.
  var command: String { benchCommand }

  // MARK: Terminal

  /// The figures, the sweep's sections' lines (the crossovers) and the total time, for the end
  /// of the terminal output.
  func terminalSummary() -> String {
    // The figures are measurements; their targets are the project's and live in RESULTS.md.
    var lines = ["Key figures (× one Double evaluation of f unless stated):"]
    for f in figures where f.status != .notMeasured {
      lines.append("  \(f.name): \(f.measured)")
    }
    lines += sweepSections.map(\.terminal).filter { !$0.isEmpty }
    lines.append("Total time \(formatSeconds(elapsedSeconds)).")
    return lines.joined(separator: "\n")
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
    var written = try writePlots(allSections, plots: plots, under: directory)
    let results = directory.appendingPathComponent("RESULTS.md")
    try markdown().write(to: results, atomically: true, encoding: .utf8)
    written.append(results.path)
    return written
  }

  /// `--json`: the run, the figures, the measurements and every section's numbers.
  func json() -> JSONReport {
    JSONReport(
      command: command, date: date, mode: options.mode.rawValue,
      build: isOptimisedBuild ? "release" : "debug", machine: machine.json,
      figures: figures.map(\.json), measurements: sweep.measurements.map(MeasurementRow.init),
      sections: sectionsJSON(allSections))
  }

  // MARK: Markdown

  /// RESULTS.md: the head (machine, figures, interpretation), then every section.
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
    return md + sectionsMarkdown(allSections)
  }

  /// A plot as a Markdown image.
  func image(_ plot: Plot) -> String {
    "![\(plot.caption)](Benchmarks/results/\(plot.fileName))\n"
  }

  /// The plot of this file name, if this run drew it.
  func plot(_ fileName: String) -> Plot? { plots.first { $0.fileName == fileName } }
}

// MARK: Assembly, shared by the report and a `--section` run

/// The sections' Markdown, each under `## title`.
func sectionsMarkdown(_ sections: [BenchSection]) -> String {
  sections.map { "\n## \($0.title)\n\n\($0.markdown)\n" }.joined()
}

/// The sections' numbers by key, for `--json`.
func sectionsJSON(_ sections: [BenchSection]) -> [String: JSONValue] {
  Dictionary(sections.map { ($0.key, $0.json) }, uniquingKeysWith: { first, _ in first })
}

/// Writes `plots` and every section's SVGs into `directory`/Benchmarks/results.
/// - Returns: the paths written.
func writePlots(_ sections: [BenchSection], plots: [Plot] = [], under directory: URL) throws
  -> [String]
{
  let folder = directory.appendingPathComponent("Benchmarks/results")
  try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  var written: [String] = []
  let files =
    plots.map { ($0.fileName, $0.svg) } + sections.flatMap { $0.svgs.map { ($0.fileName, $0.svg) } }
  for (name, svg) in files {
    let url = folder.appendingPathComponent(name)
    try svg.write(to: url, atomically: true, encoding: .utf8)
    written.append(url.path)
  }
  return written
}

extension Figure {
  /// The figure as `--json` writes it.
  var json: JSONValue {
    [
      "name": .string(name), "target": .string(target), "measured": .string(measured),
      "status": .string(status.rawValue),
    ]
  }
}
