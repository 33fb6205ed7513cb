import DualTapePlot

// The sweep against the C primal: every engine's time ÷ the same function in C (-O3), the
// numbers to compare with other AD tools.

extension Report {
  /// Every engine against the C primal; nil when the sweep timed no C primal.
  func cPrimalSection() -> BenchSection? {
    let cases = sweep.measurements.filter { $0.engine == .cPrimal }
    guard !cases.isEmpty else { return nil }
    var md = "Each engine's time ÷ the time of the same function written in plain C and compiled"
    md += " with -O3 (Benchmarks/BenchC), median of per-round ratios: the figures to compare with"
    md += " other AD tools measured against their own compiled primal. *Swift f(x)*: the Swift"
    md += " `Double` evaluation ÷ C.\n\n"
    md +=
      "| function | n | m | C f(x) | Swift f(x) | fwd JVP | fwd grad / J | rev grad / J"
      + " | rev VJP |\n"
    md += "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n"
    let maps = [FunctionName.sinMap.rawValue, FunctionName.bandedSinMap.rawValue]
    // Every size of the scalar functions; the square cells of the two maps.
    let shown = cases.filter { c in
      !maps.contains(c.function) || (c.n == c.m && [16, 64, 256, 1024].contains(c.n))
    }
    var rows: [JSONValue] = []
    for c in shown {
      guard let f = FunctionName(rawValue: c.function) else { continue }
      let full: Task = maps.contains(c.function) ? .jacobian : .gradient
      // The columns after C f(x), in order: name in --json, engine, task.
      let columns: [(String, Engine, Task)] = [
        ("swift_primal", .primal, .value), ("fwd_jvp", .forward, .jvp),
        ("fwd_full", .forward, full), ("rev_full", .reverse, full), ("rev_vjp", .reverse, .vjp),
      ]
      let ratios = columns.map { index[f, n: c.n, m: c.m, $0.1, $0.2]?.ratioToC }
      md +=
        "| \(c.function) | \(c.n) | \(c.m) | \(formatSeconds(c.timing.median)) | "
        + ratios.map(formatRatio).joined(separator: " | ") + " |\n"
      var row: [String: JSONValue] = [
        "function": .string(c.function), "n": .integer(c.n), "m": .integer(c.m),
        "c_primal_seconds": .number(c.timing.median),
      ]
      for (column, ratio) in zip(columns, ratios) { row[column.0] = .optional(ratio) }
      rows.append(.object(row))
    }
    return BenchSection(title: "Against the C primal", lines: md, json: ["rows": .array(rows)])
  }
}
