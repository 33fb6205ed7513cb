import DualTape
import DualTapeSuite
import Foundation

// `swift run -c release examples codegen [--output DIR]`: the workflow of DualTape's Codegen.
// Records Rosenbrock and log-sum-exp at n = 10, 11, 12, writes their generated gradients
// (functions of any n) into DIR/generated, checks them against the tape, and prints the
// generated code's size against n and how long generation takes.

/// Log-sum-exp whose shift is `max` (a rule), so it has no data-dependent branch.
struct ShiftedLogSumExp: VectorToScalar {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> T {
    var m = x[0]
    for xi in x.dropFirst() { m = max(m, xi) }
    var s: T = 0
    for xi in x { s += exp(xi - m) }
    return m + log(s)
  }
}

func runCodegen(_ options: Options) throws {
  let directory = URL(fileURLWithPath: options.output).appendingPathComponent("generated")
  try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  let cases: [(String, String, AnyVectorToScalar, (Int) -> [Double])] = [
    ("rosenbrockGradient", "Rosenbrock()", AnyVectorToScalar(Rosenbrock()), Rosenbrock().input),
    (
      "logSumExpGradient", "ShiftedLogSumExp()", AnyVectorToScalar(ShiftedLogSumExp()),
      LogSumExp().input
    ),
  ]
  for (name, description, f, input) in cases {
    let recordings = (10...12).map { Reverse.record(at: input($0), of: f) }
    let source = Codegen.swiftSource(
      of: recordings, name: name, generatedFrom: description,
      regenerate: "swift run -c release examples codegen")
    let file = directory.appendingPathComponent("\(name).swift")
    try source.write(to: file, atomically: true, encoding: .utf8)
    print("\(file.path): \(lines(source)) lines, a function of any n of the recorded shape")
    // Size against n: one recording each (a function of that n only), and the time to
    // record and to generate at n = 10⁶.
    for n in [10, 1_000, 1_000_000] {
      let start = Date()
      let recording = Reverse.record(at: input(n), of: f)
      let recorded = Date()
      let fixed = Codegen.swiftSource(of: [recording], name: name, generatedFrom: description)
      let generated = Date()
      print(
        "  one recording at n = \(n): \(lines(fixed)) lines; recorded in"
          + " \(milliseconds(recorded.timeIntervalSince(start))) ms, generated in"
          + " \(milliseconds(generated.timeIntervalSince(recorded))) ms")
    }
  }
  print(
    "Check the files in with the code that calls them; regenerate (and review the diff) when"
      + " the function changes. A test that regenerates and compares catches drift.")
}

func lines(_ text: String) -> Int {
  text.split(separator: "\n", omittingEmptySubsequences: false).count - 1
}

func milliseconds(_ seconds: TimeInterval) -> String { String(format: "%.1f", seconds * 1000) }

/// A `VectorToScalar` of either example function.
struct AnyVectorToScalar: VectorToScalar {
  let rosenbrock: Rosenbrock?
  let logSumExp: ShiftedLogSumExp?
  init(_ f: Rosenbrock) { (rosenbrock, logSumExp) = (f, nil) }
  init(_ f: ShiftedLogSumExp) { (rosenbrock, logSumExp) = (nil, f) }
  func callAsFunction<T: Differentiable>(_ x: [T]) -> T {
    if let rosenbrock { return rosenbrock(x) }
    return logSumExp!(x)
  }
}
