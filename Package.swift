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
  ],
  targets: [
    // The library: number types, tape, drivers, checks.
    .target(name: "DualTape", path: "Sources/DualTape"),
    // Swift Testing expectations on derivative agreement (the core never imports a test library).
    .target(name: "DualTapeTesting", dependencies: ["DualTape"], path: "Sources/DualTapeTesting"),
    // The shared suite of test functions, used by the tests and the benchmark alike.
    .target(name: "DualTapeSuite", dependencies: ["DualTape"], path: "Sources/DualTapeSuite"),
    .executableTarget(
      name: "bench", dependencies: ["DualTape", "DualTapeSuite"], path: "Benchmarks/bench"),
    // Training examples; their data sets (iris, digits) ship as resources.
    .executableTarget(
      name: "examples", dependencies: ["DualTape"], path: "Sources/Examples",
      resources: [.copy("Data")]),
    .testTarget(
      name: "DualTapeTests", dependencies: ["DualTape", "DualTapeSuite", "DualTapeTesting"],
      path: "Tests/DualTapeTests"),
  ],
  swiftLanguageModes: [.v6]
)
