import Foundation
import Testing

@testable import DualTapeGradBench

// The tool's JSON reader: values as RFC 8259 defines them, numbers exactly as Swift's own
// conversion rounds them, and every malformed text refused with a message naming the problem.

@Test func jsonReaderReadsEveryKindOfValue() throws {
  let text = #"""
     {"id": 3, "ok": true, "no": false, "none": null, "name": "a\"b\\c\/d\n\t\u00e9\ud83d\ude00",
      "x": [1, -2.5, 3e2, -0, 0.125E-1], "mixed": [1, "two", [3]], "empty": [], "obj": {}}
    """#
  let v = try JSONReader.parse(text)
  let expected: JSONValue = .object([
    "id": .number(3), "ok": .bool(true), "no": .bool(false), "none": .null,
    "name": .string("a\"b\\c/d\n\té😀"),
    "x": .numbers([1, -2.5, 300, -0.0, 0.0125]),
    "mixed": .array([.number(1), .string("two"), .numbers([3])]),
    "empty": .numbers([]), "obj": .object([:]),
  ])
  #expect(v == expected)
  // The accessors read both forms of an array.
  let input = JSONInput(v, path: "m")
  #expect(try input.field("x").numbers() == [1, -2.5, 300, 0, 0.0125])
  #expect(try input.field("mixed").elements().count == 3)
  #expect(try input.field("empty").numbers(count: 0) == [])
  #expect(throws: ToolError("m.mixed[1] must be a finite number.")) {
    try input.field("mixed").numbers()
  }
  #expect(throws: ToolError("m.ok must be a number.")) { try input.field("ok").number() }
  #expect(try input.field("ok").bool())
}

@Test func jsonReaderNumbersRoundAsSwiftDoes() throws {
  // Shortest round-trip texts, 17 significant digits, integers, and extremes of the range.
  var state: UInt64 = 7
  var texts: [String] = []
  for _ in 0..<2000 {
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    let d = Double(bitPattern: state >> 1)  // any positive double
    guard d.isFinite else { continue }
    texts.append("\(d)")
    texts.append(String(format: "%.17g", -d))
    texts.append(String(state >> 40))
  }
  texts += [
    "0", "-0", "1e308", "1.7976931348623157e308", "5e-324", "2.2250738585072014E-308",
    "123456789012345", "1234567890123456789", "9007199254740993", "0.1", "-0.30000000000000004",
  ]
  let v = try JSONReader.parse("[" + texts.joined(separator: ",") + "]")
  guard case .numbers(let numbers) = v else {
    Issue.record("an array of numbers was read as \(v)")
    return
  }
  #expect(numbers.count == texts.count)
  for (text, n) in zip(texts, numbers) {
    let swift = try #require(Double(text))
    #expect(n.bitPattern == swift.bitPattern, "\(text): \(n) vs \(swift)")
  }
}

@Test(arguments: [
  ("", "unexpected end of the text"),
  ("{", "expected a field name"),
  (#"{"a" 1}"#, "expected ':'"),
  ("{a: 1}", "expected a field name"),
  (#"{"a": 1,}"#, "expected a field name"),
  (#"{"a": 1"#, "unexpected end of the text in an object"),
  ("[1,]", "unexpected character ']'"),
  ("[1 2]", "expected ',' or ']'"),
  ("[1", "unexpected end of the text in an array"),
  ("01", "text after the JSON value"),
  ("1.", "digits after its decimal point"),
  (".5", "unexpected character '.'"),
  ("+1", "unexpected character '+'"),
  ("-", "a digit after '-'"),
  ("1e", "digits in its exponent"),
  ("NaN", "unexpected character 'N'"),
  ("Infinity", "unexpected character 'I'"),
  ("tru", "unknown word"),
  ("nul", "unknown word"),
  (#""abc"#, "a string is not closed"),
  (#""a\x""#, "an unknown escape"),
  (#""\ud800""#, "without its low surrogate"),
  (#""\udc00""#, "without its high surrogate"),
  (#""\u12g4""#, "four hexadecimal digits"),
  ("\"a\tb\"", "a control character in a string"),
  ("[1] x", "text after the JSON value"),
  ("[1]\u{0}", "text after the JSON value"),
  (String(repeating: "[", count: 600), "nested deeper than 512 levels"),
])
func jsonReaderRefusesMalformedText(text: String, problem: String) {
  do {
    let v = try JSONReader.parse(text)
    Issue.record("\(text.debugDescription) was read as \(v)")
  } catch let error as ToolError {
    #expect(error.message.contains("not valid JSON"), "\(error.message)")
    #expect(error.message.contains(problem), "\(text.debugDescription): \(error.message)")
  } catch {
    Issue.record("\(text.debugDescription): unexpected \(error)")
  }
}

@Test func malformedMessagesGetTheReadersErrorAndTheNextMessageIsServed() throws {
  let tool = GradBenchTool()
  for line in [#"{"id": 1, "kind": "start""#, #"{"id": 1, "kind": start}"#, "[1, 2,"] {
    let response = try #require(tool.respond(to: line))
    let r = try #require(
      try JSONSerialization.jsonObject(with: Data(response.utf8)) as? [String: Any])
    #expect(r["success"] as? Bool == false)
    #expect((r["error"] as? String)?.contains("not valid JSON") == true, "\(response)")
  }
  // A large input is read whole, in one line.
  let x = (0..<200_000).map { Double($0) / 7 - 1000 }
  let line =
    #"{"id": 2, "kind": "evaluate", "module": "lse", "function": "primal", "input": {"x": \#(x)}}"#
  let response = try #require(tool.respond(to: line))
  let r = try #require(
    try JSONSerialization.jsonObject(with: Data(response.utf8)) as? [String: Any])
  let value = try #require(r["output"] as? Double)
  let shift = x.max()!
  let expected = log(x.reduce(0) { $0 + exp($1 - shift) }) + shift
  #expect(Swift.abs(value - expected) <= 1e-12 * Swift.abs(expected))
}
