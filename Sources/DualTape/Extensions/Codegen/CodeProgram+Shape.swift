// One program for every input count of a shape: the programs of recordings at n, n + 1 and
// n + 2 inputs must be the same but for their loop counts and input indices; those are then
// affine in n (the first two give c + k·n, the third checks it).

extension CodeProgram {
  /// The program whose integers are affine in the input count, from programs recorded at
  /// n, n + 1 and n + 2 inputs (`programs` in that order), or nil where their shapes differ.
  static func merged(_ programs: [CodeProgram]) -> CodeProgram? {
    guard programs.count == 3 else { return nil }
    let n = programs[0].inputCount.c
    guard programs[1].inputCount.c == n + 1, programs[2].inputCount.c == n + 2,
      var merged = programs[0].zip(
        programs[1], { a, b in Affine(c: a.c - (b.c - a.c) * n, k: b.c - a.c) }),
      merged.zip(programs[2], { m, c in m.at(n + 2) == c.c ? m : nil }) != nil
    else { return nil }
    merged.recordedAt = programs.map(\.inputCount.c)
    return merged
  }

  /// This program with each integer combined with `other`'s by `combine`, or nil where the
  /// two differ in anything else (or `combine` refuses).
  func zip(_ other: CodeProgram, _ combine: (Affine, Affine) -> Affine?) -> CodeProgram? {
    func ref(_ a: CodeRef, _ b: CodeRef) -> CodeRef? {
      switch (a, b) {
      case (.input(let x, let s), .input(let y, let t)) where s == t:
        return combine(x, y).map { .input($0, stride: s) }
      case (.constant(let x), .constant(let y)):
        return x.bitPattern == y.bitPattern ? a : nil
      case (.element(let l, let j, let x, let s), .element(let m, let i, let y, let t))
      where l == m && j == i && s == t:
        return combine(x, y).map { .element(loop: l, op: j, index: $0, stride: s) }
      default: return a == b ? a : nil
      }
    }
    func zipItems(_ a: [CodeItem], _ b: [CodeItem]) -> [CodeItem]? {
      guard a.count == b.count else { return nil }
      var out: [CodeItem] = []
      out.reserveCapacity(a.count)
      for (x, y) in Swift.zip(a, b) {
        switch (x, y) {
        case (.statement(var s), .statement(let t)):
          guard sameOperation(s, t), let l = ref(s.lhs, t.lhs), let r = ref(s.rhs, t.rhs)
          else { return nil }
          (s.lhs, s.rhs) = (l, r)
          out.append(.statement(s))
        case (.check(var c), .check(let d)):
          guard c.comparison == d.comparison, c.outcome == d.outcome,
            let l = ref(c.lhs, d.lhs), let r = ref(c.rhs, d.rhs)
          else { return nil }
          (c.lhs, c.rhs) = (l, r)
          out.append(.check(c))
        case (.loop(var l), .loop(let m)):
          guard let repeats = combine(l.repeats, m.repeats), let body = zipItems(l.body, m.body),
            Set(l.initial.keys) == Set(m.initial.keys)
          else { return nil }
          for (j, start) in l.initial {
            guard let merged = ref(start, m.initial[j]!) else { return nil }
            l.initial[j] = merged
          }
          (l.repeats, l.body) = (repeats, body)
          out.append(.loop(l))
        default: return nil
        }
      }
      return out
    }
    guard let inputs = combine(inputCount, other.inputCount),
      let body = zipItems(items, other.items),
      outputs.count == other.outputs.count, guardCount == other.guardCount || true
    else { return nil }
    var result = self
    result.inputCount = inputs
    result.items = body
    for (k, (a, b)) in Swift.zip(outputs, other.outputs).enumerated() {
      guard let o = ref(a, b) else { return nil }
      result.outputs[k] = o
    }
    return result
  }

  func sameOperation(_ s: CodeStatement, _ t: CodeStatement) -> Bool {
    let (a, b) = (s.operation, t.operation)
    return a.primitive == b.primitive && a.integer == b.integer
      && a.real.bitPattern == b.real.bitPattern && a.custom == b.custom
      && a.detached == b.detached && s.arity == t.arity && s.reachesLeft == t.reachesLeft
      && s.reachesRight == t.reachesRight
  }

  /// The smallest input count at which every loop runs at least once and every input index
  /// is in range (at least the smallest count the program was checked at, less the loops'
  /// slack): the generated code's precondition.
  var minimumInputCount: Int {
    guard inputCount.k != 0 else { return inputCount.c }
    var n = 1
    while n < (recordedAt.first ?? 1) && !fits(n) { n += 1 }
    return fits(n) ? n : recordedAt.first ?? 1
  }

  /// Whether every loop runs at least once and every input index is in 0..<n at input count n.
  func fits(_ n: Int) -> Bool {
    func inRange(_ r: CodeRef, _ repeats: Int) -> Bool {
      guard case .input(let a, let stride) = r else { return true }
      let (first, last) = (a.at(n), a.at(n) + stride * (repeats - 1))
      return Swift.min(first, last) >= 0 && Swift.max(first, last) < n
    }
    func check(_ items: [CodeItem], _ repeats: Int) -> Bool {
      items.allSatisfy { item in
        switch item {
        case .statement(let s): inRange(s.lhs, repeats) && inRange(s.rhs, repeats)
        case .check(let c): inRange(c.lhs, repeats) && inRange(c.rhs, repeats)
        case .loop(let l):
          l.repeats.at(n) >= 1 && check(l.body, l.repeats.at(n))
            && l.initial.values.allSatisfy { inRange($0, 1) }
        }
      }
    }
    return check(items, 1) && outputs.allSatisfy { inRange($0, 1) }
  }
}
