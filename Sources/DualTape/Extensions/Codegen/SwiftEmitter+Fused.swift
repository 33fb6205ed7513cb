// A loop run once for both sweeps. Where the last live item is a loop whose carried values are
// sums (`s = s + w`, the partial to the previous `s` exactly 1) read only by the outputs, each
// sum's adjoint is the same in every repetition and known before the loop: the seed. Its
// reverse can then run inside its forward pass, repetition by repetition, so the inputs are
// read once and nothing is kept for a second pass. The gradient's entries still sum in the
// tape's order: the tape visits the repetitions backwards, so where two repetitions send to one
// input (x[r + 2] in one, x[r + 3] in the one before), the earlier repetition's contributions
// wait in variables until the later one has sent its own; each entry is then written once, in
// one statement, and only the entries the loop does not write are zeroed.

extension SwiftEmitter {
  /// How the last loop runs its reverse inside its forward pass.
  struct Fusion {
    /// The loop's number.
    var loop: Int
    /// How far the inputs it sends to move per repetition (> 0).
    var stride: Int
    /// The input offsets it sends to, increasing, each with how many repetitions its
    /// contributions wait (`(offset − first offset) / stride`).
    var groups: [(offset: Affine, delay: Int)]
    /// How many contributions each group sends per repetition.
    var contributions: [Int]
    /// The longest wait.
    var longest: Int { groups.map(\.delay).max() ?? 0 }
  }

  /// The fusion of the last live item, where it is a loop that allows one: no check in it or
  /// after it; every carried value with an adjoint a sum whose only reader is itself; its
  /// body sending to nothing outside it but inputs that all move by one positive stride, at
  /// offsets a whole number of strides apart.
  func fusion() -> Fusion? {
    var (values, loops) = (0, 0)
    var last: (CodeLoop, Int)?
    for item in program.items {
      switch item {
      case .statement:
        if liveValues.contains(values) { last = nil }
        values += 1
      case .check: last = nil
      case .loop(let loop):
        let checks = loop.body.contains {
          if case .check = $0 { return true }
          return false
        }
        if checks {
          last = nil
        } else if !loopInfo[loops].live.isEmpty {
          last = (loop, loops)
        }
        loops += 1
      }
    }
    guard let (loop, l) = last else { return nil }
    let info = loopInfo[l]
    guard info.storedAdjoints.isEmpty else { return nil }
    let (has, count) = adjoints(loop, l)
    for j in info.outerAdjoints {
      let own = (info.sends[j] ?? []).filter { $0.0 == .previous(j) }
      guard info.previous.contains(j), count[j] == 1, own.count == 1, own[0].1 == "1" else {
        return nil
      }
    }
    var offsets: [Affine: Int] = [:]
    var stride: Int?
    for j in has {
      for (target, _) in info.sends[j] ?? [] {
        switch target {
        case .local, .zero, .constant: break
        case .previous(let i):
          if i != j && info.outerAdjoints.contains(i) { return nil }
        case .input(let a, let s):
          guard s > 0, stride == nil || stride == s else { return nil }
          stride = s
          offsets[a, default: 0] += 1
        case .value(let k): if !sends[k].isEmpty { return nil }
        case .exit(let m, let i): if loopInfo[m].outerAdjoints.contains(i) { return nil }
        case .element(let m, let i, _, _):
          if loopInfo[m].storedAdjoints.contains(i) { return nil }
        }
      }
    }
    let sorted = offsets.keys.sorted { $0.c < $1.c }
    guard let s = stride, let first = sorted.first,
      sorted.allSatisfy({ $0.k == first.k && ($0.c - first.c) % s == 0 })
    else { return nil }
    return Fusion(
      loop: l, stride: s, groups: sorted.map { ($0, ($0.c - first.c) / s) },
      contributions: sorted.map { offsets[$0]! })
  }

  /// Where a fused loop writes: the first entry, and one past the last (both affine in n).
  func fusedRange(_ loop: CodeLoop, _ f: Fusion) -> (Affine, Affine) {
    let low = f.groups[0].offset
    let count = Affine(c: loop.repeats.c + f.longest, k: loop.repeats.k)
    return (low, Affine(c: low.c + f.stride * count.c, k: low.k + f.stride * count.k))
  }

  /// The name of a held contribution: group `g`'s `m`th, computed `age` repetitions ago.
  static func held(_ g: Int, _ m: Int, _ age: Int) -> String { "held\(g)c\(m)a\(age)" }

