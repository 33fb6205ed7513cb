// The index sets the sparsity tracers carry: the inputs a value depends on, as a sorted array
// of distinct 32-bit indices. Sets along a function's data flow are small (a few entries for a
// banded or stencil map), so a sorted array with a linear merge beats a bitset or a hash set;
// copies share storage until written (the array's copy-on-write).

/// A set of input indices, sorted and without duplicates.
@usableFromInline
struct InputIndexSet: Equatable, Sendable {
  /// The indices, strictly increasing.
  @usableFromInline var indices: [Int32]

  /// The empty set (a constant depends on no input).
  @inlinable init() { indices = [] }

  /// The set `{index}`.
  @inlinable init(single index: Int) { indices = [Int32(index)] }

  @inlinable init(sorted indices: [Int32]) { self.indices = indices }

  @inlinable var isEmpty: Bool { indices.isEmpty }
  @inlinable var count: Int { indices.count }

  /// The union, by one linear merge.
  ///
  /// - Complexity: O(|a| + |b|), O(1) when either is empty or both share storage.
  @inlinable static func union(_ a: Self, _ b: Self) -> Self {
    if b.indices.isEmpty { return a }
    if a.indices.isEmpty { return b }
    if a.indices == b.indices { return a }
    let x = a.indices
    let y = b.indices
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
    return Self(sorted: out)
  }
}
