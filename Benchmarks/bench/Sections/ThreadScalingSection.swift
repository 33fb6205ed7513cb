import DualTape
import DualTapePlot
import DualTapeSuite
import Foundation

// Thread scaling: throughput of independent derivatives of the 100-input Rosenbrock function
// on T threads, each thread computing its own (reverse gradients, forward gradients, reverse
// Hessians). T = 1, 2, 4, … up to the core count, then 4× the cores. Wall-clock time: threads
// share the machine by design here.

/// Per-thread results: one slot per thread, written only by that thread.
private final class ThreadSlots: @unchecked Sendable {
  let sums: UnsafeMutablePointer<Double>
  let calls: UnsafeMutablePointer<Int>
  let mismatches: UnsafeMutablePointer<Int>
  let count: Int
  init(_ count: Int) {
    self.count = count
    sums = .allocate(capacity: count)
    sums.initialize(repeating: 0, count: count)
    calls = .allocate(capacity: count)
    calls.initialize(repeating: 0, count: count)
    mismatches = .allocate(capacity: count)
    mismatches.initialize(repeating: 0, count: count)
  }
  deinit {
    sums.deallocate()
    calls.deallocate()
    mismatches.deallocate()
  }
}

/// Calls per second of `threads` threads each calling `body` until `duration` seconds have
/// passed (a deadline, not a call count, so a collapse cannot make the run long); every
/// thread checks its first result against `reference`. Returns nil if a result differed.
private func throughput(
  threads: Int, duration: Double, reference: [Double], _ body: @escaping @Sendable () -> [Double]
) -> Double? {
  let group = DispatchGroup()
  let slots = ThreadSlots(threads)
  let start = now()
  let deadline = start + duration
  for t in 0..<threads {
    group.enter()
    let thread = Thread {
      let first = body()
      if normwiseError(first, reference) > 1e-12 { slots.mismatches[t] = 1 }
      var sum = first[0]
      var calls = 1
      while now() < deadline {
        sum += body()[0]
        calls += 1
      }
      slots.sums[t] = sum
      slots.calls[t] = calls
      group.leave()
    }
    thread.stackSize = 8 << 20
    thread.start()
  }
  group.wait()
  let elapsed = now() - start
  blackHole((0..<threads).reduce(0.0) { $0 + slots.sums[$1] })
  if (0..<threads).contains(where: { slots.mismatches[$0] != 0 }) { return nil }
  return Double((0..<threads).reduce(0) { $0 + slots.calls[$1] }) / elapsed
}

private struct ThreadRow {
  var threads: Int
  /// Calls per second, per engine, in the order of `threadEngines`.
  var throughput: [Double]
}

/// The engines timed on T threads: name, key in `--json`, colour, and the call.
private let threadEngines:
  [(name: String, key: String, color: String, body: @Sendable ([Double]) -> [Double])] = [
    (
      "reverse gradient", "reverse_gradient", EngineColor.reverse,
      { x in Reverse.gradient(at: x, of: Rosenbrock()) }
    ),
    (
      "forward gradient (chunked)", "forward_gradient", EngineColor.forward,
      { x in Forward.gradient(at: x, of: Rosenbrock()) }
    ),
    (
      "reverse Hessian", "reverse_hessian", EngineColor.hessian,
      { x in Reverse.hessian(at: x, of: Rosenbrock()).elements }
    ),
  ]

/// The thread counts: powers of two up to the cores, the cores, and 4× the cores.
func threadCounts(cores: Int) -> [Int] {
  var counts: [Int] = []
  var t = 1
  while t < cores {
    counts.append(t)
    t *= 2
  }
  return counts + [cores, 4 * cores]
}

