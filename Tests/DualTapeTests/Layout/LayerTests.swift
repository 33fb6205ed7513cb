import Foundation
import Testing

// The layers of Sources/DualTape, checked on the source text: the core (Core/) refers to no
// extension, and an extension (Extensions/<Name>/) refers to the core and to no other extension
// except the two edges named in `LayerRule.allowed`. The module is one Swift target (the
// extensions use the tape's internals), so the compiler cannot enforce this; this test does.

private let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The dependency rule and the scanner that checks it.
enum LayerRule {
  /// The extension-to-extension edges the design has, each with its reason; any other edge
  /// between extensions, and any edge from the core to an extension, is a finding.
  static let allowed: [String: Set<String>] = [
    // The advisor measures and recommends every mode, the sparse plans included, and `Auto`
    // runs the plan it recommends.
    "Extensions/Advisor": ["Extensions/Sparse"],
    // Codegen writes Swift source from a replay recording (`RecordedFunction`).
    "Extensions/Codegen": ["Extensions/Replay"],
  ]

  /// One source file: its path relative to the package root, its layer and its text.
  struct File {
    var path: String
    var layer: String
    var text: String
  }

  /// One reference across a layer boundary the rule forbids.
  struct Finding: CustomStringConvertible, Equatable {
    var file: String
    var symbol: String
    var from: String
    var to: String
    var description: String {
      "\(file) (\(from)) refers to \(symbol), declared in \(to)"
    }
  }

  /// "Core" or "Extensions/<Name>" for a path under Sources/DualTape; nil elsewhere.
  static func layer(of relativePath: String) -> String? {
    let parts = relativePath.split(separator: "/").map(String.init)
    guard parts.count >= 4, parts[0] == "Sources", parts[1] == "DualTape" else { return nil }
    if parts[2] == "Core" { return "Core" }
    if parts[2] == "Extensions", parts.count >= 5 { return "Extensions/" + parts[3] }
    return nil
  }

  /// The Swift files of Sources/DualTape (the DocC catalogue has none), with their layers.
  static func sourceFiles(root: URL) throws -> [File] {
    let base = root.appendingPathComponent("Sources/DualTape")
    guard let walker = FileManager.default.enumerator(atPath: base.path) else { return [] }
    var files: [File] = []
    for case let relative as String in walker where relative.hasSuffix(".swift") {
      let path = "Sources/DualTape/" + relative
      let text = try String(
        contentsOf: base.appendingPathComponent(relative), encoding: .utf8)
      files.append(File(path: path, layer: layer(of: path) ?? "(none)", text: text))
    }
    return files.sorted { $0.path < $1.path }
  }

  /// The text without comments and string literals (their words are not references).
  static func code(_ text: String) -> String {
    var out = ""
    let s = Array(text.unicodeScalars)
    var i = 0
    func at(_ k: Int) -> Unicode.Scalar? { k < s.count ? s[k] : nil }
    while i < s.count {
      let c = s[i]
      if c == "/", at(i + 1) == "/" {
        while i < s.count, s[i] != "\n" { i += 1 }
      } else if c == "/", at(i + 1) == "*" {
        i += 2
        while i < s.count, !(s[i] == "*" && at(i + 1) == "/") { i += 1 }
        i += 2
        out += " "
      } else if c == "\"" {
        let triple = at(i + 1) == "\"" && at(i + 2) == "\""
        i += triple ? 3 : 1
        while i < s.count {
          if s[i] == "\\" {
            i += 2
          } else if triple, s[i] == "\"", at(i + 1) == "\"", at(i + 2) == "\"" {
            i += 3
            break
          } else if !triple, s[i] == "\"" || s[i] == "\n" {
            i += 1
            break
          } else {
            i += 1
          }
        }
        out += "\"\""
      } else {
        out.unicodeScalars.append(c)
        i += 1
      }
    }
    return out
  }

  static func matches(_ pattern: String, in text: String) -> [String] {
    guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
    let range = NSRange(text.startIndex..., in: text)
    return regex.matches(in: text, range: range).compactMap { m in
      Range(m.range(at: 1), in: text).map { String(text[$0]) }
    }
  }

