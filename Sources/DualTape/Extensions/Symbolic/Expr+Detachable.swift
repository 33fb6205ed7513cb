// The symbolic engine's stop-gradient (`Detachable` is declared with the other engines' in
// Core/Protocol/WithoutDerivative.swift).

extension Expr: Detachable {
  /// An expression without variables (`2 * 3`, `sin(Expr(1))`) itself: its derivative is
  /// already zero. An expression that depends on a variable stops with a message: the
  /// symbolic engine has no stop-gradient node.
  public var detached: Expr {
    require(
      variables.isEmpty,
      "withoutDerivative(at:): the symbolic engine cannot detach \(self), which depends on a"
        + " variable; evaluate it first and pass the number, or differentiate with Forward or"
        + " Reverse, which support withoutDerivative.")
    return self
  }
}
