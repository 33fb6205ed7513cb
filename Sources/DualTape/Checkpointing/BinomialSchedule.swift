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

/// The binomial (revolve) checkpointing schedule's arithmetic.
@usableFromInline
enum BinomialSchedule {
  /// β(c, r) = C(c + r, c) for c ≥ 0 (0 for r < 0), saturating at `Int.max`.
  static func beta(_ c: Int, _ r: Int) -> Int {
    if r < 0 { return 0 }
    var b = 1
    var i = 0
    while i < r {
      i += 1
      // b = C(c + i − 1, i − 1) here, so b·(c + i)/i = C(c + i, i) is exact.
      let (product, overflow) = b.multipliedReportingOverflow(by: c + i)
      if overflow { return .max }
      b = product / i
    }
    return b
  }

  /// The repetition number of l steps and c checkpoints: the least r ≥ 0 with β(c, r) ≥ l.
  static func repetitions(steps l: Int, checkpoints c: Int) -> Int {
    var r = 0
    var b = 1  // β(c, r)
    while b < l {
      r += 1
      let (product, overflow) = b.multipliedReportingOverflow(by: c + r)
      b = overflow ? .max : product / r
    }
    return r
  }

  /// t(l, c): the fewest forward steps that reverse l steps with c ≥ 1 checkpoints.
  @usableFromInline static func minimumForwardSteps(steps l: Int, checkpoints c: Int) -> Int {
    if l <= 1 { return 0 }
    let c = Swift.min(c, l)  // more checkpoints than steps do not help
    let r = repetitions(steps: l, checkpoints: c)
    let (product, overflow) = r.multipliedReportingOverflow(by: l)
    return overflow ? .max : product - beta(c + 1, r - 1)
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
