// The generated function's structure: top-level statements and checks, and loops for the runs
// of a repeated body. The replay's blocks are loops already; the other runs of a repeated body
// (the rolled ones need not be the replay's specialised operations) are found here. The
// programs of recordings at n, n + 1 and n + 2 inputs are then merged (CodeProgram+Shape.swift)
// into one whose loop counts and input indices are affine in n.

/// c + k·n: an integer of the generated code (a loop count, an input index).
struct Affine: Hashable {
  var c: Int
  var k = 0

  func at(_ n: Int) -> Int { c + k * n }
}

/// A value the generated code reads.
enum CodeRef: Hashable {
  /// A unary operation's unused second operand.
  case zero
  case constant(Double)
  /// x[a + stride·r] (stride 0 outside loops; r is the repetition).
  case input(Affine, stride: Int)
  /// Top-level statement k.
  case value(Int)
  /// Loop l's body statement j, after the last repetition.
  case exit(loop: Int, op: Int)
  /// Loop l's body statement j in repetition `index + stride·r` (kept in an array by the
  /// forward pass): read from outside the loop, or by another loop moving through it.
  case element(loop: Int, op: Int, index: Affine, stride: Int)
  /// Body statement j of this repetition.
  case local(Int)
  /// Body statement j of the previous repetition (the loop's initial value before the first).
  case previous(Int)
}

struct CodeStatement {
  var operation: CodegenOperation
  var lhs: CodeRef
  var rhs: CodeRef
  var arity: Int
  var reachesLeft: Bool
  var reachesRight: Bool
}

struct CodeCheck {
  var comparison: BranchComparison
  var lhs: CodeRef
  var rhs: CodeRef
  var outcome: Bool
}

/// One body run `repeats` times.
struct CodeLoop {
  var repeats: Affine
  /// Statements and checks.
  var body: [CodeItem]
  /// What `.previous(j)` reads in the first repetition.
  var initial: [Int: CodeRef]
}

indirect enum CodeItem {
  case statement(CodeStatement)
  case check(CodeCheck)
  case loop(CodeLoop)
}

/// A recording's generated function: items, outputs, and the input count (affine in n once
/// merged from recordings at several n).
struct CodeProgram {
  var inputCount: Affine
  var items: [CodeItem]
  var outputs: [CodeRef]
  var guardCount: Int
  var operationCount: Int
  /// The recorded input counts the program was checked at (one, or three when merged).
  var recordedAt: [Int]

  /// The fewest repetitions that make a loop of runs the replay did not block.
  static var minimumRepeats: Int { 3 }
  /// The longest body such a loop is looked for with.
  static var maximumPeriod: Int { 256 }

  /// A run: `body` (its first repetition) `repeats` times, each item's operands moving by
  /// `deltas`; `first` is its first statement's slot, `count` its body's statements.
  struct Run {
    var body: ArraySlice<CodegenRecording.Item>
    var deltas: [(lhs: Int, rhs: Int)]
    var repeats: Int
    var first: Int
    var count: Int
    var loop: Int?
    /// For a single statement: its top-level number.
    var value = 0
  }

