import DualTape
import DualTapeSuite
import Foundation

// The functions whose generated gradients are checked in under Tests/DualTapeTests/Generated
// and compiled with the tests, or under Sources/DualTapeSuite/Generated (public, compiled into
// DualTapeSuite, used by the tests and by the benchmark's generated-gradients section): each
// case records its function and writes one file. The drift test regenerates every file and compares; `DUALTAPE_REGENERATE=1 swift test --filter
// codegenFilesMatchTheirFunctions` rewrites them.

/// Log-sum-exp without a data-dependent branch: the shift is `max`, a rule (no guard).
struct CodegenLogSumExp: VectorToScalar {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> T {
    var m = x[0]
    for xi in x.dropFirst() { m = max(m, xi) }
    var s: T = 0
    for xi in x { s += exp(xi - m) }
    return m + log(s)
  }
}

/// A function with branches on its inputs: each recorded comparison becomes a guard.
struct CodegenBranches: VectorToScalar {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> T {
    let a = x[0] > x[1] ? x[0] * x[0] * x[1] : sin(x[0]) + x[1]
    return x[2] <= 1 ? a * x[2] : a + exp(x[2] - 1)
  }
}

/// sin(k·x), a user's rule with a stored parameter (spelled for the generated code).
struct CodegenScaledSine: UnaryRule {
  var k: Double
  func value<S: RealScalar>(_ x: S) -> S { S.sin(S(k) * x) }
  func derivative<T: Differentiable>(at x: T, value y: T) -> T { T(k) * cos(T(k) * x) }
}

/// x·y + sin(x), a user's binary rule without stored properties.
struct CodegenTwist: BinaryRule {
  func value<S: RealScalar>(_ x: S, _ y: S) -> S { x * y + S.sin(x) }
  func firstPartial<T: Differentiable>(_ x: T, _ y: T, value z: T) -> T { y + cos(x) }
  func secondPartial<T: Differentiable>(_ x: T, _ y: T, value z: T) -> T { x }
}

/// Users' rules among built-in operations.
struct CodegenUserRules: VectorToScalar {
  func callAsFunction<T: Differentiable>(_ v: [T]) -> T {
    CodegenScaledSine(k: 2.5)(v[0]) * v[1] + CodegenTwist()(v[1], v[2])
      + CodegenTwist()(3, v[0]) / v[2]
  }
}

/// A small time-stepping loop: x ← x + h·(y·x − x³), y ← y·(1 − h·x), 4 steps per input.
struct CodegenLoop: VectorToScalar {
  func callAsFunction<T: Differentiable>(_ v: [T]) -> T {
    var s: T = 0
    for i in 0..<v.count {
      var x = v[i]
      var y: T = 1
      for _ in 0..<4 {
        x = x + 0.1 * (y * x - x * x * x)
        y = y * (1 - 0.1 * x)
      }
      s += x * y
    }
    return s
  }
}

/// ℝ³ → ℝ⁴ for the vector–Jacobian form (one output constant).
struct CodegenMap: VectorToVector {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] {
    [x[0] * x[1] + sin(x[2]), exp(x[0] - x[2]) * x[1], 2 * x[2], 5]
  }
}

/// x·√y: at (0, 0) an infinite partial meets a zero adjoint (the edge policy).
struct CodegenEdge: VectorToScalar {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> T { x[0] * sqrt(x[1]) }
}

/// One generated file: its function's name, what it is recorded from, and where.
struct CodegenCase: Sendable {
  var name: String
  var description: String
  var rules: [String: String] = [:]
  /// The folder of the file, from the repository root.
  var folder = "Tests/DualTapeTests/Generated"
  /// The generated functions' access level (`"public"` in DualTapeSuite).
  var access = ""
  /// One recording (a function of its input count), or three at n, n + 1, n + 2 inputs.
  var record: @Sendable () -> [RecordedFunction<Double>]
  /// The file's whole text, where a case writes several functions into one file.
  var text: (@Sendable () -> String)? = nil

  /// The file's path in the repository.
  var path: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent(folder)
      .appendingPathComponent("\(name.prefix(1).uppercased() + name.dropFirst()).swift")
  }

  /// The file's text, regenerated.
  func source() -> String {
    if let text { return text() }
    return Codegen.swiftSource(
      of: record(), name: name, generatedFrom: description,
      regenerate: "DUALTAPE_REGENERATE=1 swift test --filter codegenFilesMatchTheirFunctions",
      rules: rules, access: access)
  }

  static let all: [CodegenCase] = tests + suite + [suiteFunctions]

  /// The generated gradients in DualTapeSuite, public: the tests check them against the tape,
  /// the benchmark (Benchmarks/bench/Sections/GeneratedSection.swift) times them against the
  /// Swift primal and the tape.
  static let suite: [CodegenCase] = [
    CodegenCase(
      name: "generatedRosenbrock", description: "Rosenbrock() (DualTapeSuite)",
      folder: "Sources/DualTapeSuite/Generated", access: "public"
    ) {
      (10...12).map { Reverse.record(at: Rosenbrock().input(count: $0), of: Rosenbrock()) }
    },
    CodegenCase(
      name: "generatedLogSumExp",
      description: "CodegenLogSumExp() (Tests/DualTapeTests/Codegen/CodegenCases.swift)",
      folder: "Sources/DualTapeSuite/Generated", access: "public"
    ) {
      (8...10).map { Reverse.record(at: LogSumExp().input(count: $0), of: CodegenLogSumExp()) }
    },
    CodegenCase(
      name: "generatedMLPLoss", description: "MLPLoss() (DualTapeSuite)",
      folder: "Sources/DualTapeSuite/Generated", access: "public"
    ) { [Reverse.record(at: MLPLoss().defaultInput, of: MLPLoss())] },
  ]

  /// The tests' generated gradients, compiled with the tests.
  static let tests: [CodegenCase] = [
    CodegenCase(name: "branchesGradient", description: "CodegenBranches() at (0.9, 0.4, 0.7)") {
      [Reverse.record(at: [0.9, 0.4, 0.7], of: CodegenBranches())]
    },
    CodegenCase(
      name: "userRulesGradient", description: "CodegenUserRules() at (0.3, 0.8, 1.7)",
      rules: ["CodegenScaledSine": "CodegenScaledSine(k: 2.5)"]
    ) { [Reverse.record(at: [0.3, 0.8, 1.7], of: CodegenUserRules())] },
    CodegenCase(
      name: "everyPrimitiveGradient", description: "ReplayEveryPrimitive() at (0.5, 0.4, 2.2)"
    ) { [Reverse.record(at: [0.5, 0.4, 2.2], of: ReplayEveryPrimitive())] },
    CodegenCase(name: "loopGradient", description: "CodegenLoop()") {
      (5...7).map { n in
        Reverse.record(at: (0..<n).map { 0.3 + 0.2 * Double($0) }, of: CodegenLoop())
      }
    },
    CodegenCase(name: "edgeGradient", description: "CodegenEdge() at (1, 2)") {
      [Reverse.record(at: [1, 2], of: CodegenEdge())]
    },
    CodegenCase(name: "mapVJP", description: "CodegenMap() at (0.3, 0.8, 1.7)") {
      [Reverse.record(at: [0.3, 0.8, 1.7], of: CodegenMap())]
    },
  ]
}
