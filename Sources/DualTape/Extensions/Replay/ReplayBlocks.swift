// Blocks: a run of a repeated body (a loop of the recorded function: Rosenbrock's terms, a
// layer's dot products) runs body operation by body operation, each for every repetition in
// one tight loop, instead of repetition by repetition through the interpreter's dispatch.
// The repetitions of one operation are independent of each other (or depend only on the
// previous one, as a running sum), so the processor overlaps them, where the dispatch of
// one operation after another serialises on each value's round trip through memory. Each
// slot, scale and partial is computed by the same operation from the same operands as
// without blocks, so the results are the same bit for bit.

extension ReplayCompiler {
  /// The longest body a block is looked for with.
  static var maximumPeriod: Int { 64 }
  /// The fewest repetitions that make a block.
  static var minimumRepeats: Int { 4 }

  /// Rewrites every run of a repeated body in `instructions` (whose operations compute slots
  /// from `firstSlot` on) as a block: the body's instructions once, with their strides.
  static func reroll(_ instructions: [ReplayInstruction], firstSlot: Int) -> (
    instructions: [ReplayInstruction], strides: [ReplayStride]
  ) {
    var slots = [Int](repeating: -1, count: instructions.count)
    var next = firstSlot
    for (p, op) in instructions.enumerated() where op.opcode != .check && op.opcode != .end {
      slots[p] = next
      next += 1
    }
    var rolled: [ReplayInstruction] = []
    var strides: [ReplayStride] = []
    rolled.reserveCapacity(instructions.count)
    var p = 0
    while p < instructions.count {
      guard let (period, repeats) = bestRun(instructions, slots, at: p) else {
        rolled.append(instructions[p])
        p += 1
        continue
      }
      rolled.append(
        ReplayInstruction(
          opcode: .block, lhs: Int32(period), rhs: Int32(repeats), aux: Int32(strides.count)))
      for j in 0..<period {
        let (first, second) = (instructions[p + j], instructions[p + period + j])
        strides.append(
          ReplayStride(
            lhs: second.lhs - first.lhs, rhs: second.rhs - first.rhs, aux: second.aux - first.aux))
        rolled.append(first)
      }
      p += period * repeats
    }
    return (rolled, strides)
  }

  /// The body length and repetitions of the run at `p` covering the most instructions, if
  /// any has at least ``minimumRepeats`` repetitions.
  static func bestRun(_ code: [ReplayInstruction], _ slots: [Int], at p: Int) -> (Int, Int)? {
    guard isSpecialised(code[p]) else { return nil }
    var best: (Int, Int)? = nil
    var cover = 0
    let longest = Swift.min(maximumPeriod, (code.count - p) / minimumRepeats)
    if longest < 1 { return nil }
    for period in 1...longest where code[p + period].opcode == code[p].opcode {
      // A multiple of a body found repeating is not tried: it seldom covers more, and a long
      // run would otherwise be checked once per multiple.
      if let (shorter, _) = best, period % shorter == 0 { continue }
      let repeats = repetitions(code, slots, at: p, period: period)
      if repeats >= minimumRepeats && period * repeats > cover {
        (best, cover) = ((period, repeats), period * repeats)
      }
    }
    return best
  }

  /// How many times the body `code[p ..< p + period]` repeats from `p`: each repetition the
  /// same opcodes, every operand and sweep node moved by the same stride, and no operand
  /// computed by a later operation of the body in an earlier repetition (a block computes
  /// each operation for all repetitions before the next operation).
  static func repetitions(
    _ code: [ReplayInstruction], _ slots: [Int], at p: Int, period: Int
  ) -> Int {
    guard p + 2 * period <= code.count else { return 1 }
    for j in 0..<period where !isSpecialised(code[p + j]) { return 1 }
    let base = slots[p]
    /// Whether repetition r's operation j reads a slot that a later operation of the body
    /// computes in an earlier repetition (which a block would not have computed yet).
    func readsLater(_ operand: Int32, _ r: Int, _ j: Int) -> Bool {
      let k = Int(operand) - base
      return k >= 0 && k / period < r && k % period > j
    }
    var repeats = 1
    while p + (repeats + 1) * period <= code.count {
      let r = repeats
      for j in 0..<period {
        let (first, second, op) = (code[p + j], code[p + period + j], code[p + r * period + j])
        guard op.opcode == first.opcode,
          Int(op.lhs) == Int(first.lhs) + r * (Int(second.lhs) - Int(first.lhs)),
          Int(op.rhs) == Int(first.rhs) + r * (Int(second.rhs) - Int(first.rhs)),
          Int(op.aux) == Int(first.aux) + r * (Int(second.aux) - Int(first.aux)),
          !readsLater(op.lhs, r, j), !readsLater(op.rhs, r, j)
        else { return repeats }
      }
      repeats += 1
    }
    return repeats
  }

  /// Whether `op` is one of the loop's specialised operations (which alone make blocks).
  static func isSpecialised(_ op: ReplayInstruction) -> Bool {
    op.opcode.rawValue < ReplayOpcode.general.rawValue
  }
}