  /// The recording with every run of a repeated body as a loop, or nil where a run's value
  /// is read in another way than a loop can give (two repetitions back, or by a loop moving
  /// through another's repetitions at another pace): the caller then rolls nothing. A value
  /// of a repetition other than the last is read from an array the forward pass keeps.
  init?(_ r: CodegenRecording, rolling: Bool = true) {
    let n = r.inputCount
    inputCount = Affine(c: n)
    guardCount = r.guardCount
    recordedAt = [n]
    var runs: [Run] = []
    var slot = n + 1
    var p = 0
    var values = 0
    var loops = 0
    func append(_ body: ArraySlice<CodegenRecording.Item>, _ deltas: [(Int, Int)], _ repeats: Int) {
      let count = body.reduce(0) {
        if case .statement = $1 { return $0 + 1 }
        return $0
      }
      var run = Run(body: body, deltas: deltas, repeats: repeats, first: slot, count: count)
      if repeats > 1 {
        run.loop = loops
        loops += 1
      } else if count == 1 {
        run.value = values
        values += 1
      }
      slot += count * repeats
      runs.append(run)
    }
    let items = r.items
    while p < items.count {
      if case .block(let b) = items[p] {
        append(ArraySlice(b.body.map { .statement($0) }), b.strides, b.repeats)
        p += 1
      } else if rolling, let (period, repeats) = Self.bestRun(items, at: p) {
        let deltas = (0..<period).map { Self.delta(items[p + $0], items[p + period + $0]) }
        append(items[p..<(p + period)], deltas, repeats)
        p += period * repeats
      } else {
        append(items[p..<(p + 1)], [(0, 0)], 1)
        p += 1
      }
    }
    // Where a slot is computed: its run (binary search), repetition and body statement.
    func place(_ s: Int) -> (run: Run, repeat: Int, op: Int) {
      var (low, high) = (0, runs.count - 1)
      while low < high {
        let mid = (low + high + 1) / 2
        if runs[mid].first <= s { low = mid } else { high = mid - 1 }
      }
      let run = runs[low]
      let offset = s - run.first
      return (run, offset / Swift.max(run.count, 1), offset % Swift.max(run.count, 1))
    }
    /// A reference from outside any loop.
    func outside(_ o: CodegenRecording.Operand) -> CodeRef? {
      switch o {
      case .zero: return .zero
      case .constant(let c): return .constant(c)
      case .input(let k): return .input(Affine(c: k), stride: 0)
      case .slot(let s):
        let (run, rep, op) = place(s)
        guard let loop = run.loop else { return .value(run.value) }
        return rep == run.repeats - 1
          ? .exit(loop: loop, op: op)
          : .element(loop: loop, op: op, index: Affine(c: rep), stride: 0)
      }
    }
    /// A reference from body statement j of `run`, moving by `delta` per repetition.
    func inside(
      _ o: CodegenRecording.Operand, _ delta: Int, _ run: Run, _ j: Int,
      _ initial: inout [Int: CodeRef]
    ) -> CodeRef? {
      switch o {
      case .input(let k): return .input(Affine(c: k), stride: delta)
      case .slot(let s) where delta == run.count && s >= run.first - run.count:
        let offset = s - run.first
        if offset >= 0 && offset < j { return .local(offset) }
        guard offset < 0 && offset >= -run.count, let start = outside(o) else { return nil }
        if let known = initial[offset + run.count], known != start { return nil }
        initial[offset + run.count] = start
        return .previous(offset + run.count)
      case .slot(let s) where delta == 0 && s < run.first: return outside(o)
      case .slot(let s) where s < run.first:
        // An earlier loop's repetitions, `delta / its body` of them per repetition.
        let (earlier, rep, op) = place(s)
        guard let loop = earlier.loop, delta % earlier.count == 0 else { return nil }
        let step = delta / earlier.count
        let last = rep + step * (run.repeats - 1)
        guard last >= 0 && last < earlier.repeats else { return nil }
        return .element(loop: loop, op: op, index: Affine(c: rep), stride: step)
      case .slot: return nil
      default: return delta == 0 ? outside(o) : nil
      }
    }
    var built: [CodeItem] = []
    var operations = 0
    for run in runs {
      var body: [CodeItem] = []
      var initial: [Int: CodeRef] = [:]
      var j = 0
      for (item, delta) in Swift.zip(run.body, run.deltas) {
        let reference: (CodegenRecording.Operand, Int) -> CodeRef? = { o, d in
          run.loop == nil ? outside(o) : inside(o, d, run, j, &initial)
        }
        switch item {
        case .statement(let s):
          guard let lhs = reference(s.lhs, delta.lhs), let rhs = reference(s.rhs, delta.rhs)
          else { return nil }
          body.append(
            .statement(
              CodeStatement(
                operation: r.decode(s.instruction), lhs: lhs, rhs: rhs, arity: s.arity,
                reachesLeft: s.reachesLeft, reachesRight: s.reachesRight)))
          j += 1
        case .check(let c):
          guard let lhs = reference(c.lhs, delta.lhs), let rhs = reference(c.rhs, delta.rhs)
          else { return nil }
          body.append(
            .check(CodeCheck(comparison: c.comparison, lhs: lhs, rhs: rhs, outcome: c.outcome)))
        case .block: return nil
        }
      }
      operations += run.count * run.repeats
      if run.loop != nil {
        built.append(
          .loop(CodeLoop(repeats: Affine(c: run.repeats), body: body, initial: initial)))
      } else {
        built += body
      }
    }
    var outputs: [CodeRef] = []
    for o in r.outputs {
      guard let ref = outside(o) else { return nil }
      outputs.append(ref)
    }
    self.items = built
    self.outputs = outputs
    operationCount = operations
  }

