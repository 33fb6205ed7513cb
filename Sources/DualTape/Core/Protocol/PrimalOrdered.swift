/// An engine scalar whose comparisons look at its primal `value` only, so that a branch follows
/// the primal (an implementation detail of ``Dual`` and ``DualVector``; no other type should
/// conform).
///
/// All four orderings are spelled out: `Comparable`'s defaults (`<=` as `!(b < a)`) would be
/// true at NaN, unlike IEEE. They implement `Equatable`'s and `Comparable`'s requirements under
/// other names (`@_implements`), so that DualTape adds no operator named `==` or `<` to the
/// files that import it (see ``DifferentiableArithmetic``).
public protocol _PrimalOrdered: Comparable {
  /// The type of the primal value.
  associatedtype _Primal: Comparable
  /// The primal value, which the comparisons compare.
  var value: _Primal { get }
}

extension _PrimalOrdered {
  /// Equal primal values.
  @_implements(Equatable,==(_:_:))
  @inlinable public static func _isEqual(_ lhs: Self, _ rhs: Self) -> Bool {
    lhs.value == rhs.value
  }
  /// A smaller primal value.
  @_implements(Comparable,<(_:_:))
  @inlinable public static func _isLess(_ lhs: Self, _ rhs: Self) -> Bool {
    lhs.value < rhs.value
  }
  /// A smaller or equal primal value (false at NaN).
  @_implements(Comparable,<=(_:_:))
  @inlinable public static func _isLessOrEqual(_ lhs: Self, _ rhs: Self) -> Bool {
    lhs.value <= rhs.value
  }
  /// A larger primal value.
  @_implements(Comparable,>(_:_:))
  @inlinable public static func _isGreater(_ lhs: Self, _ rhs: Self) -> Bool {
    lhs.value > rhs.value
  }
  /// A larger or equal primal value (false at NaN).
  @_implements(Comparable,>=(_:_:))
  @inlinable public static func _isGreaterOrEqual(_ lhs: Self, _ rhs: Self) -> Bool {
    lhs.value >= rhs.value
  }
}