func threadSection(quick: Bool) -> BenchSection {
  let cores = ProcessInfo.processInfo.activeProcessorCount
  let counts = threadCounts(cores: cores)
  let x = Rosenbrock().input(count: 100)
  let duration = quick ? 0.03 : 0.15
  var rows = counts.map { ThreadRow(threads: $0, throughput: []) }
  var failures: [String] = []
  for engine in threadEngines {
    let reference = engine.body(x)
    let body: @Sendable () -> [Double] = { engine.body(x) }
    for (k, t) in counts.enumerated() {
      // The best of 3 runs: the other processes on the machine only ever slow a run down.
      let runs = (0..<3).compactMap { _ in
        throughput(threads: t, duration: duration, reference: reference, body)
      }
      if runs.count < 3 {
        failures.append("\(engine.name) on \(t) threads gave a different result")
      }
      rows[k].throughput.append(runs.max() ?? 0)
    }
  }
  precondition(failures.isEmpty, "thread scaling: " + failures.joined(separator: "; "))

  let speedup = { (row: ThreadRow, e: Int) in row.throughput[e] / rows[0].throughput[e] }
  var md = """
    Throughput of independent derivatives of the 100-input Rosenbrock function on T threads, \
    each thread computing its own (T = 1, 2, 4, … up to this machine's \(cores) cores, then \
    4× the cores). Each run lasts \(formatSeconds(duration)) of wall-clock time; best of 3 runs; \
    every thread checks its first result \
    against the single-threaded one. *speed-up*: throughput ÷ the throughput of one thread; \
    ideal is T up to the core count and flat beyond. Unlike the sweep's CPU-time figures, these \
    are wall-clock: other processes busy on the machine lower them, so read them from a run on \
    an otherwise idle machine.

    | threads T | reverse gradients/s | speed-up | forward gradients/s | speed-up \
    | reverse Hessians/s | speed-up |
    | ---: | ---: | ---: | ---: | ---: | ---: | ---: |

    """
  for row in rows {
    md += "| \(row.threads) |"
    for e in threadEngines.indices {
      md += " \(significant(row.throughput[e])) | \(formatRatio(speedup(row, e))) |"
    }
    md += "\n"
  }
  md += "\n![Thread scaling](Benchmarks/results/thread-scaling.svg)\n"
  let series =
    threadEngines.enumerated().map { e, engine in
      Series(
        engine.name, color: engine.color,
        points: rows.map { (x: Double($0.threads), y: speedup($0, e)) })
    } + [
      Series(
        "ideal: min(T, \(cores) cores)", color: "#888", dashed: true, dots: false,
        points: counts.map { (x: Double($0), y: Double(Swift.min($0, cores))) })
    ]
  let chart = LineChart(
    title: "Thread scaling: independent derivatives of Rosenbrock, n = 100",
    subtitle: "throughput on T threads ÷ throughput on one thread (\(cores) cores)",
    x: Axis("threads T (log scale)", scale: .log, ticks: counts.map(Double.init)),
    y: Axis(
      "speed-up over one thread (log scale)", scale: .log, format: { compactNumber($0) + "×" }),
    series: series,
    markers: [Marker(x: Double(cores), label: "\(cores) cores")])
  var figures: [Figure] = []
  if let atCores = rows.first(where: { $0.threads == cores }), let beyond = rows.last {
    let r = speedup(atCores, 0)
    figures.append(
      Figure(
        name: "Reverse gradient throughput on \(cores) threads (the cores) ÷ one thread",
        target: "≥ \(significant(0.7 * Double(cores)))×", measured: formatRatio(r),
        status: r >= 0.7 * Double(cores) ? .met : .missed))
    let b = speedup(beyond, 0)
    figures.append(
      Figure(
        name:
          "Reverse gradient throughput on \(beyond.threads) threads (4× the cores) ÷ one thread",
        target: "≥ 1×", measured: formatRatio(b), status: b >= 1 ? .met : .missed))
    let h = speedup(beyond, 2)
    figures.append(
      Figure(
        name: "Reverse Hessian throughput on \(beyond.threads) threads ÷ one thread",
        target: "≥ 1×", measured: formatRatio(h), status: h >= 1 ? .met : .missed))
  }
  let terminal = rows.map { row in
    "threads \(pad(String(row.threads), 3)): "
      + threadEngines.indices.map {
        "\(threadEngines[$0].name) \(significant(row.throughput[$0]))/s"
          + " (\(formatRatio(speedup(row, $0))) one thread)"
      }.joined(separator: ", ")
  }.joined(separator: "\n")
  // Per row: calls per second and speed-up over one thread, per engine.
  let json: [JSONValue] = rows.map { row in
    var entry: [String: JSONValue] = ["threads": .integer(row.threads)]
    for (e, engine) in threadEngines.enumerated() {
      entry[engine.key + "_per_second"] = .number(row.throughput[e])
      entry[engine.key + "_speedup"] = .number(speedup(row, e))
    }
    return .object(entry)
  }
  return BenchSection(
    title: "Thread scaling", markdown: md, svgs: [("thread-scaling.svg", chart.svg)],
    terminal: terminal, figures: figures,
    json: [
      "cores": .integer(cores), "run_seconds": .number(duration), "rows": .array(json),
    ])
}
