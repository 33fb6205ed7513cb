import Foundation

// Where the benchmark runs: the machine, the toolchain, the memory it uses, and where the
// repository is.

/// A description of the machine and toolchain, for the head of RESULTS.md.
struct MachineInfo {
  var cpu: String
  var cores: Int
  var memoryGiB: Double
  var system: String
  var toolchain: String

  /// Reads /proc and asks the `swift` driver for its version (each falls back to "unknown").
  static func current() -> MachineInfo {
    let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
    let cpu =
      cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
      .flatMap { $0.split(separator: ":", maxSplits: 1).last }
      .map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown"
    let info = ProcessInfo.processInfo
    let version = runCommand(["swift", "--version"])?.split(separator: "\n").first.map(String.init)
    return MachineInfo(
      cpu: cpu, cores: info.activeProcessorCount,
      memoryGiB: Double(info.physicalMemory) / Double(1 << 30),
      system: runCommand(["uname", "-srm"])?.trimmingCharacters(in: .whitespacesAndNewlines)
        ?? info.operatingSystemVersionString,
      toolchain: version ?? compiledWith)
  }

  /// The compiler version known at compile time, when the driver cannot be asked.
  private static var compiledWith: String {
    #if compiler(>=6.3)
      return "Swift 6.3 or later"
    #else
      return "Swift 6.x"
    #endif
  }

  /// The machine as `--json` writes it.
  var json: JSONValue {
    [
      "cpu": .string(cpu), "cores": .integer(cores), "memory_gib": .number(memoryGiB),
      "system": .string(system), "toolchain": .string(toolchain),
    ]
  }
}

/// Runs a command found on PATH and returns its standard output, or nil if it fails.
func runCommand(_ arguments: [String]) -> String? {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  process.arguments = arguments
  let pipe = Pipe()
  process.standardOutput = pipe
  process.standardError = Pipe()
  do { try process.run() } catch { return nil }
  let data = pipe.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  guard process.terminationStatus == 0 else { return nil }
  return String(decoding: data, as: UTF8.self)
}

/// A field of /proc/self/status in bytes (`VmHWM` is the peak resident set, `VmRSS` the
/// current one), or nil where /proc is missing.
func processMemory(_ field: String) -> Int? {
  guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else {
    return nil
  }
  for line in status.split(separator: "\n") where line.hasPrefix(field + ":") {
    let kilobytes = line.split(separator: " ").dropFirst().first.flatMap { Int($0) }
    return kilobytes.map { $0 * 1024 }
  }
  return nil
}

/// The repository root: the folder four levels above this source file
/// (Benchmarks/bench/Harness/Environment.swift) if it holds Package.swift, else the current
/// directory if it does, else nil.
func repositoryRoot() -> URL? {
  let fileManager = FileManager.default
  var fromSource = URL(fileURLWithPath: #filePath)
  for _ in 0..<4 { fromSource = fromSource.deletingLastPathComponent() }
  let current = URL(fileURLWithPath: fileManager.currentDirectoryPath)
  for candidate in [fromSource, current]
  where fileManager.fileExists(atPath: candidate.appendingPathComponent("Package.swift").path) {
    return candidate
  }
  return nil
}

/// The date and time now, UTC, as `2026-11-22 00:15 UTC`.
func utcTimestamp() -> String {
  let formatter = DateFormatter()
  formatter.locale = Locale(identifier: "en_US_POSIX")
  formatter.timeZone = TimeZone(identifier: "UTC")
  formatter.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
  return formatter.string(from: Date())
}
