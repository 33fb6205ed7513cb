// The replay's specialised operations: each value from its rule (`Rules/`), and (for a
// gradient) its derivative as a live recording forms it: a folded result's scale (its partial
// times its operand's scale), or a sweep node's two partials, written straight into the array
// the sweep reads.

/// Where the operands, result and sweep node of the next repetition of an operation are:
/// each moves by its stride (a block's body, see ReplayBlocks.swift).
@usableFromInline
struct ReplayStep {
  @usableFromInline var slot: Int
  @usableFromInline var lhs: Int
  @usableFromInline var rhs: Int
  @usableFromInline var aux: Int

  @inlinable init(slot: Int, _ stride: ReplayStride) {
    self.slot = slot
    lhs = Int(stride.lhs)
    rhs = Int(stride.rhs)
    aux = Int(stride.aux)
  }
}

extension ReplayProgram {
  /// Runs the specialised operation `op` at slot `i`, then `repeats − 1` more times, each
  /// moved by `step`; with `carry`, each repetition's left operand is the previous one's
  /// result, kept in a register.
  @inlinable @inline(__always)
  static func perform<P: ReplayPass>(
    _ op: ReplayInstruction, at i: Int, _ b: ReplayBuffers<S>, _ pass: P.Type, repeats n: Int,
    step: ReplayStep, carry: Bool
  ) {
    // The opcodes' order (see ``ReplayOpcode``): four arithmetic operations of twelve
    // variants each, square's two, then seven unary rules of two each.
    let code = op.opcode.rawValue
    let at = (i: i, l: Int(op.lhs), r: Int(op.rhs), a: Int(op.aux), n: n, step: step)
    if code < ReplayOpcode.square.rawValue {
      let variant = code % 12
      switch code / 12 {
      case 0: arithmetic(Rules.Add(), variant, at, b, pass, carry)
      case 1: arithmetic(Rules.Subtract(), variant, at, b, pass, carry)
      case 2: arithmetic(Rules.Multiply(), variant, at, b, pass, carry)
      default: arithmetic(Rules.Divide(), variant, at, b, pass, carry)
      }
    } else if code < ReplayOpcode.negate.rawValue {
      if op.opcode == .squareScaled {
        each(at, b, carry) { Self.square(StoredScale.self, $0, b, pass) }
      } else {
        each(at, b, carry) { Self.square(UnitScale.self, $0, b, pass) }
      }
    } else {
      let variant = (code &- ReplayOpcode.negate.rawValue) % 2
      switch (code &- ReplayOpcode.negate.rawValue) / 2 {
      case 0: unary(Rules.Negate(), variant, at, b, pass, carry)
      case 1: unary(Rules.Exp(), variant, at, b, pass, carry)
      case 2: unary(Rules.Log(), variant, at, b, pass, carry)
      case 3: unary(Rules.Sqrt(), variant, at, b, pass, carry)
      case 4: unary(Rules.Tanh(), variant, at, b, pass, carry)
      case 5: unary(Rules.Sin(), variant, at, b, pass, carry)
      default: unary(Rules.Cos(), variant, at, b, pass, carry)
      }
    }
  }

  /// Where an operation runs: its slot, operands and sweep node, its repetitions and step.
  @usableFromInline
  typealias Site = (i: Int, l: Int, r: Int, a: Int, n: Int, step: ReplayStep)

  /// An arithmetic rule's twelve opcodes (see ``ReplayOpcode``): node and same by both
  /// operands' scales (unit or stored, left first), then left and right folds by the folded
  /// one's.
  @inlinable @inline(__always)
  static func arithmetic<R: BinaryRule, P: ReplayPass>(
    _ rule: R, _ variant: UInt8, _ at: Site, _ b: ReplayBuffers<S>, _ pass: P.Type, _ carry: Bool
  ) {
    typealias Unit = UnitScale
    typealias Stored = StoredScale
    switch variant {
    case 0: each(at, b, carry) { Self.node(rule, Unit.self, Unit.self, $0, b, pass) }
    case 1: each(at, b, carry) { Self.node(rule, Stored.self, Unit.self, $0, b, pass) }
    case 2: each(at, b, carry) { Self.node(rule, Unit.self, Stored.self, $0, b, pass) }
    case 3: each(at, b, carry) { Self.node(rule, Stored.self, Stored.self, $0, b, pass) }
    case 4: each(at, b, carry) { Self.same(rule, Unit.self, Unit.self, $0, b, pass) }
    case 5: each(at, b, carry) { Self.same(rule, Stored.self, Unit.self, $0, b, pass) }
    case 6: each(at, b, carry) { Self.same(rule, Unit.self, Stored.self, $0, b, pass) }
    case 7: each(at, b, carry) { Self.same(rule, Stored.self, Stored.self, $0, b, pass) }
    case 8: each(at, b, carry) { Self.fold(rule, Unit.self, $0, b, pass, left: true) }
    case 9: each(at, b, carry) { Self.fold(rule, Stored.self, $0, b, pass, left: true) }
    case 10: each(at, b, carry) { Self.fold(rule, Unit.self, $0, b, pass, left: false) }
    default: each(at, b, carry) { Self.fold(rule, Stored.self, $0, b, pass, left: false) }
    }
  }

