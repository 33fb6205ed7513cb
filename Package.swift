// swift-tools-version: 6.0
import PackageDescription

let package = Package(
  name: "DualTape",
  products: [
    .library(name: "DualTape", targets: ["DualTape"]),
    // The operators + - * / and the elementwise functions (exp, sqrt, tanh, ...) of Matrix and
    // TrackedMatrix: a module of their own, so that a file that imports only DualTape type-checks
    // its plain arithmetic and its scalar formulas as fast as it can.
    .library(name: "DualTapeMatrixOperators", targets: ["DualTapeMatrixOperators"]),
    // Machine learning on the library: CSV data, MLPs, optimisers, minibatches, standardisation.
    .library(name: "DualTapeLearning", targets: ["DualTapeLearning"]),
    // Assertions for users' own tests: derivatives agree between engines and finite differences.
    .library(name: "DualTapeTesting", targets: ["DualTapeTesting"]),
    .executable(name: "bench", targets: ["bench"]),
    .executable(name: "examples", targets: ["examples"]),
    // DualTape as a GradBench tool (github.com/gradbench/gradbench): its JSON-lines protocol on
    // standard input and output.
    .executable(name: "dualtape-gradbench", targets: ["dualtape-gradbench"]),
  ],
  targets: [
    // The library: the core (Core/: rules, protocol, number types, tape, drivers, checks) and
    // its extensions (Extensions/: each depends on the core only; see LayerTests).
    .target(name: "DualTape", dependencies: ["DualTapeSVG"], path: "Sources/DualTape"),
    // Matrix and TrackedMatrix operators and elementwise functions (see
    // Sources/DualTapeMatrixOperators).
    .target(
      name: "DualTapeMatrixOperators", dependencies: ["DualTape"],
      path: "Sources/DualTapeMatrixOperators"),
    // The SVG writer under the graph pictures and the charts (package API, no product).
    .target(name: "DualTapeSVG", path: "Sources/DualTapeSVG"),
    // CSV, MLP, optimisers, minibatches, standardiser: training on the public API and
    // TrackedMatrix, outside the core.
    .target(
      name: "DualTapeLearning", dependencies: ["DualTape", "DualTapeMatrixOperators"],
      path: "Sources/DualTapeLearning"),
    // Swift Testing expectations and XCTest assertions on derivative agreement, one checker under
    // both (the core never imports a test library).
    .target(name: "DualTapeTesting", dependencies: ["DualTape"], path: "Sources/DualTapeTesting"),
    // The shared suite of test functions, used by the tests and the benchmark alike.
    .target(
      name: "DualTapeSuite", dependencies: ["DualTape"],
      path: "Sources/DualTapeSuite"),
    // Charts (line, bar, heat map) for the benchmark and the examples, on the SVG writer.
    .target(
      name: "DualTapePlot", dependencies: ["DualTape", "DualTapeSVG"], path: "Sources/DualTapePlot"),
    // Plain C versions of the benchmark's functions: the fastest primal the machine runs.
    .target(
      name: "BenchC", path: "Benchmarks/BenchC", cSettings: [.unsafeFlags(["-O3"])]),
    .executableTarget(
      name: "bench",
      dependencies: [
        "DualTape", "DualTapeLearning", "DualTapeSuite", "DualTapePlot", "DualTapeSVG", "BenchC",
        "DualTapeMatrixOperators",
      ],
      path: "Benchmarks/bench"),
    // Training examples; their data sets (iris, digits) ship as resources.
    .executableTarget(
      name: "examples",
      dependencies: [
        "DualTape", "DualTapeLearning", "DualTapePlot", "DualTapeSuite", "DualTapeSVG",
        "DualTapeMatrixOperators",
      ],
      path: "Sources/Examples",
      resources: [.copy("Data")]),
    // GradBench's protocol and every eval's functions, written on the public API only.
    .target(
      name: "DualTapeGradBench", dependencies: ["DualTape", "DualTapeMatrixOperators"],
      path: "Benchmarks/gradbench/Tool"),
    .executableTarget(
      name: "dualtape-gradbench", dependencies: ["DualTapeGradBench"],
      path: "Benchmarks/gradbench/Main"),
    .testTarget(
      name: "DualTapeTests",
      dependencies: [
        "DualTape", "DualTapeLearning", "DualTapeSuite", "DualTapeTesting", "DualTapePlot",
        "DualTapeGradBench", "DualTapeSVG", "DualTapeMatrixOperators",
      ],
      path: "Tests/DualTapeTests"),
  ],
  swiftLanguageModes: [.v6]
)
