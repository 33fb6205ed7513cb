import DualTapePlot
import Foundation

// What a generated file costs to compile: `swiftc -O` of the one file against the DualTape
// module this benchmark was built with, timed once per run (wall clock and the compiler's CPU
// time). Where the compiler or the module cannot be found, the section says so.

/// The compile cost of one generated file, or why it was not measured.
struct GeneratedCompile {
  var file: String
  var lines: Int
  /// Wall-clock and CPU seconds of `swiftc -O -c`; nil with `reason` where not measured.
  var seconds: (wall: Double, cpu: Double)?
  var reason = ""

  var json: JSONValue {
    var object: [String: JSONValue] = ["file": .string(file), "lines": .integer(lines)]
    if let seconds {
      object["swiftc_O_wall_seconds"] = .number(seconds.wall)
      object["swiftc_O_cpu_seconds"] = .number(seconds.cpu)
    } else {
      object["compile"] = .notMeasured(reason)
    }
    return .object(object)
  }

  var terminal: String {
    "generated \(file): \(lines) lines; "
      + (seconds.map { "swiftc -O \(formatSeconds($0.wall)) (CPU \(formatSeconds($0.cpu)))" }
        ?? "compile time not measured: \(reason)")
  }
}

/// The CPU seconds (user + system) of this process's waited-for children so far.
private func childrenCPUTime() -> Double {
  var usage = rusage()
  #if canImport(Glibc)
    getrusage(RUSAGE_CHILDREN.rawValue, &usage)  // Glibc imports the constants as an enum
  #else
    getrusage(RUSAGE_CHILDREN, &usage)
  #endif
  return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
    + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) * 1e-6
}

/// Compiles Sources/DualTapeSuite/Generated/`file` with `swiftc -O -c` against the DualTape module
/// next to this executable (`.build/<triple>/<configuration>/Modules`), once.
func measureGeneratedCompile(_ file: String) -> GeneratedCompile {
  let source = repositoryRoot()?.appendingPathComponent("Sources/DualTapeSuite/Generated/\(file)")
  let text = source.flatMap { try? String(contentsOf: $0, encoding: .utf8) }
  var result = GeneratedCompile(
    file: file,
    lines: text.map { $0.split(separator: "\n", omittingEmptySubsequences: false).count - 1 } ?? 0)
  guard let source, text != nil else {
    result.reason = "the source is not found (run from the repository root)"
    return result
  }
  let modules = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    .deletingLastPathComponent().appendingPathComponent("Modules")
  guard
    FileManager.default.fileExists(
      atPath: modules.appendingPathComponent("DualTape.swiftmodule").path)
  else {
    result.reason = "no DualTape.swiftmodule in \(modules.path)"
    return result
  }
  let object = FileManager.default.temporaryDirectory
    .appendingPathComponent("dualtape-generated-\(getpid()).o")
  defer { try? FileManager.default.removeItem(at: object) }
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  process.arguments = [
    "swiftc", "-O", "-parse-as-library", "-swift-version", "6", "-module-name",
    "GeneratedCompileCost", "-I", modules.path, "-c", source.path, "-o", object.path,
  ]
  let cpuBefore = childrenCPUTime()
  let start = now()
  do {
    try process.run()
    process.waitUntilExit()
  } catch {
    result.reason = "swiftc did not start (\(error.localizedDescription))"
    return result
  }
  let wall = now() - start
  guard process.terminationStatus == 0 else {
    result.reason = "swiftc -O exited with status \(process.terminationStatus)"
    return result
  }
  result.seconds = (wall, childrenCPUTime() - cpuBefore)
  return result
}

/// The compile costs as a paragraph of the section.
func compileMarkdown(_ compile: [GeneratedCompile]) -> String {
  var md = "Compile cost: `swiftc -O -c` of each generated file alone, against the DualTape module"
  md += " of this build (wall clock, and the compiler's CPU time), measured once in this run.\n\n"
  md += "| file | lines | swiftc -O wall | CPU |\n| --- | ---: | ---: | ---: |\n"
  for c in compile {
    if let s = c.seconds {
      md += "| \(c.file) | \(c.lines) | \(formatSeconds(s.wall)) | \(formatSeconds(s.cpu)) |\n"
    } else {
      md += "| \(c.file) | \(c.lines) | not measured: \(c.reason) | |\n"
    }
  }
  return md
}
