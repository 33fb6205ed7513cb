import DualTapePlot
import Foundation

// The sections after the sweep. Each returns a `BenchSection`; `main` appends its Markdown to
// RESULTS.md under `## title` and writes its SVGs into Benchmarks/results/.

/// Runs the sections in the order they appear at the end of RESULTS.md, printing each one's
/// terminal lines as it finishes.
///
/// - Parameter quick: whether this is a `--quick` smoke run (measure less).
func runExtraSections(quick: Bool) -> [BenchSection] {
  let plan = Plan(quick ? .quick : .standard)
  let builders: [(String, () -> BenchSection)] = [
    ("thread scaling", { threadSection(quick: quick) }),
    ("Hessian cost", { hessianSection(plan, quick: quick) }),
    ("tape memory", { tapeMemorySection(quick: quick) }),
    ("forward chunk sizes", { chunkSection(plan, quick: quick) }),
    ("mode advisor", { advisorSection(plan, quick: quick) }),
    ("arrays", { arraysSection(plan) }),
    ("expression swell", { swellSection(plan, quick: quick) }),
    ("sparse Jacobians and Hessians", { sparseSection(quick: quick) }),
  ]
  var sections: [BenchSection] = []
  let start = now()
  // Thread scaling runs for a fixed time; the others took about this long on 2 cores.
  let threadSeconds = Double(3 * 3 * threadCounts(cores: ProcessInfo.processInfo.activeProcessorCount).count) * (quick ? 0.03 : 0.15)
  print("\nSections: about \(formatSeconds(threadSeconds + (quick ? 15 : 35))) on 2 cores.")
  for (k, (name, build)) in builders.enumerated() {
    print("\n== [\(k + 1)/\(builders.count)] \(name) (\(formatSeconds(now() - start)) into the sections)")
    fflush(nil)  // show progress also when the output is a file or a pipe (CI logs)
    let section = build()
    if !section.terminal.isEmpty { print(section.terminal) }
    fflush(nil)
    sections.append(section)
  }
  return sections
}
