import DualTape
import DualTapePlot

// The sweep's Jacobians of f: ℝⁿ → ℝᵐ over the (n, m) grid: every engine's cost per cell, which
// engine is faster, and the heat maps.

extension Report {
  /// The Jacobian tables and heat maps; nil when no map family was measured.
  func jacobianSection() -> BenchSection? {
    guard !mapFunctions.isEmpty else { return nil }
    var md =
      "*sinMap*: y_j = Σᵢ sin((j+1)·xᵢ)·xᵢ, dense (n·m sines). *bandedSinMap*: the same terms"
    md += " restricted to 3 inputs per output, a banded Jacobian (3m sines). Forward Jacobian:"
    md +=
      " ⌈n/k⌉ chunked passes (k = \(Forward.defaultChunkSize(forInputCount: 1024))); reverse"
      + " Jacobian: one recording and m sweeps.\n"
    var json: [String: JSONValue] = [:]
    for function in mapFunctions {
      md += "\n### \(function.rawValue)\n\n"
      if let plot = plot("heatmap-\(function.rawValue).svg") { md += image(plot) + "\n" }
      md +=
        "| n | m | f(x), Swift | fwd JVP | rev VJP | fwd J | rev J | FD J | Swift AD VJP"
        + " | fwd J ÷ rev J | worst error vs FD |\n"
      md += "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |\n"
      // The cost columns, in order: name in --json, engine, task.
      let columns: [(String, Engine, Task)] = [
        ("fwd_jvp", .forward, .jvp), ("rev_vjp", .reverse, .vjp),
        ("fwd_jacobian", .forward, .jacobian), ("rev_jacobian", .reverse, .jacobian),
        ("fd_jacobian", .finiteDifference, .jacobian), ("swift_ad_vjp", .swiftAutodiff, .vjp),
      ]
      var rows: [JSONValue] = []
      for m in plan.gridSizes {
        for n in plan.gridSizes {
          guard let p = index[function, n: n, m: m, .primal, .value] else { continue }
          let costs = columns.map { index[function, n: n, m: m, $0.1, $0.2]?.ratioToPrimal }
          var fwdOverRev: Double?
          var winner = "–"
          if let f = index[function, n: n, m: m, .forward, .jacobian],
            let r = index[function, n: n, m: m, .reverse, .jacobian]
          {
            let ratio = timeRatio(f, r)
            fwdOverRev = ratio
            winner = formatRatio(ratio) + (ratio > 1 ? " (reverse faster)" : " (forward faster)")
          }
          let worst = sweep.measurements.filter {
            $0.function == function.rawValue && $0.n == n && $0.m == m
          }.compactMap(\.errorVsFD).max()
          md +=
            "| \(n) | \(m) | \(formatSeconds(p.timing.median)) | "
            + costs.map(formatRatio).joined(separator: " | ")
            + " | \(winner) | \(formatError(worst)) |\n"
          var row: [String: JSONValue] = [
            "n": .integer(n), "m": .integer(m), "primal_seconds": .number(p.timing.median),
            "fwd_over_rev_jacobian": .optional(fwdOverRev), "worst_error_vs_fd": .optional(worst),
          ]
          for (column, cost) in zip(columns, costs) { row[column.0] = .optional(cost) }
          rows.append(.object(row))
        }
      }
      json[function.rawValue] = .array(rows)
      if function == .sinMap && !sweep.skippedDenseCells.isEmpty {
        let cells = sweep.skippedDenseCells.map { "(\($0.n), \($0.m))" }.joined(separator: ", ")
        md +=
          "\nNot run in this mode (the Jacobians cost n·m·min(n, m) sines; use `--full`):"
          + " \(cells).\n"
      }
    }
    if let plot = plots.first(where: { $0.fileName.hasPrefix("jacobian-time") }) {
      md += "\n" + image(plot)
    }
    return BenchSection(
      title: "Jacobians of f: ℝⁿ → ℝᵐ over the (n, m) grid", lines: md, json: .object(json))
  }
}