  /// A unary rule's two opcodes: folded into an operand of unit scale (0) or stored (1).
  @inlinable @inline(__always)
  static func unary<R: UnaryRule, P: ReplayPass>(
    _ rule: R, _ variant: UInt8, _ at: Site, _ b: ReplayBuffers<S>, _ pass: P.Type, _ carry: Bool
  ) {
    if variant == 0 {
      each(at, b, carry) { Self.unary(rule, UnitScale.self, $0, b, pass) }
    } else {
      each(at, b, carry) { Self.unary(rule, StoredScale.self, $0, b, pass) }
    }
  }

  /// Calls `body` with the operands of each of `n` ≥ 1 repetitions. With `carry` the left
  /// operand of each repetition after the first is the previous result (a running sum),
  /// passed on in a register rather than through memory.
  @inlinable @inline(__always)
  static func each(
    _ at: Site, _ b: ReplayBuffers<S>, _ carry: Bool, _ body: (ReplayOperands<S>) -> S
  ) {
    var (i, l, r, a) = (at.i, at.l, at.r, at.a)
    let step = at.step
    var count = at.n
    if carry {
      var last = b.values[l]
      repeat {
        last = body(ReplayOperands(slot: i, lhs: l, rhs: r, node: a, x: last, y: b.values[r]))
        i &+= step.slot
        r &+= step.rhs
        a &+= step.aux
        count &-= 1
      } while count > 0
      return
    }
    repeat {
      _ = body(ReplayOperands(slot: i, lhs: l, rhs: r, node: a, x: b.values[l], y: b.values[r]))
      i &+= step.slot
      l &+= step.lhs
      r &+= step.rhs
      a &+= step.aux
      count &-= 1
    } while count > 0
  }

  /// A partial times an operand's scale, as `Tracked` folds it, with the sink's rule: where
  /// either is exactly zero the derivative goes nowhere, so the product is 0 even when the
  /// other factor is infinite (a live recording sends such an operand to the sink). Every
  /// other product is the plain one; with a scale of one, the partial itself.
  @inlinable @inline(__always)
  static func chain<L: ReplayScale>(
    _ partial: S, _: L.Type, _ scales: UnsafeMutablePointer<S>, _ operand: Int
  ) -> S {
    let scale: S = L.scale(scales, operand)
    let product = partial * scale
    if _fastPath(product.isFinite) { return product }
    return partial.isExactlyZero || scale.isExactlyZero ? 0 : product
  }

  /// A unary rule folded into its operand (of scale `L`).
  @inlinable @inline(__always)
  static func unary<R: UnaryRule, L: ReplayScale, P: ReplayPass>(
    _ rule: R, _: L.Type, _ o: ReplayOperands<S>, _ b: ReplayBuffers<S>, _: P.Type
  ) -> S {
    let y = S.apply(rule, o.x)
    b.values[o.slot] = y
    if P.partials {
      b.scales[o.slot] = chain(rule.derivative(at: o.x, value: y), L.self, b.scales, o.lhs)
    }
    return y
  }

  /// A binary rule with one constant operand, folded into the other (of scale `X`): the
  /// left one (a constant right operand) or the right one.
  @inlinable @inline(__always)
  static func fold<R: BinaryRule, X: ReplayScale, P: ReplayPass>(
    _ rule: R, _: X.Type, _ o: ReplayOperands<S>, _ b: ReplayBuffers<S>, _: P.Type, left: Bool
  ) -> S {
    let (x, y) = (o.x, o.y)
    let z = S.apply(rule, x, y)
    b.values[o.slot] = z
    guard P.partials else { return z }
    b.scales[o.slot] =
      left
      ? chain(rule.firstPartial(x, y, value: z), X.self, b.scales, o.lhs)
      : chain(rule.secondPartial(x, y, value: z), X.self, b.scales, o.rhs)
    return z
  }

