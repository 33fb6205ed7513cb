import DualTape
import DualTapeLearning
import Foundation

// `swift run -c release examples <name> [--output DIR]`: DualTape's training examples.

struct Options {
  /// Where SVG figures go.
  var output = "Benchmarks/results"
}

let examples: [(name: String, summary: String, run: (Options) throws -> Void)] = [
  (
    "regression",
    "linear model with known weights + noise, gradient descent vs the least-squares optimum",
    runRegression
  ),
  (
    "surface", "tanh network learns (x² + y²)/2 on [-1, 1]²; loss, surfaces and error map",
    runSurface
  ),
  ("iris", "softmax regression on iris: minibatch SGD and full-batch Adam, per epoch", runIris),
  ("digits", "MLP on the 8×8 digits: training loss and held-out accuracy per epoch", runDigits),
  (
    "pendulum", "damped pendulum, RK4, 10⁵ steps: checkpointed reverse vs plain tape vs forward",
    runPendulum
  ),
  (
    "diffusion",
    "reaction–diffusion, 200 cells, 10⁴ steps, 202 inputs: where checkpointed reverse wins",
    runDiffusion
  ),
  (
    "graph", "the computational graph of 2yx² + xy + 3 as a picture: tape and symbolic DAG",
    runGraph
  ),
  (
    "codegen",
    "gradients generated as Swift source (DIR/generated): size against n, generation time",
    runCodegen
  ),
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
