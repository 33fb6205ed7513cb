// The replay loop: each value from its operation and operands, and (for a gradient) each
// derivative as a live recording forms it, all from the rule table (`Rules/`): a folded
// result's scale (its partial times its operand's scale), or a sweep node's two partials,
// written straight into the array the sweep reads.

/// One call's pointers: values (constants before slot 0), scales (per slot), sweep partials.
@usableFromInline
struct ReplayBuffers<S> {
  @usableFromInline let v: UnsafeMutablePointer<S>
  @usableFromInline let s: UnsafeMutablePointer<S>
  @usableFromInline let p: UnsafeMutablePointer<ReplayPartials<S>>

  @inlinable init(
    _ v: UnsafeMutablePointer<S>, _ s: UnsafeMutablePointer<S>,
    _ p: UnsafeMutablePointer<ReplayPartials<S>>
  ) {
    self.v = v
    self.s = s
    self.p = p
  }
}

extension ReplayProgram {
  /// Computes every value slot at the inputs `x` (and, with `partials`, every scale and sweep
  /// partial), re-checking each branch guard as soon as its operands are computed.
  ///
  /// - Returns: the index of the first guard that goes the other way (the slots after it
  ///   are not computed), or nil.
  @inlinable
  func evaluate(_ x: [S], _ b: ReplayBuffers<S>, partials: Bool) -> Int? {
    constants.withUnsafeBufferPointer { c in
      for k in 0..<c.count { b.v[-1 - k] = c[k] }
    }
    b.v[0] = 0
    x.withUnsafeBufferPointer { (b.v + 1).update(from: $0.baseAddress!, count: inputCount) }
    return instructions.withUnsafeBufferPointer { program in
      // Two copies of the loop, with and without partials, so neither tests which it is.
      if partials { return loop(program.baseAddress!, b, partials: true) }
      return loop(program.baseAddress!, b, partials: false)
    }
  }

