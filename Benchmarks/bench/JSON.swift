import Foundation

// `--json FILE`: every measurement as a JSON array of objects, encoded from Codable rows.

/// One measurement as `--json` writes it.
struct MeasurementRow: Codable {
  var function: String
  var engine: String
  var task: String
  var n: Int
  var m: Int
  var median_seconds: Double
  var min_seconds: Double
  /// Median over rounds of (engine time / Swift Double primal time).
  var ratio_to_primal: Double?
  /// Median over rounds of (engine time / C primal time).
  var ratio_to_c_primal: Double?
  var max_error_vs_fd: Double?

  init(_ m: Measurement) {
    function = m.function
    engine = m.engine.rawValue
    task = m.task.rawValue
    n = m.n
    self.m = m.m
    median_seconds = m.timing.median
    min_seconds = m.timing.min
    ratio_to_primal = m.ratioToPrimal.flatMap { $0.isFinite ? $0 : nil }
    ratio_to_c_primal = m.ratioToC.flatMap { $0.isFinite ? $0 : nil }
    max_error_vs_fd = m.errorVsFD.flatMap { $0.isFinite ? $0 : nil }
  }

  /// Encodes every key, absent values as `null` (the synthesized encoder would leave them out).
  func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(function, forKey: .function)
    try c.encode(engine, forKey: .engine)
    try c.encode(task, forKey: .task)
    try c.encode(n, forKey: .n)
    try c.encode(m, forKey: .m)
    try c.encode(median_seconds, forKey: .median_seconds)
    try c.encode(min_seconds, forKey: .min_seconds)
    try c.encode(ratio_to_primal, forKey: .ratio_to_primal)
    try c.encode(ratio_to_c_primal, forKey: .ratio_to_c_primal)
    try c.encode(max_error_vs_fd, forKey: .max_error_vs_fd)
  }
}

/// The measurements as a JSON array (keys sorted, one key per line).
func jsonReport(_ measurements: [Measurement]) throws -> Data {
  let encoder = JSONEncoder()
  encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
  return try encoder.encode(measurements.map(MeasurementRow.init))
}
