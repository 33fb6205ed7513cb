// The reverse sweep: adjoints from the seeds down, one statement per contribution. A top-level
// statement's adjoint `dvK` is declared by its first contribution (`let` if it is the only
// one); one a loop adds to is declared before the sweep. A loop runs its repetitions
// backwards: it reads back the previous values its partials need (kept in a history by the
// forward pass), recomputes the values of the repetition they read, takes each outer
// statement's adjoint from its carry `dsLvJ` (what the next repetition, or the code after the
// loop, sent), and sends the previous repetition's share into the carries again.

extension SwiftEmitter {
  /// One action of the sweep, before the declarations are decided.
  enum Step {
    case line(String)
    /// `dvK`'s contribution (declared where first).
    case add(Int, String)
    /// A loop: its lines, and the top-level adjoints it adds to.
    case loop([String], Set<Int>)
  }

  mutating func reverse(seeds: [(CodeRef, String)]) {
    var steps: [Step] = []
    var received = Set<Int>()
    var carries: [String] = []
    /// A top-level contribution to `target`.
    func send(_ target: CodeRef, _ expression: String, _ steps: inout [Step]) {
      switch target {
      case .value(let k) where !sends[k].isEmpty:
        received.insert(k)
        steps.append(.add(k, expression))
      case .exit(let l, let j) where loopInfo[l].outerAdjoints.contains(j):
        // A fused loop's sums took their seeds before it ran (and nothing else reads them).
        if fused?.loop != l { steps.append(.line("ds\(l + 1)v\(j) += \(expression)")) }
      case .input(let a, _): steps.append(.line("g[\(integer(a))] += \(expression)"))
      case .element(let l, let j, let a, _) where loopInfo[l].storedAdjoints.contains(j):
        steps.append(.line("da\(l + 1)v\(j)[\(integer(a))] += \(expression)"))
      default: break
      }
    }
    for (output, seed) in seeds { send(output, seed, &steps) }
    // Items back to front, with their numbers.
    var numbered: [(Int, CodeItem)] = []
    var (values, loops) = (0, 0)
    for item in program.items {
      switch item {
      case .statement:
        numbered.append((values, item))
        values += 1
      case .check: break
      case .loop:
        numbered.append((loops, item))
        loops += 1
      }
    }
    for (l, info) in loopInfo.enumerated() where fused?.loop != l {
      for j in info.outerAdjoints.sorted() { carries.append("var ds\(l + 1)v\(j): \(scalar) = 0") }
    }
    for (k, item) in numbered {
      guard case .loop(let loop) = item else { continue }
      for j in loopInfo[k].storedAdjoints.sorted() {
        carries += buffer("da\(k + 1)v\(j)", count: integer(loop.repeats))
      }
    }
    for (k, item) in numbered.reversed() {
      switch item {
      case .statement(let s):
        guard received.contains(k) else { continue }
        for (target, template) in sends[k] {
          let me = self
          let e = contribution("dv\(k + 1)", template, s, value: "v\(k + 1)") {
            me.name($0).text
          }
          send(target, e, &steps)
        }
      case .loop(let loop):
        if fused?.loop != k {
          let (lines, outside) = reverseLoop(loop, k)
          for v in outside { received.insert(v) }
          steps.append(.loop(lines, outside))
        }
        // After the loop: the first repetition's previous values are the initial ones.
        for j in loopInfo[k].outerAdjoints.intersection(loopInfo[k].previous).sorted() {
          if let start = loop.initial[j] { send(start, "ds\(k + 1)v\(j)", &steps) }
        }
      case .check: break
      }
    }
    // Declarations: adjoints a loop adds to before the sweep; the others where first added.
    var declaredEarly = Set<Int>()
    var count: [Int: Int] = [:]
    for step in steps {
      switch step {
      case .add(let k, _): count[k, default: 0] += 1
      case .loop(_, let outside): declaredEarly.formUnion(outside)
      case .line: break
      }
    }
    for carry in carries { line(carry) }
    for k in declaredEarly.sorted() { line("var dv\(k + 1): \(scalar) = 0") }
    var declared = declaredEarly
    for step in steps {
      switch step {
      case .line(let text): line(text)
      case .add(let k, let e):
        if declared.insert(k).inserted {
          line("\(count[k]! > 1 ? "var" : "let") dv\(k + 1): \(scalar) = \(e)")
        } else {
          line("dv\(k + 1) += \(e)")
        }
      case .loop(let body, _): lines += body.map { indent + $0 }
      }
    }
    lines = Self.removingUnread(Self.removingAliases(lines))
  }