  /// How far an item's operands move from one repetition to the next.
  static func delta(_ a: CodegenRecording.Item, _ b: CodegenRecording.Item) -> (Int, Int) {
    func d(_ x: CodegenRecording.Operand, _ y: CodegenRecording.Operand) -> Int {
      switch (x, y) {
      case (.input(let i), .input(let j)): j - i
      case (.slot(let i), .slot(let j)): j - i
      default: 0
      }
    }
    switch (a, b) {
    case (.statement(let s), .statement(let t)): return (d(s.lhs, t.lhs), d(s.rhs, t.rhs))
    case (.check(let s), .check(let t)): return (d(s.lhs, t.lhs), d(s.rhs, t.rhs))
    default: return (0, 0)
    }
  }

  /// The body length and repetitions of the run at `p` covering the most items, if any has
  /// at least ``minimumRepeats`` repetitions and a statement.
  static func bestRun(_ items: [CodegenRecording.Item], at p: Int) -> (Int, Int)? {
    var best: (Int, Int)? = nil
    var cover = 0
    let longest = Swift.min(maximumPeriod, (items.count - p) / minimumRepeats)
    if longest < 1 { return nil }
    for period in 1...longest where sameKind(items[p + period], items[p]) {
      if let (shorter, _) = best, period % shorter == 0 { continue }
      let repeats = repetitions(items, at: p, period: period)
      if repeats >= minimumRepeats && period * repeats > cover {
        (best, cover) = ((period, repeats), period * repeats)
      }
    }
    return best
  }

  /// How many times `items[p ..< p + period]` repeats from `p`: the same operations, each
  /// operand moving by the same stride (a slot by 0, the body's statements, or any other
  /// stride through an earlier loop's repetitions, which `init` checks).
  static func repetitions(_ items: [CodegenRecording.Item], at p: Int, period: Int) -> Int {
    guard p + 2 * period <= items.count else { return 1 }
    var count = 0
    for j in 0..<period {
      switch items[p + j] {
      case .statement: count += 1
      case .check: break
      case .block: return 1
      }
    }
    if count == 0 { return 1 }
    func follows(
      _ a: CodegenRecording.Operand, _ b: CodegenRecording.Operand,
      _ c: CodegenRecording.Operand, _ r: Int
    ) -> Bool {
      switch (a, b, c) {
      case (.zero, .zero, .zero): return true
      case (.constant(let x), .constant(let y), .constant(let z)):
        return x.bitPattern == y.bitPattern && y.bitPattern == z.bitPattern
      case (.input(let x), .input(let y), .input(let z)): return z == x + r * (y - x)
      case (.slot(let x), .slot(let y), .slot(let z)):
        // 0 or the body's length; any other stride reads an earlier loop's repetitions.
        return z == x + r * (y - x)
      default: return false
      }
    }
    var repeats = 1
    while p + (repeats + 1) * period <= items.count {
      let r = repeats
      for j in 0..<period {
        let (a, b, c) = (items[p + j], items[p + period + j], items[p + r * period + j])
        guard sameKind(c, a) else { return repeats }
        switch (a, b, c) {
        case (.statement(let x), .statement(let y), .statement(let z)):
          guard follows(x.lhs, y.lhs, z.lhs, r), follows(x.rhs, y.rhs, z.rhs, r) else {
            return repeats
          }
        case (.check(let x), .check(let y), .check(let z)):
          guard follows(x.lhs, y.lhs, z.lhs, r), follows(x.rhs, y.rhs, z.rhs, r) else {
            return repeats
          }
        default: return repeats
        }
      }
      repeats += 1
    }
    return repeats
  }

  /// Whether two items are the same operation (or comparison), whatever their operands.
  static func sameKind(_ a: CodegenRecording.Item, _ b: CodegenRecording.Item) -> Bool {
    switch (a, b) {
    case (.statement(let s), .statement(let t)):
      return s.key == t.key && s.reachesLeft == t.reachesLeft && s.reachesRight == t.reachesRight
    case (.check(let s), .check(let t)):
      return s.comparison == t.comparison && s.outcome == t.outcome
    default: return false
    }
  }
}
