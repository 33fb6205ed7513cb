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
  md += gradBenchFigures(summary.map { ($0.eval, $0.function, $0.ratios) }, geomean: geomean)
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

/// Issue 17's figures, judged from the summary: each derivative at least as fast as CoDiPack and
/// Adept (geometric mean over sizes ≥ 1, no size below 0.8), each objective or primal within 1.5x
/// of `manual` (no size below 1/1.5); then what limits the figures, from
/// Benchmarks/gradbench/LIMITS.md (instruction counts and profiles taken outside this run, with
/// the commands that reproduce them), when that file exists.
private func gradBenchFigures(
  _ summary: [(eval: String, function: String, ratios: [String: [Double]])],
  geomean: ([Double]) -> Double
) -> String {
  let derivatives: Set = ["gradient", "jacobian", "dir", "hessian"]
  var lines: [String] = []
  var missed: [String] = []
  for s in summary {
    let isDerivative = derivatives.contains(s.function)
    let peers = isDerivative ? ["codipack", "adept"] : ["manual"]
    let (target, floor) = isDerivative ? (1.0, 0.8) : (1 / 1.5, 1 / 1.5)
    for peer in peers {
      guard let v = s.ratios[peer], !v.isEmpty else { continue }
      let (g, low) = (geomean(v), v.min()!)
      let met = g >= target && low >= floor
      let figure = "\(s.eval) \(s.function) ÷ \(peer)"
      lines.append(
        "| \(figure) | \(significant(g))× (\(significant(low))×) | "
          + (met ? "met" : "**missed**") + " |")
      if !met { missed.append(figure) }
    }
  }
  guard !lines.isEmpty else { return "" }
  var md = """

    Issue 17's figures: each derivative at least as fast as CoDiPack and Adept (*tool ÷ DualTape* \
    ≥ 1 by geometric mean, no size below 0.8), each objective or primal within 1.5x of `manual` \
    (no size below 0.67):

    | figure | geometric mean (lowest size) | status |
    |---|---:|---|

    """
  md += lines.joined(separator: "\n") + "\n"
  md +=
    missed.isEmpty
    ? "\nEvery figure is met in this run.\n"
    : "\nMissed in this run: \(missed.joined(separator: "; ")).\n"
  if let root = repositoryRoot(),
    let limits = try? String(
      contentsOf: root.appendingPathComponent("Benchmarks/gradbench/LIMITS.md"), encoding: .utf8)
  {
    md += "\n#### What limits the figures (Benchmarks/gradbench/LIMITS.md)\n\n" + limits
  }
  return md
}