  /// `x * x`, folded into x (of scale `L`): the multiply rule's two partials, each times x's
  /// scale, added (one product computed, since they are the same).
  @inlinable @inline(__always)
  static func square<L: ReplayScale, P: ReplayPass>(
    _: L.Type, _ o: ReplayOperands<S>, _ b: ReplayBuffers<S>, _: P.Type
  ) -> S {
    let rule = Rules.Multiply()
    let x = o.x
    let z = S.apply(rule, x, x)
    b.values[o.slot] = z
    guard P.partials else { return z }
    let c = chain(rule.firstPartial(x, x, value: z), L.self, b.scales, o.lhs)
    b.scales[o.slot] = c + chain(rule.secondPartial(x, x, value: z), L.self, b.scales, o.lhs)
    return z
  }

  /// A binary rule with both operands on one node (of scales `L` and `Q`): the partials fold
  /// into it, added.
  @inlinable @inline(__always)
  static func same<R: BinaryRule, L: ReplayScale, Q: ReplayScale, P: ReplayPass>(
    _ rule: R, _: L.Type, _: Q.Type, _ o: ReplayOperands<S>, _ b: ReplayBuffers<S>, _: P.Type
  ) -> S {
    let (x, y) = (o.x, o.y)
    let z = S.apply(rule, x, y)
    b.values[o.slot] = z
    if P.partials {
      b.scales[o.slot] =
        chain(rule.firstPartial(x, y, value: z), L.self, b.scales, o.lhs)
        + chain(rule.secondPartial(x, y, value: z), Q.self, b.scales, o.rhs)
    }
    return z
  }

  /// A binary rule on two nodes (of scales `L` and `Q`): sweep node `o.node` gets both
  /// partials. The result's scale is 1 and is not stored (its readers' opcodes are unscaled).
  @inlinable @inline(__always)
  static func node<R: BinaryRule, L: ReplayScale, Q: ReplayScale, P: ReplayPass>(
    _ rule: R, _: L.Type, _: Q.Type, _ o: ReplayOperands<S>, _ b: ReplayBuffers<S>, _: P.Type
  ) -> S {
    let (x, y) = (o.x, o.y)
    let z = S.apply(rule, x, y)
    b.values[o.slot] = z
    if P.partials {
      b.nodes[o.node].dl = chain(rule.firstPartial(x, y, value: z), L.self, b.scales, o.lhs)
      b.nodes[o.node].dr = chain(rule.secondPartial(x, y, value: z), Q.self, b.scales, o.rhs)
    }
    return z
  }
}

/// One repetition of an operation, as ``ReplayProgram/each(_:_:_:_:)`` hands it on: its result
/// slot, operand slots and sweep node, and its operands' values.
@usableFromInline
struct ReplayOperands<S> {
  @usableFromInline var slot: Int
  @usableFromInline var lhs: Int
  @usableFromInline var rhs: Int
  @usableFromInline var node: Int
  @usableFromInline var x: S
  @usableFromInline var y: S

  @inlinable init(slot: Int, lhs: Int, rhs: Int, node: Int, x: S, y: S) {
    (self.slot, self.lhs, self.rhs, self.node, self.x, self.y) = (slot, lhs, rhs, node, x, y)
  }
}

/// Which replay runs: values only, or values with scales and partials (a type, so that each
/// gets its own copy of the operations, with no test of which it is).
@usableFromInline
protocol ReplayPass {
  static var partials: Bool { get }
}

/// Values only.
@usableFromInline
enum ValuePass: ReplayPass {
  @inlinable static var partials: Bool { false }
}

/// Values, scales and the sweep's partials.
@usableFromInline
enum GradientPass: ReplayPass {
  @inlinable static var partials: Bool { true }
}

/// Where an operand's scale comes from, fixed per opcode (see ``ReplayOpcode``).
@usableFromInline
protocol ReplayScale {
  /// Slot `i`'s scale.
  static func scale<S: RealScalar>(_ s: UnsafeMutablePointer<S>, _ i: Int) -> S
}

/// An input's or a node's own value: scale exactly 1, nothing stored.
@usableFromInline
enum UnitScale: ReplayScale {
  @inlinable @inline(__always)
  static func scale<S: RealScalar>(_ s: UnsafeMutablePointer<S>, _ i: Int) -> S { 1 }
}

/// A folded value: its scale is stored.
@usableFromInline
enum StoredScale: ReplayScale {
  @inlinable @inline(__always)
  static func scale<S: RealScalar>(_ s: UnsafeMutablePointer<S>, _ i: Int) -> S { s[i] }
}