  /// Before the fused loop: the gradient's entries it does not write zeroed, each sum's
  /// adjoint (its seeds), the held contributions.
  mutating func fusedPrologue(_ loop: CodeLoop, _ l: Int, _ f: Fusion) {
    if f.stride == 1 {
      let (low, high) = fusedRange(loop, f)
      if low != Affine(c: 0) { line("for i in 0..<\(integer(low)) { g[i] = 0 }") }
      if high != program.inputCount {
        line("for i in \(integer(high))..<\(integer(program.inputCount)) { g[i] = 0 }")
      }
    } else {
      line("g.update(repeating: 0)")
    }
    for j in loopInfo[l].outerAdjoints.sorted() {
      let seeds = self.seeds.filter { $0.0 == .exit(loop: l, op: j) }.map(\.1)
      line(
        "let ds\(l + 1)v\(j): \(scalar) = \(seeds.isEmpty ? "0" : seeds.joined(separator: " + "))")
    }
    if f.longest > 0 {
      line(
        "// Contributions held back until a later repetition has sent its own (the tape's order).")
    }
    for (g, group) in f.groups.enumerated() where group.delay > 0 {
      for m in 0..<f.contributions[g] {
        for age in 1...group.delay { line("var \(Self.held(g, m, age)): \(scalar) = 0") }
      }
    }
  }

  /// The fused loop's reverse, inside its body: the adjoints, then one statement writing the
  /// gradient's entry this repetition completes, then the held contributions moved on.
  mutating func fusedReverse(_ loop: CodeLoop, _ l: Int, _ f: Fusion) {
    let info = loopInfo[l]
    let body = Self.statements(loop)
    let (has, count) = adjoints(loop, l)
    let outer = info.outer
    let local = { (i: Int) in outer.contains(i) ? "s\(l + 1)v\(i)" : "w\(i)" }
    let me = self
    let names = { (ref: CodeRef) -> String in me.name(ref, local: local).text }
    for j in info.outerAdjoints.sorted() { line("let dw\(j) = ds\(l + 1)v\(j)") }
    var declared = info.outerAdjoints
    var sent: [Affine: [String]] = [:]
    for j in body.indices.reversed() where has.contains(j) {
      for (target, template) in info.sends[j] ?? [] {
        let e = contribution("dw\(j)", template, body[j], value: local(j), names: names)
        switch target {
        case .local(let i) where has.contains(i):
          if declared.insert(i).inserted {
            line("\(count[i]! > 1 ? "var" : "let") dw\(i): \(scalar) = \(e)")
          } else {
            line("dw\(i) += \(e)")
          }
        case .input(let a, _): sent[a, default: []].append(e)
        default: break
        }
      }
    }
    var terms: [String] = []
    for (g, group) in f.groups.enumerated() {
      let mine = sent[group.offset] ?? []
      terms += group.delay == 0 ? mine : mine.indices.map { Self.held(g, $0, group.delay) }
    }
    line("g[\(integer(f.groups[0].offset, stride: f.stride))] = \(Self.sum(terms))")
    for (g, group) in f.groups.enumerated() where group.delay > 0 {
      for (m, e) in (sent[group.offset] ?? []).enumerated() {
        for age in stride(from: group.delay, to: 1, by: -1) {
          line("\(Self.held(g, m, age)) = \(Self.held(g, m, age - 1))")
        }
        line("\(Self.held(g, m, 1)) = \(e)")
      }
    }
  }

  /// After the fused loop: the entries past its last repetition, from the held contributions.
  mutating func fusedEpilogue(_ loop: CodeLoop, _ f: Fusion) {
    guard f.longest > 0 else { return }
    let low = f.groups[0].offset
    for t in 1...f.longest {
      var terms: [String] = []
      for (g, group) in f.groups.enumerated() where group.delay >= t {
        terms += (0..<f.contributions[g]).map { Self.held(g, $0, group.delay - t + 1) }
      }
      let index = Affine(
        c: low.c + f.stride * (loop.repeats.c - 1 + t), k: low.k + f.stride * loop.repeats.k)
      line("g[\(integer(index))] = \(Self.sum(terms))")
    }
  }

  /// `a + b - c …` from the terms in order (`x + -y` written `x - y`, the same operation).
  static func sum(_ terms: [String]) -> String {
    guard let first = terms.first else { return "0" }
    var text = first
    for t in terms.dropFirst() {
      text += t.hasPrefix("-") ? " - " + t.dropFirst() : " + " + t
    }
    return text
  }
}
