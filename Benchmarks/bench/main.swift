import DualTapePlot
import Foundation

// `swift run -c release bench`: when does reverse mode beat forward mode?
//
// Parses the command line, checks that the output paths can be written, runs the sweep (every
// result checked, then timed) and the sections, and writes the report: a summary on the
// terminal, RESULTS.md with SVG plots, and optionally JSON.

let options: Options
do {
  options = try parseOptions(Array(CommandLine.arguments.dropFirst()))
} catch let error as UsageError {
  FileHandle.standardError.write(Data("bench: \(error.message)\n\n\(usage)\n".utf8))
  exit(2)
}
if options.showHelp {
  print(usage)
  exit(0)
}
if let probe = options.memoryProbe {
  // A child process of the tape-memory or checkpointing section: one fresh process per
  // measurement.
  switch probe {
  case .tape(let n): print(memoryProbe(n: n))
  case .checkpoint(let system, let k, let c):
    print(checkpointProbe(system, steps: k, checkpoints: c))
  }
  exit(0)
}
// Fail now, not after the sweep, if the results cannot be written.
do {
  try checkOutputPaths(options)
} catch let error as UsageError {
  FileHandle.standardError.write(Data("bench: \(error.message)\n".utf8))
  exit(2)
}

let startTime = now()
let machine = MachineInfo.current()
if !isOptimisedBuild {
  print(
    "WARNING: this is a debug build; its timings say nothing about the engines."
      + " Run `swift run -c release bench`.")
}
print(
  "DualTape benchmark, \(options.mode.rawValue) mode (\(isOptimisedBuild ? "release" : "debug")"
    + " build)"
)
print("\(machine.cpu), \(machine.cores) cores; \(machine.toolchain)")
print(
  "Swift _Differentiation:"
    + " \(SwiftAutodiff.isAvailable ? "available" : "not available (the comparison is skipped)")"
)
print("Every result is checked against the other engines and finite differences, then timed.")
print(consoleLegend + "\n")

if let only = options.sections {
  // Working on one section: no sweep; print the sections' Markdown, write it only with --output.
  let sections = runExtraSections(quick: options.mode == .quick, only: only)
  for section in sections { print("\n## \(section.title)\n\n\(section.markdown)") }
  checkSectionJSON(sections)
  do {
    if let path = options.jsonPath {
      let json = JSONReport(
        command: benchCommand, date: utcTimestamp(), mode: options.mode.rawValue,
        build: isOptimisedBuild ? "release" : "debug", machine: machine.json, figures: [],
        measurements: [], sections: sectionsJSON(sections))
      try json.encoded().write(to: URL(fileURLWithPath: path))
      print("wrote \(path)")
    }
    if let directory = options.outputDirectory {
      let root = URL(fileURLWithPath: directory)
      let written = try writePlots(sections, under: root)
      let file = root.appendingPathComponent("SECTIONS.md")
      try String(sectionsMarkdown(sections).dropFirst()).write(
        to: file, atomically: true, encoding: .utf8)
      print("wrote \(file.path) and \(written.count) plots")
    }
  } catch {
    FileHandle.standardError.write(
      Data("bench: could not write the sections: \(error.localizedDescription)\n".utf8))
    exit(1)
  }
  exit(0)
}

let plan = Plan(options.mode)
let sweep = runSweep(plan, options)
if !sweep.failures.isEmpty {
  FileHandle.standardError.write(
    Data(
      ("\nbench: CHECK FAILED for \(sweep.failures.count) result(s); the engines disagree:\n"
        + sweep.failures.map { "  " + $0 }.joined(separator: "\n") + "\n").utf8))
  exit(1)
}

// The other sections run only in a complete run, not a filtered one.
let sections = options.filter == nil ? runExtraSections(quick: options.mode == .quick) : []
let report = Report(
  sweep: sweep, options: options, plan: plan, machine: machine, sections: sections,
  elapsedSeconds: now() - startTime)
print("\n" + report.terminalSummary())
checkSectionJSON(report.allSections)

do {
  if let path = options.jsonPath {
    try report.json().encoded().write(to: URL(fileURLWithPath: path))
    print("wrote \(path)")
  }
  if let directory = report.outputDirectory() {
    for path in try report.write(to: directory) { print("wrote \(path)") }
  } else {
    print(
      "(no files written: \(options.mode == .quick ? "--quick" : "--filter") runs write only"
        + " with --output DIR)"
    )
  }
} catch {
  FileHandle.standardError.write(
    Data("bench: could not write the results: \(error.localizedDescription)\n".utf8))
  exit(1)
}
