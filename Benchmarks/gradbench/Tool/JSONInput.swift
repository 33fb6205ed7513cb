/// A message or input the tool cannot use, with a text that names the problem (sent back as the
/// response's `error`).
public struct ToolError: Error, CustomStringConvertible, Equatable {
  /// What is wrong and what to send instead.
  public let message: String
  /// An error with this message.
  public init(_ message: String) { self.message = message }
  /// The message.
  public var description: String { message }
}

/// A JSON value read by ``JSONReader``, with accessors that check its shape before anything
/// indexes it: every wrong type, missing field or ragged array is a ``ToolError`` naming the path.
public struct JSONInput {
  /// The value.
  public let value: JSONValue
  /// Where the value sits in the message, for error texts (`input.points[3]`).
  public let path: String

  /// Wraps a JSON value found at `path`.
  public init(_ value: JSONValue, path: String) {
    self.value = value
    self.path = path
  }

  /// Parses one line of JSON (see ``JSONReader``).
  public static func parse(_ line: String) throws -> JSONInput {
    JSONInput(try JSONReader.parse(line), path: "message")
  }

  // MARK: Objects

  /// Field `key` of this object, or nil if absent.
  public func optional(_ key: String) throws -> JSONInput? {
    guard case .object(let object) = value else {
      throw ToolError("\(path) must be a JSON object.")
    }
    return object[key].map { JSONInput($0, path: "\(path).\(key)") }
  }

  /// Field `key` of this object; a missing field is an error.
  public func field(_ key: String) throws -> JSONInput {
    guard let v = try optional(key) else {
      throw ToolError("\(path) has no field \"\(key)\"; add it.")
    }
    return v
  }

  // MARK: Scalars

  /// The value as a number.
  public func number() throws -> Double {
    guard case .number(let d) = value else { throw ToolError("\(path) must be a number.") }
    return d
  }

  /// The value as a finite number.
  public func finite() throws -> Double {
    let d = try number()
    guard d.isFinite else { throw ToolError("\(path) must be finite.") }
    return d
  }

  /// The value as an integer in `range`.
  public func integer(in range: ClosedRange<Int> = Int.min...Int.max) throws -> Int {
    let d = try number()
    guard d.rounded() == d, d >= Double(range.lowerBound), d <= Double(range.upperBound) else {
      throw ToolError("\(path) must be an integer in \(range.lowerBound)...\(range.upperBound).")
    }
    return Int(d)
  }

  /// The value as a boolean.
  public func bool() throws -> Bool {
    guard case .bool(let b) = value else { throw ToolError("\(path) must be true or false.") }
    return b
  }

  /// The value as a string.
  public func string() throws -> String {
    guard case .string(let s) = value else { throw ToolError("\(path) must be a string.") }
    return s
  }

  // MARK: Arrays

  /// The elements of an array.
  public func elements() throws -> [JSONInput] {
    let values: [JSONValue]
    switch value {
    case .array(let a): values = a
    case .numbers(let d): values = d.map(JSONValue.number)
    default: throw ToolError("\(path) must be an array.")
    }
    return values.enumerated().map { JSONInput($1, path: "\(path)[\($0)]") }
  }

  /// An array of finite numbers, `count` of them when given.
  public func numbers(count: Int? = nil) throws -> [Double] {
    switch value {
    case .numbers(let d):
      if let i = d.firstIndex(where: { !$0.isFinite }) {
        throw ToolError("\(path)[\(i)] must be a finite number.")
      }
      return try d.checkedCount(count, path)
    case .array(let a):
      return try a.checkedCount(count, path).enumerated().map { i, v in
        guard case .number(let d) = v, d.isFinite else {
          throw ToolError("\(path)[\(i)] must be a finite number.")
        }
        return d
      }
    default:
      throw ToolError("\(path) must be an array of numbers.")
    }
  }

  /// An array of integers in `range`.
  public func integers(in range: ClosedRange<Int>, count: Int? = nil) throws -> [Int] {
    try elements().map { try $0.integer(in: range) }.checkedCount(count, path)
  }

  /// A rectangular array of arrays of finite numbers; `rows` and `columns` when given.
  public func matrix(rows: Int? = nil, columns: Int? = nil) throws -> [[Double]] {
    let r = try elements().map { try $0.numbers() }.checkedCount(rows, path)
    let width = columns ?? r.first?.count ?? 0
    for (i, row) in r.enumerated() where row.count != width {
      throw ToolError("\(path)[\(i)] has \(row.count) entries; every row must have \(width).")
    }
    return r
  }

  /// A rectangular matrix flattened row by row, with its shape.
  public func flatMatrix(rows: Int? = nil, columns: Int? = nil) throws
    -> (values: [Double], rows: Int, columns: Int)
  {
    let m = try matrix(rows: rows, columns: columns)
    return (m.flatMap { $0 }, m.count, columns ?? m.first?.count ?? 0)
  }
}

extension Array {
  /// Self if it has `count` elements (or `count` is nil), else an error naming `path`.
  func checkedCount(_ count: Int?, _ path: String) throws -> Self {
    if let count, self.count != count {
      throw ToolError("\(path) has \(self.count) entries; it must have \(count).")
    }
    return self
  }
}