  /// The members an extension adds to a type (`extension Reverse { static func f() }` gives
  /// ("Reverse", "f")), from the bodies of the text's `extension` blocks.
  static func extensionMembers(_ code: String) -> [(type: String, member: String)] {
    let header = "\\bextension\\s+([A-Za-z_][A-Za-z0-9_]*)[^{]*\\{"
    guard let regex = try? NSRegularExpression(pattern: header) else { return [] }
    var found: [(String, String)] = []
    for m in regex.matches(in: code, range: NSRange(code.startIndex..., in: code)) {
      guard let name = Range(m.range(at: 1), in: code), let whole = Range(m.range, in: code)
      else { continue }
      var depth = 1
      var end = whole.upperBound
      while end < code.endIndex, depth > 0 {
        if code[end] == "{" { depth += 1 } else if code[end] == "}" { depth -= 1 }
        end = code.index(after: end)
      }
      let body = String(code[whole.upperBound..<end])
      for member in matches("\\b(?:func|var|let)\\s+([A-Za-z_][A-Za-z0-9_]{2,})", in: body) {
        found.append((String(code[name]), member))
      }
    }
    return found
  }

  /// The findings of `files`: a type or a top-level function declared in one layer only, used
  /// by name (`SparsityPattern`, `matmul(`) in a layer the rule does not let depend on it, and
  /// a member one layer alone adds to a type, used as `Type.member` (`Reverse.sparseJacobian`).
  static func findings(in files: [File]) -> [Finding] {
    let modifiers =
      "(?:(?:public|package|internal|private|fileprivate|final|static|mutating|nonisolated"
      + "|@inlinable|@usableFromInline|@_transparent|@inline\\(__always\\)|@discardableResult)\\s+)*"
    let typePattern =
      "\\b(?:struct|enum|class|protocol|actor|typealias)\\s+([A-Za-z_][A-Za-z0-9_]{2,})"
    let functionPattern = "(?m)^" + modifiers + "func\\s+([A-Za-z_][A-Za-z0-9_]{2,})"
    let casePattern = "\\bcase\\s+([A-Za-z_][A-Za-z0-9_]*(?:\\s*,\\s*[A-Za-z_][A-Za-z0-9_]*)*)"
    let anyPattern = "\\b(?:func|var|let|case)\\s+([A-Za-z_][A-Za-z0-9_]*)"
    var code: [String: String] = [:]
    var declared: [String: Set<String>] = [:]
    var functions: [String: Set<String>] = [:]
    var anywhere: [String: Set<String>] = [:]  // any function, variable or case of the name
    var added: [String: Set<String>] = [:]  // "Type.member" to the layers that add it
    for file in files {
      let text = Self.code(file.text)
      code[file.path] = text
      for name in matches(typePattern, in: text) { declared[name, default: []].insert(file.layer) }
      for name in matches(functionPattern, in: text) {
        functions[name, default: []].insert(file.layer)
      }
      for name in matches(anyPattern, in: text) { anywhere[name, default: []].insert(file.layer) }
      for list in matches(casePattern, in: text) {
        for name in list.split(separator: ",") {
          anywhere[name.trimmingCharacters(in: .whitespaces), default: []].insert(file.layer)
        }
      }
      for (type, member) in extensionMembers(text) {
        added[type + "." + member, default: []].insert(file.layer)
      }
    }
    func owner(_ layers: Set<String>?) -> String? {
      guard let layers, layers.count == 1, let only = layers.first, only != "(none)" else {
        return nil
      }
      return only
    }
    // A top-level function is one layer's only where no other layer declares anything of its
    // name (`sqrt` of a matrix in Arrays beside the core's `sqrt` requirement is an overload).
    for (name, layers) in functions where anywhere[name] == layers {
      declared[name, default: []].formUnion(layers)
    }
    let label = "([(,]\\s*)[A-Za-z_][A-Za-z0-9_]*(?:\\s+[A-Za-z_][A-Za-z0-9_]*)?:(?!:)"
    guard let labels = try? NSRegularExpression(pattern: label) else { return [] }
    var found: [Finding] = []
    for file in files where file.layer != "(none)" {
      // Argument labels and parameter names (`times:` in `f(b, times: x)`, `times x:` in its
      // declaration) name no declaration.
      let original = code[file.path] ?? ""
      let text = labels.stringByReplacingMatches(
        in: original, range: NSRange(original.startIndex..., in: original), withTemplate: "$1")
      var symbols: [(String, String)] = []
      for word in Set(matches("\\b([A-Za-z_][A-Za-z0-9_]*)\\b", in: text)) {
        if let to = owner(declared[word]) { symbols.append((word, to)) }
      }
      let qualified = "\\b([A-Z][A-Za-z0-9_]*\\.[A-Za-z_][A-Za-z0-9_]*)\\b"
      for name in Set(matches(qualified, in: text)) {
        if let to = owner(added[name]) { symbols.append((name, to)) }
      }
      for (symbol, to) in symbols where !permitted(from: file.layer, to: to) {
        found.append(Finding(file: file.path, symbol: symbol, from: file.layer, to: to))
      }
    }
    return found.sorted { ($0.file, $0.symbol) < ($1.file, $1.symbol) }
  }

