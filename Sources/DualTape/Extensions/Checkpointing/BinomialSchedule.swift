// Binomial checkpointing (Griewank and Walther's revolve): where to put the next checkpoint,
// and how many forward steps the optimal schedule takes.
//
// Reversing l steps x₀ → x₁ → … → x_l with c checkpoints (the one holding x₀ included) means
// running the steps forward again from stored states. With β(c, r) = C(c + r, c), let r be
// the repetition number: the r with β(c, r − 1) < l ≤ β(c, r). Then the fewest forward steps
// (not counting the one taped evaluation of each step during the reversal) is
//
//   t(l, c) = r·l − β(c + 1, r − 1)
//
// (Griewank 1992, "Achieving logarithmic growth ..."; Griewank and Walther 2000, "Algorithm
// 799: revolve"): each step is run forward at most r times. The tests check this count
// against the schedule's own and against a search over every split for small l and c.
//
// The schedule splits recursively: from a stored x_a, run j steps forward, store x_{a+j},
// reverse [a + j, a + l) with c − 1 checkpoints, free it, then reverse [a, a + j) with c.
// The total is optimal when the left part needs at most r − 1 repetitions (with one more
// forward run on top) and the right part at most r, and neither is shorter than its share:
//
//   max(β(c, r − 2), l − β(c − 1, r)) ≤ j ≤ min(β(c, r − 1), l − β(c − 1, r − 1)),
//
// for then j + t(l − j, c − 1) + t(j, c) = r·l − β(c, r − 1) − β(c + 1, r − 2)
// = r·l − β(c + 1, r − 1) by Pascal's rule. The interval is never empty for
// β(c, r − 1) < l ≤ β(c, r) (again by Pascal's rule: β(c, r) = β(c, r − 1) + β(c − 1, r)).

/// The binomial (revolve) checkpointing schedule's arithmetic. Every count is exact, or
/// `Int.max` where the true count exceeds it, and takes O(log l) binomials of at most ~64
/// factors each, whatever l and c are (c = 1 and l = 10⁹ included).
@usableFromInline
enum BinomialSchedule {
  /// β(c, r) = C(c + r, c) for c ≥ 0 (0 for r < 0), `Int.max` when it exceeds `Int.max`.
  static func beta(_ c: Int, _ r: Int) -> Int {
    if r < 0 { return 0 }
    // C(N, s) with s = min(c, r): after factor i the product is C(N − s + i, i), an integer
    // that never falls as i grows, so once it passes Int.max the result does too. It doubles
    // at least with every factor (N − s ≥ s ≥ i), so the loop stops within ~64 factors.
    let s = Swift.min(c, r)
    if s == 0 { return 1 }
    // C(c + r, c) ≥ c + r for c, r ≥ 1, so a sum past Int.max is a binomial past it.
    let (n, overflow) = c.addingReportingOverflow(r)
    if overflow { return .max }
    let base = n - s
    var b = 1
    for i in stride(from: 1, through: s, by: 1) {
      b = exactQuotient(b, times: base + i, over: i)
      if b == .max { return .max }
    }
    return b
  }

  /// b·x/i for non-negative b and x when it is an integer (full-width product: exact even
  /// when b·x alone exceeds Int.max), `Int.max` when the quotient exceeds Int.max.
  static func exactQuotient(_ b: Int, times x: Int, over i: Int) -> Int {
    let product = UInt(b).multipliedFullWidth(by: UInt(x))
    if product.high >= UInt(i) { return .max }  // the quotient needs more than 64 bits
    let quotient = UInt(i).dividingFullWidth(product).quotient
    return quotient > UInt(Int.max) ? .max : Int(quotient)
  }

  /// The repetition number of l ≥ 1 steps and c ≥ 1 checkpoints: the least r ≥ 0 with
  /// β(c, r) ≥ l, found by bisection (β(c, l − 1) ≥ β(1, l − 1) = l bounds it).
  static func repetitions(steps l: Int, checkpoints c: Int) -> Int {
    var low = 0
    var high = Swift.max(l - 1, 0)  // β(c, high) ≥ l; the answer is in [low, high]
    while low < high {
      let middle = low + (high - low) / 2
      if beta(c, middle) >= l { high = middle } else { low = middle + 1 }
    }
    return low
  }

  /// t(l, c): the fewest forward steps that reverse l steps with c ≥ 1 checkpoints, `Int.max`
  /// when it exceeds Int.max.
  @usableFromInline static func minimumForwardSteps(steps l: Int, checkpoints c: Int) -> Int {
    if l <= 1 { return 0 }
    if c >= l - 1 { return l - 1 }  // every step runs forward once (and c + r cannot overflow)
    let r = repetitions(steps: l, checkpoints: c)
    // r·l − β(c + 1, r − 1) in 128 bits: t may fit where r·l does not (c = 1, l = 4·10⁹).
    // β(c + 1, r − 1) = C(c + r, c + 1) = β(c, r − 1)·(c + r)/(c + 1), where β(c, r − 1) < l
    // fits (and c + r ≤ l); the product and the quotient may not.
    let minuend = UInt(r).multipliedFullWidth(by: UInt(l))
    let product = UInt(beta(c, r - 1)).multipliedFullWidth(by: UInt(c + r))
    let divisor = UInt(c + 1)
    let (quotientHigh, remainder) = product.high.quotientAndRemainder(dividingBy: divisor)
    let quotientLow = divisor.dividingFullWidth((remainder, product.low)).quotient
    let (low, borrow) = minuend.low.subtractingReportingOverflow(quotientLow)
    let high = minuend.high &- quotientHigh &- (borrow ? 1 : 0)  // t ≥ 0: no wrap
    return high != 0 || low > UInt(Int.max) ? .max : Int(low)
  }

  /// How many steps to run forward from a range's stored start before storing the next
  /// checkpoint: l ≥ 2 steps to reverse, c ≥ 2 checkpoints for the range (its start's
  /// included). The largest optimal split (see the comment at the top of this file).
  @usableFromInline static func split(steps l: Int, checkpoints c: Int) -> Int {
    let c = Swift.min(c, l)
    let r = repetitions(steps: l, checkpoints: c)
    let upper = Swift.min(beta(c, r - 1), l - beta(c - 1, r - 1))
    return Swift.max(1, Swift.min(upper, l - 1))
  }
}
