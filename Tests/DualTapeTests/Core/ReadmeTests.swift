// swift-format-ignore-file
// (The block between the markers mirrors the README verbatim, column alignment of its comments
// included: readmeQuickStartIsThisCode compares them line by line.)
import DualTape
import Foundation
import Testing

// The README's quick start, verbatim between the markers: `readmeQuickStartIsThisCode` checks
// that README.md still shows exactly this code, so the README cannot drift from what compiles.

func runReadmeQuickStart() -> (g: [Double], gForward: [Double], d: Double, report: Bool) {
  // BEGIN README
  // Write the function once, generically: it runs with Double, Dual, Tracked and their nestings.
  struct Rosenbrock: VectorToScalar {
    func callAsFunction<T: Differentiable>(_ x: [T]) -> T {
      var s: T = 0
      for i in 0..<(x.count - 1) {
        let a = 1 - x[i]
        let b = x[i + 1] - x[i] * x[i]
        s += a * a + 100 * b * b
      }
      return s
    }
  }

  let x = [1.2, 1.0, 0.8]
  let f = Rosenbrock()
  let value = f(x)                                   // plain Double evaluation
  let g = Reverse.gradient(at: x, of: f)             // one recording, one reverse sweep
  let gForward = Forward.gradient(at: x, of: f)      // ⌈n / chunk⌉ forward passes
  let h = Reverse.hessian(at: x, of: f)              // forward-over-reverse, 3 x 3
  let report = GradientCheck.gradient(g, at: x, of: f)   // against finite differences
  print(value, g, gForward, h, report)

  // Closures work too, for one engine at a time.
  let d = Forward.derivative(at: 2.0) { x in x * x * x }                    // 12
  let jac = Reverse.jacobian(at: [1.0, 2.0]) { v in [v[0] * v[1], sin(v[0])] }
  print(d, jac)

  // See what reverse mode recorded: the Wengert list with values and adjoints.
  print(Reverse.wengertList(at: [2.0, 3.0]) { v in 2 * v[1] * v[0] * v[0] + v[0] * v[1] + 3 })
  // END README
  return (g, gForward, d, report.passed)
}

@Test func readmeQuickStartRunsAndGivesKnownValues() {
  let r = runReadmeQuickStart()
  // Rosenbrock gradient by hand at (1.2, 1.0, 0.8).
  let x = [1.2, 1.0, 0.8]
  let expected = [
    -2 * (1 - x[0]) - 400 * x[0] * (x[1] - x[0] * x[0]),
    200 * (x[1] - x[0] * x[0]) - 2 * (1 - x[1]) - 400 * x[1] * (x[2] - x[1] * x[1]),
    200 * (x[2] - x[1] * x[1]),
  ]
  #expect(GradientCheck.compare(r.g, expected, tolerance: .engines).passed)
  #expect(GradientCheck.compare(r.gForward, expected, tolerance: .engines).passed)
  #expect(r.d == 12)
  #expect(r.report)
}

@Test func readmeQuickStartIsThisCode() throws {
  let here = URL(fileURLWithPath: #filePath)
  let root = here.deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
  let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
  let source = try String(contentsOf: here, encoding: .utf8)
  // The README block: after the quick-start marker, between ```swift and ```, minus the import.
  let afterMarker = try #require(readme.components(separatedBy: "<!-- quick-start").dropFirst().first)
  let block = try #require(afterMarker.components(separatedBy: "```swift\n").dropFirst().first)
    .components(separatedBy: "\n```").first ?? ""
  let readmeLines = block.split(separator: "\n", omittingEmptySubsequences: false)
    .filter { !$0.hasPrefix("import ") }.map { $0.trimmingCharacters(in: .whitespaces) }
    .filter { !$0.isEmpty }
  // This file's block: between the BEGIN and END markers.
  let marked = try #require(source.components(separatedBy: "// BEGIN README\n").dropFirst().first)
    .components(separatedBy: "// END README").first ?? ""
  let sourceLines = marked.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
    .filter { !$0.isEmpty }
  #expect(readmeLines == sourceLines)
}

/// Wherever the README gives the range of `chunkSize`, it gives both limits the source has: a
/// rank-2 function type takes up to `Forward.maximumChunkSize` lanes, a closure (whose scalar
/// `Forward.Chunk<S>` has a fixed width) up to `Forward.maximumClosureChunkSize`.
@Test func readmeChunkSizeRangesAreTheSourcesLimits() throws {
  let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
  let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
  // Paragraphs, with each table row on its own.
  let units = readme.components(separatedBy: "\n\n").flatMap { paragraph in
    paragraph.hasPrefix("|") ? paragraph.components(separatedBy: "\n") : [paragraph]
  }
  let rank2 = "1...\(Forward.maximumChunkSize)"
  let closure = "1...\(Forward.maximumClosureChunkSize)"
  let mentions = units.filter { $0.lowercased().contains("chunk") && $0.contains("1...") }
  #expect(mentions.count >= 2)
  for unit in mentions {
    #expect(unit.contains(rank2) && unit.contains(closure), "\(unit)")
  }
}

/// The byte sizes the README states are the types' sizes: a tape node (24 bytes for `Double`)
/// and a `Tracked<Double>` value (32 bytes).
@Test func readmeByteSizesAreTheTypesSizes() throws {
  let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
  let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
  let node = MemoryLayout<TapeNode<Double>>.size
  let tracked = MemoryLayout<Tracked<Double>>.size
  #expect(readme.contains("\(node)-byte nodes") && readme.contains("\(node) bytes per node"))
  #expect(readme.contains("folded scale: \(tracked) bytes for `Double`"))
  for line in readme.components(separatedBy: "\n") where line.contains("`Tracked<T>` (") {
    #expect(line.contains("\(tracked) bytes"), "\(line)")
  }
}
