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
    if code < ReplayOpcode.squareO.rawValue {
      let variant = code % 12
      switch code / 12 {
      case 0: arithmetic(Rules.Add(), variant, at, b, pass, carry)
      case 1: arithmetic(Rules.Subtract(), variant, at, b, pass, carry)
      case 2: arithmetic(Rules.Multiply(), variant, at, b, pass, carry)
      default: arithmetic(Rules.Divide(), variant, at, b, pass, carry)
      }
    } else if code < ReplayOpcode.negateO.rawValue {
      let d = P.partials
      if op.opcode == .squareV {
        each(at, b, carry) { i, l, _, _, x, _ in Self.square(V.self, i, l, x, b, d) }
      } else {
        each(at, b, carry) { i, l, _, _, x, _ in Self.square(O.self, i, l, x, b, d) }
      }
    } else {
      let variant = (code &- ReplayOpcode.negateO.rawValue) % 2
      switch (code &- ReplayOpcode.negateO.rawValue) / 2 {
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
  /// operands' scales (`O` or `V`, left first), then left and right folds by the folded one's.
  @inlinable @inline(__always)
  static func arithmetic<R: BinaryRule, P: ReplayPass>(
    _ rule: R, _ variant: UInt8, _ at: Site, _ b: ReplayBuffers<S>, _: P.Type, _ carry: Bool
  ) {
    let d = P.partials
    switch variant {
    case 0: each(at, b, carry) { Self.node(rule, O.self, O.self, $0, $1, $2, $3, $4, $5, b, d) }
    case 1: each(at, b, carry) { Self.node(rule, V.self, O.self, $0, $1, $2, $3, $4, $5, b, d) }
    case 2: each(at, b, carry) { Self.node(rule, O.self, V.self, $0, $1, $2, $3, $4, $5, b, d) }
    case 3: each(at, b, carry) { Self.node(rule, V.self, V.self, $0, $1, $2, $3, $4, $5, b, d) }
    case 4:
      each(at, b, carry) { i, l, r, _, x, y in Self.same(rule, O.self, O.self, i, l, r, x, y, b, d)
      }
    case 5:
      each(at, b, carry) { i, l, r, _, x, y in Self.same(rule, V.self, O.self, i, l, r, x, y, b, d)
      }
    case 6:
      each(at, b, carry) { i, l, r, _, x, y in Self.same(rule, O.self, V.self, i, l, r, x, y, b, d)
      }
    case 7:
      each(at, b, carry) { i, l, r, _, x, y in Self.same(rule, V.self, V.self, i, l, r, x, y, b, d)
      }
    case 8:
      each(at, b, carry) { i, l, r, _, x, y in
        Self.fold(rule, O.self, i, l, r, x, y, b, d, left: true)
      }
    case 9:
      each(at, b, carry) { i, l, r, _, x, y in
        Self.fold(rule, V.self, i, l, r, x, y, b, d, left: true)
      }
    case 10:
      each(at, b, carry) { i, l, r, _, x, y in
        Self.fold(rule, O.self, i, l, r, x, y, b, d, left: false)
      }
    default:
      each(at, b, carry) { i, l, r, _, x, y in
        Self.fold(rule, V.self, i, l, r, x, y, b, d, left: false)
      }
    }
  }

  /// A unary rule's two opcodes: folded into an operand of scale one (0) or stored (1).
  @inlinable @inline(__always)
  static func unary<R: UnaryRule, P: ReplayPass>(
    _ rule: R, _ variant: UInt8, _ at: Site, _ b: ReplayBuffers<S>, _: P.Type, _ carry: Bool
  ) {
    let d = P.partials
    if variant == 0 {
      each(at, b, carry) { i, l, _, _, x, _ in Self.unary(rule, O.self, i, l, x, b, d) }
    } else {
      each(at, b, carry) { i, l, _, _, x, _ in Self.unary(rule, V.self, i, l, x, b, d) }
    }
  }

  @usableFromInline typealias O = UnitScale
  @usableFromInline typealias V = StoredScale

  /// Calls `body` with the slot, operands, sweep node and operand values of each of `n` ≥ 1
  /// repetitions. With `carry` the left operand of each repetition after the first is the
  /// previous result (a running sum), passed on in a register rather than through memory.
  @inlinable @inline(__always)
  static func each(
    _ at: Site, _ b: ReplayBuffers<S>, _ carry: Bool, _ body: (Int, Int, Int, Int, S, S) -> S
  ) {
    var (i, l, r, a) = (at.i, at.l, at.r, at.a)
    let step = at.step
    var count = at.n
    if carry {
      var last = b.v[l]
      repeat {
        last = body(i, l, r, a, last, b.v[r])
        i &+= step.slot
        r &+= step.rhs
        a &+= step.aux
        count &-= 1
      } while count > 0
      return
    }
    repeat {
      _ = body(i, l, r, a, b.v[l], b.v[r])
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
  static func chain<L: ReplayScale>(_ partial: S, _: L.Type, _ s: UnsafeMutablePointer<S>, _ l: Int)
    -> S
  {
    let scale: S = L.scale(s, l)
    let product = partial * scale
    if _fastPath(product.isFinite) { return product }
    return partial.isExactlyZero || scale.isExactlyZero ? 0 : product
  }

  /// A unary rule folded into its operand.
  @inlinable @inline(__always)
  static func unary<R: UnaryRule, L: ReplayScale>(
    _ rule: R, _ sl: L.Type, _ i: Int, _ l: Int, _ a: S, _ b: ReplayBuffers<S>, _ d: Bool
  ) -> S {
    let y = S.apply(rule, a)
    b.v[i] = y
    if d { b.s[i] = chain(rule.derivative(at: a, value: y), sl, b.s, l) }
    return y
  }

  /// A binary rule with one constant operand, folded into the other (of scale `sx`): the
  /// left one (a constant right operand) or the right one.
  @inlinable @inline(__always)
  static func fold<R: BinaryRule, X: ReplayScale>(
    _ rule: R, _ sx: X.Type, _ i: Int, _ l: Int, _ r: Int, _ x: S, _ y: S,
    _ b: ReplayBuffers<S>, _ d: Bool, left: Bool
  ) -> S {
    let z = S.apply(rule, x, y)
    b.v[i] = z
    guard d else { return z }
    b.s[i] =
      left
      ? chain(rule.firstPartial(x, y, value: z), sx, b.s, l)
      : chain(rule.secondPartial(x, y, value: z), sx, b.s, r)
    return z
  }

  /// `x * x`, folded into x: the multiply rule's two partials, each times x's scale, added
  /// (one product computed, since they are the same).
  @inlinable @inline(__always)
  static func square<L: ReplayScale>(
    _ sl: L.Type, _ i: Int, _ l: Int, _ x: S, _ b: ReplayBuffers<S>, _ d: Bool
  ) -> S {
    let rule = Rules.Multiply()
    let z = S.apply(rule, x, x)
    b.v[i] = z
    guard d else { return z }
    let c = chain(rule.firstPartial(x, x, value: z), sl, b.s, l)
    b.s[i] = c + chain(rule.secondPartial(x, x, value: z), sl, b.s, l)
    return z
  }

  /// A binary rule with both operands on one node: the partials fold into it, added.
  @inlinable @inline(__always)
  static func same<R: BinaryRule, L: ReplayScale, Q: ReplayScale>(
    _ rule: R, _ sl: L.Type, _ sr: Q.Type, _ i: Int, _ l: Int, _ r: Int, _ x: S, _ y: S,
    _ b: ReplayBuffers<S>, _ d: Bool
  ) -> S {
    let z = S.apply(rule, x, y)
    b.v[i] = z
    if d {
      b.s[i] =
        chain(rule.firstPartial(x, y, value: z), sl, b.s, l)
        + chain(rule.secondPartial(x, y, value: z), sr, b.s, r)
    }
    return z
  }

  /// A binary rule on two nodes: sweep node `k` gets both partials. The result's scale is 1
  /// and is not stored (its readers' opcodes say `O`).
  @inlinable @inline(__always)
  static func node<R: BinaryRule, L: ReplayScale, Q: ReplayScale>(
    _ rule: R, _ sl: L.Type, _ sr: Q.Type, _ i: Int, _ l: Int, _ r: Int, _ k: Int, _ x: S,
    _ y: S, _ b: ReplayBuffers<S>, _ d: Bool
  ) -> S {
    let z = S.apply(rule, x, y)
    b.v[i] = z
    if d {
      b.p[k].dl = chain(rule.firstPartial(x, y, value: z), sl, b.s, l)
      b.p[k].dr = chain(rule.secondPartial(x, y, value: z), sr, b.s, r)
    }
    return z
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