  /// Whether a file of layer `from` may use a declaration of layer `to`.
  static func permitted(from: String, to: String) -> Bool {
    from == to || to == "Core" || allowed[from, default: []].contains(to)
  }
}

@Suite("Layers of Sources/DualTape")
struct LayerTests {
  @Test("the core refers to no extension, an extension to no other (but the named edges)")
  func dependencyRule() throws {
    let files = try LayerRule.sourceFiles(root: packageRoot)
    #expect(files.count > 50, "found only \(files.count) files under Sources/DualTape")
    let outside = files.filter { $0.layer == "(none)" }.map(\.path)
    #expect(outside.isEmpty, "Swift files outside Core/ and Extensions/<Name>/: \(outside)")
    let findings = LayerRule.findings(in: files)
    #expect(
      findings.isEmpty,
      """
      \(findings.count) references across layers: \(findings.map(\.description)
        .joined(separator: "; ")). Move the declaration into the core, or the code into the \
      layer it uses; an edge between extensions needs a reason in LayerRule.allowed.
      """)
  }

  @Test("the named edges between extensions are real (drop one that is no longer used)")
  func allowedEdgesAreUsed() throws {
    let files = try LayerRule.sourceFiles(root: packageRoot)
    for (from, targets) in LayerRule.allowed {
      for to in targets {
        #expect(
          !findingsWithout(edge: (from, to), files: files).isEmpty,
          "\(from) no longer uses \(to); remove the edge from LayerRule.allowed")
      }
    }
  }

  /// The findings if `edge` were not allowed: those of files in its source layer that name a
  /// declaration of its target layer.
  private func findingsWithout(edge: (String, String), files: [LayerRule.File]) -> [LayerRule
    .Finding]
  {
    LayerRule.findings(
      in: files.map { file in
        var f = file
        // Relabel the source layer so the allowed table no longer covers it.
        if f.layer == edge.0 { f.layer = edge.0 + " (without its edge)" }
        return f
      }
    ).filter { $0.from == edge.0 + " (without its edge)" && $0.to == edge.1 }
  }

  @Test("the scanner finds a core file that uses an extension, and one extension using another")
  func scannerFindsViolations() {
    let sources = [
      (
        "Core/Drivers/A",
        "// SparsePlan in a comment is not a use\nfunc drive() { _ = SparsePlan() }"
      ),
      (
        "Extensions/Sparse/B",
        "struct SparsePlan {}\nextension Reverse { static func colored() {} }"
      ),
      ("Extensions/Replay/C", "let s = \"SparsePlan\"\nfunc replay() { Reverse.colored() }"),
      // An argument label and an enum case of another layer's function name are no uses.
      ("Extensions/Arrays/D", "func matmul() {}\nfunc spread() {}"),
      (
        "Core/Rules/E",
        "enum Op { case add, matmul }\nfunc f(_ a: Int, spread b: Int) { g(a, spread: b) }"
      ),
    ]
    let files = sources.map { name, text in
      let path = "Sources/DualTape/\(name).swift"
      return LayerRule.File(path: path, layer: LayerRule.layer(of: path) ?? "(none)", text: text)
    }
    let findings = LayerRule.findings(in: files)
    #expect(
      findings == [
        .init(
          file: "Sources/DualTape/Core/Drivers/A.swift", symbol: "SparsePlan", from: "Core",
          to: "Extensions/Sparse"),
        .init(
          file: "Sources/DualTape/Extensions/Replay/C.swift", symbol: "Reverse.colored",
          from: "Extensions/Replay", to: "Extensions/Sparse"),
      ])
  }
}
