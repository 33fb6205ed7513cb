// Codegen: a recording written out as Swift source that computes the value and the gradient
// (or a vector–Jacobian product) with no tape, to be checked in and compiled with the user's
// program. The pieces: `CodegenRecording` reads a replay program back, `SourceTerm` spells the
// rule table's partials, `CodegenOperation` spells each primitive, `SwiftEmitter` writes the
// function's body; this file writes the file around it.

/// Writes a recorded function as Swift source: a function that computes its value and
/// gradient (one output) or value and vector–Jacobian product (several outputs) with no tape.
///
/// ```swift
/// let recording = Reverse.record(at: [1.2, 1.0, 0.8], of: Rosenbrock())
/// let source = Codegen.swiftSource(
///   of: [recording], name: "rosenbrockGradient", generatedFrom: "Rosenbrock()")
/// // source compiles to rosenbrockGradient(at:) -> (value: Double, gradient: [Double])?
/// // and rosenbrockGradient(_:into:) -> Double? over buffers.
/// ```
///
/// See <doc:GeneratedCode> for the workflow: generate, check in, regenerate on drift.
///
/// The generated code is the recording's forward pass, one `let` per operation, and its
/// reverse sweep, one statement per derivative contribution, with every partial spelled from
/// DualTape's rule table (the same generic formulas every engine evaluates) and the tape's
/// edge policy (an exactly zero adjoint or partial contributes nothing, also against ∞).
/// Each comparison the recording made on tracked values becomes a `guard`: at a point where
/// one goes the other way the function returns `nil`, never the other branch's numbers.
/// The code imports DualTape only for its elementary functions.
public enum Codegen {
  /// The version of the generated code's form, named in each file's header: a change of the
  /// emitter that changes its output raises it.
  public static var formatVersion: Int { 2 }

  /// Swift source of a function computing the recording's value and gradient (one output) or
  /// value and vector–Jacobian product (several outputs), with no tape.
  ///
  /// With one recording, the function takes that recording's input count only. With the
  /// recordings of one function at n, n + 1 and n + 2 inputs, it takes any input count of
  /// that shape: their programs must be the same but for loop counts and input indices, which
  /// become affine in the input count (each run of a repeated body is a `for` loop, so the
  /// code's size does not depend on n).
  ///
  /// ```swift
  /// let recordings = (10...12).map { n in
  ///   Reverse.record(at: Rosenbrock().input(count: n), of: Rosenbrock())
  /// }
  /// let source = Codegen.swiftSource(
  ///   of: recordings, name: "rosenbrockGradient", generatedFrom: "Rosenbrock()")
  /// ```
  /// - Parameters:
  ///   - recordings: one recording, or recordings of one function at n, n + 1 and n + 2
  ///     inputs (`Reverse.record(at:of:)`); each one's current program is written.
  ///   - name: the generated functions' name (a Swift identifier).
  ///   - generatedFrom: what the recordings were made from, for the header and doc comments.
  ///   - regenerate: how to regenerate the file, for the header.
  ///   - rules: how the code makes each user's rule, by the rule's name
  ///     (`["Scaled": "Scaled(k: 2)"]`); needed for a rule with stored properties (one
  ///     spelling per name: two instances with different properties cannot share a name). A
  ///     rule without stored properties is written `Type()`.
  ///   - access: the functions' access level (`"public"`; `""` for internal).
  /// - Returns: the file's text, ending in a newline.
  public static func swiftSource<S: RealScalar>(
    of recordings: [RecordedFunction<S>], name: String, generatedFrom: String,
    regenerate: String = "", rules: [String: String] = [:], access: String = ""
  ) -> String {
    require(
      recordings.count == 1 || recordings.count == 3,
      "Codegen: pass one recording (a function of its input count) or three, at n, n + 1 and"
        + " n + 2 inputs (a function of any input count of their shape); got"
        + " \(recordings.count).")
    return SourceTerm.$scalar.withValue(S.typeName) {
      SourceTerm.$ruleSpellings.withValue(rules) {
        let programs = recordings.map { r in Self.program(r.lock.withLock { r.program }) }
        var program = programs[0]
        if programs.count == 3 {
          guard let merged = CodeProgram.merged(programs) else {
            dualTapeFailure(
              "Codegen: the recordings at \(programs.map(\.inputCount.c)) inputs differ in more"
                + " than their loop counts and input indices (another branch, another loop"
                + " body, or inputs not at n, n + 1, n + 2), so no one function covers them."
                + " Record at three consecutive input counts at points that take the same"
                + " branches, or pass one recording for a function of its input count only.")
          }
          program = merged
        }
        return write(
          program, name: name, generatedFrom: generatedFrom, regenerate: regenerate,
          access: access, scalar: S.typeName)
      }
    }
  }

