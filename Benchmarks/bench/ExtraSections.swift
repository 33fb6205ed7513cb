import DualTapePlot
import Foundation

// The sections after the sweep. Each returns a `BenchSection`; `main` appends its Markdown to
// RESULTS.md under `## title` and writes its SVGs into Benchmarks/results/.

/// The sections in the order they run and appear at the end of RESULTS.md, by the names the
/// console and `--section` use (lower case).
func sectionBuilders(_ plan: Plan, quick: Bool) -> [(String, () -> BenchSection)] {
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
    ("checkpointing", { checkpointSection(quick: quick) }),
  ] + (gradBenchSummaryURL().map { url in [("gradbench", { gradBenchSection(url) })] } ?? [])
}

/// The names `--section` accepts, in the order the sections run.
let sectionNames = sectionBuilders(Plan(.quick), quick: true).map(\.0)

/// Runs the sections in order, printing each one's terminal lines as it finishes.
///
/// - Parameters:
///   - quick: whether this is a `--quick` smoke run (measure less).
///   - only: run only the sections with these names (all when nil).
func runExtraSections(quick: Bool, only: Set<String>? = nil) -> [BenchSection] {
  let plan = Plan(quick ? .quick : .standard)
  let builders = sectionBuilders(plan, quick: quick).filter { only?.contains($0.0) ?? true }
  var sections: [BenchSection] = []
  let start = now()
  // Thread scaling runs for a fixed time; the others took about this long on 2 cores.
  let threadSeconds =
    Double(3 * 3 * threadCounts(cores: ProcessInfo.processInfo.activeProcessorCount).count)
    * (quick ? 0.03 : 0.15)
  print("\nSections: about \(formatSeconds(threadSeconds + (quick ? 15 : 35))) on 2 cores.")
  for (k, (name, build)) in builders.enumerated() {
    print(
      "\n== [\(k + 1)/\(builders.count)] \(name) (\(formatSeconds(now() - start)) into the sections)"
    )
    fflush(nil)  // show progress also when the output is a file or a pipe (CI logs)
    let section = build()
    if !section.terminal.isEmpty { print(section.terminal) }
    fflush(nil)
    sections.append(section)
  }
  return sections
}
