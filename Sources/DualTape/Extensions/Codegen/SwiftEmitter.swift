// Writes a `CodeProgram` as the body of a Swift function: the forward pass (one statement per
// live operation, a `guard` per branch check, a `for` loop per repeated body), then the reverse
// sweep (one statement per derivative contribution, each partial spelled from the rule table;
// a loop's repetitions in reverse, recomputing what its partials read). See CodeProgram.swift
// for the references.

/// The text of one generated function's body (see ``Codegen``).
struct SwiftEmitter {
  let program: CodeProgram
  let scalar: String
  /// The lines written so far.
  var lines: [String] = []
  var indent = "  "
  var usesProduct = false
  /// Partial templates by operation and constant operands (see `templates`).
  var cache: [String: (String, String)] = [:]

  // Liveness, per top-level statement and per loop.
  var liveValues = Set<Int>()
  var loopInfo: [LoopInfo] = []
  /// Per top-level statement: its partial templates; whether it sends its adjoint anywhere.
  var sends: [[(CodeRef, String)]] = []
  /// The outputs and their seeds' text.
  var seeds: [(CodeRef, String)] = []
  /// The last loop, where its reverse runs inside its forward pass (SwiftEmitter+Fused.swift).
  var fused: Fusion?

  /// What the emitter knows about one loop.
  struct LoopInfo {
    var live: Set<Int> = []
    /// Body statements kept in a variable across repetitions (read by the next repetition or
    /// after the loop).
    var outer: Set<Int> = []
    /// Body statements whose previous repetition's value is read.
    var previous: Set<Int> = []
    var sends: [Int: [(CodeRef, String)]] = [:]
    /// Outer statements whose adjoint goes anywhere.
    var outerAdjoints: Set<Int> = []
    /// Values the reverse sweep recomputes; previous values it reads (kept in a history).
    var recompute: Set<Int> = []
    var history: Set<Int> = []
    /// Body statements read at other repetitions than the last (kept in an array `aLvJ`).
    var stored: Set<Int> = []
    /// Stored statements whose adjoint goes anywhere (collected in an array `daLvJ`).
    var storedAdjoints: Set<Int> = []
  }

  init(program: CodeProgram, scalar: String) {
    self.program = program
    self.scalar = scalar
  }

  // MARK: Names

  /// `8`, `n - 2`, `2 * n + 1`; `r + 1`, `2 * r + n - 3` with the repetition's stride.
  func integer(_ a: Affine, stride: Int = 0) -> String {
    var terms: [(Int, String)] = []
    if stride != 0 { terms.append((stride, "r")) }
    if a.k != 0 { terms.append((a.k, "n")) }
    var text = ""
    for (c, name) in terms {
      let magnitude = Swift.abs(c) == 1 ? name : "\(Swift.abs(c)) * \(name)"
      text += text.isEmpty ? (c < 0 ? "-" : "") + magnitude : (c < 0 ? " - " : " + ") + magnitude
    }
    if text.isEmpty { return "\(a.c)" }
    if a.c != 0 { text += a.c < 0 ? " - \(-a.c)" : " + \(a.c)" }
    return text
  }

  /// The generated code's text for a value, where `local` names this repetition's body
  /// statements and `previous` the previous one's.
  func name(
    _ ref: CodeRef, local: (Int) -> String = { "w\($0)" }, previous: (Int) -> String = { "p\($0)" }
  ) -> SourceTerm {
    switch ref {
    case .zero: return SourceTerm(0)
    case .constant(let c): return SourceTerm(c)
    case .input(let a, let stride): return .name("x[\(integer(a, stride: stride))]")
    case .value(let k): return .name("v\(k + 1)")
    case .exit(let l, let j): return .name("s\(l + 1)v\(j)")
    case .element(let l, let j, let a, let stride):
      return .name("a\(l + 1)v\(j)[\(integer(a, stride: stride))]")
    case .local(let j): return .name(local(j))
    case .previous(let j): return .name(previous(j))
    }
  }

  mutating func line(_ text: String) { lines.append(indent + text) }

  // MARK: Partials

  /// A statement's partials as templates over `⟨l⟩`, `⟨r⟩` (the operands, where not
  /// constants) and `⟨v⟩` (its value), spelled once per operation and constant operands.
  mutating func templates(_ s: CodeStatement) -> (String, String) {
    func term(_ r: CodeRef, _ placeholder: String) -> SourceTerm {
      switch r {
      case .zero: SourceTerm(0)
      case .constant(let c): SourceTerm(c)
      default: .name(placeholder)
      }
    }
    let (l, r) = (term(s.lhs, "⟨l⟩"), term(s.rhs, "⟨r⟩"))
    let o = s.operation
    let key = "\(o.primitive) \(o.integer) \(o.real) \(o.custom ?? "") \(o.detached) \(l) \(r)"
    if let known = cache[key] { return known }
    let (dl, dr) = o.partials(l, r, value: .name("⟨v⟩"))
    func text(_ p: SourceTerm) -> String {
      switch p.constant {
      case 0?: ""
      case 1?: "1"
      case (-1)?: "-1"
      case let c? where c.isFinite: "*" + p.operand(2)
      default: p.text
      }
    }
    let result = (text(dl), text(dr))
    cache[key] = result
    return result
  }

  /// The partials a statement sends: (operand, template), those that are not exactly 0.
  mutating func partials(_ s: CodeStatement) -> [(CodeRef, String)] {
    let (dl, dr) = templates(s)
    var out: [(CodeRef, String)] = []
    for (reaches, operand, partial) in [(s.reachesLeft, s.lhs, dl), (s.reachesRight, s.rhs, dr)]
    where reaches && !partial.isEmpty {
      switch operand {
      case .zero, .constant: break
      default: out.append((operand, partial))
      }
    }
    return out
  }

  /// `adjoint · partial` with the partial's template filled in: ±1 adds or subtracts the
  /// adjoint, a finite constant multiplies it, any other goes through `product` (the edge
  /// policy: an exactly zero factor absorbs an infinite or NaN one).
  mutating func contribution(
    _ adjoint: String, _ template: String, _ s: CodeStatement, value: String,
    names: (CodeRef) -> String
  ) -> String {
    if template == "1" { return adjoint }
    if template == "-1" { return "-\(adjoint)" }
    if template.hasPrefix("*") { return "\(adjoint) * \(template.dropFirst())" }
    usesProduct = true
    return "product(\(adjoint), \(Self.fill(template, names(s.lhs), names(s.rhs), value)))"
  }

  /// `template` with `⟨l⟩`, `⟨r⟩`, `⟨v⟩` replaced.
  static func fill(_ template: String, _ l: String, _ r: String, _ v: String) -> String {
    var out = ""
    var rest = Substring(template)
    while let open = rest.firstIndex(of: "⟨") {
      out += rest[..<open]
      let after = rest.index(after: open)
      let which = rest[after]
      out += which == "l" ? l : which == "r" ? r : v
      rest = rest[rest.index(after, offsetBy: 2)...]
    }
    return out + rest
  }

  /// Which placeholders a template reads.
  static func reads(_ template: String) -> (l: Bool, r: Bool, v: Bool) {
    (template.contains("⟨l⟩"), template.contains("⟨r⟩"), template.contains("⟨v⟩"))
  }
}
