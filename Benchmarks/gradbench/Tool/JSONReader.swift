#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A JSON value as ``JSONReader`` reads it.
public enum JSONValue: Equatable, Sendable {
  /// `null`.
  case null
  /// `true` or `false`.
  case bool(Bool)
  /// A number (JSON does not tell integers apart).
  case number(Double)
  /// A string, escapes decoded.
  case string(String)
  /// An array with at least one element that is not a number.
  case array([JSONValue])
  /// An array of numbers only (empty included): the reader keeps them as one `[Double]`, so
  /// that a large input (GradBench's `lse` sends up to 1.28·10⁶ numbers in one line) costs no
  /// value per element.
  case numbers([Double])
  /// An object; of a repeated field name, the last value.
  case object([String: JSONValue])
}

/// Reads one JSON text (RFC 8259), such as a GradBench message line, into a ``JSONValue``.
///
/// It replaces `JSONSerialization` (measured: 36 s for the 26 MB message of `lse` at
/// n = 1.28·10⁶, and every number boxed as an `NSNumber`): one pass over the UTF-8 bytes,
/// numbers checked against JSON's grammar and then converted by the C library's `strtod`
/// (correctly rounded), arrays of numbers kept as `[Double]`. Invalid text is a
/// ``ToolError`` that names the problem and its byte offset; nesting deeper than
/// ``maximumDepth`` is refused rather than overflowing the stack.
public enum JSONReader {
  /// How deep arrays and objects may nest.
  public static let maximumDepth = 512

  /// The value of a whole JSON text (surrounding whitespace allowed).
  public static func parse(_ text: String) throws -> JSONValue {
    let count = text.utf8.count
    // withCString: the bytes end in a NUL (no copy for a native string), so strtod stops
    // there at the latest; `count` still bounds the parser, so an embedded NUL is an error.
    return try text.withCString { c in
      try c.withMemoryRebound(to: UInt8.self, capacity: count + 1) { bytes in
        var parser = Parser(bytes: bytes, end: count)
        parser.skipWhitespace()
        let value = try parser.value()
        parser.skipWhitespace()
        if parser.i < count { throw parser.failure("text after the JSON value") }
        return value
      }
    }
  }

  struct Parser {
    let bytes: UnsafePointer<UInt8>
    let end: Int
    var i = 0
    var depth = 0

    init(bytes: UnsafePointer<UInt8>, end: Int) {
      self.bytes = bytes
      self.end = end
    }

    func failure(_ problem: String) -> ToolError {
      ToolError(
        "the message is not valid JSON (\(problem), at byte \(i)); send one JSON object per"
          + " line.")
    }

    /// The byte at the cursor, or nil at the end.
    var current: UInt8? { i < end ? bytes[i] : nil }

    mutating func skipWhitespace() {
      while i < end {
        switch bytes[i] {
        case 0x20, 0x09, 0x0A, 0x0D: i += 1
        default: return
        }
      }
    }

    mutating func value() throws -> JSONValue {
      guard let c = current else { throw failure("unexpected end of the text") }
      switch c {
      case UInt8(ascii: "{"): return try object()
      case UInt8(ascii: "["): return try array()
      case UInt8(ascii: "\""): return .string(try string())
      case UInt8(ascii: "t"): return try literal("true", .bool(true))
      case UInt8(ascii: "f"): return try literal("false", .bool(false))
      case UInt8(ascii: "n"): return try literal("null", .null)
      case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
      default: throw failure("unexpected character \(Self.show(c))")
      }
    }

    static func show(_ c: UInt8) -> String {
      c >= 0x20 && c < 0x7F ? "'\(Character(Unicode.Scalar(c)))'" : "byte \(c)"
    }

    mutating func literal(_ word: StaticString, _ value: JSONValue) throws -> JSONValue {
      let n = word.utf8CodeUnitCount
      guard i + n <= end, memcmp(bytes + i, word.utf8Start, n) == 0 else {
        throw failure("unknown word (true, false and null are the only ones)")
      }
      i += n
      return value
    }

    mutating func enter() throws {
      depth += 1
      if depth > JSONReader.maximumDepth {
        throw failure("arrays and objects nested deeper than \(JSONReader.maximumDepth) levels")
      }
    }

    mutating func array() throws -> JSONValue {
      try enter()
      i += 1  // [
      skipWhitespace()
      if current == UInt8(ascii: "]") {
        i += 1
        depth -= 1
        return .numbers([])
      }
      var numbers: [Double] = []
      var values: [JSONValue]? = nil
      while true {
        skipWhitespace()
        if values == nil, let c = current, c == UInt8(ascii: "-") || (c >= 48 && c <= 57) {
          numbers.append(try number())
        } else {
          if values == nil { values = numbers.map(JSONValue.number) }
          values!.append(try value())
        }
        if try closes("]", "an array") { return values.map(JSONValue.array) ?? .numbers(numbers) }
      }
    }

    mutating func object() throws -> JSONValue {
      try enter()
      i += 1  // {
      var fields: [String: JSONValue] = [:]
      skipWhitespace()
      if current == UInt8(ascii: "}") {
        i += 1
        depth -= 1
        return .object(fields)
      }
      while true {
        skipWhitespace()
        guard current == UInt8(ascii: "\"") else {
          throw failure("expected a field name in double quotes")
        }
        let key = try string()
        skipWhitespace()
        guard current == UInt8(ascii: ":") else { throw failure("expected ':' after a field name") }
        i += 1
        skipWhitespace()
        fields[key] = try value()
        if try closes("}", "an object") { return .object(fields) }
      }
    }

