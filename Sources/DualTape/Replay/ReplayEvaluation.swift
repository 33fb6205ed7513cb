// The replay loop: each node's value and local partials from its operation and operands,
// taken from the rule table (`Rules/`) exactly as `Tracked` takes them when it records, into
// a node array that the ordinary reverse sweep then reads.

extension ReplayProgram {
  /// Computes every node at the inputs `x` into `values` (and, if `nodes` is given, the
  /// nodes with their partials, as a fresh traced recording at `x` would hold them),
  /// re-checking each branch guard as soon as its operands are computed.
  ///
  /// - Returns: the index of the first guard that goes the other way (the nodes after it
  ///   are not computed), or nil.
  @inlinable
  func evaluate(
    _ x: [S], values: UnsafeMutablePointer<S>, nodes: UnsafeMutablePointer<TapeNode<S>>?
  ) -> Int? {
    constants.withUnsafeBufferPointer { c in
      for k in 0..<c.count { values[-1 - k] = c[k] }
    }
    values[0] = 0
    x.withUnsafeBufferPointer { (values + 1).update(from: $0.baseAddress!, count: inputCount) }
    // The sink and the inputs: nodes without operands.
    nodes?.update(repeating: TapeNode(lhs: 0, rhs: 0, dl: 0, dr: 0), count: inputCount + 1)
    var next = inputCount + 1
    for (g, check) in guards.enumerated() {
      if check.position > next {
        run(values, nodes, from: next, to: check.position)
        next = check.position
      }
      if check.kind.evaluate(values[Int(check.lhs)], values[Int(check.rhs)]) != check.outcome {
        return g
      }
    }
    run(values, nodes, from: next, to: nodeCount)
    return nil
  }

  /// Computes nodes `start..<end`.
  @inlinable
  func run(
    _ v: UnsafeMutablePointer<S>, _ nodes: UnsafeMutablePointer<TapeNode<S>>?,
    from start: Int, to end: Int
  ) {
    realExponents.withUnsafeBufferPointer { reals in
      instructions.withUnsafeBufferPointer { program in
        let first = program.baseAddress! + (start &- inputCount &- 1)
        // Two copies of the loop, with and without partials, so neither tests which it is.
        if let nodes {
          loop(first, reals, v, nodes, from: start, to: end, partials: true)
        } else {
          loop(first, reals, v, UnsafeMutablePointer(bitPattern: 8)!, from: start, to: end, partials: false)
        }
      }
    }
  }

  /// The replay loop: instruction `first[j]` computes node `start + j`.
  @inlinable @inline(__always)
  func loop(
    _ first: UnsafePointer<ReplayInstruction>, _ reals: UnsafeBufferPointer<Double>,
    _ v: UnsafeMutablePointer<S>, _ nodes: UnsafeMutablePointer<TapeNode<S>>,
    from start: Int, to end: Int, partials: Bool
  ) {
    var k = first
    for i in start..<end {
      let op = k.pointee
      k += 1
      let a = v[Int(op.lhs)]
      let b = v[Int(op.rhs)]
      // A constant operand (negative slot) or the sink gets no partial, as when recording.
      let pl = partials && op.lhs > 0
      let pr = partials && op.rhs > 0
      let r: (value: S, dl: S, dr: S)
      // Arithmetic here; the other rules through one call, so that their code (and the
      // registers it needs) stays out of this loop.
      switch op.operation {
      case .add: r = Self.binary(Rules.Add(), a, b, pl, pr)
      case .subtract: r = Self.binary(Rules.Subtract(), a, b, pl, pr)
      case .multiply: r = Self.binary(Rules.Multiply(), a, b, pl, pr)
      case .divide: r = Self.binary(Rules.Divide(), a, b, pl, pr)
      case .negate: r = Self.unary(Rules.Negate(), a, pl)
      case .custom:
        if op.parameter >= 0 { applyRule(op, at: i, v, partials ? nodes : nil) }
        continue
      default: r = Self.step(op.operation, a, b, op.parameter, reals, pl, pr)
      }
      v[i] = r.value
      if partials {
        nodes[i] = TapeNode(
          lhs: pl && !r.dl.isExactlyZero ? op.lhs : 0, rhs: pr && !r.dr.isExactlyZero ? op.rhs : 0,
          dl: r.dl, dr: r.dr)
      }
    }
  }

