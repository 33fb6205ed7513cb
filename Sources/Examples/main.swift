import DualTape
import Foundation

// `swift run -c release examples <name> [--output DIR]`: DualTape's training examples.

struct Options {
  /// Where SVG figures go.
  var output = "Benchmarks/results"
}

let examples: [(name: String, summary: String, run: (Options) throws -> Void)] = [
  ("regression", "linear model y = XW + b, MSE, plain gradient descent (seed 4)", runRegression),
  (
    "surface", "tanh network fits (x^2 + y^2)/2 on [-1,1]^2 (seed 1); loss curve and heat maps",
    runSurface
  ),
  ("iris", "softmax regression on iris: the seed's recipe and a better one (seed 2)", runIris),
  ("digits", "MLP on the 8x8 digits, held-out accuracy per epoch", runDigits),
]

@MainActor func usage() -> String {
  var s = "usage: examples <name> [--output DIR]\n\nexamples:\n"
  for e in examples {
    s += "  " + e.name.padding(toLength: 12, withPad: " ", startingAt: 0) + e.summary + "\n"
  }
  s += "\noptions:\n  --output DIR  where SVG figures are written (default Benchmarks/results)\n"
  s += "  --help        this list\n"
  return s
}

var arguments = Array(CommandLine.arguments.dropFirst())
var options = Options()
if let i = arguments.firstIndex(of: "--output") {
  guard i + 1 < arguments.count else {
    FileHandle.standardError.write("examples: --output needs a directory\n".data(using: .utf8)!)
    exit(2)
  }
  options.output = arguments[i + 1]
  arguments.removeSubrange(i...(i + 1))
}
if arguments.isEmpty || arguments.contains("--help") || arguments.contains("-h") {
  print(usage(), terminator: "")
  exit(arguments.isEmpty ? 2 : 0)
}
for name in arguments {
  guard let example = examples.first(where: { $0.name == name }) else {
    FileHandle.standardError.write(
      "examples: no example named '\(name)'\n\n\(usage())".data(using: .utf8)!)
    exit(2)
  }
  do {
    try example.run(options)
  } catch {
    FileHandle.standardError.write("\(name): \(error)\n".data(using: .utf8)!)
    exit(1)
  }
}
