import Foundation

// `--json FILE`: one JSON object with the run's context, the figures, every measurement of the
// sweep (Codable rows) and every section's numbers (`sections`, one key per section), so that a
// user's CI can track any number RESULTS.md shows.

/// A JSON value, for the sections' numbers.
///
/// Numbers that are not finite (a ratio of two missing times) encode as `null`, which JSON
/// can hold and `JSONEncoder` would otherwise refuse.
enum JSONValue: Encodable, ExpressibleByDictionaryLiteral, ExpressibleByArrayLiteral,
  ExpressibleByStringLiteral
{
  case null
  case bool(Bool)
  case integer(Int)
  case number(Double)
  case string(String)
  case array([JSONValue])
  case object([String: JSONValue])

  init(dictionaryLiteral elements: (String, JSONValue)...) {
    self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
  }
  init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
  init(stringLiteral value: String) { self = .string(value) }

  /// A number, or `null` where there is none.
  static func optional(_ x: Double?) -> JSONValue { x.map { .number($0) } ?? .null }

  /// A section's value when it could not measure: the reason, under `not_measured`.
  static func notMeasured(_ reason: String) -> JSONValue { ["not_measured": .string(reason)] }

  /// Whether a number (finite) occurs anywhere in the value.
  var containsNumber: Bool {
    switch self {
    case .integer: return true
    case .number(let x): return x.isFinite
    case .array(let values): return values.contains { $0.containsNumber }
    case .object(let members): return members.values.contains { $0.containsNumber }
    case .null, .bool, .string: return false
    }
  }

  func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    switch self {
    case .null: try container.encodeNil()
    case .bool(let b): try container.encode(b)
    case .integer(let n): try container.encode(n)
    case .number(let x):
      if x.isFinite { try container.encode(x) } else { try container.encodeNil() }
    case .string(let s): try container.encode(s)
    case .array(let values): try container.encode(values)
    case .object(let members): try container.encode(members)
    }
  }
}

/// One measurement as `--json` writes it.
struct MeasurementRow: Codable {
  var function: String
  var engine: String
  var task: String
  var n: Int
  var m: Int
  var medianSeconds: Double
  var minSeconds: Double
  /// Median over rounds of (engine time / Swift Double primal time).
  var ratioToPrimal: Double?
  /// Median over rounds of (engine time / C primal time).
  var ratioToCPrimal: Double?
  var maxErrorVsFD: Double?

  /// The keys in the JSON (snake_case, as before).
  enum CodingKeys: String, CodingKey {
    case function, engine, task, n, m
    case medianSeconds = "median_seconds"
    case minSeconds = "min_seconds"
    case ratioToPrimal = "ratio_to_primal"
    case ratioToCPrimal = "ratio_to_c_primal"
    case maxErrorVsFD = "max_error_vs_fd"
  }

  init(_ m: Measurement) {
    function = m.function
    engine = m.engine.rawValue
    task = m.task.rawValue
    n = m.n
    self.m = m.m
    medianSeconds = m.timing.median
    minSeconds = m.timing.min
    ratioToPrimal = m.ratioToPrimal.flatMap { $0.isFinite ? $0 : nil }
    ratioToCPrimal = m.ratioToC.flatMap { $0.isFinite ? $0 : nil }
    maxErrorVsFD = m.errorVsFD.flatMap { $0.isFinite ? $0 : nil }
  }

  /// Encodes every key, absent values as `null` (the synthesized encoder would leave them out).
  func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(function, forKey: .function)
    try c.encode(engine, forKey: .engine)
    try c.encode(task, forKey: .task)
    try c.encode(n, forKey: .n)
    try c.encode(m, forKey: .m)
    try c.encode(medianSeconds, forKey: .medianSeconds)
    try c.encode(minSeconds, forKey: .minSeconds)
    try c.encode(ratioToPrimal, forKey: .ratioToPrimal)
    try c.encode(ratioToCPrimal, forKey: .ratioToCPrimal)
    try c.encode(maxErrorVsFD, forKey: .maxErrorVsFD)
  }
}

/// The whole `--json` document.
struct JSONReport: Encodable {
  /// The command line, the UTC date, the mode and the build.
  var command: String
  var date: String
  var mode: String
  var build: String
  /// CPU, cores, memory, system and toolchain.
  var machine: JSONValue
  /// RESULTS.md's Figures table: name, target, measured, status.
  var figures: [JSONValue]
  /// The sweep's measurements (empty for a `--section` run, which skips the sweep).
  var measurements: [MeasurementRow]
  /// Every section's numbers under its key (the `--section` name in snake_case).
  var sections: [String: JSONValue]

  /// The document, keys sorted, one key per line.
  func encoded() throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    return try encoder.encode(self)
  }
}

/// The sections whose JSON is missing or carries no number (nor a `not_measured` reason), and
/// keys that are empty or repeated: every section must give `--json` its figures. Checked by
/// every run, so a section added without its JSON fails CI's `--quick` run.
func sectionJSONProblems(_ sections: [BenchSection]) -> [String] {
  var problems: [String] = []
  var seen = Set<String>()
  for section in sections {
    if section.key.isEmpty {
      problems.append("the section \"\(section.title)\" has no JSON key")
    } else if !seen.insert(section.key).inserted {
      problems.append("two sections have the JSON key \"\(section.key)\"")
    }
    var reason = false
    if case .object(let members) = section.json, case .string? = members["not_measured"] {
      reason = true
    }
    if !section.json.containsNumber && !reason {
      problems.append(
        "the section \"\(section.title)\" gives --json no numbers (set its BenchSection's json)")
    }
  }
  return problems
}

/// Stops the run (exit status 1) if a section gives `--json` no numbers: every section's
/// figures must reach `--json`, so a user's CI can track them (checked by every run, CI's
/// `--quick` run included).
func checkSectionJSON(_ sections: [BenchSection]) {
  let problems = sectionJSONProblems(sections)
  guard !problems.isEmpty else { return }
  FileHandle.standardError.write(
    Data(("bench: " + problems.joined(separator: "; ") + ".\n").utf8))
  exit(1)
}