  /// The program of a replay program: its runs rolled into loops (the replay's blocks as they
  /// are, or else found again with the blocks expanded, where a block stands inside a longer
  /// repeated body, as a layer's inner products inside its neurons), or flat where a loop
  /// cannot give what its values' readers read.
  static func program<S>(_ replay: ReplayProgram<S>) -> CodeProgram {
    if let rolled = CodeProgram(CodegenRecording(replay)) { return rolled }
    if let rolled = CodeProgram(CodegenRecording(replay, expandingBlocks: true)) { return rolled }
    guard let flat = CodeProgram(CodegenRecording(replay, expandingBlocks: true), rolling: false)
    else { dualTapeFailure("internal: a flat program has a reference it cannot name.") }
    return flat
  }

  static func write(
    _ program: CodeProgram, name: String, generatedFrom: String, regenerate: String,
    access: String, scalar t: String
  ) -> String {
    require(
      !name.isEmpty && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
        && !(name.first?.isNumber ?? true),
      "Codegen: the name \"\(name)\" is not a Swift identifier; pass letters, digits and _.")
    var emitter = SwiftEmitter(program: program, scalar: t)
    let scalable = program.inputCount.k != 0
    let n = scalable ? "n" : "\(program.inputCount.c)"
    let m = program.outputs.count
    let pub = access.isEmpty ? "" : access + " "
    let recorded = program.recordedAt.map(String.init).joined(separator: ", ")
    let guards = program.guardCount
    var out: [String] = [
      "// Generated by DualTape's Codegen (format \(formatVersion)) from \(generatedFrom),",
      "// recorded at n = \(recorded) (\(program.operationCount) operations, \(guards) branch"
        + " guard\(guards == 1 ? "" : "s")).",
      "// Rule table \(ruleTableFingerprint). Do not edit; regenerate instead"
        + (regenerate.isEmpty ? "." : ":"),
    ]
    if !regenerate.isEmpty { out.append("// \(regenerate)") }
    out += ["", "import DualTape", ""]
    let sizes =
      scalable
      ? "n = x.count ≥ \(program.minimumInputCount) inputs of the recorded shape"
      : "x.count = \(n) inputs"
    if m == 1 {
      emitter.body(seeds: [(program.outputs[0], "1")], fail: "return nil")
      out += [
        "/// The value and gradient of \(generatedFrom), written into `g`, with no tape.",
        "///",
        "/// - Parameters:",
        "///   - x: the point: \(sizes).",
        "///   - g: receives the gradient, x.count entries (untouched where nil is returned).",
        "/// - Returns: the value, or nil where a comparison the recording made goes the other",
        "///   way (the recording does not apply at `x`).",
        "\(pub)func \(name)(",
        "  _ x: UnsafeBufferPointer<\(t)>, into g: UnsafeMutableBufferPointer<\(t)>",
        ") -> \(t)? {",
      ]
    } else {
      emitter.body(
        seeds: program.outputs.enumerated().map { ($1, "u[\($0)]") }, fail: "return false")
      out += [
        "/// The values and the vector–Jacobian product uᵀJ of \(generatedFrom), with no tape.",
        "///",
        "/// - Parameters:",
        "///   - x: the point: \(sizes).",
        "///   - u: the cotangent, \(m) values.",
        "///   - y: receives the \(m) values.",
        "///   - g: receives uᵀJ, x.count entries (untouched where false is returned).",
        "/// - Returns: false where a comparison the recording made goes the other way (the",
        "///   recording does not apply at `x`).",
        "\(pub)func \(name)(",
        "  _ x: UnsafeBufferPointer<\(t)>, cotangent u: UnsafeBufferPointer<\(t)>,",
        "  values y: UnsafeMutableBufferPointer<\(t)>, into g: UnsafeMutableBufferPointer<\(t)>",
        ") -> Bool {",
      ]
    }
    let sizeCheck =
      scalable ? "x.count >= \(program.minimumInputCount)" : "x.count == \(program.inputCount.c)"
    let outputCheck = m == 1 ? "" : " && u.count == \(m) && y.count == \(m)"
    let needed = scalable ? "at least \(program.minimumInputCount)" : n
    let message =
      "\(name): x must have \(needed) values and g as many\(m == 1 ? "" : ", u and y \(m)")"
    out += [
      "  precondition(",
      "    \(sizeCheck) && g.count == x.count\(outputCheck),",
    ]
    // A long name's message is split in two, so every line stays within 100 characters.
    if message.count + 32 <= 100 {
      out.append("    \"\(message) (the recording's shape).\")")
    } else {
      out += ["    \"\(message)\"", "      + \" (the recording's shape).\")"]
    }
    if scalable && emitter.lines.contains(where: Self.mentionsCount) {
      out.append("  let n = x.count")
    }
    out += emitter.lines
    if m == 1 {
      out.append("  return \(emitter.name(program.outputs[0]).text)")
    } else {
      for (k, o) in program.outputs.enumerated() {
        out.append("  y[\(k)] = \(emitter.name(o).text)")
      }
      out.append("  return true")
    }
    out += ["}", ""]
    if m == 1 {
      out += [
        "/// The value and gradient of \(generatedFrom), with no tape; nil where a",
        "/// comparison the recording made goes the other way.",
        "\(pub)func \(name)(at x: [\(t)]) -> (value: \(t), gradient: [\(t)])? {",
        "  var g = [\(t)](repeating: 0, count: x.count)",
        "  let value = x.withUnsafeBufferPointer { x in",
        "    g.withUnsafeMutableBufferPointer { g in \(name)(x, into: g) }",
        "  }",
        "  guard let value else { return nil }",
        "  return (value, g)",
        "}",
      ]
    } else {
      out += [
        "/// The values and uᵀJ of \(generatedFrom), with no tape; nil where a comparison",
        "/// the recording made goes the other way.",
        "\(pub)func \(name)(",
        "  at x: [\(t)], cotangent u: [\(t)]",
        ") -> (value: [\(t)], vjp: [\(t)])? {",
        "  var y = [\(t)](repeating: 0, count: u.count)",
        "  var g = [\(t)](repeating: 0, count: x.count)",
        "  let applies = x.withUnsafeBufferPointer { x in",
        "    u.withUnsafeBufferPointer { u in",
        "      y.withUnsafeMutableBufferPointer { y in",
        "        g.withUnsafeMutableBufferPointer { g in",
        "          \(name)(x, cotangent: u, values: y, into: g)",
        "        }",
        "      }",
        "    }",
        "  }",
        "  return applies ? (y, g) : nil",
        "}",
      ]
    }
    if emitter.usesProduct {
      out += [
        "",
        "/// a · p, or 0 where either factor is exactly 0: DualTape's edge policy, so that an",
        "/// infinite or NaN partial does not reach an input whose adjoint is 0.",
        "@inline(__always) private func product(_ a: \(t), _ p: \(t)) -> \(t) {",
        "  let q = a * p",
        "  return q.isFinite || (a != 0 && p != 0) ? q : 0",
        "}",
      ]
    }
    return out.joined(separator: "\n") + "\n"
  }