  /// The value and partials of one built-in operation, from its rule.
  @inlinable @inline(never)
  static func step(
    _ operation: Primitive, _ a: S, _ b: S, _ parameter: Int32, _ reals: UnsafeBufferPointer<Double>,
    _ pl: Bool, _ pr: Bool
  ) -> (value: S, dl: S, dr: S) {
    switch operation {
    case .add: return binary(Rules.Add(), a, b, pl, pr)
    case .subtract: return binary(Rules.Subtract(), a, b, pl, pr)
    case .multiply: return binary(Rules.Multiply(), a, b, pl, pr)
    case .divide: return binary(Rules.Divide(), a, b, pl, pr)
    case .pow: return binary(Rules.Pow(), a, b, pl, pr)
    case .atan2: return binary(Rules.Atan2(), a, b, pl, pr)
    case .hypot: return binary(Rules.Hypot(), a, b, pl, pr)
    case .min: return binary(Rules.Min(), a, b, pl, pr)
    case .max: return binary(Rules.Max(), a, b, pl, pr)
    case .negate: return unary(Rules.Negate(), a, pl)
    case .exp: return unary(Rules.Exp(), a, pl)
    case .expMinusOne: return unary(Rules.ExpMinusOne(), a, pl)
    case .log: return unary(Rules.Log(), a, pl)
    case .logOnePlus: return unary(Rules.LogOnePlus(), a, pl)
    case .sqrt: return unary(Rules.Sqrt(), a, pl)
    case .sin: return unary(Rules.Sin(), a, pl)
    case .cos: return unary(Rules.Cos(), a, pl)
    case .tan: return unary(Rules.Tan(), a, pl)
    case .asin: return unary(Rules.Asin(), a, pl)
    case .acos: return unary(Rules.Acos(), a, pl)
    case .atan: return unary(Rules.Atan(), a, pl)
    case .sinh: return unary(Rules.Sinh(), a, pl)
    case .cosh: return unary(Rules.Cosh(), a, pl)
    case .tanh: return unary(Rules.Tanh(), a, pl)
    case .abs: return unary(Rules.Abs(), a, pl)
    case .sign: return unary(Rules.Sign(), a, pl)
    case .relu: return unary(Rules.Relu(), a, pl)
    case .sigmoid: return unary(Rules.Sigmoid(), a, pl)
    case .softplus: return unary(Rules.Softplus(), a, pl)
    case .integerPower: return unary(Rules.IntegerPower(Int(parameter)), a, pl)
    case .realPower: return unary(Rules.RealPower(reals[Int(parameter)]), a, pl)
    case .polygamma: return unary(Rules.Polygamma(Int(parameter)), a, pl)
    case .erf: return unary(Rules.Erf(), a, pl)
    case .erfc: return unary(Rules.Erfc(), a, pl)
    case .logGamma: return unary(Rules.LogGamma(), a, pl)
    case .log2: return unary(Rules.Log2(), a, pl)
    case .log10: return unary(Rules.Log10(), a, pl)
    case .exp2: return unary(Rules.Exp2(), a, pl)
    case .cbrt: return unary(Rules.Cbrt(), a, pl)
    case .asinh: return unary(Rules.Asinh(), a, pl)
    case .acosh: return unary(Rules.Acosh(), a, pl)
    case .atanh: return unary(Rules.Atanh(), a, pl)
    case .floor: return unary(Rules.Floor(), a, pl)
    case .ceil: return unary(Rules.Ceil(), a, pl)
    case .round: return unary(Rules.Round(), a, pl)
    default: unknownOperation(operation)
    }
  }

  @usableFromInline static func unknownOperation(_ operation: Primitive) -> Never {
    dualTapeFailure("internal: a replay met the operation \(operation), which Tracked never records.")
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

  /// A captured rule at node `i` (a user's rule, or a vector rule's whole chain of nodes).
  @usableFromInline
  func applyRule(
    _ k: ReplayInstruction, at i: Int, _ v: UnsafeMutablePointer<S>,
    _ nodes: UnsafeMutablePointer<TapeNode<S>>?
  ) {
    let a = v[Int(k.lhs)]
    let b = v[Int(k.rhs)]
    let pl = nodes != nil && k.lhs > 0
    let pr = nodes != nil && k.rhs > 0
    let r: (value: S, dl: S, dr: S)
    switch rules[Int(k.parameter)] {
    case .unary(let rule):
      let y = rule.apply(a)
      r = (y, pl ? rule.derivative(a, y) : 0, 0)
    case .binary(let rule):
      let z = rule.apply(a, b)
      let (dl, dr) = pl || pr ? rule.partials(a, b, z) : (0, 0)
      r = (z, pl ? dl : 0, pr ? dr : 0)
    case .vector(let rule, let arguments):
      applyVector(rule, arguments, from: i, v, nodes)
      return
    }
    v[i] = r.value
    nodes?[i] = TapeNode(
      lhs: pl && !r.dl.isExactlyZero ? k.lhs : 0, rhs: pr && !r.dr.isExactlyZero ? k.rhs : 0,
      dl: r.dl, dr: r.dr)
  }

  /// A vector rule: nodes `first`, `first + 1`, … chain the recorded arguments (node j has
  /// partial 1 to node j − 1 and ∂f/∂x to its argument), as `Tracked.apply` records them.
  func applyVector(
    _ rule: AnyVectorRule, _ arguments: [Int32], from first: Int, _ v: UnsafeMutablePointer<S>,
    _ nodes: UnsafeMutablePointer<TapeNode<S>>?
  ) {
    let x = arguments.map { v[Int($0)] }
    let z = rule.apply(x)
    let gradient = nodes == nil ? [] : rule.gradient(x, z)
    var i = first
    for (j, s) in arguments.enumerated() where s > 0 {
      v[i] = z
      if let nodes {
        let g = gradient[j]
        nodes[i] = TapeNode(
          lhs: i == first ? 0 : Int32(i - 1), rhs: g.isExactlyZero ? 0 : s, dl: i == first ? 0 : 1,
          dr: g)
      }
      i += 1
    }
  }
}
