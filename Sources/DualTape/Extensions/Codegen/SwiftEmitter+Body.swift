// The generated body: liveness (what the outputs and the checks read), the forward pass, the
// reverse sweep.

extension SwiftEmitter {
  /// Writes the body: forward pass, checks (`fail` where one goes the other way), reverse
  /// sweep from `seeds` (an output and its seed's text) into the gradient buffer `g`.
  mutating func body(seeds: [(CodeRef, String)], fail: String) {
    self.seeds = seeds
    analyse()
    fused = fusion()
    line("// Forward pass.")
    forward(fail: fail)
    line("// Reverse sweep: each partial from DualTape's rule table.")
    if fused == nil { line("g.update(repeating: 0)") }
    reverse(seeds: seeds)
  }

  /// Marks what the outputs and checks read, back to front; each loop's outer statements.
  mutating func analyse() {
    let items = program.items
    var neededExits = Set<[Int]>()
    var neededElements = Set<[Int]>()
    func mark(_ r: CodeRef) {
      switch r {
      case .value(let k): liveValues.insert(k)
      case .exit(let l, let j): neededExits.insert([l, j])
      case .element(let l, let j, _, _): neededElements.insert([l, j])
      default: break
      }
    }
    program.outputs.forEach(mark)
    var values = 0
    var loops = 0
    var numbered: [(Int, CodeItem)] = []
    for item in items {
      switch item {
      case .statement:
        numbered.append((values, item))
        values += 1
      case .check: numbered.append((-1, item))
      case .loop:
        numbered.append((loops, item))
        loops += 1
      }
    }
    loopInfo = Array(repeating: LoopInfo(), count: loops)
    sends = Array(repeating: [], count: values)
    for (k, item) in numbered.reversed() {
      switch item {
      case .statement(let s):
        guard liveValues.contains(k) else { continue }
        mark(s.lhs)
        mark(s.rhs)
      case .check(let c):
        mark(c.lhs)
        mark(c.rhs)
      case .loop(let loop):
        var info = LoopInfo()
        // Live body statements: needed after the loop, or read by a live one (to a fixpoint,
        // since a previous repetition's value may be read by an earlier statement).
        let body = Self.statements(loop)
        for (j, _) in body.enumerated() where neededExits.contains([k, j]) {
          info.live.insert(j)
          info.outer.insert(j)
        }
        for (j, _) in body.enumerated() where neededElements.contains([k, j]) {
          info.live.insert(j)
          info.stored.insert(j)
        }
        var changed = true
        while changed {
          changed = false
          var readers: [CodeRef] = []
          for item in loop.body {
            switch item {
            case .check(let c): readers += [c.lhs, c.rhs]
            case .statement: break
            case .loop: break
            }
          }
          for (j, s) in body.enumerated() where info.live.contains(j) { readers += [s.lhs, s.rhs] }
          for r in readers {
            switch r {
            case .local(let j) where !info.live.contains(j):
              info.live.insert(j)
              changed = true
            case .previous(let j):
              info.previous.insert(j)
              info.outer.insert(j)
              if !info.live.contains(j) {
                info.live.insert(j)
                changed = true
              }
            default: break
            }
          }
        }
        for item in loop.body {
          if case .check(let c) = item {
            mark(c.lhs)
            mark(c.rhs)
          }
        }
        for (j, s) in body.enumerated() where info.live.contains(j) {
          mark(s.lhs)
          mark(s.rhs)
        }
        for j in info.previous { if let start = loop.initial[j] { mark(start) } }
        loopInfo[k] = info
      }
    }
    // The partials, and which adjoints are needed (a statement that sends nothing needs none).
    for (k, item) in numbered {
      switch item {
      case .statement(let s) where liveValues.contains(k): sends[k] = partials(s)
      case .loop(let loop):
        var info = loopInfo[k]
        for (j, s) in Self.statements(loop).enumerated() where info.live.contains(j) {
          let p = partials(s)
          if !p.isEmpty { info.sends[j] = p }
        }
        info.outerAdjoints = info.outer.filter { info.sends[$0] != nil }
        info.storedAdjoints = info.stored.filter { info.sends[$0] != nil }
        // What the reverse sweep recomputes: the values its partials read, and theirs.
        var stack: [CodeRef] = []
        for (j, s) in Self.statements(loop).enumerated() {
          guard let p = info.sends[j] else { continue }
          for (_, template) in p
          where !template.hasPrefix("*") && template != "1" && template != "-1" {
            let (l, r, v) = Self.reads(template)
            if l { stack.append(s.lhs) }
            if r { stack.append(s.rhs) }
            if v { stack.append(.local(j)) }
          }
        }
        let body = Self.statements(loop)
        while let r = stack.popLast() {
          switch r {
          case .local(let j) where !info.recompute.contains(j):
            info.recompute.insert(j)
            // A stored value is read back from its array, not recomputed.
            if !info.stored.contains(j) { stack += [body[j].lhs, body[j].rhs] }
          case .previous(let j): info.history.insert(j)
          default: break
          }
        }
        loopInfo[k] = info
      default: break
      }
    }
  }

  /// A loop's body statements, in order.
  static func statements(_ loop: CodeLoop) -> [CodeStatement] {
    loop.body.compactMap {
      if case .statement(let s) = $0 { return s }
      return nil
    }
  }