  /// Whether a generated line reads the input count `n` (as a word of its own).
  static func mentionsCount(_ line: String) -> Bool {
    let characters = Array(line)
    for (i, c) in characters.enumerated() where c == "n" {
      let before = i > 0 ? characters[i - 1] : " "
      let after = i + 1 < characters.count ? characters[i + 1] : " "
      if !(before.isLetter || before.isNumber || before == "_" || before == ".")
        && !(after.isLetter || after.isNumber || after == "_")
      {
        return true
      }
    }
    return false
  }

  /// A fingerprint of the rule table as generated code spells it: every built-in primitive's
  /// value and partials, hashed (FNV-1a, 64 bits). A change to any rule's formula changes it,
  /// so a checked-in file made with another table shows as drift.
  public static var ruleTableFingerprint: String {
    let x = SourceTerm.name("x")
    let y = SourceTerm.name("y")
    let z = SourceTerm.name("z")
    var operations = Primitive.allCases.filter { $0.unaryRule != nil || $0.binaryRule != nil }
      .map { CodegenOperation($0) }
    operations += [
      CodegenOperation(Rules.IntegerPower(3)), CodegenOperation(Rules.RealPower(0.5)),
      CodegenOperation(Rules.Polygamma(1)),
    ]
    var text = ""
    for op in operations {
      let (dx, dy) = op.partials(x, y, value: z)
      text += "\(op.spell([x, y]).text) \(dx.text) \(dy.text)\n"
    }
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
      hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
    }
    let hex = String(hash, radix: 16)
    return String(repeating: "0", count: 16 - hex.count) + hex
  }
}
