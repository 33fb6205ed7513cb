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
    let d = P.partials
    typealias O = UnitScale
    typealias V = StoredScale
    let (l, r, a) = (Int(op.lhs), Int(op.rhs), Int(op.aux))
    switch op.opcode {
    case .addNodeOO: each(n, step, i, l, r, a, b, carry) { i, l, r, a, x, y in Self.node(Rules.Add(), O.self, O.self, i, l, r, a, x, y, b, d) }
    case .addNodeVO: each(n, step, i, l, r, a, b, carry) { i, l, r, a, x, y in Self.node(Rules.Add(), V.self, O.self, i, l, r, a, x, y, b, d) }
    case .addNodeOV: each(n, step, i, l, r, a, b, carry) { i, l, r, a, x, y in Self.node(Rules.Add(), O.self, V.self, i, l, r, a, x, y, b, d) }
    case .addNodeVV: each(n, step, i, l, r, a, b, carry) { i, l, r, a, x, y in Self.node(Rules.Add(), V.self, V.self, i, l, r, a, x, y, b, d) }
    case .addSameOO: each(n, step, i, l, r, a, b, carry) { i, l, r, _, x, y in Self.same(Rules.Add(), O.self, O.self, i, l, r, x, y, b, d) }
    case .addSameVO: each(n, step, i, l, r, a, b, carry) { i, l, r, _, x, y in Self.same(Rules.Add(), V.self, O.self, i, l, r, x, y, b, d) }
    case .addSameOV: each(n, step, i, l, r, a, b, carry) { i, l, r, _, x, y in Self.same(Rules.Add(), O.self, V.self, i, l, r, x, y, b, d) }
    case .addSameVV: each(n, step, i, l, r, a, b, carry) { i, l, r, _, x, y in Self.same(Rules.Add(), V.self, V.self, i, l, r, x, y, b, d) }
    case .addLeftO: each(n, step, i, l, r, a, b, carry) { i, l, r, _, x, y in Self.fold(Rules.Add(), O.self, i, l, r, x, y, b, d, left: true) }
    case .addLeftV: each(n, step, i, l, r, a, b, carry) { i, l, r, _, x, y in Self.fold(Rules.Add(), V.self, i, l, r, x, y, b, d, left: true) }
    case .addRightO: each(n, step, i, l, r, a, b, carry) { i, l, r, _, x, y in Self.fold(Rules.Add(), O.self, i, l, r, x, y, b, d, left: false) }
    case .addRightV: each(n, step, i, l, r, a, b, carry) { i, l, r, _, x, y in Self.fold(Rules.Add(), V.self, i, l, r, x, y, b, d, left: false) }
    case .subtractNodeOO: each(n, step, i, l, r, a, b, carry) { i, l, r, a, x, y in Self.node(Rules.Subtract(), O.self, O.self, i, l, r, a, x, y, b, d) }
    case .subtractNodeVO: each(n, step, i, l, r, a, b, carry) { i, l, r, a, x, y in Self.node(Rules.Subtract(), V.self, O.self, i, l, r, a, x, y, b, d) }
    case .subtractNodeOV: each(n, step, i, l, r, a, b, carry) { i, l, r, a, x, y in Self.node(Rules.Subtract(), O.self, V.self, i, l, r, a, x, y, b, d) }
    case .subtractNodeVV: each(n, step, i, l, r, a, b, carry) { i, l, r, a, x, y in Self.node(Rules.Subtract(), V.self, V.self, i, l, r, a, x, y, b, d) }
    case .subtractSameOO: each(n, step, i, l, r, a, b, carry) { i, l, r, _, x, y in Self.same(Rules.Subtract(), O.self, O.self, i, l, r, x, y, b, d) }
    case .subtractSameVO: each(n, step, i, l, r, a, b, carry) { i, l, r, _, x, y in Self.same(Rules.Subtract(), V.self, O.self, i, l, r, x, y, b, d) }
    case .subtractSameOV: each(n, step, i, l, r, a, b, carry) { i, l, r, _, x, y in Self.same(Rules.Subtract(), O.self, V.self, i, l, r, x, y, b, d) }
    case .subtractSameVV: each(n, step, i, l, r, a, b, carry) { i, l, r, _, x, y in Self.same(Rules.Subtract(), V.self, V.self, i, l, r, x, y, b, d) }
    case .subtractLeftO: each(n, step, i, l, r, a, b, carry) { i, l, r, _, x, y in Self.fold(Rules.Subtract(), O.self, i, l, r, x, y, b, d, left: true) }
    case .subtractLeftV: each(n, step, i, l, r, a, b, carry) { i, l, r, _, x, y in Self.fold(Rules.Subtract(), V.self, i, l, r, x, y, b, d, left: true) }
    case .subtractRightO: each(n, step, i, l, r, a, b, carry) { i, l, r, _, x, y in Self.fold(Rules.Subtract(), O.self, i, l, r, x, y, b, d, left: false) }
    case .subtractRightV: each(n, step, i, l, r, a, b, carry) { i, l, r, _, x, y in Self.fold(Rules.Subtract(), V.self, i, l, r, x, y, b, d, left: false) }
    case .multiplyNodeOO: each(n, step, i, l, r, a, b, carry) { i, l, r, a, x, y in Self.node(Rules.Multiply(), O.self, O.self, i, l, r, a, x, y, b, d) }
    case .multiplyNodeVO: each(n, step, i, l, r, a, b, carry) { i, l, r, a, x, y in Self.node(Rules.Multiply(), V.self, O.self, i, l, r, a, x, y, b, d) }
    case .multiplyNodeOV: each(n, step, i, l, r, a, b, carry) { i, l, r, a, x, y in Self.node(Rules.Multiply(), O.self, V.self, i, l, r, a, x, y, b, d) }
    case .multiplyNodeVV: each(n, step, i, l, r, a, b, carry) { i, l, r, a, x, y in Self.node(Rules.Multiply(), V.self, V.self, i, l, r, a, x, y, b, d) }
    case .multiplySameOO: each(n, step, i, l, r, a, b, carry) { i, l, r, _, x, y in Self.same(Rules.Multiply(), O.self, O.self, i, l, r, x, y, b, d) }
    case .multiplySameVO: each(n, step, i, l, r, a, b, carry) { i, l, r, _, x, y in Self.same(Rules.Multiply(), V.self, O.self, i, l, r, x, y, b, d) }
    case .multiplySameOV: each(n, step, i, l, r, a, b, carry) { i, l, r, _, x, y in Self.same(Rules.Multiply(), O.self, V.self, i, l, r, x, y, b, d) }
    case .multiplySameVV: each(n, step, i, l, r, a, b, carry) { i, l, r, _, x, y in Self.same(Rules.Multiply(), V.self, V.self, i, l, r, x, y, b, d) }
    case .multiplyLeftO: each(n, step, i, l, r, a, b, carry) { i, l, r, _, x, y in Self.fold(Rules.Multiply(), O.self, i, l, r, x, y, b, d, left: true) }
    case .multiplyLeftV: each(n, step, i, l, r, a, b, carry) { i, l, r, _, x, y in Self.fold(Rules.Multiply(), V.self, i, l, r, x, y, b, d, left: true) }
    case .multiplyRightO: each(n, step, i, l, r, a, b, carry) { i, l, r, _, x, y in Self.fold(Rules.Multiply(), O.self, i, l, r, x, y, b, d, left: false) }
    case .multiplyRightV: each(n, step, i, l, r, a, b, carry) { i, l, r, _, x, y in Self.fold(Rules.Multiply(), V.self, i, l, r, x, y, b, d, left: false) }
    case .divideNodeOO: each(n, step, i, l, r, a, b, carry) { i, l, r, a, x, y in Self.node(Rules.Divide(), O.self, O.self, i, l, r, a, x, y, b, d) }
    case .divideNodeVO: each(n, step, i, l, r, a, b, carry) { i, l, r, a, x, y in Self.node(Rules.Divide(), V.self, O.self, i, l, r, a, x, y, b, d) }
    case .divideNodeOV: each(n, step, i, l, r, a, b, carry) { i, l, r, a, x, y in Self.node(Rules.Divide(), O.self, V.self, i, l, r, a, x, y, b, d) }
    case .divideNodeVV: each(n, step, i, l, r, a, b, carry) { i, l, r, a, x, y in Self.node(Rules.Divide(), V.self, V.self, i, l, r, a, x, y, b, d) }
    case .divideSameOO: each(n, step, i, l, r, a, b, carry) { i, l, r, _, x, y in Self.same(Rules.Divide(), O.self, O.self, i, l, r, x, y, b, d) }
    case .divideSameVO: each(n, step, i, l, r, a, b, carry) { i, l, r, _, x, y in Self.same(Rules.Divide(), V.self, O.self, i, l, r, x, y, b, d) }
    case .divideSameOV: each(n, step, i, l, r, a, b, carry) { i, l, r, _, x, y in Self.same(Rules.Divide(), O.self, V.self, i, l, r, x, y, b, d) }
    case .divideSameVV: each(n, step, i, l, r, a, b, carry) { i, l, r, _, x, y in Self.same(Rules.Divide(), V.self, V.self, i, l, r, x, y, b, d) }
    case .divideLeftO: each(n, step, i, l, r, a, b, carry) { i, l, r, _, x, y in Self.fold(Rules.Divide(), O.self, i, l, r, x, y, b, d, left: true) }
    case .divideLeftV: each(n, step, i, l, r, a, b, carry) { i, l, r, _, x, y in Self.fold(Rules.Divide(), V.self, i, l, r, x, y, b, d, left: true) }
    case .divideRightO: each(n, step, i, l, r, a, b, carry) { i, l, r, _, x, y in Self.fold(Rules.Divide(), O.self, i, l, r, x, y, b, d, left: false) }
    case .divideRightV: each(n, step, i, l, r, a, b, carry) { i, l, r, _, x, y in Self.fold(Rules.Divide(), V.self, i, l, r, x, y, b, d, left: false) }
    case .squareO: each(n, step, i, l, r, a, b, carry) { i, l, _, _, x, _ in Self.square(O.self, i, l, x, b, d) }
    case .squareV: each(n, step, i, l, r, a, b, carry) { i, l, _, _, x, _ in Self.square(V.self, i, l, x, b, d) }
    case .negateO: each(n, step, i, l, r, a, b, carry) { i, l, _, _, x, _ in Self.unary(Rules.Negate(), O.self, i, l, x, b, d) }
    case .negateV: each(n, step, i, l, r, a, b, carry) { i, l, _, _, x, _ in Self.unary(Rules.Negate(), V.self, i, l, x, b, d) }
    case .expO: each(n, step, i, l, r, a, b, carry) { i, l, _, _, x, _ in Self.unary(Rules.Exp(), O.self, i, l, x, b, d) }
    case .expV: each(n, step, i, l, r, a, b, carry) { i, l, _, _, x, _ in Self.unary(Rules.Exp(), V.self, i, l, x, b, d) }
    case .logO: each(n, step, i, l, r, a, b, carry) { i, l, _, _, x, _ in Self.unary(Rules.Log(), O.self, i, l, x, b, d) }
    case .logV: each(n, step, i, l, r, a, b, carry) { i, l, _, _, x, _ in Self.unary(Rules.Log(), V.self, i, l, x, b, d) }
    case .sqrtO: each(n, step, i, l, r, a, b, carry) { i, l, _, _, x, _ in Self.unary(Rules.Sqrt(), O.self, i, l, x, b, d) }
    case .sqrtV: each(n, step, i, l, r, a, b, carry) { i, l, _, _, x, _ in Self.unary(Rules.Sqrt(), V.self, i, l, x, b, d) }
    case .tanhO: each(n, step, i, l, r, a, b, carry) { i, l, _, _, x, _ in Self.unary(Rules.Tanh(), O.self, i, l, x, b, d) }
    case .tanhV: each(n, step, i, l, r, a, b, carry) { i, l, _, _, x, _ in Self.unary(Rules.Tanh(), V.self, i, l, x, b, d) }
    case .sinO: each(n, step, i, l, r, a, b, carry) { i, l, _, _, x, _ in Self.unary(Rules.Sin(), O.self, i, l, x, b, d) }
    case .sinV: each(n, step, i, l, r, a, b, carry) { i, l, _, _, x, _ in Self.unary(Rules.Sin(), V.self, i, l, x, b, d) }
    case .cosO: each(n, step, i, l, r, a, b, carry) { i, l, _, _, x, _ in Self.unary(Rules.Cos(), O.self, i, l, x, b, d) }
    case .cosV: each(n, step, i, l, r, a, b, carry) { i, l, _, _, x, _ in Self.unary(Rules.Cos(), V.self, i, l, x, b, d) }
    default: unknownOpcode(op.opcode)
    }
  }

  /// Calls `body` with the slot, operands, sweep node and operand values of each of `n` ≥ 1
  /// repetitions. With `carry` the left operand of each repetition after the first is the
  /// previous result (a running sum), passed on in a register rather than through memory.
  @inlinable @inline(__always)
  static func each(
    _ n: Int, _ step: ReplayStep, _ i: Int, _ l: Int, _ r: Int, _ a: Int, _ b: ReplayBuffers<S>,
    _ carry: Bool, _ body: (Int, Int, Int, Int, S, S) -> S
  ) {
    var (i, l, r, a) = (i, l, r, a)
    var count = n
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
      b.p[k] = ReplayPartials(
        chain(rule.firstPartial(x, y, value: z), sl, b.s, l),
        chain(rule.secondPartial(x, y, value: z), sr, b.s, r))
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