  /// The replay loop: runs the instructions from `first` to the `end`, each operation
  /// computing the next slot.
  ///
  /// - Returns: the index of the first guard that fails, or nil.
  @inlinable @inline(__always)
  func loop(
    _ first: UnsafePointer<ReplayInstruction>, _ b: ReplayBuffers<S>, partials d: Bool
  ) -> Int? {
    typealias O = UnitScale
    typealias V = StoredScale
    var k = first
    var i = inputCount + 1
    while true {
      let op = k.pointee
      k += 1
      let l = Int(op.lhs)
      let r = Int(op.rhs)
      let a = Int(op.aux)
      switch op.opcode {
      case .addNodeOO: Self.node(Rules.Add(), O.self, O.self, i, l, r, a, b, d)
      case .addNodeVO: Self.node(Rules.Add(), V.self, O.self, i, l, r, a, b, d)
      case .addNodeOV: Self.node(Rules.Add(), O.self, V.self, i, l, r, a, b, d)
      case .addNodeVV: Self.node(Rules.Add(), V.self, V.self, i, l, r, a, b, d)
      case .addSameOO: Self.same(Rules.Add(), O.self, O.self, i, l, r, b, d)
      case .addSameVO: Self.same(Rules.Add(), V.self, O.self, i, l, r, b, d)
      case .addSameOV: Self.same(Rules.Add(), O.self, V.self, i, l, r, b, d)
      case .addSameVV: Self.same(Rules.Add(), V.self, V.self, i, l, r, b, d)
      case .addLeftO: Self.fold(Rules.Add(), O.self, i, l, r, b, d, left: true)
      case .addLeftV: Self.fold(Rules.Add(), V.self, i, l, r, b, d, left: true)
      case .addRightO: Self.fold(Rules.Add(), O.self, i, l, r, b, d, left: false)
      case .addRightV: Self.fold(Rules.Add(), V.self, i, l, r, b, d, left: false)
      case .subtractNodeOO: Self.node(Rules.Subtract(), O.self, O.self, i, l, r, a, b, d)
      case .subtractNodeVO: Self.node(Rules.Subtract(), V.self, O.self, i, l, r, a, b, d)
      case .subtractNodeOV: Self.node(Rules.Subtract(), O.self, V.self, i, l, r, a, b, d)
      case .subtractNodeVV: Self.node(Rules.Subtract(), V.self, V.self, i, l, r, a, b, d)
      case .subtractSameOO: Self.same(Rules.Subtract(), O.self, O.self, i, l, r, b, d)
      case .subtractSameVO: Self.same(Rules.Subtract(), V.self, O.self, i, l, r, b, d)
      case .subtractSameOV: Self.same(Rules.Subtract(), O.self, V.self, i, l, r, b, d)
      case .subtractSameVV: Self.same(Rules.Subtract(), V.self, V.self, i, l, r, b, d)
      case .subtractLeftO: Self.fold(Rules.Subtract(), O.self, i, l, r, b, d, left: true)
      case .subtractLeftV: Self.fold(Rules.Subtract(), V.self, i, l, r, b, d, left: true)
      case .subtractRightO: Self.fold(Rules.Subtract(), O.self, i, l, r, b, d, left: false)
      case .subtractRightV: Self.fold(Rules.Subtract(), V.self, i, l, r, b, d, left: false)
      case .multiplyNodeOO: Self.node(Rules.Multiply(), O.self, O.self, i, l, r, a, b, d)
      case .multiplyNodeVO: Self.node(Rules.Multiply(), V.self, O.self, i, l, r, a, b, d)
      case .multiplyNodeOV: Self.node(Rules.Multiply(), O.self, V.self, i, l, r, a, b, d)
      case .multiplyNodeVV: Self.node(Rules.Multiply(), V.self, V.self, i, l, r, a, b, d)
      case .multiplySameOO: Self.same(Rules.Multiply(), O.self, O.self, i, l, r, b, d)
      case .multiplySameVO: Self.same(Rules.Multiply(), V.self, O.self, i, l, r, b, d)
      case .multiplySameOV: Self.same(Rules.Multiply(), O.self, V.self, i, l, r, b, d)
      case .multiplySameVV: Self.same(Rules.Multiply(), V.self, V.self, i, l, r, b, d)
      case .multiplyLeftO: Self.fold(Rules.Multiply(), O.self, i, l, r, b, d, left: true)
      case .multiplyLeftV: Self.fold(Rules.Multiply(), V.self, i, l, r, b, d, left: true)
      case .multiplyRightO: Self.fold(Rules.Multiply(), O.self, i, l, r, b, d, left: false)
      case .multiplyRightV: Self.fold(Rules.Multiply(), V.self, i, l, r, b, d, left: false)
      case .divideNodeOO: Self.node(Rules.Divide(), O.self, O.self, i, l, r, a, b, d)
      case .divideNodeVO: Self.node(Rules.Divide(), V.self, O.self, i, l, r, a, b, d)
      case .divideNodeOV: Self.node(Rules.Divide(), O.self, V.self, i, l, r, a, b, d)
      case .divideNodeVV: Self.node(Rules.Divide(), V.self, V.self, i, l, r, a, b, d)
      case .divideSameOO: Self.same(Rules.Divide(), O.self, O.self, i, l, r, b, d)
      case .divideSameVO: Self.same(Rules.Divide(), V.self, O.self, i, l, r, b, d)
      case .divideSameOV: Self.same(Rules.Divide(), O.self, V.self, i, l, r, b, d)
      case .divideSameVV: Self.same(Rules.Divide(), V.self, V.self, i, l, r, b, d)
      case .divideLeftO: Self.fold(Rules.Divide(), O.self, i, l, r, b, d, left: true)
      case .divideLeftV: Self.fold(Rules.Divide(), V.self, i, l, r, b, d, left: true)
      case .divideRightO: Self.fold(Rules.Divide(), O.self, i, l, r, b, d, left: false)
      case .divideRightV: Self.fold(Rules.Divide(), V.self, i, l, r, b, d, left: false)
      case .squareO: Self.square(O.self, i, l, b, d)
      case .squareV: Self.square(V.self, i, l, b, d)
      case .negateO: Self.unary(Rules.Negate(), O.self, i, l, b, d)
      case .negateV: Self.unary(Rules.Negate(), V.self, i, l, b, d)
      case .expO: Self.unary(Rules.Exp(), O.self, i, l, b, d)
      case .expV: Self.unary(Rules.Exp(), V.self, i, l, b, d)
      case .logO: Self.unary(Rules.Log(), O.self, i, l, b, d)
      case .logV: Self.unary(Rules.Log(), V.self, i, l, b, d)
      case .sqrtO: Self.unary(Rules.Sqrt(), O.self, i, l, b, d)
      case .sqrtV: Self.unary(Rules.Sqrt(), V.self, i, l, b, d)
      case .tanhO: Self.unary(Rules.Tanh(), O.self, i, l, b, d)
      case .tanhV: Self.unary(Rules.Tanh(), V.self, i, l, b, d)
      case .sinO: Self.unary(Rules.Sin(), O.self, i, l, b, d)
      case .sinV: Self.unary(Rules.Sin(), V.self, i, l, b, d)
      case .cosO: Self.unary(Rules.Cos(), O.self, i, l, b, d)
      case .cosV: Self.unary(Rules.Cos(), V.self, i, l, b, d)
      case .general: general(k - 1, at: i, b, partials: d)
      case .chained: break
      case .check:
        if op.comparison.evaluate(b.v[l], b.v[r]) != op.outcome { return a }
        continue
      case .end: return nil
      }
      i += 1
    }
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
    _ rule: R, _ sl: L.Type, _ i: Int, _ l: Int, _ b: ReplayBuffers<S>, _ d: Bool
  ) {
    let a = b.v[l]
    let y = S.apply(rule, a)
    b.v[i] = y
    if d { b.s[i] = chain(rule.derivative(at: a, value: y), sl, b.s, l) }
  }

