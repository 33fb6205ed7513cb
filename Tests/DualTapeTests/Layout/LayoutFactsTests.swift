import Foundation
import Testing

// The README's and the DocC landing page's statements about the layout, against the tree and
// Package.swift: the folders of the core and the extensions, the targets' folders, the edges
// between extensions, and the module that training moved to.

private let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

private func read(_ relative: String) throws -> String {
  try String(contentsOf: packageRoot.appendingPathComponent(relative), encoding: .utf8)
}

/// The subfolders of a folder of the package, sorted.
private func folders(_ relative: String) throws -> [String] {
  let url = packageRoot.appendingPathComponent(relative)
  return try FileManager.default.contentsOfDirectory(atPath: url.path).filter { name in
    var isFolder: ObjCBool = false
    return FileManager.default.fileExists(
      atPath: url.appendingPathComponent(name).path, isDirectory: &isFolder)
      && isFolder.boolValue
  }.sorted()
}

/// The README's layout block: the code block after "## Layout".
private func readmeLayout() throws -> [String] {
  let readme = try read("README.md")
  guard let section = readme.range(of: "\n## Layout\n") else { return [] }
  let rest = readme[section.upperBound...]
  guard let open = rest.range(of: "```\n"),
    let close = rest[open.upperBound...].range(of: "```")
  else { return [] }
  return rest[open.upperBound..<close.lowerBound].split(separator: "\n").map(String.init)
}

/// The folders the layout block lists under `heading` (its indented `Name/` lines).
private func listed(under heading: String, in block: [String]) -> [String] {
  guard let start = block.firstIndex(of: heading) else { return [] }
  var names: [String] = []
  for line in block[(start + 1)...] {
    guard line.hasPrefix("  "), let slash = line.firstIndex(of: "/") else { break }
    names.append(line[..<slash].trimmingCharacters(in: .whitespaces))
  }
  return names.sorted()
}

@Suite("Layout facts in README and DocC")
struct LayoutFactsTests {
  @Test("the README lists every folder of the core and the extensions, and no other")
  func readmeFolders() throws {
    let block = try readmeLayout()
    #expect(!block.isEmpty, "README.md has no code block after '## Layout'")
    for layer in ["Core", "Extensions"] {
      let tree = try folders("Sources/DualTape/\(layer)")
      let readme = listed(under: "Sources/DualTape/\(layer)/", in: block)
      #expect(
        readme == tree, "README's Layout lists \(readme) under \(layer)/, the tree has \(tree)")
    }
    #expect(
      try folders("Sources/DualTape") == ["Core", "DualTape.docc", "Extensions"],
      "Sources/DualTape holds Core/, Extensions/ and the DocC catalogue only")
  }

  @Test("the README's layout names each target's folder, and each folder it names exists")
  func readmeTargets() throws {
    let block = try readmeLayout()
    let manifest = try read("Package.swift")
    let paths = LayerRule.matches("path: \"([^\"]+)\"", in: manifest)
    #expect(paths.count >= 10, "found \(paths.count) target paths in Package.swift")
    let tops = block.filter { !$0.hasPrefix(" ") }.compactMap {
      $0.split(separator: " ").first.map(String.init)
    }
    for path in paths {
      // A target at A/B/C is covered by a line for A/B/C/, for a folder in it (A/B/C/D/) or
      // for its own folder (A/B/).
      let parent = path.split(separator: "/").dropLast().joined(separator: "/") + "/"
      #expect(
        tops.contains { $0.hasPrefix(path + "/") || $0 == parent },
        "README's Layout has no line for the target folder \(path)")
    }
    for top in tops where top.hasSuffix("/") {
      var isFolder: ObjCBool = false
      let exists = FileManager.default.fileExists(
        atPath: packageRoot.appendingPathComponent(top).path, isDirectory: &isFolder)
      #expect(exists && isFolder.boolValue, "README's Layout names \(top), which does not exist")
    }
  }

  @Test("every repository path that README and DocC quote in backticks exists")
  func quotedPathsExist() throws {
    let docc = "Sources/DualTape/DualTape.docc"
    let articles = try FileManager.default.contentsOfDirectory(
      atPath: packageRoot.appendingPathComponent(docc).path
    ).filter { $0.hasSuffix(".md") }.map { "\(docc)/\($0)" }
    var quoted = 0
    for document in ["README.md"] + articles.sorted() {
      let text = try read(document)
      for path in LayerRule.matches("`((?:Sources|Tests|Benchmarks)/[^` ]*)`", in: text) {
        quoted += 1
        #expect(
          FileManager.default.fileExists(atPath: packageRoot.appendingPathComponent(path).path),
          "\(document) quotes \(path), which does not exist")
      }
    }
    #expect(quoted >= 5, "found only \(quoted) quoted paths in README and DocC")
  }

  @Test("README and DocC name the allowed edges between extensions and the learning module")
  func edgesAndModules() throws {
    let readme = try read("README.md")
    let landing = try read("Sources/DualTape/DualTape.docc/DualTape.md")
    for (from, targets) in LayerRule.allowed {
      for to in targets {
        let a = from.replacingOccurrences(of: "Extensions/", with: "")
        let b = to.replacingOccurrences(of: "Extensions/", with: "")
        #expect(
          readme.contains("\(a) to \(b)"), "README's Layout does not name the edge \(a) to \(b)")
      }
    }
    let manifest = try read("Package.swift")
    #expect(manifest.contains(".library(name: \"DualTapeLearning\""))
    for text in [readme, landing] {
      #expect(
        text.contains("import DualTapeLearning"), "README or DocC does not say where MLP went")
    }
    for name in try folders("Sources/DualTape/Extensions") {
      #expect(landing.contains(name), "the DocC landing page does not name the extension \(name)")
    }
  }
}
