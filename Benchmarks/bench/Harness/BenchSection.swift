import DualTapePlot

// What every section of RESULTS.md is: the sweep's six (gradients, Jacobians, crossover, C
// primal, memory, method) and the measured ones after it (threads, Hessians, …, GradBench) alike.
// `Report` assembles them in one loop: Markdown, plots, `--json` and the Figures table.

/// A part of RESULTS.md contributed by one subsystem (arrays, symbolic, ...).
///
/// Each section measures (or reads the sweep) in its own file under `Sections/` and returns one
/// of these; `Report` appends `markdown` to RESULTS.md under `## title`, writes each SVG into
/// the plots folder (`Benchmarks/results/`), which `markdown` references as
/// `Benchmarks/results/<fileName>`, and puts `json` under `sections.<key>` in `--json`.
struct BenchSection {
  /// The key of the section's numbers in `--json`'s `sections` object: the name the console
  /// and `--section` use, in snake_case. Set by the list that runs the sections
  /// (SectionList.swift), not by the section.
  var key = ""
  /// The section heading in RESULTS.md (without `##`).
  var title: String
  /// The section body, Markdown.
  var markdown: String
  /// SVG plots to write: file name (e.g. `swell.svg`) and contents.
  var svgs: [(fileName: String, svg: String)] = []
  /// What to print on the terminal for this section.
  var terminal: String = ""
  /// Bars this section adds to the learning-loss gradient plot (the arrays section's
  /// operation-level MLP gradient), if any.
  var lossBars: (name: String, bars: [Bar])? = nil
  /// Figures this section measured, for RESULTS.md's Figures table.
  var figures: [Figure] = []
  /// The section's numbers for `--json`: an object of what its tables show (times in seconds,
  /// ratios as plain numbers, sizes in bytes), or `JSONValue.notMeasured(reason)`.
  var json: JSONValue = [:]

  /// A section that could not measure: its reason in RESULTS.md and in `--json`.
  static func notMeasured(_ title: String, _ reason: String) -> BenchSection {
    BenchSection(title: title, markdown: reason + "\n", json: .notMeasured(reason))
  }
}

extension BenchSection {
  /// A section whose Markdown is written line by line, each line ending in a newline (the
  /// assembly adds the last one, so the final newline is dropped here).
  init(title: String, lines: String, terminal: String = "", json: JSONValue) {
    self.init(
      title: title, markdown: lines.hasSuffix("\n") ? String(lines.dropLast()) : lines,
      terminal: terminal, json: json)
  }
}

/// One figure and how this run did.
struct Figure {
  enum Status: String {
    case met, missed
    case notMeasured = "not measured"
    case reported
  }
  /// What is measured, e.g. "Reverse gradient / primal, Rosenbrock n ≥ 1000".
  var name: String
  /// The target, e.g. "≤ 12×".
  var target: String
  /// The measured number, with where it was taken.
  var measured: String
  var status: Status
}