  /// The lines without adjoints that nothing reads (`let dv2: Double = product(dv4, x[0])`
  /// where v2 sends nothing on, as a product with a constant 0): dead code, which the
  /// compiler would warn about. Repeated, since dropping one can leave another unread.
  static func removingUnread(_ lines: [String]) -> [String] {
    var out = lines
    while true {
      var uses: [Substring: Int] = [:]
      for line in out {
        for word in line.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_") }) {
          uses[word, default: 0] += 1
        }
      }
      let kept = out.filter { line in
        let words = line.split(separator: " ")
        guard words.count >= 4, words[0] == "let", words[1].hasPrefix("dv"),
          words[1].hasSuffix(":")
        else { return true }
        return uses[words[1].dropLast(), default: 0] > 1
      }
      if kept.count == out.count { return out }
      out = kept
    }
  }

  /// The lines without adjoints that only rename another (`let dv7: Double = dv8`): each
  /// later use reads the other name. Safe because an adjoint is complete, and never changes
  /// again, before it is first read (the carries `ds…`, which do change, are never renamed).
  static func removingAliases(_ lines: [String]) -> [String] {
    var alias: [String: String] = [:]
    var out: [String] = []
    for line in lines {
      let trimmed = line.drop { $0 == " " }
      if trimmed.hasSuffix("{") || trimmed == "}" {
        alias = alias.filter { !$0.key.hasPrefix("dw") }
      }
      let renamed = renaming(line, alias)
      let words = renamed.split(separator: " ")
      if words.count == 5, words[0] == "let", words[3] == "=", words[1].hasSuffix(":"),
        words[4].hasPrefix("dv") || words[4].hasPrefix("dw"),
        words[4].dropFirst(2).allSatisfy(\.isNumber)
      {
        alias[String(words[1].dropLast())] = String(words[4])
        continue
      }
      out.append(renamed)
    }
    return out
  }

  /// `line` with each identifier that `alias` names replaced.
  static func renaming(_ line: String, _ alias: [String: String]) -> String {
    if alias.isEmpty { return line }
    var out = ""
    var word = ""
    for c in line {
      if c.isLetter || c.isNumber || c == "_" {
        word.append(c)
      } else {
        out += alias[word] ?? word
        word = ""
        out.append(c)
      }
    }
    return out + (alias[word] ?? word)
  }

  /// Loop `l`'s reverse: its lines (indented from the loop's level) and the top-level
  /// adjoints it adds to.
  mutating func reverseLoop(_ loop: CodeLoop, _ l: Int) -> ([String], Set<Int>) {
    let info = loopInfo[l]
    let body = Self.statements(loop)
    var out: [String] = []
    var outside = Set<Int>()
    let (has, count) = adjoints(loop, l)
    let me = self
    let names = { (ref: CodeRef) -> String in me.name(ref).text }
    for j in info.history.sorted() { out.append("  let p\(j) = h\(l + 1)v\(j)[r]") }
    for j in info.recompute.sorted() {
      if info.stored.contains(j) {
        out.append("  let w\(j) = a\(l + 1)v\(j)[r]")
        continue
      }
      let v = value(body[j]) { self.name($0) }
      out.append("  let w\(j)\(v.constant != nil ? ": \(scalar)" : "") = \(v.text)")
    }
    for j in info.outerAdjoints.sorted() {
      out.append("  \(count[j]! > 1 ? "var" : "let") dw\(j) = ds\(l + 1)v\(j)")
      out.append("  ds\(l + 1)v\(j) = 0")
    }
    var declared = info.outerAdjoints
    for j in info.storedAdjoints.sorted() {
      if declared.insert(j).inserted {
        out.append("  \(count[j]! > 1 ? "var" : "let") dw\(j) = da\(l + 1)v\(j)[r]")
      } else {
        out.append("  dw\(j) += da\(l + 1)v\(j)[r]")
      }
    }
    var usesR =
      !info.history.isEmpty || !info.storedAdjoints.isEmpty
      || !info.recompute
        .isDisjoint(with: info.stored)
    for j in body.indices.reversed() where has.contains(j) {
      for (target, template) in info.sends[j] ?? [] {
        let e = contribution("dw\(j)", template, body[j], value: "w\(j)", names: names)
        switch target {
        case .local(let i) where has.contains(i):
          if declared.insert(i).inserted {
            out.append("  \(count[i]! > 1 ? "var" : "let") dw\(i): \(scalar) = \(e)")
          } else {
            out.append("  dw\(i) += \(e)")
          }
        case .previous(let i) where info.outerAdjoints.contains(i):
          out.append("  ds\(l + 1)v\(i) += \(e)")
        case .input(let a, let stride):
          usesR = usesR || stride != 0
          out.append("  g[\(integer(a, stride: stride))] += \(e)")
        case .value(let k) where !sends[k].isEmpty:
          outside.insert(k)
          out.append("  dv\(k + 1) += \(e)")
        case .exit(let m, let i) where loopInfo[m].outerAdjoints.contains(i):
          out.append("  ds\(m + 1)v\(i) += \(e)")
        case .element(let m, let i, let a, let stride)
        where loopInfo[m].storedAdjoints.contains(i):
          usesR = usesR || stride != 0
          out.append("  da\(m + 1)v\(i)[\(integer(a, stride: stride))] += \(e)")
        default: break
        }
      }
    }
    usesR = usesR || Self.readsStridedInput(loop, info.recompute)
    let header = "for \(usesR ? "r" : "_") in (0..<\(integer(loop.repeats))).reversed() {"
    return ([header] + out + ["}"], outside)
  }

  /// Which body statements of loop `l` get an adjoint in its reverse, and how many
  /// contributions each receives (one `let`, or a `var` added to).
  func adjoints(_ loop: CodeLoop, _ l: Int) -> (has: Set<Int>, count: [Int: Int]) {
    let info = loopInfo[l]
    var has = info.outerAdjoints.union(info.storedAdjoints)
    var count: [Int: Int] = [:]
    for j in has {
      count[j] =
        (info.outerAdjoints.contains(j) ? 1 : 0) + (info.storedAdjoints.contains(j) ? 1 : 0)
    }
    for j in Self.statements(loop).indices.reversed() where has.contains(j) {
      for (target, _) in info.sends[j] ?? [] {
        if case .local(let i) = target, info.sends[i] != nil {
          has.insert(i)
          count[i, default: 0] += 1
        }
      }
    }
    return (has, count)
  }
}
