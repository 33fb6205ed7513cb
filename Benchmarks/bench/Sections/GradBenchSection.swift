import DualTapePlot
import Foundation

// RESULTS.md's GradBench section, rendered from Benchmarks/results/gradbench.json, which
// Benchmarks/gradbench/run.sh writes from a real run of GradBench's evals against DualTape's
// tool and GradBench's C++ tools. Nothing here measures: it reports that run.

/// The summary file, if a GradBench run has written one.
func gradBenchSummaryURL() -> URL? {
  guard let root = repositoryRoot() else { return nil }
  let url = root.appendingPathComponent("Benchmarks/results/gradbench.json")
  return FileManager.default.fileExists(atPath: url.path) ? url : nil
}

/// One evaluate message of the run: a function at one size, each tool's result.
private struct GradBenchRow {
  let function: String
  let description: String
  /// Tool → (median evaluate time in ns, valid).
  let tools: [String: (median: Double?, valid: Bool)]
}

/// The section from the summary at `url`; a summary it cannot read is reported in the section.
func gradBenchSection(_ url: URL) -> BenchSection {
  guard let data = try? Data(contentsOf: url),
    let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
    let tools = root["tools"] as? [String], let evals = root["evals"] as? [String: [[String: Any]]]
  else {
    let reason =
      "`Benchmarks/results/gradbench.json` could not be read; rerun Benchmarks/gradbench/run.sh."
    return BenchSection(title: "GradBench", markdown: reason, json: .notMeasured(reason))
  }
  let others = tools.filter { $0 != "dualtape" }
  var md = """
    DualTape's GradBench tool (`dualtape-gradbench`) and GradBench's C++ tools on GradBench's own \
    evals, inputs and validators, run back to back by `Benchmarks/gradbench/run.sh` on \
    \(root["machine"] as? String ?? "?") (\(root["date"] as? String ?? "?"), `--min-seconds \
    \(root["min_seconds"] as? Double ?? 0)`, GradBench \
    \(root["gradbench_commit"] as? String ?? "?"), \
    DualTape \(root["dualtape_commit"] as? String ?? "?")). Times are the median of each message's \
    `evaluate` timings (GradBench's scorer takes their mean; the median resists the other jobs of \
    a shared machine; the means are in gradbench.json); a ratio is *tool ÷ DualTape*: above 1, \
    DualTape is faster. ✗ marks an evaluate that failed or that GradBench's validator rejected. \
    `hello` checks the protocol and is left out of the summary.

    """
  // A partial rerun replaces the figures of the evals it ran: say which, so that no reader
  // takes two sessions' figures for one.
  for rerun in (root["reruns"] as? [[String: Any]]) ?? [] {
    let rerunTools = (rerun["tools"] as? [String]) ?? []
    let rerunEvals = (rerun["evals"] as? [String]) ?? []
    md +=
      "Rerun \(rerun["date"] as? String ?? "?") (DualTape "
      + "\(rerun["dualtape_commit"] as? String ?? "?"), `--min-seconds "
      + "\(rerun["min_seconds"] as? Double ?? 0)`): \(rerunTools.joined(separator: ", ")) on "
      + "\(rerunEvals.joined(separator: ", ")); its figures replace the ones above for those "
      + "tools and evals.\n\n"
  }
  var valid = [String: (Int, Int)]()
  var summary: [(eval: String, function: String, ratios: [String: [Double]])] = []
  for (eval, entries) in evals.sorted(by: { $0.key < $1.key }) {
    let rows = entries.map { e in
      GradBenchRow(
        function: e["function"] as? String ?? "?", description: e["description"] as? String ?? "",
        tools: ((e["tools"] as? [String: [String: Any]]) ?? [:]).mapValues {
          (($0["median_ns"] as? NSNumber)?.doubleValue, $0["valid"] as? Bool ?? false)
        })
    }
    let present = tools.filter { t in rows.contains { $0.tools[t] != nil } }
    let compared = present.contains("dualtape") ? others.filter(present.contains) : []
    let header = ["function", "size"] + present + compared.map { "\($0) ÷ DualTape" }
    md += "\n### \(eval)\n\n| " + header.joined(separator: " | ") + " |\n|---|---|"
    md += String(repeating: "---:|", count: header.count - 2) + "\n"
    var ratios = [String: [String: [Double]]]()
    for row in rows {
      md += "| \(row.function) | \(row.description) | "
      md += present.map { t in
        guard let r = row.tools[t] else { return "–" }
        var counts = valid[t, default: (0, 0)]
        counts.1 += 1
        if r.valid { counts.0 += 1 }
        valid[t] = counts
        return (r.median.map { compactSeconds($0 / 1e9) } ?? "–") + (r.valid ? "" : " ✗")
      }.joined(separator: " | ")
      for t in compared {
        let ratio = row.tools[t].flatMap { o in
          row.tools["dualtape"].flatMap { d in
            (o.median != nil && d.median != nil && o.valid && d.valid) ? o.median! / d.median! : nil
          }
        }
        md += " | " + (ratio.map { significant($0) + "×" } ?? "–")
        if let ratio { ratios[row.function, default: [:]][t, default: []].append(ratio) }
      }
      md += " |\n"
    }
    for (function, byTool) in ratios.sorted(by: { $0.key < $1.key }) where eval != "hello" {
      summary.append((eval, function, byTool))
    }
  }
  md += "\n### Summary\n\nValid evaluates: "
  md += tools.map { t in "\(t) \(valid[t]?.0 ?? 0)/\(valid[t]?.1 ?? 0)" }.joined(separator: ", ")
  md += ".\n\nGeometric mean over sizes of *tool ÷ DualTape* (lowest size in brackets):\n\n"
  md += "| eval | function | " + others.joined(separator: " | ") + " |\n|---|---|"
  md += String(repeating: "---:|", count: others.count) + "\n"
  func geomean(_ v: [Double]) -> Double {
    Foundation.exp(v.map { Foundation.log($0) }.reduce(0, +) / Double(v.count))
  }
  var summaryJSON: [JSONValue] = []
  for s in summary {
    var geomeans: [String: JSONValue] = [:]
    var lowest: [String: JSONValue] = [:]
    for (t, v) in s.ratios where !v.isEmpty {
      geomeans[t] = .number(geomean(v))
      lowest[t] = .number(v.min()!)
    }
    summaryJSON.append(
      [
        "eval": .string(s.eval), "function": .string(s.function),
        "geomean_over_dualtape": .object(geomeans), "lowest_size_over_dualtape": .object(lowest),
      ])
    md += "| \(s.eval) | \(s.function) | "
    md +=
      others.map { t in
        guard let v = s.ratios[t], !v.isEmpty else { return "–" }
        return "\(significant(geomean(v)))× (\(significant(v.min()!))×)"
      }.joined(separator: " | ") + " |\n"
  }
  let groups = summary.map { s in
    (
      name: "\(s.eval) \(s.function)",
      bars: others.enumerated().compactMap { k, t in
        s.ratios[t].map { Bar(t, color: palette[k % palette.count], value: geomean($0)) }
      }
    )
  }.filter { !$0.bars.isEmpty }
  var svgs: [(fileName: String, svg: String)] = []
  if !groups.isEmpty {
    let chart = BarChart(
      title: "GradBench: other tools' time ÷ DualTape's",
      subtitle: "geometric mean over each eval's sizes; above 1, DualTape is faster",
      axis: Axis("tool time ÷ DualTape time (log scale)", scale: .log), groups: groups,
      valueLabel: { significant($0) + "×" }, reference: (1, "1× = as fast as DualTape"))
    svgs.append(("gradbench.svg", chart.svg))
    md += "\n![GradBench: each tool's time ÷ DualTape's](Benchmarks/results/gradbench.svg)\n"
  }
  let json: JSONValue = [
    "run": [
      "date": .string(root["date"] as? String ?? "?"),
      "machine": .string(root["machine"] as? String ?? "?"),
      "dualtape_commit": .string(root["dualtape_commit"] as? String ?? "?"),
      "gradbench_commit": .string(root["gradbench_commit"] as? String ?? "?"),
    ],
    "valid_evaluates": .object(
      Dictionary(
        uniqueKeysWithValues: tools.map { t in
          (t, ["valid": .integer(valid[t]?.0 ?? 0), "total": .integer(valid[t]?.1 ?? 0)])
        })),
    "summary": .array(summaryJSON),
  ]
  return BenchSection(title: "GradBench", markdown: md, svgs: svgs, json: json)
}
