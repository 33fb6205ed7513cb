/// A JSON value the tool writes: the outputs and responses. Written by hand (not
/// `JSONSerialization`) so that a non-finite number is an error naming where it is, never an
/// exception, and numbers print in the shortest form that reads back exactly.
public indirect enum JSON {
  case number(Double)
  case integer(Int)
  case bool(Bool)
  case string(String)
  case array([JSON])
  case numbers([Double])
  case object([(String, JSON)])

  /// An array of arrays of numbers.
  public static func matrix(_ rows: [[Double]]) -> JSON { .array(rows.map { .numbers($0) }) }

  /// The value as one line of JSON, or an error naming the first non-finite number.
  public func encoded() throws -> String {
    var out = ""
    try write(to: &out, path: "output")
    return out
  }

  func write(to out: inout String, path: String) throws {
    switch self {
    case .number(let d): try Self.write(d, to: &out, path: path)
    case .integer(let i): out += String(i)
    case .bool(let b): out += b ? "true" : "false"
    case .string(let s): Self.write(s, to: &out)
    case .numbers(let a):
      out += "["
      for (i, d) in a.enumerated() {
        if i > 0 { out += "," }
        try Self.write(d, to: &out, path: "\(path)[\(i)]")
      }
      out += "]"
    case .array(let a):
      out += "["
      for (i, v) in a.enumerated() {
        if i > 0 { out += "," }
        try v.write(to: &out, path: "\(path)[\(i)]")
      }
      out += "]"
    case .object(let fields):
      out += "{"
      for (i, (k, v)) in fields.enumerated() {
        if i > 0 { out += "," }
        Self.write(k, to: &out)
        out += ":"
        try v.write(to: &out, path: "\(path).\(k)")
      }
      out += "}"
    }
  }

  static func write(_ d: Double, to out: inout String, path: String) throws {
    guard d.isFinite else {
      throw ToolError(
        "\(path) is \(d); JSON has no such number (the computation overflowed or"
          + " left its domain at this input).")
    }
    out += d.description
  }

  static func write(_ s: String, to out: inout String) {
    out += "\""
    for u in s.unicodeScalars {
      switch u {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default:
        if u.value < 0x20 {
          let hex = String(u.value, radix: 16)
          out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          out.unicodeScalars.append(u)
        }
      }
    }
    out += "\""
  }
}
