import DualTapePlot

/// A part of RESULTS.md contributed by one subsystem (arrays, symbolic, ...).
///
/// Each subsystem measures in its own file and returns one of these; `main` prints
/// `terminal`, appends `markdown` to RESULTS.md and writes each SVG into the plots folder
/// (`Benchmarks/results/`), which `markdown` references as `Benchmarks/results/<fileName>`.
struct BenchSection {
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
}
