import DualTape
import DualTapePlot

// The sweep's gradients of f: ℝⁿ → ℝ: every engine's cost per size, against the Swift and C
// primals, with the worst error against finite differences.

extension Report {
  /// The gradient tables, one per function, with their plots.
  func gradientSection() -> BenchSection? {
    let k = Forward.defaultChunkSize(forInputCount: 1024)
    var md = "Costs in × one `Double` evaluation of f. *fwd JVP*: one directional derivative;"
    md +=
      " *fwd grad*: chunked forward mode, ⌈n/k⌉ passes (k = \(k) from n = 4 on); *rev grad*: one"
      + " recording and one sweep;"
    md += " *FD*: central differences, 2n evaluations; *Swift AD*: `valueWithGradient`."
    md += " *C primal*: the same f in C (-O3); *rev ÷ C*: the reverse gradient over the C primal."
    md += " *fwd ÷ rev* and *Swift AD ÷ rev*: time ratios, above 1 reverse is faster. Error: the"
    md += " worst normwise error of the AD results against finite differences.\n"
    var json: [String: JSONValue] = [:]
    for (function, sizes) in scalarFunctions {
      md += "\n### \(function.rawValue)\n\n"
      md +=
        "| n | f(x), Swift | C primal | fwd JVP | fwd grad | rev grad | rev ÷ C | FD grad"
        + " | Swift AD grad | fwd ÷ rev | Swift AD ÷ rev | worst error vs FD |\n"
      md +=
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n"
      var rows: [JSONValue] = []
      for n in sizes {
        guard let p = index[function, n: n, m: 1, .primal, .value] else { continue }
        let cost = { (e: Engine, t: Task) in self.index[function, n: n, m: 1, e, t]?.ratioToPrimal }
        let rev = index[function, n: n, m: 1, .reverse, .gradient]
        let over = { (e: Engine) -> Double? in
          guard let r = rev, let other = self.index[function, n: n, m: 1, e, .gradient] else {
            return nil
          }
          return timeRatio(other, r)
        }
        let worst = sweep.measurements.filter { $0.function == function.rawValue && $0.n == n }
          .compactMap(\.errorVsFD).max()
        // The table's columns after n and f(x), in order: name in --json, value.
        let columns: [(String, Double?)] = [
          ("c_primal", cost(.cPrimal, .value)), ("fwd_jvp", cost(.forward, .jvp)),
          ("fwd_grad", cost(.forward, .gradient)), ("rev_grad", cost(.reverse, .gradient)),
          ("rev_over_c", rev?.ratioToC), ("fd_grad", cost(.finiteDifference, .gradient)),
          ("swift_ad_grad", cost(.swiftAutodiff, .gradient)), ("fwd_over_rev", over(.forward)),
          ("swift_ad_over_rev", over(.swiftAutodiff)),
        ]
        let cells =
          ["\(n)", formatSeconds(p.timing.median)] + columns.map { formatRatio($0.1) }
          + [formatError(worst)]
        md += "| " + cells.joined(separator: " | ") + " |\n"
        var row: [String: JSONValue] = [
          "n": .integer(n), "primal_seconds": .number(p.timing.median),
          "worst_error_vs_fd": .optional(worst),
        ]
        for (key, value) in columns { row[key] = .optional(value) }
        rows.append(.object(row))
      }
      json[function.rawValue] = .array(rows)
      if let plot = plot("gradient-cost-\(function.rawValue).svg") { md += "\n" + image(plot) }
      if function == .mlpLoss, let plot = plot("gradient-cost-losses.svg") {
        md += "\n" + image(plot)
      }
    }
    // A --filter run may select only the maps.
    return BenchSection(
      title: "Gradients of f: ℝⁿ → ℝ", lines: md,
      json: json.isEmpty ? .notMeasured("no function f: ℝⁿ → ℝ was measured") : .object(json))
  }
}
