import Foundation
import Synchronization
import Testing

// Every ```swift block in README.md and in the DocC articles is type-checked against the built
// modules, each block as its own main file, so a section added later (by anyone) is checked
// without registering it anywhere. A block that a reader could not compile fails here with the
// compiler's message and the block's first line.

/// The package root, from this file's path.
private let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The ```swift blocks of a Markdown file, with the line each starts on.
func swiftBlocks(in markdown: String) -> [(line: Int, code: String)] {
  var blocks: [(Int, String)] = []
  var current: [Substring]? = nil
  var start = 0
  for (number, line) in markdown.split(separator: "\n", omittingEmptySubsequences: false)
    .enumerated()
  {
    if current == nil, line.trimmingCharacters(in: .whitespaces) == "```swift" {
      current = []
      start = number + 1
    } else if current != nil, line.trimmingCharacters(in: .whitespaces) == "```" {
      blocks.append((start, current!.joined(separator: "\n")))
      current = nil
    } else if current != nil {
      current!.append(line)
    }
  }
  return blocks
}

/// The Markdown files whose blocks are checked: the README and every DocC article.
private func documentedFiles() throws -> [URL] {
  let docc = packageRoot.appendingPathComponent("Sources/DualTape/DualTape.docc")
  let articles =
    (try? FileManager.default.contentsOfDirectory(
      at: docc, includingPropertiesForKeys: nil)) ?? []
  return [packageRoot.appendingPathComponent("README.md")]
    + articles.filter { $0.pathExtension == "md" }.sorted { $0.path < $1.path }
}

/// The directory with the built DualTape and DualTapeTesting modules.
private func modulesDirectory() -> URL? {
  for configuration in ["debug", "release"] {
    let dir = packageRoot.appendingPathComponent(".build/\(configuration)/Modules")
    if FileManager.default.fileExists(
      atPath: dir.appendingPathComponent("DualTapeTesting.swiftmodule").path)
    {
      return dir
    }
  }
  return nil
}

/// Type-checks one file; returns the compiler's output if it failed or warned.
private func typeCheck(_ file: URL, modules: URL) throws -> String? {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  process.arguments = [
    "swiftc", "-typecheck", "-swift-version", "6", "-I", modules.path,
    "-Xfrontend", "-warn-long-expression-type-checking=1000", file.path,
  ]
  let pipe = Pipe()
  process.standardOutput = pipe
  process.standardError = pipe
  try process.run()
  let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
  process.waitUntilExit()
  let warned = output.contains("warning:")
  return process.terminationStatus == 0 && !warned ? nil : output
}

@Test func everySwiftBlockInTheDocumentationTypeChecks() throws {
  let modules = try #require(
    modulesDirectory(), "build first: swift build --build-tests (the modules are not in .build)")
  let scratch = FileManager.default.temporaryDirectory
    .appendingPathComponent("dualtape-doc-blocks-\(ProcessInfo.processInfo.processIdentifier)")
  try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: scratch) }
  var files: [(label: String, url: URL)] = []
  for markdown in try documentedFiles() {
    let text = try String(contentsOf: markdown, encoding: .utf8)
    for (k, block) in swiftBlocks(in: text).enumerated() {
      let code =
        block.code.contains("import DualTape") ? block.code : "import DualTape\n" + block.code
      let url = scratch.appendingPathComponent(
        "\(markdown.deletingPathExtension().lastPathComponent)-\(k).swift")
      try code.write(to: url, atomically: true, encoding: .utf8)
      files.append(("\(markdown.lastPathComponent):\(block.line)", url))
    }
  }
  #expect(files.count >= 8, "expected the README's blocks at least; found \(files.count)")
  // Check the blocks in parallel: each is a separate compiler run of about a second.
  let failures = Mutex<[String]>([])
  let blocks = files
  DispatchQueue.concurrentPerform(iterations: blocks.count) { i in
    let (label, url) = blocks[i]
    do {
      if let output = try typeCheck(url, modules: modules) {
        failures.withLock {
          $0.append("\(label): the block does not type-check cleanly:\n\(output)")
        }
      }
    } catch {
      failures.withLock { $0.append("\(label): could not run swiftc: \(error)") }
    }
  }
  for failure in failures.withLock({ $0 }) { Issue.record(Comment(rawValue: failure)) }
}