    /// After an element of an array or object: true past its closing bracket, false past a
    /// comma (another element follows).
    mutating func closes(_ bracket: Unicode.Scalar, _ kind: String) throws -> Bool {
      skipWhitespace()
      switch current {
      case UInt8(ascii: ","):
        i += 1
        return false
      case UInt8(ascii: bracket):
        i += 1
        depth -= 1
        return true
      case nil: throw failure("unexpected end of the text in \(kind)")
      default: throw failure("expected ',' or '\(bracket)' in \(kind)")
      }
    }

    /// Digits 0-9 from the cursor; how many.
    mutating func digits() -> Int {
      let start = i
      while i < end, bytes[i] >= 48, bytes[i] <= 57 { i += 1 }
      return i - start
    }

    /// A number in JSON's grammar, -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?.
    mutating func number() throws -> Double {
      let start = i
      let negative = current == UInt8(ascii: "-")
      if negative { i += 1 }
      let integerStart = i
      if current == UInt8(ascii: "0") {
        i += 1
      } else if digits() == 0 {
        throw failure("a number needs a digit after '-'")
      }
      var plain = i - integerStart <= 15  // an integer of at most 15 digits: exact in a Double
      if current == UInt8(ascii: ".") {
        i += 1
        plain = false
        if digits() == 0 { throw failure("a number needs digits after its decimal point") }
      }
      if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
        i += 1
        plain = false
        if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { i += 1 }
        if digits() == 0 { throw failure("a number needs digits in its exponent") }
      }
      if plain {
        var v = 0.0
        for k in integerStart..<i { v = v * 10 + Double(bytes[k] - 48) }
        return negative ? -v : v
      }
      // The span is a valid JSON number, which strtod reads whole (its own grammar is wider).
      return (bytes + start).withMemoryRebound(to: CChar.self, capacity: i - start) {
        strtod($0, nil)
      }
    }

    /// A string from the opening quote at the cursor, escapes decoded.
    mutating func string() throws -> String {
      i += 1  // "
      let start = i
      while i < end, bytes[i] != UInt8(ascii: "\""), bytes[i] != UInt8(ascii: "\\"),
        bytes[i] >= 0x20
      {
        i += 1
      }
      if current == UInt8(ascii: "\"") {
        i += 1
        let text = UnsafeBufferPointer(start: bytes + start, count: i - 1 - start)
        return String(decoding: text, as: UTF8.self)
      }
      var utf8 = Array(UnsafeBufferPointer(start: bytes + start, count: i - start))
      while true {
        guard let c = current else { throw failure("a string is not closed") }
        i += 1
        switch c {
        case UInt8(ascii: "\""):
          return String(decoding: utf8, as: UTF8.self)
        case UInt8(ascii: "\\"):
          try escape(into: &utf8)
        case ..<0x20:
          i -= 1
          throw failure("a control character in a string (write it as an escape such as \\n)")
        default:
          utf8.append(c)
        }
      }
    }

    /// The escape after a backslash, appended as UTF-8.
    mutating func escape(into utf8: inout [UInt8]) throws {
      guard let c = current else { throw failure("a string is not closed") }
      i += 1
      switch c {
      case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(c)
      case UInt8(ascii: "b"): utf8.append(0x08)
      case UInt8(ascii: "f"): utf8.append(0x0C)
      case UInt8(ascii: "n"): utf8.append(0x0A)
      case UInt8(ascii: "r"): utf8.append(0x0D)
      case UInt8(ascii: "t"): utf8.append(0x09)
      case UInt8(ascii: "u"):
        var code = try hex4()
        if code >= 0xD800 && code < 0xDC00 {
          // A high surrogate must be followed by \u and a low one.
          guard i + 1 < end, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u")
          else { throw failure("a \\u escape of a high surrogate without its low surrogate") }
          i += 2
          let low = try hex4()
          guard low >= 0xDC00 && low < 0xE000 else {
            throw failure("a \\u escape of a high surrogate without its low surrogate")
          }
          code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
        } else if code >= 0xDC00 && code < 0xE000 {
          throw failure("a \\u escape of a low surrogate without its high surrogate")
        }
        utf8.append(contentsOf: String(Character(Unicode.Scalar(code)!)).utf8)
      default:
        i -= 1
        throw failure("an unknown escape \\\(Self.show(c))")
      }
    }

    /// Four hexadecimal digits.
    mutating func hex4() throws -> UInt32 {
      guard i + 4 <= end else { throw failure("a \\u escape needs four hexadecimal digits") }
      var v: UInt32 = 0
      for _ in 0..<4 {
        let c = bytes[i]
        let d: UInt8
        switch c {
        case 48...57: d = c - 48
        case 65...70: d = c - 55
        case 97...102: d = c - 87
        default: throw failure("a \\u escape needs four hexadecimal digits")
        }
        v = v << 4 | UInt32(d)
        i += 1
      }
      return v
    }
  }
}
