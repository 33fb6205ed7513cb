// The index sets the sparsity tracers carry: the inputs a value depends on. Sets along a sparse
// function's data flow are small (a few entries for a banded or stencil map), so they are
// sorted arrays merged linearly; a set that grows past `denseThreshold` entries (a sum over many
// inputs) switches to a bitset, so accumulating n terms costs n²/64 word operations instead of
// n² index copies. Copies share storage until written (the arrays' copy-on-write).

/// A set of input indices: sorted and distinct while small, a bitset once large.
@usableFromInline
struct InputIndexSet: Sendable {
  /// The indices, strictly increasing (the small form; empty in the large form).
  @usableFromInline var sorted: [Int32]
  /// Bit i of word i / 64 is set for each index i (the large form; empty in the small form).
  @usableFromInline var words: [UInt64]
  /// The number of indices.
  @usableFromInline var count: Int

  /// Sets with more entries than this are bitsets.
  @usableFromInline static var denseThreshold: Int { 64 }

  /// The empty set (a constant depends on no input).
  @inlinable init() {
    sorted = []
    words = []
    count = 0
  }

  /// The set `{index}`.
  @inlinable init(single index: Int) {
    sorted = [Int32(index)]
    words = []
    count = 1
  }

  @inlinable init(sorted: [Int32], words: [UInt64], count: Int) {
    self.sorted = sorted
    self.words = words
    self.count = count
  }

  @inlinable var isEmpty: Bool { count == 0 }

  /// The indices in increasing order.
  @inlinable var indices: [Int32] {
    if words.isEmpty { return sorted }
    var out = [Int32]()
    out.reserveCapacity(count)
    for (w, word) in words.enumerated() {
      var bits = word
      while bits != 0 {
        out.append(Int32(w * 64 + bits.trailingZeroBitCount))
        bits &= bits - 1
      }
    }
    return out
  }

  /// The union.
  ///
  /// - Complexity: O(|a| + |b|) for small sets, O(n/64 + |small|) once one is a bitset over n
  ///   inputs; O(1) when either is empty.
  @inlinable static func union(_ a: Self, _ b: Self) -> Self {
    if b.isEmpty { return a }
    if a.isEmpty { return b }
    switch (a.words.isEmpty, b.words.isEmpty) {
    case (true, true): return merge(a.sorted, b.sorted)
    case (false, true): return adding(b.sorted, to: a)
    case (true, false): return adding(a.sorted, to: b)
    case (false, false):
      let (long, short) = a.words.count >= b.words.count ? (a.words, b.words) : (b.words, a.words)
      var words = long
      var count = 0
      for i in 0..<words.count {
        if i < short.count { words[i] |= short[i] }
        count += words[i].nonzeroBitCount
      }
      return Self(sorted: [], words: words, count: count)
    }
  }

  /// The union of two small sets by one linear merge; a bitset if it is large.
  @inlinable static func merge(_ x: [Int32], _ y: [Int32]) -> Self {
    if x == y { return Self(sorted: x, words: [], count: x.count) }
    var out = [Int32]()
    out.reserveCapacity(x.count + y.count)
    var i = 0
    var j = 0
    while i < x.count && j < y.count {
      let u = x[i]
      let v = y[j]
      if u < v {
        out.append(u)
        i += 1
      } else if v < u {
        out.append(v)
        j += 1
      } else {
        out.append(u)
        i += 1
        j += 1
      }
    }
    if i < x.count { out.append(contentsOf: x[i...]) }
    if j < y.count { out.append(contentsOf: y[j...]) }
    if out.count > denseThreshold { return adding(out, to: Self()) }
    return Self(sorted: out, words: [], count: out.count)
  }

  /// `set` with the indices `extra` added, as a bitset.
  @inlinable static func adding(_ extra: [Int32], to set: Self) -> Self {
    var words = set.words
    let needed = Int(extra.last ?? 0) / 64 + 1
    if words.count < needed {
      words.append(contentsOf: repeatElement(0, count: needed - words.count))
    }
    var count = set.count
    for index in extra {
      let bit: UInt64 = 1 << UInt64(index & 63)
      let w = Int(index >> 6)
      if words[w] & bit == 0 {
        words[w] |= bit
        count += 1
      }
    }
    return Self(sorted: [], words: words, count: count)
  }
}
