// The sections other subsystems add to the benchmark (arrays and learning, symbolic
// differentiation). Each returns a `BenchSection`; `main` prints its terminal text, appends its
// Markdown to RESULTS.md under `## title`, and writes its SVGs into Benchmarks/results/.

/// The extra sections, in the order they appear at the end of RESULTS.md.
///
/// - Parameter quick: whether this is a `--quick` smoke run (measure less).
func extraSections(quick: Bool) -> [BenchSection] {
  [arraysSection(quick: quick), swellSection(quick: quick), sparseSection(quick: quick)]
}
