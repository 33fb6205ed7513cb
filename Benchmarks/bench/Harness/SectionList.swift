import DualTapePlot
import Foundation

// The sections of RESULTS.md, in order, by the names the console and `--section` use (lower
// case); each name in snake_case is the section's key in `--json`. The sweep's sections are
// read from the sweep's report; the measured ones run after the sweep, each in its own file
// under Sections/.

/// A section's name and how to build it (nil: nothing to show in this run, e.g. the
/// Jacobians of a `--filter` run without the maps).
typealias SectionBuilder = (name: String, build: () -> BenchSection?)

/// The sweep's sections, in RESULTS.md's order, from the report's measurements.
func sweepSectionBuilders(_ report: Report) -> [SectionBuilder] {
  [
    ("gradients", report.gradientSection), ("jacobians", report.jacobianSection),
    ("crossover", report.crossoverSection), ("c primal", report.cPrimalSection),
    ("memory", report.memorySection), ("method", report.methodSection),
  ]
}

/// The measured sections in the order they run and appear at the end of RESULTS.md.
func sectionBuilders(_ plan: Plan, quick: Bool) -> [SectionBuilder] {
  [
    ("thread scaling", { threadSection(quick: quick) }),
    ("hessian cost", { hessianSection(plan, quick: quick) }),
    ("tape memory", { tapeMemorySection(quick: quick) }),
    ("forward chunk sizes", { chunkSection(plan, quick: quick) }),
    ("mode advisor", { advisorSection(plan, quick: quick) }),
    ("arrays", { arraysSection(plan) }),
    ("expression swell", { swellSection(plan, quick: quick) }),
    ("sparse jacobians and hessians", { sparseSection(quick: quick) }),
    ("replay", { replaySection(plan, quick: quick) }),
    ("generated gradients", { generatedSection(plan, quick: quick) }),
    ("jax", { jaxSection(plan, quick: quick) }),
    ("checkpointing", { checkpointSection(quick: quick) }),
  ] + (gradBenchSummaryURL().map { url in [("gradbench", { gradBenchSection(url) })] } ?? [])
}

/// The names `--section` accepts, in the order the sections run.
let sectionNames = sectionBuilders(Plan(.quick), quick: true).map(\.name)

/// A section's key in `--json`: its name in snake_case (`tape memory` → `tape_memory`).
func sectionKey(_ name: String) -> String { name.replacingOccurrences(of: " ", with: "_") }

/// Builds the sections in order, each keyed by its name; leaves out those with nothing to show.
func runSections(_ builders: [SectionBuilder]) -> [BenchSection] {
  builders.compactMap { builder in
    guard var section = builder.build() else { return nil }
    section.key = sectionKey(builder.name)
    return section
  }
}

/// Runs the measured sections in order, printing each one's terminal lines as it finishes.
///
/// - Parameters:
///   - quick: whether this is a `--quick` smoke run (measure less).
///   - only: run only the sections with these names (all when nil).
func runExtraSections(quick: Bool, only: Set<String>? = nil) -> [BenchSection] {
  let plan = Plan(quick ? .quick : .standard)
  let builders = sectionBuilders(plan, quick: quick).filter { only?.contains($0.name) ?? true }
  let start = now()
  // Thread scaling runs for a fixed time; the others took about this long on 2 cores.
  let threadSeconds =
    Double(3 * 3 * threadCounts(cores: ProcessInfo.processInfo.activeProcessorCount).count)
    * (quick ? 0.03 : 0.15)
  print("\nSections: about \(formatSeconds(threadSeconds + (quick ? 15 : 35))) on 2 cores.")
  var sections: [BenchSection] = []
  for (k, builder) in builders.enumerated() {
    print(
      "\n== [\(k + 1)/\(builders.count)] \(builder.name) (\(formatSeconds(now() - start)) into"
        + " the sections)")
    fflush(nil)  // show progress also when the output is a file or a pipe (CI logs)
    let built = runSections([builder])
    for section in built where !section.terminal.isEmpty { print(section.terminal) }
    fflush(nil)
    sections += built
  }
  return sections
}
