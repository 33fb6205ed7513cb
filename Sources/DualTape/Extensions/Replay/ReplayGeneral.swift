// The replay's general path: every operation the loop does not specialise (the rest of the
// rule table, a user's rules, vector rules, functions of detached values), one call each.

extension ReplayProgram {
  /// Computes slot `i` by a general instruction: its value, and with `partials` its
  /// derivative in its form.
  @inlinable @inline(never)
  func general(
    _ k: UnsafePointer<ReplayInstruction>, at i: Int, _ b: ReplayBuffers<S>, partials: Bool
  ) {
    let op = k.pointee
    let g = generals[Int(op.aux)]
    if g.operation == .custom, case .vector(let rule, let arguments) = rules[Int(g.parameter)] {
      applyVector(rule, arguments, k, from: i, b, partials: partials)
      return
    }
    let (x, y) = (b.values[Int(op.lhs)], b.values[Int(op.rhs)])
    // A partial is computed only for a recorded operand, as when recording.
    let pl = partials && (g.form == .left || g.form == .same || g.form == .node)
    let pr = partials && (g.form == .right || g.form == .same || g.form == .node)
    let r: (value: S, dl: S, dr: S)
    if g.operation == .custom {
      r = applyRule(rules[Int(g.parameter)], x, y, pl, pr)
    } else {
      r = realExponents.withUnsafeBufferPointer {
        Self.step(g.operation, x, y, g.parameter, $0, pl, pr)
      }
    }
    b.values[i] = r.value
    if partials { Self.finish(g, i, Int(op.lhs), Int(op.rhs), r.dl, r.dr, b) }
  }

  /// Stores slot `i`'s derivative in the form `g` says, from its partials `dl` and `dr`.
  @inlinable @inline(__always)
  static func finish(
    _ g: ReplayGeneral, _ i: Int, _ l: Int, _ r: Int, _ dl: S, _ dr: S, _ b: ReplayBuffers<S>
  ) {
    // The scales: stored, or 1 (read from a constant one).
    var one: S = 1
    withUnsafeMutablePointer(to: &one) { one in
      let (sl, kl) = g.lhsScaled ? (b.scales, l) : (one, 0)
      let (sr, kr) = g.rhsScaled ? (b.scales, r) : (one, 0)
      switch g.form {
      case .constant: break
      case .left: b.scales[i] = chain(dl, StoredScale.self, sl, kl)
      case .right: b.scales[i] = chain(dr, StoredScale.self, sr, kr)
      case .same:
        b.scales[i] = chain(dl, StoredScale.self, sl, kl) + chain(dr, StoredScale.self, sr, kr)
      case .node:
        b.nodes[Int(g.node)].dl = chain(dl, StoredScale.self, sl, kl)
        b.nodes[Int(g.node)].dr = chain(dr, StoredScale.self, sr, kr)
      }
    }
  }

  /// The value and partials of one built-in operation, from its rule.
  @inlinable
  static func step(
    _ operation: Primitive, _ a: S, _ b: S, _ parameter: Int32,
    _ reals: UnsafeBufferPointer<Double>,
    _ pl: Bool, _ pr: Bool
  ) -> (value: S, dl: S, dr: S) {
    // A real power's exponent is not in the table (it is a real number): read it here.
    if operation == .realPower {
      return unary(Rules.RealPower(reals[Int(parameter)]), a, pl)
    }
    guard let r = operation.visit(ReplayRuleStep(a, b, pl, pr), integer: Int(parameter)) else {
      unknownOperation(operation)
    }
    return r
  }

  @usableFromInline static func unknownOperation(_ operation: Primitive) -> Never {
    dualTapeFailure(
      "internal: a replay met the operation \(operation), which Tracked never records.")
  }

  /// A unary rule's value and derivative (the derivative only where it is needed).
  @inlinable @inline(__always)
  static func unary<R: UnaryRule>(_ rule: R, _ a: S, _ p: Bool) -> (value: S, dl: S, dr: S) {
    let y = S.apply(rule, a)
    return (y, p ? rule.derivative(at: a, value: y) : 0, 0)
  }

  /// A binary rule's value and partials (each only where its operand is recorded).
  @inlinable @inline(__always)
  static func binary<R: BinaryRule>(_ rule: R, _ a: S, _ b: S, _ pl: Bool, _ pr: Bool) -> (
    value: S, dl: S, dr: S
  ) {
    let z = S.apply(rule, a, b)
    return (
      z, pl ? rule.firstPartial(a, b, value: z) : 0, pr ? rule.secondPartial(a, b, value: z) : 0
    )
  }

  /// A captured rule's value and partials (each only where its operand is recorded).
  @inlinable
  func applyRule(_ rule: ReplayRule, _ x: S, _ y: S, _ pl: Bool, _ pr: Bool) -> (
    value: S, dl: S, dr: S
  ) {
    switch rule {
    case .unary(let rule):
      let v = rule.apply(x)
      return (v, pl ? rule.derivative(x, v) : 0, 0)
    case .binary(let rule):
      let z = rule.apply(x, y)
      let (dl, dr) = pl || pr ? rule.partials(x, y, z) : (0, 0)
      return (z, pl ? dl : 0, pr ? dr : 0)
    case .vector:
      dualTapeFailure("internal: a vector rule outside its chain's first node.")
    }
  }

  /// A vector rule: slots `first`, `first + 1`, … (instructions `k`, `k + 1`, …) chain its
  /// recorded arguments (the node of argument j has partial 1 to the chain so far and ∂f/∂xⱼ
  /// to xⱼ), as `Tracked.apply` records them; each folds or is a node as its form says.
  @inlinable
  func applyVector(
    _ rule: AnyVectorRule, _ arguments: [Int32], _ k: UnsafePointer<ReplayInstruction>,
    from first: Int, _ b: ReplayBuffers<S>, partials: Bool
  ) {
    let x = arguments.map { b.values[Int($0)] }
    let z = rule.apply(x)
    let gradient = partials ? rule.gradient(x, z) : []
    var i = first
    for (j, s) in arguments.enumerated() where s > 0 {
      b.values[i] = z
      if partials {
        let op = k[i - first]
        Self.finish(generals[Int(op.aux)], i, Int(op.lhs), Int(op.rhs), 1, gradient[j], b)
      }
      i += 1
    }
  }
}

/// One built-in operation's value and partials from its rule in the table (each partial only
/// where its operand is recorded); nil for a primitive without a scalar rule.
@usableFromInline struct ReplayRuleStep<S: RealScalar>: PrimitiveVisitor {
  @usableFromInline let a: S, b: S, pl: Bool, pr: Bool
  @inlinable init(_ a: S, _ b: S, _ pl: Bool, _ pr: Bool) {
    (self.a, self.b, self.pl, self.pr) = (a, b, pl, pr)
  }
  @inlinable func row(_ row: Primitive.Row) -> (value: S, dl: S, dr: S)? { nil }
  @inlinable func unary<R: UnaryRule>(_ rule: R, _ row: Primitive.Row) -> (
    value: S, dl: S, dr: S
  )? { ReplayProgram<S>.unary(rule, a, pl) }
  @inlinable func binary<R: BinaryRule>(_ rule: R, _ row: Primitive.Row) -> (
    value: S, dl: S, dr: S
  )? { ReplayProgram<S>.binary(rule, a, b, pl, pr) }
}
