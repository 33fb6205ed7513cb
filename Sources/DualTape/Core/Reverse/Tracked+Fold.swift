/// Where an operation's derivative goes, decided from which operands are recorded: the one
/// fold decision of the live tape (`Tracked.record`) and the replay compiler, so that a replay
/// makes the nodes a live recording makes.
///
/// An operation with one recorded operand, or two on the same node, makes no node: its result
/// refers to that node with the partial folded into its scale (see ``Tracked``). Only an
/// operation on two different nodes is a node of the sweep. A recorded operand may be on the
/// sink (node 0, a zero derivative): it still counts as recorded, so that an operation on it
/// and another value makes a node, live and in a replay alike.
@usableFromInline @frozen
enum TapeFold: UInt8, Sendable {
  /// No recorded operand (a function of constants or detached values): a constant.
  case constant
  /// Folds into the left operand (a unary operation, or a constant right operand).
  case left
  /// Folds into the right operand (a constant left operand).
  case right
  /// Both operands on one node: folds into it.
  case same
  /// Both operands on different nodes: a node of the sweep.
  case node

  /// The fold of an operation whose left and right operands are recorded or not, and, if both
  /// are, on the same node or not.
  @inlinable @inline(__always)
  static func decide(lhsRecorded: Bool, rhsRecorded: Bool, sameNode: Bool) -> TapeFold {
    switch (lhsRecorded, rhsRecorded) {
    case (false, false): .constant
    case (true, false): .left
    case (false, true): .right
    case (true, true): sameNode ? .same : .node
    }
  }
}