  mutating func check(
    _ c: CodeCheck, _ fail: String, _ number: inout Int, names: (CodeRef) -> String
  ) {
    number += 1
    let comparison = "\(names(c.lhs)) \(c.comparison.symbol) \(names(c.rhs))"
    let condition = c.outcome ? comparison : "!(\(comparison))"
    line("guard \(condition) else { \(fail) }  // branch guard #\(number)")
  }

  /// The value of a statement, spelled with `names`.
  func value(_ s: CodeStatement, names: (CodeRef) -> SourceTerm) -> SourceTerm {
    s.operation.spell(s.arity == 2 ? [names(s.lhs), names(s.rhs)] : [names(s.lhs)])
  }

  mutating func forward(fail: String) {
    var values = 0
    var loops = 0
    var guards = 0
    for item in program.items {
      switch item {
      case .statement(let s):
        defer { values += 1 }
        guard liveValues.contains(values) else { continue }
        let v = value(s) { name($0) }
        let annotation = v.constant != nil ? ": \(scalar)" : ""
        line("let v\(values + 1)\(annotation) = \(v.text)")
      case .check(let c):
        let me = self
        let names = { (r: CodeRef) in me.name(r).operand(3) }
        check(c, fail, &guards, names: names)
      case .loop(let loop):
        forwardLoop(loop, loops, fail: fail, guards: &guards)
        loops += 1
      }
    }
  }

  mutating func forwardLoop(_ loop: CodeLoop, _ l: Int, fail: String, guards: inout Int) {
    let info = loopInfo[l]
    let repeats = integer(loop.repeats)
    for j in info.outer.sorted() {
      let start = loop.initial[j].map { name($0).text } ?? "0"
      line("var s\(l + 1)v\(j): \(scalar) = \(start)")
    }
    for j in info.history.sorted() {
      line("var h\(l + 1)v\(j) = [\(scalar)](repeating: 0, count: \(repeats))")
    }
    for j in info.stored.sorted() {
      for text in buffer("a\(l + 1)v\(j)", count: repeats) { line(text) }
    }
    let fusion = fused?.loop == l ? fused : nil
    if let fusion { fusedPrologue(loop, l, fusion) }
    let bodyStart = lines.count
    indent += "  "
    for j in info.previous.sorted() { line("let p\(j) = s\(l + 1)v\(j)") }
    for j in info.history.sorted() { line("h\(l + 1)v\(j)[r] = p\(j)") }
    var j = 0
    let outer = info.outer
    for item in loop.body {
      switch item {
      case .statement(let s):
        defer { j += 1 }
        guard info.live.contains(j) else { continue }
        let v = value(s) { ref in
          if case .local(let i) = ref, outer.contains(i) { return .name("s\(l + 1)v\(i)") }
          return self.name(ref)
        }
        if info.outer.contains(j) {
          line("s\(l + 1)v\(j) = \(v.text)")
        } else {
          line("let w\(j)\(v.constant != nil ? ": \(scalar)" : "") = \(v.text)")
        }
        if info.stored.contains(j) {
          line("a\(l + 1)v\(j)[r] = \(info.outer.contains(j) ? "s\(l + 1)v" : "w")\(j)")
        }
      case .check(let c):
        let me = self
        let names = { (ref: CodeRef) -> String in
          if case .local(let i) = ref, outer.contains(i) { return "s\(l + 1)v\(i)" }
          return me.name(ref).operand(3)
        }
        check(c, fail, &guards, names: names)
      case .loop: break
      }
    }
    if let fusion {
      line("// This repetition's reverse (the sums' adjoints are the seeds in every one).")
      fusedReverse(loop, l, fusion)
    }
    indent.removeLast(2)
    let usesR =
      !info.history.isEmpty || !info.stored.isEmpty || Self.readsStridedInput(loop, info.live)
      || fusion != nil
    lines.insert(indent + "for \(usesR ? "r" : "_") in 0..<\(repeats) {", at: bodyStart)
    line("}")
    if let fusion { fusedEpilogue(loop, fusion) }
  }

  /// Whether the live statements or the checks of a loop read an input that moves.
  static func readsStridedInput(_ loop: CodeLoop, _ live: Set<Int>) -> Bool {
    func moves(_ r: CodeRef) -> Bool {
      switch r {
      case .input(_, let stride), .element(_, _, _, let stride): stride != 0
      default: false
      }
    }
    var j = 0
    for item in loop.body {
      switch item {
      case .statement(let s):
        if live.contains(j) && (moves(s.lhs) || moves(s.rhs)) { return true }
        j += 1
      case .check(let c): if moves(c.lhs) || moves(c.rhs) { return true }
      case .loop: break
      }
    }
    return false
  }

  /// The lines that make `name` a buffer of `count` zeros, freed when the function returns
  /// (a buffer, not an array: no bounds checks or reference counting in the loops).
  func buffer(_ name: String, count: String) -> [String] {
    [
      "let \(name) = UnsafeMutableBufferPointer<\(scalar)>.allocate(capacity: \(count))",
      "\(name).initialize(repeating: 0)",
      "defer { \(name).deallocate() }",
    ]
  }
}
