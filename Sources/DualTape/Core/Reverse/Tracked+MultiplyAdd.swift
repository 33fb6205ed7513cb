// a·b + c on the live tape: one fused node instead of the product's node and the sum's.

extension Tracked {
  /// a·b + c (``fma(_:_:_:)``): where a, b and c are three different recorded values of one
  /// untraced recording, one fused node (see ``TapeNode``) with the partials of `a * b + c`
  /// (b, a and 1, each chained onto its operand's scale); otherwise `a * b + c` itself, so a
  /// traced recording (``WengertList``, a replay, generated code) sees the product and the
  /// sum, and a constant or a repeated operand folds as in any other operation.
  ///
  /// Where c is the node recorded just before (scale 1: a product x·y, as in
  /// `fma(a, b, x * y)`), that node is the fused node's lower slot: the fused node passes its
  /// adjoint on to x and y, one step less for the sweep and one slot in all. The node keeps its
  /// own adjoint for any other use of c (the products of the chain rule are then grouped
  /// differently: equal up to rounding).
  @inlinable @inline(__always)
  public static func multiplyAdd(_ a: Self, _ b: Self, _ c: Self) -> Self {
    let g = a.generation
    // One tape, one untraced generation: tested together, without a branch per operand.
    let (ta, tb, tc) = (
      UInt(bitPattern: a.tape), UInt(bitPattern: b.tape), UInt(bitPattern: c.tape)
    )
    let mismatch = (ta ^ tb) | (ta ^ tc) | UInt((g ^ b.generation) | (g ^ c.generation) | (g & 1))
    if mismatch == 0, let tape = a.tape, a.index != b.index, a.index != c.index,
      b.index != c.index
    {
      let product = a.value * b.value
      let da = Rules.Multiply().firstPartial(a.value, b.value, value: product)
      let db = Rules.Multiply().secondPartial(a.value, b.value, value: product)
      let lhs = da.isExactlyZero ? 0 : a.index
      let (dl, dr) = (tapeProduct(da, a.scale), tapeProduct(db, b.scale))
      let rhs = db.isExactlyZero ? 0 : b.index
      // c the node just recorded, unless an input (no edges) or a fused node (negative lhs):
      // that node is the fused node's slot below, so the fused node takes one slot more.
      if Int(c.index) == tape.pointee.count &- 1, c.scale == 1 {
        let node = tape.pointee.nodes[Int(c.index)]
        if node.lhs >= 0, node.lhs | node.rhs != 0 {
          let i = tape.pointee.pushFused(generation: g, lhs: lhs, dl: dl, rhs: rhs, dr: dr)
          return Self(product + c.value, index: i, generation: g, tape: tape)
        }
      }
      let i = tape.pointee.pushFused(
        generation: g, lhs: lhs, dl: dl, rhs: rhs, dr: dr,
        addend: TapeNode(lhs: c.index, rhs: 0, dl: tapeProduct(1, c.scale), dr: 0))
      return Self(product + c.value, index: i, generation: g, tape: tape)
    }
    return a * b + c
  }
}
