import DualTape
import DualTapeGradBench
import Foundation
import Testing

// GradBench's protocol driven through the tool's message handler, as an eval would drive it,
// with no GradBench checkout: whole `hello` and `lse` sessions and bad messages.

/// The response to one message line, parsed.
private func respond(_ tool: GradBenchTool, _ line: String) throws -> [String: Any] {
  let text = try #require(tool.respond(to: line))
  #expect(!text.contains("\n"), "a response is one line")
  let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
  return try #require(object as? [String: Any])
}

private func evaluateTimings(_ r: [String: Any]) -> [(String, Int)] {
  ((r["timings"] as? [[String: Any]]) ?? []).map {
    (($0["name"] as? String) ?? "", ($0["nanoseconds"] as? Int) ?? -1)
  }
}

@Test func helloSessionSquaresAndDifferentiates() throws {
  let tool = GradBenchTool()
  let start = try respond(tool, #"{"id": 0, "kind": "start", "eval": "hello"}"#)
  #expect(start["id"] as? Int == 0)
  let config = try #require(start["config"] as? [String: Any])
  let drivers = try #require(config["drivers"] as? [String: [String: String]])
  #expect(drivers["hello"]?["double"] == "Reverse.derivative")
  let define = try respond(tool, #"{"id": 1, "kind": "define", "module": "hello"}"#)
  #expect(define["id"] as? Int == 1 && define["success"] as? Bool == true)
  // The eval's own loop: x ← double(square(x)), four times from 1 (GradBench's hello eval).
  var x = 1.0
  var id = 2
  for _ in 0..<4 {
    let square = try respond(
      tool,
      #"{"id": \#(id), "kind": "evaluate", "module": "hello", "function": "square", "input": \#(x)}"#
    )
    let y = try #require(square["output"] as? Double)
    #expect(y == x * x)
    let double = try respond(
      tool,
      #"{"id": \#(id + 1), "kind": "evaluate", "module": "hello", "function": "double", "input": \#(y)}"#
    )
    #expect(double["id"] as? Int == id + 1)
    x = try #require(double["output"] as? Double)
    #expect(x == 2 * y)
    // No min_runs in hello's input: one prepare and one evaluate timing.
    #expect(evaluateTimings(double).map(\.0) == ["prepare", "evaluate"])
    let analysis = try respond(
      tool, #"{"id": \#(id + 2), "kind": "analysis", "of": \#(id + 1), "valid": true}"#)
    #expect(analysis.keys.sorted() == ["id"] && analysis["id"] as? Int == id + 2)
    id += 3
  }
  #expect(x == 32768)  // ((((1²·2)²·2)²·2)²·2)
  #expect(tool.respond(to: #"{"id": 99, "kind": "end"}"#) == nil)
}

@Test func lseSessionMatchesFiniteDifferencesAndHonoursMinRuns() throws {
  let tool = GradBenchTool()
  _ = try respond(tool, #"{"id": 0, "kind": "start", "eval": "lse"}"#)
  #expect(
    try respond(tool, #"{"id": 1, "kind": "define", "module": "lse"}"#)["success"] as? Bool == true)
  let x = [0.3, -1.2, 2.5, 0.7, 2.5, -40]
  let input = "{\"x\": \(x), \"min_runs\": 3, \"min_seconds\": 0}"
  let primal = try respond(
    tool,
    #"{"id": 2, "kind": "evaluate", "module": "lse", "function": "primal", "input": \#(input), "description": "n=6"}"#
  )
  let value = try #require(primal["output"] as? Double)
  let direct = Foundation.log(x.map { Foundation.exp($0) }.reduce(0, +))
  #expect(Swift.abs(value - direct) < 1e-14)
  let gradient = try respond(
    tool,
    #"{"id": 3, "kind": "evaluate", "module": "lse", "function": "gradient", "input": \#(input)}"#)
  let g = try #require(gradient["output"] as? [Double])
  let reference = FiniteDifference.gradient(at: x, method: .richardson) {
    Foundation.log($0.map { Foundation.exp($0) }.reduce(0, +))
  }
  #expect(g.count == x.count)
  for (a, b) in zip(g, reference) { #expect(Swift.abs(a - b) < 1e-9) }
  #expect(Swift.abs(g.reduce(0, +) - 1) < 1e-14)  // softmax weights sum to 1
  let timings = evaluateTimings(gradient)
  #expect(timings.map(\.0) == ["prepare", "evaluate", "evaluate", "evaluate"])
  #expect(timings.allSatisfy { $0.1 >= 0 })
  // min_seconds keeps running past min_runs.
  let long = try respond(
    tool,
    #"{"id": 4, "kind": "evaluate", "module": "lse", "function": "primal", "input": {"x": [1, 2], "min_runs": 1, "min_seconds": 0.02}}"#
  )
  let total = evaluateTimings(long).filter { $0.0 == "evaluate" }.map(\.1).reduce(0, +)
  #expect(total >= 20_000_000)
}

/// The error of a failed response; the test fails if it succeeded.
private func failure(_ tool: GradBenchTool, _ line: String) throws -> String {
  let r = try respond(tool, line)
  #expect(r["success"] as? Bool == false, "expected a failure for \(line)")
  return (r["error"] as? String) ?? ""
}

@Test func badMessagesGetNamedErrorsNotCrashes() throws {
  let tool = GradBenchTool()
  #expect(try failure(tool, "{not json").contains("not valid JSON"))
  #expect(try respond(tool, "[1, 2]")["id"] is NSNull)
  #expect(try failure(tool, #"{"kind": "start"}"#).contains("no field \"id\""))
  #expect(try failure(tool, #"{"id": 1.5, "kind": "start"}"#).contains("integer"))
  #expect(try failure(tool, #"{"id": 3}"#).contains("\"kind\""))
  // Kinds other than define and evaluate are acknowledged with the id alone.
  #expect(try respond(tool, #"{"id": 4, "kind": "shutdown"}"#).keys.sorted() == ["id"])
  let unknown = try failure(tool, #"{"id": 5, "kind": "define", "module": "nope"}"#)
  #expect(unknown.contains("unknown module \"nope\"") && unknown.contains("saddle"))
  #expect(try respond(tool, #"{"id": 5, "kind": "define", "module": "nope"}"#)["id"] as? Int == 5)
  let function = try failure(
    tool,
    #"{"id": 6, "kind": "evaluate", "module": "lse", "function": "hessian", "input": {"x": [1]}}"#)
  #expect(function.contains("no function \"hessian\"") && function.contains("gradient"))
  #expect(
    try failure(tool, #"{"id": 7, "kind": "evaluate", "module": "lse", "function": "primal"}"#)
      .contains("no field \"input\""))
  let cases: [(String, String, String, String)] = [
    ("lse", "primal", #"{"x": 3}"#, "input.x must be an array"),
    ("lse", "primal", #"{"x": [1, true]}"#, "input.x[1] must be a finite number"),
    ("lse", "primal", #"{"x": []}"#, "input.x is empty"),
    ("lse", "primal", #"{"x": [1], "min_runs": 0}"#, "min_runs must be an integer in 1..."),
    ("lse", "primal", #"{"x": [1], "min_seconds": -1}"#, "min_seconds must be 0 or more"),
    ("det", "gradient", #"{"A": [1, 2, 3], "ell": 2}"#, "input.A has 3 entries; it must have 4"),
    (
      "kmeans", "dir", #"{"points": [[1, 2], [3]], "centroids": [[1, 2]]}"#, "input.points[1] has 1"
    ),
    ("gmm", "jacobian", #"{"d": 2}"#, "no field \"k\""),
    (
      "ba", "jacobian",
      #"{"n": 1, "m": 1, "p": 1, "cam": [1], "x": [1, 2, 3], "w": 1, "feat": [1, 2]}"#,
      "input.cam has 1 entries; it must have 11"
    ),
    (
      "lstm", "jacobian",
      #"{"main_params": [[1, 2, 3]], "extra_params": [], "state": [], "sequence": []}"#, "2l rows"
    ),
    ("ht", "jacobian", #"{"theta": [1, 2]}"#, "input.theta has 2 entries; it must have 26"),
    ("saddle", "rr", #"{"start": [1]}"#, "input.start has 1 entries; it must have 2"),
    ("particle", "ff", #"{"w": "zero"}"#, "input.w must be a number"),
    ("hello", "square", #""three""#, "input must be a number"),
  ]
  for (module, function, input, expected) in cases {
    let error = try failure(
      tool,
      #"{"id": 8, "kind": "evaluate", "module": "\#(module)", "function": "\#(function)", "input": \#(input)}"#
    )
    #expect(error.contains(expected), "\(module) \(input): \(error)")
  }
}