  /// A binary rule with one constant operand, folded into the other (of scale `sx`): the
  /// left one (a constant right operand) or the right one.
  @inlinable @inline(__always)
  static func fold<R: BinaryRule, X: ReplayScale>(
    _ rule: R, _ sx: X.Type, _ i: Int, _ l: Int, _ r: Int, _ b: ReplayBuffers<S>, _ d: Bool,
    left: Bool
  ) {
    let (x, y) = (b.v[l], b.v[r])
    let z = S.apply(rule, x, y)
    b.v[i] = z
    guard d else { return }
    b.s[i] =
      left
      ? chain(rule.firstPartial(x, y, value: z), sx, b.s, l)
      : chain(rule.secondPartial(x, y, value: z), sx, b.s, r)
  }

  /// `x * x`, folded into x: the multiply rule's two partials, each times x's scale, added
  /// (one product computed, since they are the same).
  @inlinable @inline(__always)
  static func square<L: ReplayScale>(
    _ sl: L.Type, _ i: Int, _ l: Int, _ b: ReplayBuffers<S>, _ d: Bool
  ) {
    let x = b.v[l]
    let rule = Rules.Multiply()
    let z = S.apply(rule, x, x)
    b.v[i] = z
    guard d else { return }
    let c = chain(rule.firstPartial(x, x, value: z), sl, b.s, l)
    b.s[i] = c + chain(rule.secondPartial(x, x, value: z), sl, b.s, l)
  }

  /// A binary rule with both operands on one node: the partials fold into it, added.
  @inlinable @inline(__always)
  static func same<R: BinaryRule, L: ReplayScale, Q: ReplayScale>(
    _ rule: R, _ sl: L.Type, _ sr: Q.Type, _ i: Int, _ l: Int, _ r: Int, _ b: ReplayBuffers<S>,
    _ d: Bool
  ) {
    let (x, y) = (b.v[l], b.v[r])
    let z = S.apply(rule, x, y)
    b.v[i] = z
    if d {
      b.s[i] =
        chain(rule.firstPartial(x, y, value: z), sl, b.s, l)
        + chain(rule.secondPartial(x, y, value: z), sr, b.s, r)
    }
  }

  /// A binary rule on two nodes: sweep node `k` gets both partials. The result's scale is 1
  /// and is not stored (its readers' opcodes say `O`).
  @inlinable @inline(__always)
  static func node<R: BinaryRule, L: ReplayScale, Q: ReplayScale>(
    _ rule: R, _ sl: L.Type, _ sr: Q.Type, _ i: Int, _ l: Int, _ r: Int, _ k: Int,
    _ b: ReplayBuffers<S>, _ d: Bool
  ) {
    let (x, y) = (b.v[l], b.v[r])
    let z = S.apply(rule, x, y)
    b.v[i] = z
    if d {
      b.p[k] = ReplayPartials(
        chain(rule.firstPartial(x, y, value: z), sl, b.s, l),
        chain(rule.secondPartial(x, y, value: z), sr, b.s, r))
    }
  }
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
