// swift-tools-version: 6.0
import PackageDescription

let package = Package(
  name: "DualTape",
  products: [
    .library(name: "DualTape", targets: ["DualTape"]),
    // Assertions for users' own tests: derivatives agree between engines and finite differences.
    .library(name: "DualTapeTesting", targets: ["DualTapeTesting"]),
    .executable(name: "bench", targets: ["bench"]),
    .executable(name: "examples", targets: ["examples"]),
    // DualTape as a GradBench tool (github.com/gradbench/gradbench): its JSON-lines protocol on
    // standard input and output.
    .executable(name: "dualtape-gradbench", targets: ["dualtape-gradbench"]),
  ],
  targets: [
    // The library: number types, tape, drivers, checks.
    .target(name: "DualTape", path: "Sources/DualTape"),
    // Swift Testing expectations and XCTest assertions on derivative agreement, one checker under
    // both (the core never imports a test library).
    .target(name: "DualTapeTesting", dependencies: ["DualTape"], path: "Sources/DualTapeTesting"),
    // The shared suite of test functions, used by the tests and the benchmark alike.
    .target(name: "DualTapeSuite", dependencies: ["DualTape"], path: "Sources/DualTapeSuite"),
    // Charts (line, bar, heat map) for the benchmark and the examples, on the library's SVG writer.
    .target(name: "DualTapePlot", dependencies: ["DualTape"], path: "Sources/DualTapePlot"),
    // Plain C versions of the benchmark's functions: the fastest primal the machine runs.
    .target(
      name: "BenchC", path: "Benchmarks/BenchC", cSettings: [.unsafeFlags(["-O3"])]),
    .executableTarget(
      name: "bench", dependencies: ["DualTape", "DualTapeSuite", "DualTapePlot", "BenchC"],
      path: "Benchmarks/bench"),
    // Training examples; their data sets (iris, digits) ship as resources.
    .executableTarget(
      name: "examples", dependencies: ["DualTape", "DualTapePlot", "DualTapeSuite"],
      path: "Sources/Examples",
      resources: [.copy("Data")]),
    // GradBench's protocol and every eval's functions, written on the public API only.
    .target(
      name: "DualTapeGradBench", dependencies: ["DualTape"], path: "Benchmarks/gradbench/Tool"),
    .executableTarget(
      name: "dualtape-gradbench", dependencies: ["DualTapeGradBench"],
      path: "Benchmarks/gradbench/Main"),
    .testTarget(
      name: "DualTapeTests",
      dependencies: [
        "DualTape", "DualTapeSuite", "DualTapeTesting", "DualTapePlot", "DualTapeGradBench",
      ],
      path: "Tests/DualTapeTests"),
  ],
  swiftLanguageModes: [.v6]
)
