// `--json FILE`: every measurement as a JSON array of objects.

/// A JSON number, or `null` for nil and non-finite values.
private func jsonNumber(_ x: Double?) -> String {
  guard let x, x.isFinite else { return "null" }
  return "\(x)"
}

/// The measurements as a JSON array with the keys `function`, `engine`, `task`, `n`, `m`,
/// `median_seconds`, `min_seconds`, `ratio_to_primal` and `max_error_vs_fd` (null where not
/// applicable), one object per line.
func jsonReport(_ measurements: [Measurement]) -> String {
  let objects = measurements.map { m in
    "  {\"function\": \"\(m.function)\", \"engine\": \"\(m.engine.rawValue)\", \"task\": \"\(m.task.rawValue)\", "
      + "\"n\": \(m.n), \"m\": \(m.m), \"median_seconds\": \(jsonNumber(m.timing.median)), "
      + "\"min_seconds\": \(jsonNumber(m.timing.min)), \"ratio_to_primal\": \(jsonNumber(m.ratioToPrimal)), "
      + "\"max_error_vs_fd\": \(jsonNumber(m.errorVsFD))}"
  }
  return "[\n" + objects.joined(separator: ",\n") + "\n]\n"
}
