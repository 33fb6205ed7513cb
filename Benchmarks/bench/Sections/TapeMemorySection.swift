import DualTape
import DualTapePlot
import DualTapeSuite
import Foundation

// Tape memory against n: each size is recorded in a fresh child process (`bench
// --memory-probe N`), so that its peak and what stays resident afterwards are its own, not
// those of the tapes the sweep left in the pool.

/// What one child process reports.
struct MemoryProbe: Codable {
  var n: Int
  /// Resident bytes before the recording.
  var before: Int
  /// Peak resident bytes after it.
  var peak: Int
  /// Resident bytes after the recording and 100 small gradients (n = 10) that follow it.
  var after: Int
}

/// The child's work: one Rosenbrock reverse gradient of n inputs, then small ones; the
/// memory figures as one line of JSON.
func memoryProbe(n: Int) -> String {
  let f = Rosenbrock()
  let small = f.input(count: 10)
  blackHole(Reverse.gradient(at: small, of: f))  // the runtime and a small tape, before
  let before = processMemory("VmRSS") ?? 0
  blackHole(Reverse.gradient(at: f.input(count: n), of: f))
  let peak = processMemory("VmHWM") ?? 0
  for _ in 0..<100 { blackHole(Reverse.gradient(at: small, of: f)) }
  let after = processMemory("VmRSS") ?? 0
  let data = try! JSONEncoder().encode(MemoryProbe(n: n, before: before, peak: peak, after: after))
  return String(decoding: data, as: UTF8.self)
}

/// This executable's path, to start the children.
private func executablePath() -> String {
  (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
    ?? CommandLine.arguments[0]
}

/// Runs `bench --memory-probe <probe>` in a fresh child process and decodes its JSON line;
/// nil if the child could not run or printed something else.
func runMemoryProbe<T: Decodable>(_ probe: MemoryProbeKind, as _: T.Type) -> T? {
  guard let output = runCommand([executablePath(), "--memory-probe", probe.argument]) else {
    return nil
  }
  return try? JSONDecoder().decode(T.self, from: Data(output.utf8))
}

func tapeMemorySection(quick: Bool) -> BenchSection {
  let sizes = quick ? [1000, 10_000, 100_000] : [1000, 10_000, 100_000, 1_000_000]
  let f = Rosenbrock()
  // Rosenbrock's operation count is affine in n: count it exactly on two small tapes.
  let at1000 = Reverse.wengertList(at: f.input(count: 1000), of: f).rows.count
  let at2000 = Reverse.wengertList(at: f.input(count: 2000), of: f).rows.count
  let perInput = Double(at2000 - at1000) / 1000
  let nodes = { (n: Int) in Double(at1000) + perInput * Double(n - 1000) }
  let bytesPerNode = MemoryLayout<TapeNode<Double>>.stride + MemoryLayout<Double>.stride
  var probes: [MemoryProbe] = []
  for n in sizes {
    guard let probe = runMemoryProbe(.tape(n: n), as: MemoryProbe.self),
      probe.before > 0  // 0: no /proc (macOS), nothing to report
    else { continue }
    probes.append(probe)
  }
  guard !probes.isEmpty else {
    return .notMeasured(
      "Tape memory against n",
      "Not measured: the child processes could not be started or /proc is missing.")
  }
  var md = """
    One Rosenbrock reverse gradient per fresh process (`bench --memory-probe N`). *operations*: \
    nodes recorded (counted exactly on the Wengert lists at n = 1000 and 2000; affine in n). \
    *tape + adjoints*: operations × \(bytesPerNode) B (a \
    \(MemoryLayout<TapeNode<Double>>.stride)-byte node and an 8-byte adjoint). *peak − before*: \
    growth of the peak resident set over the \
    resident set just before the recording, the memory the recording really took, and per \
    operation. *after*: resident set after the recording and 100 small gradients that follow \
    it (whether the process gives the memory back), as a multiple of *before*.

    | n | operations | tape + adjoints | resident before | peak | peak − before | per operation \
    | after | after ÷ before |
    | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |

    """
  for p in probes {
    let grown = Double(p.peak - p.before)
    md +=
      "| \(grouped(p.n)) | \(grouped(Int(nodes(p.n)))) |"
      + " \(formatBytes(nodes(p.n) * Double(bytesPerNode))) | \(formatBytes(Double(p.before))) |"
      + " \(formatBytes(Double(p.peak))) | \(formatBytes(grown)) |"
      + " \(significant(grown / nodes(p.n))) B | \(formatBytes(Double(p.after))) |"
      + " \(formatRatio(Double(p.after) / Double(p.before))) |\n"
  }
  md += "\n![Tape memory against n](Benchmarks/results/tape-memory.svg)\n"
  let chart = LineChart(
    title: "Tape memory against n: Rosenbrock reverse gradient",
    subtitle: "one fresh process per n; resident set size from /proc/self/status",
    x: Axis("inputs n (log scale)", scale: .log, ticks: sizes.map(Double.init)),
    y: Axis("bytes (log scale)", scale: .log, format: compactBytes),
    series: [
      Series(
        "tape + adjoints (\(bytesPerNode) B × operations)", color: EngineColor.reverse,
        dashed: true,
        points: probes.map { (Double($0.n), nodes($0.n) * Double(bytesPerNode)) }),
      Series(
        "peak resident − before", color: "#d62728",
        points: probes.map { (Double($0.n), Double(Swift.max(1, $0.peak - $0.before))) }),
      Series(
        "peak resident", color: "#444", points: probes.map { (Double($0.n), Double($0.peak)) }),
      Series(
        "resident after 100 small calls", color: "#1f77b4",
        points: probes.map { (Double($0.n), Double($0.after)) }),
    ])
  var figures: [Figure] = []
  if let last = probes.last {
    let ratio = Double(last.after) / Double(last.before)
    figures.append(
      Figure(
        name:
          "Resident memory after a recording of \(grouped(Int(nodes(last.n)))) operations and"
          + " 100 small calls ÷ before",
        target: "≤ 2×",
        measured:
          "\(formatRatio(ratio)) (\(formatBytes(Double(last.after))) vs"
          + " \(formatBytes(Double(last.before))))",
        status: ratio <= 2 ? .met : .missed))
    figures.append(
      Figure(
        name: "Peak resident memory, Rosenbrock n = \(grouped(last.n)) reverse gradient",
        target: "report",
        measured:
          "\(formatBytes(Double(last.peak))) (tape and adjoints ≈"
          + " \(formatBytes(nodes(last.n) * Double(bytesPerNode))))",
        status: .reported))
  }
  let terminal = probes.map {
    "memory n = \(pad(grouped($0.n), 9)): peak − before"
      + " \(formatBytes(Double($0.peak - $0.before))),"
      + " \(significant(Double($0.peak - $0.before) / nodes($0.n))) B per operation;"
      + " after \(formatBytes(Double($0.after))) (before \(formatBytes(Double($0.before))))"
  }.joined(separator: "\n")
  return BenchSection(
    title: "Tape memory against n", markdown: md, svgs: [("tape-memory.svg", chart.svg)],
    terminal: terminal, figures: figures,
    json: [
      "bytes_per_operation": .integer(bytesPerNode),
      "rows": .array(
        probes.map {
          [
            "n": .integer($0.n), "operations": .number(nodes($0.n)),
            "tape_and_adjoint_bytes": .number(nodes($0.n) * Double(bytesPerNode)),
            "resident_before_bytes": .integer($0.before), "peak_bytes": .integer($0.peak),
            "after_bytes": .integer($0.after),
          ]
        }),
    ])
}
